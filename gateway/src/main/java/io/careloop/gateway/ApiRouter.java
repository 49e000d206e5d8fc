package io.careloop.gateway;

import io.careloop.platform.auth.CarerRight;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.auth.Role;
import io.careloop.platform.auth.TokenVerifier;
import io.careloop.platform.http.ClientAddress;
import io.careloop.platform.http.Operations;
import io.careloop.platform.http.Problem;
import io.careloop.platform.http.ProblemHandler;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Builds the gateway's router from {@code openapi.yaml}: the document's operations are the routes,
 * its schemas validate each request (unknown fields included: every body schema says {@code
 * additionalProperties}), {@link RequestText} refuses text no field takes, its {@code security} and
 * {@code x-roles} decide who may call, and the modules' handlers (by operationId) do the work.
 * Start-up fails when the document and the handlers disagree.
 */
public final class ApiRouter {

  /** The methods the document uses: what a 405 may list as allowed. */
  private static final List<HttpMethod> METHODS =
      List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  public static final String CONTRACT = "openapi.yaml";

  /**
   * Marks an operation whose body its handler reads as it arrives (an import): never buffered nor
   * validated whole.
   */
  static final String STREAMED_BODY = "x-streamed-body";

  /**
   * Media types the router does not know, handed to it as one it does (only streamed bodies use
   * them).
   */
  private static final String NDJSON = "application/x-ndjson";

  private ApiRouter() {}

  public static Future<Router> create(
      Vertx vertx, Operations operations, TokenVerifier verifier, GatewayConfig config) {
    return vertx
        .fileSystem()
        .readFile(CONTRACT)
        .compose(
            yaml -> OpenAPIContract.from(vertx, forRouter(yaml.toString(StandardCharsets.UTF_8))))
        .map(
            contract ->
                build(vertx, new RememberedValidators(contract), operations, verifier, config));
  }

  /**
   * The document as the OpenAPI router reads it. The router validates requests only, and does not
   * know the problem+json media type of our error responses, so those are handed to it as plain
   * JSON, nor JSON lines, handed to it as text (their operations stream the body, unvalidated); the
   * document served on /openapi.yaml is the original.
   */
  static JsonObject forRouter(String yaml) {
    Map<String, Object> document = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    JsonObject contract = new JsonObject(document);
    renameProblemMediaType(contract);
    return contract;
  }

  private static void renameProblemMediaType(Object node) {
    if (node instanceof JsonObject object) {
      if (object.containsKey(ProblemHandler.CONTENT_TYPE)
          && !object.containsKey("application/json")) {
        object.put("application/json", object.remove(ProblemHandler.CONTENT_TYPE));
      }
      if (object.containsKey(NDJSON) && !object.containsKey("text/plain")) {
        object.put("text/plain", object.remove(NDJSON));
      }
      object.forEach(entry -> renameProblemMediaType(entry.getValue()));
    } else if (node instanceof io.vertx.core.json.JsonArray array) {
      array.forEach(ApiRouter::renameProblemMediaType);
    }
  }

  static Router build(
      Vertx vertx,
      OpenAPIContract contract,
      Operations operations,
      TokenVerifier verifier,
      GatewayConfig config) {
    BodyHandler bodies = BodyHandler.create(false).setBodyLimit(config.maxBodyBytes());
    RouterBuilder builder =
        RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler())
            .rootHandler(ctx -> bodyOf(ctx, contract, bodies));
    Set<String> unbound = new HashSet<>(operations.handlers().keySet());
    List<String> missing = new ArrayList<>();
    for (OpenAPIRoute route : builder.getRoutes()) {
      String operationId = route.getOperation().getOperationId();
      Handler<RoutingContext> handler = operations.handlers().get(operationId);
      if (handler == null) {
        missing.add(operationId);
        continue;
      }
      unbound.remove(operationId);
      if (!isPublic(route.getOperation())) {
        roles(
            route.getOperation()); // fails start-up when an operation does not say who may call it
        carerRights(route.getOperation()); // and when it names a right carers cannot be granted
      }
      boolean streamed = streamsBody(route.getOperation());
      route.setDoSecurity(false).setDoValidation(!streamed);
      if (!streamed) { // a streamed body is read and checked line by line by its handler
        route.addHandler(RequestText.guard(contract.getRawContract(), route.getOperation()));
      }
      route.addHandler(handler);
    }
    if (!missing.isEmpty() || !unbound.isEmpty()) {
      throw new IllegalStateException(
          "openapi.yaml and the code disagree: operations without a handler "
              + missing
              + ", handlers without an operation "
              + unbound);
    }
    Router router = builder.createRouter();

    // Before anything else, including body parsing: who is calling, and may they call this?
    router.route().order(-100).handler(ApiRouter::securityHeaders);
    router.route().order(-95).handler(ClientAddress.resolver(config.trustedProxies()));
    router.route("/api/*").order(-90).handler(ctx -> authorize(ctx, contract, verifier));

