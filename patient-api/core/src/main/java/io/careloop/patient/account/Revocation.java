package io.careloop.patient.account;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * A sign-in, or every sign-in of an account up to {@code at}, that no longer counts. Stored, and
 * published on the event bus for the other instances. A sign-in's revocation does not name its
 * account: the sign-in's id is all the token check needs, and a row kept after an erasure must not
 * point back at the person.
 */
public record Revocation(Kind kind, UUID subject, Instant at) {

  /** What ended: one sign-in, or all of an account's sign-ins up to the revocation. */
  public enum Kind {
    SIGN_IN("sign-in"),
    ACCOUNT("account");

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

  public static Revocation ofSignIn(UUID signIn, Instant at) {
    return new Revocation(Kind.SIGN_IN, signIn, at);
  }

  public static Revocation ofAccount(UUID accountId, Instant at) {
    return new Revocation(Kind.ACCOUNT, accountId, at);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("kind", kind.db())
        .put("subject", subject.toString())
        .put("at", at.toString());
  }

  public static Revocation fromJson(JsonObject json) {
    return new Revocation(
        Kind.fromDb(json.getString("kind")),
        UUID.fromString(json.getString("subject")),
        Instant.parse(json.getString("at")));
  }
}
