package io.careloop.ingest.broker;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import io.careloop.ingest.registry.DeviceIds;
import io.careloop.ingest.registry.Secrets;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may connect to the embedded broker and what each may do (the same rules the README gives for
 * Mosquitto, HiveMQ or EMQX in production):
 *
 * <ul>
 *   <li>a brush connects with client id = user name = its device id and its credential, is refused
 *       at CONNECT when either is wrong or it was revoked, may publish only on its own {@code
 *       careloop/v1/devices/<its id>/sessions} and {@code .../status} and subscribe only to its own
 *       {@code commands};
 *   <li>an ingest instance ({@code ingest-*}) connects with the backend secret and may only take
 *       sessions and status from the shared group, and publish commands.
 * </ul>
 *
 * Everything else is denied. A brush's publishes are checked too: one whose credential was rotated
 * or revoked since it connected is refused and the brush disconnected, also when the disconnect the
 * change should have caused was missed (a change made in another process, or while it connected).
 */
final class BrokerAccess implements ExtensionMain {

  private static final Logger log = LoggerFactory.getLogger(BrokerAccess.class);
  private static final String DEVICES = "careloop/v1/devices/";

  /** The connection's attribute that keeps the hash of the credential a brush connected with. */
  private static final String CREDENTIAL_HASH = "careloop.credential-hash";

  /** What ingest takes from each brush, through the shared group. */
  private static final List<String> INGESTED = List.of("sessions", "status");

  private final DeviceCredentialCheck devices;
  private final byte[] backendSecret;
  private final String sharedGroup;
  private final AtomicBoolean started = new AtomicBoolean();

  BrokerAccess(DeviceCredentialCheck devices, String backendSecret, String sharedGroup) {
    this.devices = devices;
    this.backendSecret = backendSecret.getBytes(StandardCharsets.UTF_8);
    this.sharedGroup = sharedGroup;
  }

  boolean started() {
    return started.get();
  }

  /**
   * The queues of the shared subscriptions ingest may hold, as HiveMQ names them ({@code
   * <group>/<filter>}).
   */
  List<String> sharedQueueIds() {
    return INGESTED.stream().map(kind -> sharedGroup + "/" + DEVICES + "+/" + kind).toList();
  }

