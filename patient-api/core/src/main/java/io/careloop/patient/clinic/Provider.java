package io.careloop.patient.clinic;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.ZoneId;
import java.util.Set;
import java.util.UUID;

/**
 * A dentist, hygienist or orthodontist: the services they offer and the clinics they work at. All
 * their clinics share one time zone, because their time is claimed per local day.
 */
public record Provider(
    UUID id,
    String name,
    ProviderKind kind,
    Set<UUID> serviceIds,
    Set<UUID> clinicIds,
    ZoneId zone) {

  public Provider {
    serviceIds = Set.copyOf(serviceIds);
    clinicIds = Set.copyOf(clinicIds);
  }

  public boolean offers(UUID serviceId) {
    return serviceIds.contains(serviceId);
  }

  public boolean worksAt(UUID clinicId) {
    return clinicIds.contains(clinicId);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("name", name)
        .put("kind", kind.json())
        .put("serviceIds", new JsonArray(serviceIds.stream().map(UUID::toString).sorted().toList()))
        .put("clinicIds", new JsonArray(clinicIds.stream().map(UUID::toString).sorted().toList()));
  }
}
