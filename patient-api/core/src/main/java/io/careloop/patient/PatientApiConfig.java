package io.careloop.patient;

import io.careloop.patient.clinic.BookingConfig;
import io.careloop.patient.waitlist.WaitlistConfig;
import io.careloop.platform.config.Env;
import io.careloop.platform.http.RateLimiter;
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
 * @param authPerAddress requests to the account operations (sign-in, register, refresh, resets) one
 *     client address may make: a clinic's Wi-Fi puts many patients behind one address, and a demo
 *     or load run signs in thousands from one machine
 */
public record PatientApiConfig(
    Duration accessTokenTtl,
    Duration refreshTokenTtl,
    String adminEmail,
    String adminPassword,
    BookingConfig booking,
    Duration revocationPoll,
    WaitlistConfig waitlist,
    RateLimiter.Rate authPerAddress) {

  public static final String LOCAL_ADMIN_EMAIL = "admin@careloop.local";
  public static final String LOCAL_ADMIN_PASSWORD = "careloop-local-admin";

  private static final int AUTH_BURST_PER_ADDRESS = 60;
  private static final int AUTH_RATE_PER_ADDRESS = 5;

  /** 60 requests at once, then 5 a second. */
  public static final RateLimiter.Rate AUTH_PER_ADDRESS =
      RateLimiter.Rate.perSecond(AUTH_BURST_PER_ADDRESS, AUTH_RATE_PER_ADDRESS);

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
        WaitlistConfig.defaults(),
        AUTH_PER_ADDRESS);
  }

  public static PatientApiConfig fromEnv(Env env) {
    return new PatientApiConfig(
        env.duration("CARELOOP_ACCESS_TOKEN_TTL", Duration.ofMinutes(15)),
        env.duration("CARELOOP_REFRESH_TOKEN_TTL", Duration.ofDays(30)),
        env.string("CARELOOP_ADMIN_EMAIL", LOCAL_ADMIN_EMAIL),
        env.string("CARELOOP_ADMIN_PASSWORD", LOCAL_ADMIN_PASSWORD),
        BookingConfig.fromEnv(env),
        env.duration("CARELOOP_REVOCATION_POLL", Duration.ofSeconds(2)),
        WaitlistConfig.fromEnv(env),
        authPerAddress(env));
  }

  private static RateLimiter.Rate authPerAddress(Env env) {
    int burst = env.integer("CARELOOP_AUTH_BURST_PER_ADDRESS", AUTH_BURST_PER_ADDRESS);
    int perSecond = env.integer("CARELOOP_AUTH_RATE_PER_ADDRESS", AUTH_RATE_PER_ADDRESS);
    if (burst < 1 || perSecond < 1) {
      throw new IllegalArgumentException(
          "CARELOOP_AUTH_BURST_PER_ADDRESS and CARELOOP_AUTH_RATE_PER_ADDRESS must be at least 1,"
              + " got "
              + burst
              + " and "
              + perSecond);
    }
    return RateLimiter.Rate.perSecond(burst, perSecond);
  }

  public boolean usesLocalAdminPassword() {
    return LOCAL_ADMIN_PASSWORD.equals(adminPassword);
  }
}