  @Override
  public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
    SimpleAuthenticator authenticator = this::onConnect;
    Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
    PublishInboundInterceptor credentialStillValid = this::onPublish;
    Services.initializerRegistry()
        .setClientInitializer(
            (client, context) -> context.addPublishInboundInterceptor(credentialStillValid));
    started.set(
        true); // last: the broker must not run without this authenticator (see EmbeddedBroker)
  }

  @Override
  public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
    started.set(false);
  }

  private void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
    ConnectPacket connect = input.getConnectPacket();
    String clientId = connect.getClientId();
    String user = connect.getUserName().orElse(null);
    byte[] password = connect.getPassword().map(BrokerAccess::bytes).orElse(new byte[0]);
    if (!clientId.equals(user)) {
      output.failAuthentication(
          ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "user name must equal the client id");
      return;
    }
    if (clientId.startsWith("ingest-")
        && !clientId.contains("/")
        && !clientId.contains("+")
        && !clientId.contains("#")) {
      if (!MessageDigest.isEqual(password, backendSecret)) {
        output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad credentials");
        return;
      }
      allowIngest(output.getDefaultPermissions());
      output.authenticateSuccessfully();
      return;
    }
    if (!DeviceIds.isValid(clientId)) {
      output.failAuthentication(ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "not a device id");
      return;
    }
    Async<SimpleAuthOutput> async =
        output.async(
            Duration.ofSeconds(10),
            TimeoutFallback.FAILURE,
            ConnackReasonCode.SERVER_UNAVAILABLE,
            "device registry did not answer");
    devices
        .verify(clientId, new String(password, StandardCharsets.UTF_8))
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                log.warn(
                    "Device registry failed during CONNECT of {}: {}", clientId, error.toString());
                output.failAuthentication(
                    ConnackReasonCode.SERVER_UNAVAILABLE, "device registry unavailable");
              } else if (Boolean.TRUE.equals(ok)) {
                input
                    .getConnectionInformation()
                    .getConnectionAttributeStore()
                    .putAsString(
                        CREDENTIAL_HASH,
                        Secrets.hash(new String(password, StandardCharsets.UTF_8)));
                allowDevice(output.getDefaultPermissions(), clientId);
                output.authenticateSuccessfully();
              } else {
                output.failAuthentication(
                    ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad credentials");
              }
              async.resume();
            });
  }

  /**
   * A brush's publish goes on only while the credential it connected with stands. The answer mostly
   * comes from the registry's cache at once; when the registry must be read and cannot answer, the
   * publish goes on (the credential was valid at CONNECT, and ingest checks the registry again).
   */
  private void onPublish(PublishInboundInput input, PublishInboundOutput output) {
    String clientId = input.getClientInformation().getClientId();
    if (clientId.startsWith("ingest-")) {
      return;
    }
    String hash =
        input
            .getConnectionInformation()
            .getConnectionAttributeStore()
            .getAsString(CREDENTIAL_HASH)
            .orElse(null);
    CompletableFuture<Boolean> stands = devices.stillValid(clientId, hash);
    if (stands.isDone()) {
      if (!stands.isCompletedExceptionally() && !stands.join()) {
        refuse(output, clientId);
      }
      return;
    }
    Async<PublishInboundOutput> async =
        output.async(Duration.ofSeconds(10), TimeoutFallback.SUCCESS);
    stands.whenComplete(
        (ok, error) -> {
          if (error == null && Boolean.FALSE.equals(ok)) {
            refuse(output, clientId);
          }
          async.resume();
        });
  }

  private static void refuse(PublishInboundOutput output, String clientId) {
    log.info(
        "Refused a publish of {}: its credential was rotated or revoked since it connected; disconnecting it",
        clientId);
    output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED, "credential rotated or revoked");
    disconnect(clientId);
  }

  private void allowIngest(ModifiableDefaultPermissions permissions) {
    for (String kind : INGESTED) {
      permissions.add(
          Builders.topicPermission()
              .topicFilter(DEVICES + "+/" + kind)
              .activity(TopicPermission.MqttActivity.SUBSCRIBE)
              .sharedSubscription(TopicPermission.SharedSubscription.SHARED)
              .sharedGroup(sharedGroup)
              .type(TopicPermission.PermissionType.ALLOW)
              .build());
    }
    permissions.add(
        Builders.topicPermission()
            .topicFilter(DEVICES + "+/commands")
            .activity(TopicPermission.MqttActivity.PUBLISH)
            .type(TopicPermission.PermissionType.ALLOW)
            .build());
    permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
  }

  private static void allowDevice(ModifiableDefaultPermissions permissions, String deviceId) {
    // the contract's two topics only: nothing else under the prefix is read, so the broker would
    // only pile up (retained) messages there
    for (String kind : new String[] {"sessions", "status"}) {
      permissions.add(
          Builders.topicPermission()
              .topicFilter(DEVICES + deviceId + "/" + kind)
              .activity(TopicPermission.MqttActivity.PUBLISH)
              .qos(TopicPermission.Qos.ZERO_ONE)
              .type(TopicPermission.PermissionType.ALLOW)
              .build());
    }
    permissions.add(
        Builders.topicPermission()
            .topicFilter(DEVICES + deviceId + "/commands")
            .activity(TopicPermission.MqttActivity.SUBSCRIBE)
            .sharedSubscription(TopicPermission.SharedSubscription.NOT_SHARED)
            .type(TopicPermission.PermissionType.ALLOW)
            .build());
    permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] out = new byte[copy.remaining()];
    copy.get(out);
    return out;
  }

  /** Ends a brush's connection, e.g. once it was revoked. */
  static void disconnect(String clientId) {
    Services.clientService().disconnectClient(clientId);
  }
}
