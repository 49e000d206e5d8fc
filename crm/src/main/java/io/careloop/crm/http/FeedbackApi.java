package io.careloop.crm.http;

import io.careloop.crm.feedback.Feedbacks;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.http.HttpApi;
import io.careloop.platform.http.Operations;
import io.careloop.platform.http.Replies;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** A patient's feedback after a visit of theirs. */
public final class FeedbackApi implements HttpApi {

  private final Feedbacks feedbacks;

  public FeedbackApi(Feedbacks feedbacks) {
    this.feedbacks = feedbacks;
  }

  @Override
  public void addTo(Operations operations) {
    operations.on("giveAppointmentFeedback", this::give);
  }

  private void give(RoutingContext ctx) {
    JsonObject body = Params.body(ctx);
    Optional<String> comment =
        Optional.ofNullable(body.getString("comment")).map(String::strip).filter(c -> !c.isEmpty());
    feedbacks
        .give(
            Principal.of(ctx).accountId(),
            Params.pathUuid(ctx, "appointmentId"),
            body.getInteger("rating"),
            comment)
        .onSuccess(
            given -> Replies.json(ctx, given.created() ? 201 : 200, given.feedback().toJson()))
        .onFailure(ctx::fail);
  }
}
