package io.careloop.ingest.broker;

import java.util.concurrent.CompletionStage;

/** Answers, at CONNECT, whether a brush may connect with the credential it presents. */
@FunctionalInterface
public interface DeviceCredentialCheck {

  CompletionStage<Boolean> verify(String deviceId, String credential);
}
