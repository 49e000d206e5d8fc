package io.careloop.platform.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local stand-in for Firebase Cloud Messaging's HTTP v1 API (and Google's OAuth token endpoint),
 * for tests, demos and benchmarks: the real Firebase Admin SDK talks to it through {@code
 * FcmSettings.endpoint}. It records every send and answers 200 unless told otherwise, per token or
 * for the next calls: 404 UNREGISTERED, 400 invalid token, 429, 500, 503.
 *
 * <p>Run alone ({@code java ... io.careloop.platform.testing.FakeFcm [port]}) it keeps only
 * counters, served at {@code GET /_fake/stats}.
 */
public final class FakeFcm implements AutoCloseable {

  /** How the fake answers one send. */
  public record Answer(
      int status,
      String grpcStatus,
      String fcmErrorCode,
      String message,
      Integer retryAfterSeconds) {

    public static Answer ok() {
      return new Answer(200, null, null, null, null);
    }

    public static Answer unregistered() {
      return new Answer(404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found.", null);
    }

    public static Answer invalidToken() {
      return new Answer(
          400,
          "INVALID_ARGUMENT",
          "INVALID_ARGUMENT",
          "The registration token is not a valid FCM registration token",
          null);
    }

    public static Answer tooManyRequests() {
      return new Answer(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "Quota exceeded.", null);
    }

    public static Answer internalError() {
      return new Answer(500, "INTERNAL", "INTERNAL", "Internal error.", null);
    }

    public static Answer unavailable() {
      return new Answer(
          503, "UNAVAILABLE", "UNAVAILABLE", "The service is currently unavailable.", null);
    }

    public Answer withRetryAfter(int seconds) {
      return new Answer(status, grpcStatus, fcmErrorCode, message, seconds);
    }
  }

  /** One send as the fake received it. */
  public record Request(
      Instant at, String path, String authorization, JsonObject message, int answeredStatus) {

    public String token() {
      return message.getString("token");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final boolean keepRequests;
  private final List<Request> requests = new ArrayList<>();
  private final Map<String, ConcurrentLinkedDeque<Answer>> scriptedByToken =
      new ConcurrentHashMap<>();
  private final Map<String, Answer> alwaysByToken = new ConcurrentHashMap<>();
  private final Deque<Answer> scriptedCalls = new ArrayDeque<>();
  private final AtomicLong sends = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong messageIds = new AtomicLong();

  private FakeFcm(int port, int threads, boolean keepRequests) throws IOException {
    this.keepRequests = keepRequests;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
    this.executor =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "fake-fcm");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A fake on a free loopback port that keeps every request. */
  public static FakeFcm start() {
    return start(0, 8, true);
  }

  public static FakeFcm start(int port, int threads, boolean keepRequests) {
    try {
      return new FakeFcm(port, threads, keepRequests);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    FakeFcm fake = start(port, threads, false);
    System.out.println("FakeFcm listening on " + fake.endpoint());
    System.out.flush();
    Thread.currentThread().join();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Writes a service-account file whose token endpoint is this fake, with a fresh RSA key: the SDK
   * then runs its real credential flow (a signed JWT traded for an access token) against the fake.
   */
  public Path writeCredentials(Path dir, String projectId) {
    return writeCredentials(endpoint(), dir, projectId);
  }

  /** The same for a fake running elsewhere (another JVM) at {@code endpoint}. */
  public static Path writeCredentials(URI endpoint, Path dir, String projectId) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      String pem =
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
              + "\n-----END PRIVATE KEY-----\n";
      JsonObject account =
          new JsonObject()
              .put("type", "service_account")
              .put("project_id", projectId)
              .put("private_key_id", "fake-key-1")
              .put("private_key", pem)
              .put("client_email", "push@" + projectId + ".iam.gserviceaccount.com")
              .put("client_id", "1")
              .put("token_uri", endpoint + "/token");
      Files.createDirectories(dir);
      Path file = dir.resolve("fake-fcm-service-account.json");
      Files.writeString(file, account.encodePrettily());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The next sends to {@code token} get these answers in order; later ones get 200 again. */
  public FakeFcm answer(String token, Answer... next) {
    scriptedByToken
        .computeIfAbsent(token, t -> new ConcurrentLinkedDeque<>())
        .addAll(List.of(next));
    return this;
  }

  /** Every send to {@code token} gets this answer. */
  public FakeFcm answerAlways(String token, Answer answer) {
    alwaysByToken.put(token, answer);
    return this;
  }

  /** The next sends, to whatever token, get these answers in order (after per-token scripts). */
  public FakeFcm answerNextCalls(Answer... next) {
    synchronized (scriptedCalls) {
      scriptedCalls.addAll(List.of(next));
    }
    return this;
  }

  /** Forgets scripts and recorded requests. */
  public void reset() {
    scriptedByToken.clear();
    alwaysByToken.clear();
    synchronized (scriptedCalls) {
      scriptedCalls.clear();
    }
    synchronized (requests) {
      requests.clear();
    }
  }

  public List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public List<Request> requestsTo(String token) {
    return requests().stream().filter(r -> token.equals(r.token())).toList();
  }

  /** Sends to {@code token} that the fake answered with 200. */
  public long deliveredTo(String token) {
    return requestsTo(token).stream().filter(r -> r.answeredStatus() == 200).count();
  }

  public long sends() {
    return sends.get();
  }

  public long delivered() {
    return delivered.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (path.endsWith("/token")) {
        reply(
            exchange,
            200,
            new JsonObject()
                .put("access_token", "fake-access-token")
                .put("expires_in", 3600)
                .put("token_type", "Bearer"),
            null);
      } else if (path.equals("/_fake/stats")) {
        reply(
            exchange,
            200,
            new JsonObject().put("sends", sends.get()).put("delivered", delivered.get()),
            null);
      } else if (path.startsWith("/v1/projects/") && path.endsWith("/messages:send")) {
        send(exchange, path, new JsonObject(new String(body, StandardCharsets.UTF_8)));
      } else {
        reply(
            exchange,
            404,
            new JsonObject()
                .put(
                    "error",
                    new JsonObject()
                        .put("code", 404)
                        .put("message", "FakeFcm does not serve " + path)
                        .put("status", "NOT_FOUND")),
            null);
      }
    }
  }

  private void send(HttpExchange exchange, String path, JsonObject request) throws IOException {
    JsonObject message = request.getJsonObject("message", new JsonObject());
    String token = message.getString("token");
    Answer answer = answerFor(token);
    sends.incrementAndGet();
    if (keepRequests) {
      synchronized (requests) {
        requests.add(
            new Request(
                Instant.now(),
                path,
                exchange.getRequestHeaders().getFirst("Authorization"),
                message,
                answer.status()));
      }
    }
    if (answer.status() == 200) {
      delivered.incrementAndGet();
      String project = path.substring("/v1/projects/".length(), path.indexOf("/messages:send"));
      reply(
          exchange,
          200,
          new JsonObject()
              .put("name", "projects/" + project + "/messages/" + messageIds.incrementAndGet()),
          null);
      return;
    }
    JsonObject error =
        new JsonObject()
            .put("code", answer.status())
            .put("message", answer.message())
            .put("status", answer.grpcStatus());
    if (answer.fcmErrorCode() != null) {
      error.put(
          "details",
          new io.vertx.core.json.JsonArray()
              .add(
                  new JsonObject()
                      .put("@type", "type.googleapis.com/google.firebase.fcm.v1.FcmError")
                      .put("errorCode", answer.fcmErrorCode())));
    }
    reply(
        exchange,
        answer.status(),
        new JsonObject().put("error", error),
        answer.retryAfterSeconds());
  }

  private Answer answerFor(String token) {
    if (token != null) {
      ConcurrentLinkedDeque<Answer> script = scriptedByToken.get(token);
      Answer next = script == null ? null : script.poll();
      if (next != null) {
        return next;
      }
      Answer always = alwaysByToken.get(token);
      if (always != null) {
        return always;
      }
    }
    synchronized (scriptedCalls) {
      Answer next = scriptedCalls.poll();
      return next != null ? next : Answer.ok();
    }
  }

  private static void reply(
      HttpExchange exchange, int status, JsonObject body, Integer retryAfterSeconds)
      throws IOException {
    byte[] bytes = body.encode().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
    if (retryAfterSeconds != null) {
      exchange.getResponseHeaders().add("Retry-After", String.valueOf(retryAfterSeconds));
    }
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
