package io.careloop.patient.account;

import io.careloop.platform.auth.RevokedSignIns;
import io.careloop.platform.bus.Addresses;
import io.careloop.platform.bus.RecordCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The revoked sign-ins every instance refuses tokens of, kept in memory for the token check. A
 * revocation is stored, applied here at once, and published to the other instances; each instance
 * also reads the stored revocations of the last access-token lifetime at start and polls the
 * current minute, so a lost message delays a revocation by one poll at most.
 */
public final class SignInRevocations implements RevokedSignIns {

  private static final Logger log = LoggerFactory.getLogger(SignInRevocations.class);

  /** Tokens are accepted this long past their expiry (the verifier's clock skew). */
  private static final Duration SKEW = Duration.ofSeconds(30);

  private final RevocationRepository repository;
  private final Duration accessTokenTtl;
  private final Clock clock;

  /** Revoked sign-ins, until no token of theirs can still be valid. */
  private final Map<UUID, Instant> signIns = new ConcurrentHashMap<>();

  /** Accounts whose tokens issued before the instant no longer count. */
  private final Map<UUID, Instant> accounts = new ConcurrentHashMap<>();

  private Vertx vertx;

  public SignInRevocations(RevocationRepository repository, Duration accessTokenTtl, Clock clock) {
    this.repository = repository;
    this.accessTokenTtl = accessTokenTtl;
    this.clock = clock;
  }

  @Override
  public boolean isRevoked(UUID account, UUID signIn, Instant issuedAt) {
    Instant accountRevoked = accounts.get(account);
    return (signIn != null && signIns.containsKey(signIn))
        || (accountRevoked != null && !issuedAt.isAfter(accountRevoked));
  }

  /**
   * Ends the sign-in: its access tokens are refused from now on, here and elsewhere within seconds.
   */
  public Future<Void> revoke(Revocation revocation) {
    return repository
        .insert(revocation)
        .map(
            v -> {
              apply(revocation);
              vertx.eventBus().publish(Addresses.SIGN_IN_REVOKED, revocation);
              return null;
            });
  }

  /**
   * Reads what was revoked within the lifetime of a token, hears the others, and polls every {@code
   * interval}.
   */
  public Future<Void> start(Vertx vertx, Duration interval) {
    this.vertx = vertx;
    RecordCodec.register(
        vertx.eventBus(), Revocation.class, Revocation::toJson, Revocation::fromJson);
    vertx.eventBus().<Revocation>consumer(Addresses.SIGN_IN_REVOKED, msg -> apply(msg.body()));
    Instant now = clock.instant();
    List<Future<List<Revocation>>> minutes = new ArrayList<>();
    for (Instant m = now.minus(accessTokenTtl).minus(SKEW);
        !m.isAfter(now.plusSeconds(60));
        m = m.plusSeconds(60)) {
      minutes.add(repository.inMinuteOf(m));
    }
    return Future.all(minutes)
        .map(
            all -> {
              minutes.forEach(m -> m.result().forEach(this::apply));
              vertx.setPeriodic(interval.toMillis(), id -> poll());
              return null;
            });
  }

  private void poll() {
    Instant now = clock.instant();
    Future.all(repository.inMinuteOf(now.minusSeconds(60)), repository.inMinuteOf(now))
        .onSuccess(
            both -> {
              both.<List<Revocation>>resultAt(0).forEach(this::apply);
              both.<List<Revocation>>resultAt(1).forEach(this::apply);
              forgetExpired(now);
            })
        .onFailure(
            err ->
                log.warn(
                    "Could not read revoked sign-ins (retrying at the next poll): {}",
                    err.toString()));
  }

  private void apply(Revocation r) {
    Instant keepUntil = r.at().plus(accessTokenTtl).plus(SKEW);
    if (r.kind() == Revocation.Kind.SIGN_IN) {
      signIns.merge(r.subject(), keepUntil, (a, b) -> a.isAfter(b) ? a : b);
    } else {
      accounts.merge(r.subject(), r.at(), (a, b) -> a.isAfter(b) ? a : b);
    }
  }

  private void forgetExpired(Instant now) {
    signIns.values().removeIf(until -> until.isBefore(now));
    accounts.values().removeIf(at -> at.plus(accessTokenTtl).plus(SKEW).isBefore(now));
  }
}
