package io.careloop.platform.http;

import io.careloop.platform.cassandra.StorageFailures;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler: maps every failure to problem+json. Cassandra being unreachable or too
 * slow is a 503 with {@code Retry-After} on every operation. Unexpected failures are logged with
 * an id the client sees, and their details (which may hold personal data) stay in the log.
 */
public final class ProblemHandler implements Handler<RoutingContext> {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
  public static final String CONTENT_TYPE = "application/problem+json";
  /** What a 503 asks the client to wait before repeating: a node restart or a leader change. */
  static final long RETRY_AFTER_UNAVAILABLE_SECONDS = 5;

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      log.warn("Failure after the response started for {} {}", ctx.request().method(), ctx.normalizedPath(),
          ctx.failure());
      ctx.response().reset();
      return;
    }
    send(ctx, toProblem(ctx));
  }

  public static void send(RoutingContext ctx, Problem problem) {
    if (problem.status() == 429 && problem.extensions().containsKey("retryAfterSeconds")) {
      ctx.response().putHeader("Retry-After", String.valueOf(problem.extensions().getLong("retryAfterSeconds")));
    } else if (problem.status() == 503) {
      ctx.response().putHeader("Retry-After", String.valueOf(RETRY_AFTER_UNAVAILABLE_SECONDS));
    }
    if (problem.status() == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
    }
    ctx.response()
        .setStatusCode(problem.status())
        .putHeader("Content-Type", CONTENT_TYPE)
        .end(problem.toJson(ctx.request().path()).encode());
  }

  static Problem toProblem(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof Problem p) {
      return p;
    }
    if (failure instanceof SchemaValidationException e) {
      String where = e.getOutputUnit() != null && e.getOutputUnit().getInstanceLocation() != null
          ? e.getOutputUnit().getInstanceLocation() : "";
      return Problem.validation((where.isEmpty() ? "" : where + ": ") + e.getMessage());
    }
    if (failure instanceof ValidatorException e) {
      return Problem.validation(e.getMessage());
    }
    if (failure instanceof DecodeException) {
      return Problem.validation("The body is not valid JSON");
    }
    if (failure instanceof HttpException e) {
      return byStatus(e.getStatusCode(), e.getPayload());
    }
    if (failure instanceof ReplyException e && ofBusFailure(e) != null) {
      return ofBusFailure(e);
    }
    if (StorageFailures.isOutage(failure)) {
      log.warn("Storage did not answer {} {}: {}", ctx.request().method(), ctx.normalizedPath(), failure.toString());
      return Problem.unavailable("Storage did not answer in time; repeat the request");
    }
    if (failure == null) {
      return byStatus(ctx.statusCode(), null);
    }
    String errorId = UUID.randomUUID().toString();
    log.error("Unexpected failure {} on {} {}", errorId, ctx.request().method(), ctx.normalizedPath(), failure);
    return new Problem(500, "internal", "Internal error", "Something went wrong on our side (error id " + errorId + ")");
  }

  /**
   * Another part of CareLoop asked over the event bus did not answer (503), or answered that what
   * was asked for does not exist (404) or is unavailable (503); null for any other failure, which
   * is ours to log as internal. Its own words stay out of the answer.
   */
  static Problem ofBusFailure(ReplyException e) {
    return switch (e.failureType()) {
      case TIMEOUT, NO_HANDLERS -> Problem.unavailable("A part of CareLoop did not answer in time; try again shortly");
      case RECIPIENT_FAILURE -> e.failureCode() == 404 || e.failureCode() == 503 ? byStatus(e.failureCode(), null) : null;
      default -> null;
    };
  }

  static Problem byStatus(int status, String detail) {
    return switch (status) {
      case 400 -> Problem.validation(detail != null ? detail : "The request is not valid");
      case 401 -> Problem.unauthorized(detail != null ? detail : "A valid access token is required");
      case 403 -> Problem.forbidden(detail != null ? detail : "Your role may not do this");
      case 404 -> Problem.notFound(detail != null ? detail : "No such resource");
      case 405 -> new Problem(405, "method-not-allowed", "Method not allowed", "This path does not support the method");
      case 413 -> new Problem(413, "payload-too-large", "Payload too large", "The request body is too large");
      case 415 -> new Problem(415, "unsupported-media-type", "Unsupported media type", "Send application/json");
      case 503 -> Problem.unavailable(detail != null ? detail : "Try again shortly");
      default -> new Problem(status >= 400 && status < 600 ? status : 500, "http-" + status, "HTTP " + status,
          detail != null ? detail : "The request failed");
    };
  }
}
