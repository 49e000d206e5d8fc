package io.careloop.crm.search;

import io.careloop.crm.identity.Identity;
import java.util.Optional;
import java.util.UUID;

/**
 * What staff search their patients by. {@code tag}, {@code tier} and {@code stage} come with the
 * CRM model: no patient has any yet, so a search by them finds nobody.
 */
public record SearchRequest(Optional<UUID> clinicId, Optional<String> q, Optional<String> tag, Optional<String> tier,
                            Optional<String> stage, Optional<Identity> identity, int limit, Optional<String> pageToken) {

  boolean byModel() {
    return tag.isPresent() || tier.isPresent() || stage.isPresent();
  }
}
