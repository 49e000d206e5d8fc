package io.careloop.gateway;

import io.careloop.platform.auth.TokenVerifier;
import io.careloop.platform.http.Operations;
import io.careloop.platform.http.ProblemHandler;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;

/** One event loop's share of the public HTTP server; several instances share the port. */
public final class GatewayVerticle extends VerticleBase {

  private final GatewayConfig config;
  private final Operations operations;
  private final TokenVerifier verifier;

  public GatewayVerticle(GatewayConfig config, Operations operations, TokenVerifier verifier) {
    this.config = config;
    this.operations = operations;
    this.verifier = verifier;
  }

  @Override
  public Future<?> start() {
    return ApiRouter.create(vertx, operations, verifier, config)
        .compose(
            router ->
                vertx
                    .createHttpServer(
                        new HttpServerOptions()
                            .setHost(config.host())
                            .setPort(config.port())
                            .setCompressionSupported(true))
                    .requestHandler(router)
                    .invalidRequestHandler(ProblemHandler::invalidRequest)
                    .listen());
  }
}
