package io.careloop.patient;

import io.careloop.patient.clinic.BookingConfig;
import io.careloop.patient.waitlist.WaitlistConfig;
import io.careloop.platform.config.Env;
import java.time.Duration;

/**
 * Configuration of patient-api, read once from the environment.
 *
 * @param adminEmail the first admin account, created by the process serving the HTTP API at its
 *     first start if it does not exist
 * @param adminPassword its password (the local default is printed by the run command)
 * @param booking clinics, slot search and booking
 * @param revocationPoll how often an instance reads the sign-ins revoked elsewhere (it also hears
 *     them on the event bus at once)
 * @param waitlist offers of freed time to waiting patients
 */
public record PatientApiConfig(
    Duration accessTokenTtl,
    Duration refreshTokenTtl,
    String adminEmail,
    String adminPassword,
    BookingConfig booking,
    Duration revocationPoll,
    WaitlistConfig waitlist) {

  public static final String LOCAL_ADMIN_EMAIL = "admin@careloop.local";
  public static final String LOCAL_ADMIN_PASSWORD = "careloop-local-admin";

  /** With the booking defaults (tests and account-only set-ups). */
  public PatientApiConfig(
      Duration accessTokenTtl, Duration refreshTokenTtl, String adminEmail, String adminPassword) {
    this(
        accessTokenTtl,
        refreshTokenTtl,
        adminEmail,
        adminPassword,
        BookingConfig.defaults(),
        Duration.ofSeconds(2),
        WaitlistConfig.defaults());
  }

  public static PatientApiConfig fromEnv(Env env) {
    return new PatientApiConfig(
        env.duration("CARELOOP_ACCESS_TOKEN_TTL", Duration.ofMinutes(15)),
        env.duration("CARELOOP_REFRESH_TOKEN_TTL", Duration.ofDays(30)),
        env.string("CARELOOP_ADMIN_EMAIL", LOCAL_ADMIN_EMAIL),
        env.string("CARELOOP_ADMIN_PASSWORD", LOCAL_ADMIN_PASSWORD),
        BookingConfig.fromEnv(env),
        env.duration("CARELOOP_REVOCATION_POLL", Duration.ofSeconds(2)),
        WaitlistConfig.fromEnv(env));
  }

  public boolean usesLocalAdminPassword() {
    return LOCAL_ADMIN_PASSWORD.equals(adminPassword);
  }
}
