package io.careloop.simulators.chain;

import io.careloop.simulators.AppClient;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;

/**
 * A signed-in account of the app API (patient, nurse or admin) that signs in again when its access
 * token has expired, so that a run may last longer than a token.
 */
public final class Account {

  private final AppClient app;
  private final String email;
  private final String password;
  private final UUID id;
  private volatile String token;

  private Account(AppClient app, String email, String password, UUID id, String token) {
    this.app = app;
    this.email = email;
    this.password = password;
    this.id = id;
    this.token = token;
  }

  public static Account signIn(AppClient app, String email, String password, UUID id) {
    return new Account(app, email, password, id, app.signIn(email, password));
  }

  /** The same sign-in, knowing the account's id (read from {@code GET /me}). */
  public Account withId(UUID knownId) {
    return new Account(app, email, password, knownId, token);
  }

  /** The account's id (null for an admin signed in by e-mail only). */
  public UUID id() {
    return id;
  }

  public String email() {
    return email;
  }

  public String password() {
    return password;
  }

  public String token() {
    return token;
  }

  public AppClient app() {
    return app;
  }

  /** Sends with the account's token; a 401 (expired token) signs in again and sends once more. */
  public AppClient.Response send(
      String method, String path, JsonObject body, Map<String, String> headers) {
    AppClient.Response response = app.send(method, path, token, body, headers);
    if (response.status() == 401) {
      token = app.signIn(email, password);
      response = app.send(method, path, token, body, headers);
    }
    return response;
  }

  public JsonObject call(String method, String path, JsonObject body, int expectedStatus) {
    AppClient.Response response = send(method, path, body, Map.of());
    if (response.status() != expectedStatus) {
      throw new IllegalStateException(
          method + " " + path + " answered " + response.status() + ": " + response.text());
    }
    return response.body();
  }
}
