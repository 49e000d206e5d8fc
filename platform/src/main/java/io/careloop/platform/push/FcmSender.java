package io.careloop.platform.push;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.IncomingHttpResponse;
import com.google.firebase.messaging.AndroidConfig;
import com.google.firebase.messaging.ApnsConfig;
import com.google.firebase.messaging.Aps;
import com.google.firebase.messaging.FirebaseMessaging;
import com.google.firebase.messaging.FirebaseMessagingException;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.Notification;
import com.google.firebase.messaging.WebpushConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends pushes through the Firebase Admin SDK and says what each outcome means (deliver, retry,
 * drop the token, give up). Every call blocks on HTTP: call it from a worker thread, never from an
 * event loop. The SDK retries a 503 itself (4 times, from 0.5 s); everything else is left to the
 * caller's persisted retries.
 */
public final class FcmSender implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FcmSender.class);

  /** Web push topics (its collapse key) are at most 32 URL-safe characters. */
  private static final Pattern WEBPUSH_TOPIC = Pattern.compile("[A-Za-z0-9_-]{1,32}");

  /** APNs refuses a collapse id longer than 64 bytes. */
  private static final int APNS_COLLAPSE_ID_MAX = 64;

  private final FirebaseApp app;
  private final FirebaseMessaging messaging;
  private final Clock clock;

  private FcmSender(FirebaseApp app, Clock clock) {
    this.app = app;
    this.messaging = FirebaseMessaging.getInstance(app);
    this.clock = clock;
  }

  /** Blocking: reads the credentials file. Fails when push is off (no credentials configured). */
  public static FcmSender start(FcmSettings settings, Clock clock) {
    if (!settings.enabled()) {
      throw new IllegalStateException("Push is off: no Firebase credentials configured");
    }
    HttpTransport transport =
        settings.endpoint().map(FcmSender::redirectedTransport).orElseGet(NetHttpTransport::new);
    GoogleCredentials credentials;
    try (InputStream in = Files.newInputStream(settings.credentialsFile().get())) {
      // The token exchange goes through the same transport, so a local fake can answer it too.
      credentials = GoogleCredentials.fromStream(in, () -> transport);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read the Firebase credentials " + settings.credentialsFile().get(), e);
    }
    int timeoutMillis = (int) settings.timeout().toMillis();
    FirebaseOptions.Builder options =
        FirebaseOptions.builder()
            .setCredentials(credentials)
            .setHttpTransport(transport)
            .setConnectTimeout(timeoutMillis)
            .setReadTimeout(timeoutMillis);
    settings.projectId().ifPresent(options::setProjectId);
    // A named app of our own: several senders (tests, two dispatchers) can live in one JVM.
    FirebaseApp app =
        FirebaseApp.initializeApp(options.build(), "careloop-push-" + UUID.randomUUID());
    settings
        .endpoint()
        .ifPresent(endpoint -> log.warn("Push goes to {} instead of Firebase", endpoint));
    return new FcmSender(app, clock);
  }

  /**
   * Every request of the SDK, whatever Google host it names, goes to {@code endpoint} over plain
   * HTTP/1.1 (the SDK has no emulator switch for messaging; its transport is the hook).
   */
  static HttpTransport redirectedTransport(URI endpoint) {
    String base = endpoint.toString().replaceAll("/+$", "");
    return new NetHttpTransport.Builder()
        .setConnectionFactory(
            url -> (HttpURLConnection) new URL(base + url.getFile()).openConnection(Proxy.NO_PROXY))
        .build();
  }

  /** Blocking: one HTTP call (more when FCM answers 503). Never throws for FCM's answers. */
  public PushOutcome send(PushMessage push) {
    Message message;
    try {
      message = toMessage(push, clock);
    } catch (IllegalArgumentException e) {
      return new PushOutcome(
          PushOutcome.Kind.FAIL,
          null,
          "not a valid message: " + e.getMessage(),
          java.util.Optional.empty());
    }
    try {
      return PushOutcome.delivered(messaging.send(message));
    } catch (FirebaseMessagingException e) {
      IncomingHttpResponse response = e.getHttpResponse();
      return PushOutcome.ofFailure(
          response == null ? null : response.getStatusCode(),
          e.getErrorCode() == null ? null : e.getErrorCode().name(),
          e.getMessagingErrorCode() == null ? null : e.getMessagingErrorCode().name(),
          e.getMessage(),
          response == null ? null : header(response.getHeaders(), "retry-after"));
    }
  }

  /**
   * The FCM message: notification and data for every platform, and per platform the collapse key
   * and the time to live, which shrinks with every retry so that the message never outlives its
   * {@code expiresAt}.
   */
  static Message toMessage(PushMessage push, Clock clock) {
    Duration ttl = Duration.between(clock.instant(), push.expiresAt());
    long ttlSeconds = Math.max(0, ttl.toSeconds());
    AndroidConfig.Builder android =
        AndroidConfig.builder().setTtl(ttlSeconds * 1000).setPriority(AndroidConfig.Priority.HIGH);
    ApnsConfig.Builder apns =
        ApnsConfig.builder()
            .setAps(Aps.builder().setSound("default").build())
            .putHeader("apns-expiration", String.valueOf(push.expiresAt().getEpochSecond()));
    WebpushConfig.Builder webpush =
        WebpushConfig.builder().putHeader("TTL", String.valueOf(ttlSeconds));
    String collapseKey = push.collapseKey();
    if (collapseKey != null && !collapseKey.isBlank()) {
      android.setCollapseKey(collapseKey);
      apns.putHeader(
          "apns-collapse-id",
          collapseKey.length() <= APNS_COLLAPSE_ID_MAX
              ? collapseKey
              : collapseKey.substring(0, APNS_COLLAPSE_ID_MAX));
      if (WEBPUSH_TOPIC.matcher(collapseKey).matches()) {
        webpush.putHeader("Topic", collapseKey);
      }
    }
    return Message.builder()
        .setToken(push.token())
        .setNotification(Notification.builder().setTitle(push.title()).setBody(push.body()).build())
        .putAllData(push.data())
        .setAndroidConfig(android.build())
        .setApnsConfig(apns.build())
        .setWebpushConfig(webpush.build())
        .build();
  }

  private static String header(Map<String, Object> headers, String name) {
    for (Map.Entry<String, Object> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        Object value = e.getValue();
        if (value instanceof List<?> list) {
          return list.isEmpty() ? null : String.valueOf(list.get(0));
        }
        return value == null ? null : value.toString();
      }
    }
    return null;
  }

  @Override
  public void close() {
    app.delete();
  }
}
