package io.careloop.gateway;

import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The staff console at {@code /console/}: its own files ({@code console/} on the classpath) and the
 * browser libraries it uses, from their WebJars. Our files change with every release under the same
 * name, so the browser revalidates them (ETag); a WebJar's path names its version, so it is cached
 * for a year. Every answer carries a Content Security Policy that lets the page run only its own
 * files: no inline script or style, no other origin, no framing.
 */
final class ConsoleFiles {

  static final String PREFIX = "/console/";

  static final String CONTENT_SECURITY_POLICY =
      String.join(
          "; ",
          "default-src 'self'",
          "script-src 'self'",
          "style-src 'self'",
          "img-src 'self' data:",
          "connect-src 'self'",
          "font-src 'self'",
          "object-src 'none'",
          "base-uri 'none'",
          "form-action 'self'",
          "frame-ancestors 'none'");

  static final String REVALIDATE = "no-cache";
  static final String IMMUTABLE = "public, max-age=31536000, immutable";

  /** Names we serve: plain path segments, no dot-dot, a known extension. */
  private static final Pattern SAFE_NAME =
      Pattern.compile("([A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*");

  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "ico", "image/x-icon");

  /** A file as it is served: its bytes, type and version tag. */
  record File(Buffer body, String contentType, String etag) {}

  private final Vertx vertx;
  private final Map<String, Optional<File>> loaded = new ConcurrentHashMap<>();

  ConsoleFiles(Vertx vertx) {
    this.vertx = vertx;
  }

  void addTo(Router router) {
    router.getWithRegex("/console(/.*)?").handler(this::serve);
  }

  private void serve(RoutingContext ctx) {
    if (!ctx.normalizedPath().startsWith(PREFIX)) {
      redirect(ctx, PREFIX); // relative links in the page need the slash
      return;
    }
    HttpServerResponse response = ctx.response();
    response
        .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Cross-Origin-Opener-Policy", "same-origin");
    String path = ctx.normalizedPath().substring(PREFIX.length());
    String name = path.isEmpty() ? "index.html" : path;
    String resource = resourceOf(name);
    if (resource == null) {
      ctx.fail(Problem.notFound("The console has no file " + name));
      return;
    }
    String caching = name.startsWith("webjars/") ? IMMUTABLE : REVALIDATE;
    load(resource)
        .onSuccess(file -> send(ctx, file.orElse(null), caching, name))
        .onFailure(ctx::fail);
  }

  private static void send(RoutingContext ctx, File file, String caching, String name) {
    if (file == null) {
      ctx.fail(Problem.notFound("The console has no file " + name));
      return;
    }
    HttpServerResponse response =
        ctx.response().putHeader("Cache-Control", caching).putHeader("ETag", file.etag());
    if (file.etag().equals(ctx.request().getHeader("If-None-Match"))) {
      response.setStatusCode(304).end();
    } else {
      response.putHeader("Content-Type", file.contentType()).end(file.body());
    }
  }

  /** The classpath resource for a name, or null when the name is not one we serve. */
  static String resourceOf(String name) {
    String extension = name.substring(name.lastIndexOf('.') + 1);
    if (!SAFE_NAME.matcher(name).matches() || !TYPES.containsKey(extension)) {
      return null;
    }
    return name.startsWith("webjars/") ? "META-INF/resources/" + name : "console/" + name;
  }

  private Future<Optional<File>> load(String resource) {
    Optional<File> known = loaded.get(resource);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return vertx
        .executeBlocking(() -> read(resource))
        .onSuccess(file -> loaded.putIfAbsent(resource, file));
  }

  private static Optional<File> read(String resource) throws IOException {
    try (InputStream in = ConsoleFiles.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] bytes = in.readAllBytes();
      String extension = resource.substring(resource.lastIndexOf('.') + 1);
      return Optional.of(new File(Buffer.buffer(bytes), TYPES.get(extension), etag(bytes)));
    }
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  private static void redirect(RoutingContext ctx, String to) {
    ctx.response().setStatusCode(301).putHeader("Location", to).end();
  }
}
