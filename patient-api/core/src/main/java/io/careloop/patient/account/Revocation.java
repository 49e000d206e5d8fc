package io.careloop.patient.account;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * A sign-in, or every sign-in of an account up to {@code at}, that no longer counts. Stored, and
 * published on the event bus for the other instances.
 */
public record Revocation(Kind kind, UUID subject, UUID accountId, Instant at) {

  /** What ended: one sign-in, or all of an account's sign-ins up to the revocation. */
  public enum Kind {
    SIGN_IN("sign-in"), ACCOUNT("account");

    private final String db;

    Kind(String db) {
      this.db = db;
    }

    public String db() {
      return db;
    }

    public static Kind fromDb(String value) {
      return value.equals(ACCOUNT.db) ? ACCOUNT : SIGN_IN;
    }
  }

  public static Revocation ofSignIn(UUID accountId, UUID signIn, Instant at) {
    return new Revocation(Kind.SIGN_IN, signIn, accountId, at);
  }

  public static Revocation ofAccount(UUID accountId, Instant at) {
    return new Revocation(Kind.ACCOUNT, accountId, accountId, at);
  }

  public JsonObject toJson() {
    return new JsonObject().put("kind", kind.db()).put("subject", subject.toString())
        .put("accountId", accountId.toString()).put("at", at.toString());
  }

  public static Revocation fromJson(JsonObject json) {
    return new Revocation(Kind.fromDb(json.getString("kind")), UUID.fromString(json.getString("subject")),
        UUID.fromString(json.getString("accountId")), Instant.parse(json.getString("at")));
  }
}
