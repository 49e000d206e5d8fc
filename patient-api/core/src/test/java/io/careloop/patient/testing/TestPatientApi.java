package io.careloop.patient.testing;

import com.datastax.oss.driver.api.core.CqlSession;
import io.careloop.patient.PatientApi;
import io.careloop.patient.PatientApiConfig;
import io.careloop.platform.auth.SigningKeys;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;

/** patient-api as the tests of every module start it: one configuration, keys made for the run. */
public final class TestPatientApi {

  public static final PatientApiConfig CONFIG =
      new PatientApiConfig(
          Duration.ofMinutes(15),
          Duration.ofDays(30),
          "admin@careloop.test",
          "admin password for tests");

  private TestPatientApi() {}

  public static PatientApi started(Vertx vertx, CqlSession session, Clock clock) {
    return PatientApi.create(vertx, session, CONFIG, SigningKeys.ephemeral("test"), clock).await();
  }
}
