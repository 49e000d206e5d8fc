package io.careloop.patient.http;

import io.careloop.patient.account.Account;
import io.careloop.patient.account.AccountService;
import io.careloop.patient.account.NotificationPreferences;
import io.careloop.patient.account.NotificationPreferencesRepository;
import io.careloop.patient.account.Passwords;
import io.careloop.patient.account.SignInThrottle;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.http.ClientAddress;
import io.careloop.platform.http.HttpApi;
import io.careloop.platform.http.Operations;
import io.careloop.platform.http.Problem;
import io.careloop.platform.http.RateLimiter;
import io.careloop.platform.http.Replies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** Registration, sign-in, token refresh and sign-out, and the signed-in account's own profile. */
public final class AccountApi implements HttpApi {

  private final AccountService accounts;
  private final NotificationPreferencesRepository preferences;
  private final Passwords passwords;
  private final SignInThrottle failedSignIns;
  private final RateLimiter perAddress;
  private final RateLimiter resetsPerAccount;

  public AccountApi(
      AccountService accounts,
      Passwords passwords,
      NotificationPreferencesRepository preferences,
      RateLimiter.Rate perAddress,
      Clock clock) {
    this.accounts = accounts;
    this.passwords = passwords;
    this.preferences = preferences;
    this.failedSignIns = new SignInThrottle(clock);
    // Reset tokens per e-mail: 3 at once, then one every 20 minutes (no flooding someone's inbox).
    this.resetsPerAccount = new RateLimiter(3, Duration.ofMinutes(20), clock);
    // Per client address (PatientApiConfig.authPerAddress).
    this.perAddress = new RateLimiter(perAddress, clock);
  }

  @Override
  public void addTo(Operations operations) {
    operations
        .on("registerPatient", this::register)
        .on("signIn", this::signIn)
        .on("refreshTokens", this::refresh)
        .on("signOut", this::signOut)
        .on("changePassword", this::changePassword)
        .on("requestPasswordReset", this::requestPasswordReset)
        .on("confirmPasswordReset", this::confirmPasswordReset)
        .on("getMe", this::getMe)
        .on("updateMe", this::updateMe);
  }

  private void register(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    perAddress.acquire(ClientAddress.of(ctx));
    accounts
        .registerPatient(
            body.getString("email"),
            body.getString("password"),
            body.getString("name"),
            body.getString("timeZone"),
            body.getString("phone"))
        .onSuccess(id -> Replies.created(ctx, new JsonObject().put("patientId", id.toString())))
        .onFailure(ctx::fail);
  }

  private void signIn(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    String email = body.getString("email", "").trim().toLowerCase(Locale.ROOT);
    String address = ClientAddress.of(ctx);
    perAddress.acquire(address);
    failedSignIns.check(email, address);
    accounts
        .login(email, body.getString("password"))
        .onSuccess(
            tokens -> {
              failedSignIns.succeeded(email, address);
              Replies.ok(ctx, tokensJson(tokens));
            })
        .onFailure(
            err -> {
              if (err instanceof Problem p && p.status() == 401) {
                failedSignIns.failed(email, address);
              }
              ctx.fail(err);
            });
  }

  private void refresh(RoutingContext ctx) {
    perAddress.acquire(ClientAddress.of(ctx));
    accounts
        .refresh(ctx.body().asJsonObject().getString("refreshToken"))
        .onSuccess(tokens -> Replies.ok(ctx, tokensJson(tokens)))
        .onFailure(ctx::fail);
  }

  private void signOut(RoutingContext ctx) {
    accounts
        .logout(Principal.of(ctx).accountId(), ctx.body().asJsonObject().getString("refreshToken"))
        .onSuccess(v -> Replies.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private void changePassword(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    Principal me = Principal.of(ctx);
    failedSignIns.check(me.accountId().toString(), ClientAddress.of(ctx));
    passwords
        .change(
            me.accountId(),
            me.signInId(),
            body.getString("currentPassword"),
            body.getString("newPassword"))
        .onSuccess(v -> Replies.noContent(ctx))
        .onFailure(
            err -> {
              if (err instanceof Problem p && p.status() == 403) {
                failedSignIns.failed(me.accountId().toString(), ClientAddress.of(ctx));
              }
              ctx.fail(err);
            });
  }

  private void requestPasswordReset(RoutingContext ctx) {
    String email = ctx.body().asJsonObject().getString("email", "").trim().toLowerCase(Locale.ROOT);
    perAddress.acquire(ClientAddress.of(ctx));
    resetsPerAccount.acquire(email);
    passwords
        .requestReset(email)
        .onSuccess(v -> ctx.response().setStatusCode(202).end())
        .onFailure(ctx::fail);
  }

  private void confirmPasswordReset(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    perAddress.acquire(ClientAddress.of(ctx));
    passwords
        .confirmReset(body.getString("token"), body.getString("newPassword"))
        .onSuccess(v -> Replies.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private void getMe(RoutingContext ctx) {
    accounts
        .find(Principal.of(ctx).accountId())
        .compose(this::withPreferences)
        .onSuccess(profile -> Replies.ok(ctx, profile))
        .onFailure(ctx::fail);
  }

  /**
   * Changes the profile and the notification preferences. The preferences are checked in full
   * before anything is written, so a bad value (like a bad time zone) changes nothing.
   */
  private void updateMe(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    java.util.UUID me = Principal.of(ctx).accountId();
    Object rawPreferences = body.getValue("notificationPreferences");
    if (rawPreferences != null && !(rawPreferences instanceof JsonObject)) {
      ctx.fail(Problem.validation("notificationPreferences must be an object"));
      return;
    }
    Future<Optional<NotificationPreferences>> checked =
        rawPreferences == null
            ? Future.succeededFuture(Optional.empty())
            : preferences
                .of(me)
                .map(current -> Optional.of(current.patchedWith((JsonObject) rawPreferences)));
    checked
        .compose(
            patched ->
                accounts
                    .updateProfile(
                        me,
                        Optional.ofNullable(body.getString("name")),
                        Optional.ofNullable(body.getString("phone")),
                        Optional.ofNullable(body.getString("timeZone")))
                    .compose(
                        account ->
                            patched.isEmpty()
                                ? withPreferences(account)
                                : preferences
                                    .save(me, patched.get())
                                    .map(
                                        p ->
                                            account
                                                .toProfileJson()
                                                .put("notificationPreferences", p.toJson()))))
        .onSuccess(profile -> Replies.ok(ctx, profile))
        .onFailure(ctx::fail);
  }

  private Future<JsonObject> withPreferences(Account account) {
    return preferences
        .of(account.id())
        .map(p -> account.toProfileJson().put("notificationPreferences", p.toJson()));
  }

  private static JsonObject tokensJson(AccountService.Tokens tokens) {
    return new JsonObject()
        .put("accessToken", tokens.accessToken())
        .put("refreshToken", tokens.refreshToken())
        .put("expiresIn", tokens.expiresInSeconds());
  }
}
