package io.careloop.notifications.http;

import io.careloop.notifications.inbox.Inbox;
import io.careloop.notifications.inbox.InboxEntry;
import io.careloop.notifications.push.PushTokenRegistry;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.http.HttpApi;
import io.careloop.platform.http.Operations;
import io.careloop.platform.http.Problem;
import io.careloop.platform.http.Replies;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** The signed-in account's push tokens and in-app inbox. */
public final class NotificationApi implements HttpApi {

  static final int DEFAULT_PAGE = 50;

  private final Inbox inbox;
  private final PushTokenRegistry tokens;

  public NotificationApi(Inbox inbox, PushTokenRegistry tokens) {
    this.inbox = inbox;
    this.tokens = tokens;
  }

  @Override
  public void addTo(Operations operations) {
    operations
        .on("registerPushToken", this::registerPushToken)
        .on("deletePushToken", this::deletePushToken)
        .on("listMyNotifications", this::listMyNotifications)
        .on("markNotificationRead", this::markNotificationRead);
  }

  private void registerPushToken(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    tokens
        .register(
            Principal.of(ctx).accountId(), body.getString("token"), body.getString("platform"))
        .onSuccess(v -> Replies.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private void deletePushToken(RoutingContext ctx) {
    tokens
        .unregister(Principal.of(ctx).accountId(), ctx.pathParam("token"))
        .onSuccess(v -> Replies.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private void listMyNotifications(RoutingContext ctx) {
    String limit = ctx.queryParams().get("limit");
    inbox
        .list(
            Principal.of(ctx).accountId(),
            limit == null ? DEFAULT_PAGE : Integer.parseInt(limit),
            ctx.queryParams().get("pageToken"))
        .onSuccess(
            page -> {
              JsonObject json =
                  new JsonObject()
                      .put(
                          "notifications",
                          new JsonArray(page.entries().stream().map(InboxEntry::toJson).toList()));
              page.nextPageToken().ifPresent(t -> json.put("nextPageToken", t));
              Replies.ok(ctx, json);
            })
        .onFailure(ctx::fail);
  }

  private void markNotificationRead(RoutingContext ctx) {
    UUID id;
    try {
      id = UUID.fromString(ctx.pathParam("notificationId"));
    } catch (IllegalArgumentException e) {
      throw Problem.notFound(
          "No notification " + ctx.pathParam("notificationId") + " in your inbox");
    }
    inbox
        .markRead(Principal.of(ctx).accountId(), id)
        .onSuccess(entry -> Replies.ok(ctx, entry.toJson()))
        .onFailure(ctx::fail);
  }
}
