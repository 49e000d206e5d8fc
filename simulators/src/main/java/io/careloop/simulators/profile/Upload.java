package io.careloop.simulators.profile;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One message the brush publishes on its sessions topic at {@code sendAt} (true time), brushed by
 * wearer {@code wearer}. {@code copy}: the same session again (same device, id and start).
 */
public record Upload(Instant sendAt, int wearer, JsonObject payload, boolean copy) {

  public String sessionKey() {
    return payload.getString("deviceId")
        + "/"
        + payload.getLong("sessionId")
        + "/"
        + payload.getString("startedAt");
  }

  public Instant startedAt() {
    return Instant.parse(payload.getString("startedAt"));
  }
}
