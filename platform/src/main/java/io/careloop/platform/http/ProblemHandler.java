package io.careloop.platform.http;

import io.careloop.platform.cassandra.StorageFailures;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpServerRequest;
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
 * slow is a 503 with {@code Retry-After} on every operation. Unexpected failures are logged with an
 * id the client sees, and their details (which may hold personal data) stay in the log.
 */
public final class ProblemHandler implements Handler<RoutingContext> {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
  public static final String CONTENT_TYPE = "application/problem+json";

  /** What a 503 asks the client to wait before repeating: a node restart or a leader change. */
  static final long RETRY_AFTER_UNAVAILABLE_SECONDS = 5;

  @Override
  public void handle(RoutingContext ctx) {
    handle(ctx, 500);
  }

  /**
   * For {@code Router.errorHandler(status, ...)}: the router also calls it without a failure or a
   * status on the context (a path it cannot decode is a 400 it reports only this way).
   */
  public Handler<RoutingContext> forStatus(int status) {
    return ctx -> handle(ctx, status);
  }

  private void handle(RoutingContext ctx, int status) {
    if (ctx.response().headWritten()) {
      log.warn(
          "Failure after the response started for {} {}",
          ctx.request().method(),
          ctx.normalizedPath(),
          ctx.failure());
      ctx.response().reset();
      return;
    }
    send(
        ctx,
        ctx.failure() == null && ctx.statusCode() == -1 ? byStatus(status, null) : toProblem(ctx));
  }

  public static void send(RoutingContext ctx, Problem problem) {
    if (problem.status() == 429 && problem.extensions().containsKey("retryAfterSeconds")) {
      ctx.response()
          .putHeader(
              "Retry-After", String.valueOf(problem.extensions().getLong("retryAfterSeconds")));
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

  /**
   * For {@code HttpServer.invalidRequestHandler}: a request Netty could not decode (a request line
   * or headers too long, a malformed head) never reaches the router. The connection closes after
   * the answer, as it does by default: what follows on it cannot be trusted to start a request.
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    Problem problem =
        cause instanceof TooLongHttpLineException
            ? byStatus(414, null)
            : cause instanceof TooLongHttpHeaderException ? byStatus(431, null) : malformed();
    request
        .response()
        .setStatusCode(problem.status())
        .putHeader("Content-Type", CONTENT_TYPE)
        .putHeader("Connection", "close")
        .end(problem.toJson(null).encode())
        .onComplete(ar -> request.connection().close());
  }

  static Problem toProblem(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof HttpException e && e.getCause() instanceof ValidatorException cause) {
      failure = cause; // the OpenAPI router wraps its validator's findings in a 400
    }
    if (failure instanceof Problem p) {
      return p;
    }
    if (failure instanceof SchemaValidationException e) {
      return SchemaErrors.toProblem(e);
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
      log.warn(
          "Storage did not answer {} {}: {}",
          ctx.request().method(),
          ctx.normalizedPath(),
          failure.toString());
      return Problem.unavailable("Storage did not answer in time; repeat the request");
    }
    if (failure == null) {
      return byStatus(ctx.statusCode(), null);
    }
    // BodyHandler fails with status 200 when the request stream broke (a malformed chunk): the
    // client's doing
    if (ctx.statusCode() == 200 && !ctx.request().isEnded()) {
      log.debug(
          "{} {}: the request broke off", ctx.request().method(), ctx.request().path(), failure);
      return malformed();
    }
    String errorId = UUID.randomUUID().toString();
    log.error(
        "Unexpected failure {} on {} {}",
        errorId,
        ctx.request().method(),
        ctx.normalizedPath(),
        failure);
    return new Problem(
        500,
        "internal",
        "Internal error",
        "Something went wrong on our side (error id " + errorId + ")");
  }

  private static Problem malformed() {
    return new Problem(
        400, "malformed-request", "Malformed request", "The request is not valid HTTP/1.1");
  }

  /**
   * Another part of CareLoop asked over the event bus did not answer (503), or answered that what
   * was asked for does not exist (404) or is unavailable (503); null for any other failure, which
   * is ours to log as internal. Its own words stay out of the answer.
   */
  static Problem ofBusFailure(ReplyException e) {
    return switch (e.failureType()) {
      case TIMEOUT, NO_HANDLERS ->
          Problem.unavailable("A part of CareLoop did not answer in time; try again shortly");
      case RECIPIENT_FAILURE ->
          e.failureCode() == 404 || e.failureCode() == 503 ? byStatus(e.failureCode(), null) : null;
      default -> null;
    };
  }

  static Problem byStatus(int status, String detail) {
    return switch (status) {
      case 400 -> Problem.validation(detail != null ? detail : "The request is not valid");
      case 401 ->
          Problem.unauthorized(detail != null ? detail : "A valid access token is required");
      case 403 -> Problem.forbidden(detail != null ? detail : "Your role may not do this");
      case 404 -> Problem.notFound(detail != null ? detail : "No such resource");
      case 405 ->
          new Problem(
              405,
              "method-not-allowed",
              "Method not allowed",
              "This path does not support the method");
      case 413 ->
          new Problem(
              413, "payload-too-large", "Payload too large", "The request body is too large");
      case 415 ->
          new Problem(
              415, "unsupported-media-type", "Unsupported media type", "Send application/json");
      case 414 ->
          new Problem(
              414,
              "uri-too-long",
              "URI too long",
              "The request line is longer than this server takes");
      case 431 ->
          new Problem(
              431,
              "headers-too-large",
              "Request headers too large",
              "The request headers are larger than this server takes");
      case 503 -> Problem.unavailable(detail != null ? detail : "Try again shortly");
      default ->
          new Problem(
              status >= 400 && status < 600 ? status : 500,
              "http-" + status,
              "HTTP " + status,
              detail != null ? detail : "The request failed");
    };
  }
}
