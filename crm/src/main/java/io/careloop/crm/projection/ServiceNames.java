package io.careloop.crm.projection;

import io.vertx.core.Future;
import java.util.Optional;
import java.util.UUID;

/**
 * The name of a service of patient-api's catalogue, which tag rules name (visits of a "cleaning"):
 * an appointment event carries only the service's id. Given by the process that runs patient-api.
 */
public interface ServiceNames {

  Future<Optional<String>> name(UUID serviceId);

  /**
   * For a CRM that cannot ask (alone in its process): services are known by id until patient-api
   * answers names.
   */
  static ServiceNames unknown() {
    return id -> Future.succeededFuture(Optional.empty());
  }
}