    router
        .get("/openapi.yaml")
        .handler(
            ctx -> ctx.response().putHeader("Content-Type", "application/yaml").sendFile(CONTRACT));
    new ConsoleFiles(vertx).addTo(router);

    ProblemHandler problems = new ProblemHandler();
    router.route().failureHandler(problems);
    for (int status = 400; status < 600; status++) { // every error the router ends a request with
      router.errorHandler(status, problems.forStatus(status));
    }
    return router;
  }

  /**
   * Buffers the body for the handler, unless the handler streams it: then it waits, paused, for the
   * handler.
   */
  private static void bodyOf(RoutingContext ctx, OpenAPIContract contract, BodyHandler bodies) {
    Operation operation = contract.findOperation(ctx.normalizedPath(), ctx.request().method());
    if (operation != null && streamsBody(operation)) {
      ctx.request().pause();
      ctx.next();
    } else {
      bodies.handle(ctx);
    }
  }

  static boolean streamsBody(Operation operation) {
    return Boolean.TRUE.equals(operation.getExtensions().get(STREAMED_BODY));
  }

  private static void securityHeaders(RoutingContext ctx) {
    ctx.response()
        .headers()
        .set("Cache-Control", "no-store")
        .set("X-Content-Type-Options", "nosniff")
        .set("Referrer-Policy", "no-referrer");
    ctx.next();
  }

  /**
   * Authenticates the bearer token when the operation requires it, and checks the caller's role
   * against the operation's {@code x-roles}. It fails closed: a request the document has no
   * operation for ends here (405 when the path has other methods, else 404), even when the router
   * would still match a handler to it (Vert.x lets {@code /path/} reach the route of {@code
   * /path}).
   */
  static void authorize(RoutingContext ctx, OpenAPIContract contract, TokenVerifier verifier) {
    String path = ctx.normalizedPath();
    Operation operation = contract.findOperation(path, ctx.request().method());
    if (operation == null) {
      List<String> allowed =
          METHODS.stream()
              .filter(m -> contract.findOperation(path, m) != null)
              .map(HttpMethod::name)
              .toList();
      if (allowed.isEmpty()) {
        ctx.fail(Problem.notFound("This API has no operation at " + path));
      } else {
        ctx.response().putHeader("Allow", String.join(", ", allowed));
        ctx.fail(405);
      }
      return;
    }
    if (isPublic(operation)) {
      ctx.next();
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.fail(
          Problem.unauthorized("A valid access token is required (Authorization: Bearer ...)"));
      return;
    }
    Principal principal;
    try {
      principal = verifier.verify(header.substring(7).trim());
    } catch (Problem p) {
      ctx.fail(p);
      return;
    }
    Set<Role> allowed = roles(operation);
    if (!allowed.contains(principal.role())) {
      ctx.fail(
          Problem.forbidden(
              "The " + principal.role().claim() + " role may not " + operation.getOperationId()));
      return;
    }
    if (principal.actingCarer().isPresent()
        && carerRights(operation).stream().noneMatch(principal.carerRights()::contains)) {
      ctx.fail(
          Problem.forbidden(
              "A carer acting for the patient may not "
                  + operation.getOperationId()
                  + (carerRights(operation).isEmpty()
                      ? ": it is the patient's alone"
                      : " without the right to it")));
      return;
    }
    principal.attachTo(ctx);
    ctx.next();
  }

  private static boolean isPublic(Operation operation) {
    JsonObject model = operation.getOpenAPIModel();
    return model.containsKey("security") && model.getJsonArray("security").isEmpty();
  }

  /**
   * The rights any one of which lets a carer call the operation for a patient (none: the patient's
   * alone).
   */
  static Set<CarerRight> carerRights(Operation operation) {
    Object declared = operation.getExtensions().get("x-carer-rights");
    Set<CarerRight> rights = new HashSet<>();
    if (declared instanceof io.vertx.core.json.JsonArray || declared instanceof Collection<?>) {
      Iterable<?> names =
          declared instanceof io.vertx.core.json.JsonArray a ? a : (Collection<?>) declared;
      names.forEach(n -> rights.add(CarerRight.fromClaim(n.toString())));
    }
    return rights;
  }

  static Set<Role> roles(Operation operation) {
    Object declared = operation.getExtensions().get("x-roles");
    if (!(declared instanceof Collection<?> || declared instanceof io.vertx.core.json.JsonArray)) {
      throw new IllegalStateException(
          "Operation " + operation.getOperationId() + " needs x-roles in openapi.yaml");
    }
    Iterable<?> names =
        declared instanceof io.vertx.core.json.JsonArray a ? a : (Collection<?>) declared;
    Set<Role> roles = new HashSet<>();
    names.forEach(n -> roles.add(Role.fromClaim(n.toString())));
    return roles;
  }
}
