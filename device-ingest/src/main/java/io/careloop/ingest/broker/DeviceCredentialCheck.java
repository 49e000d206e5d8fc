package io.careloop.ingest.broker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Whether a brush may connect with a credential, and later whether the credential still stands. */
public interface DeviceCredentialCheck {

  /** At CONNECT: whether the brush may connect with the credential it presents. */
  CompletionStage<Boolean> verify(String deviceId, String credential);

  /**
   * At each publish of a connected brush: whether the credential it connected with (given by its
   * hash) is still the brush's, neither rotated nor revoked since. Answered from the registry's
   * cache: a change made on another instance counts at the latest when the brush's entry expires,
   * also when the disconnect that should have followed it was missed.
   */
  CompletableFuture<Boolean> stillValid(String deviceId, String credentialHash);
}
