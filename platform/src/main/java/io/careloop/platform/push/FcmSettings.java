package io.careloop.platform.push;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach Firebase Cloud Messaging.
 *
 * @param credentialsFile a service-account (or other Google credentials) JSON file; without one
 *     push is off
 * @param projectId the Firebase project; taken from the credentials when absent
 * @param endpoint send everything (FCM and the OAuth token exchange) to this base URL instead of
 *     Google: a local fake FCM for demos, tests and benchmarks
 * @param timeout connect and read timeout of one HTTP call
 */
public record FcmSettings(
    Optional<Path> credentialsFile,
    Optional<String> projectId,
    Optional<URI> endpoint,
    Duration timeout) {

  public static FcmSettings off() {
    return new FcmSettings(
        Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofSeconds(10));
  }

  public boolean enabled() {
    return credentialsFile.isPresent();
  }
}
