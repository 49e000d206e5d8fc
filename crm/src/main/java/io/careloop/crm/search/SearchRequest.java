package io.careloop.crm.search;

import io.careloop.crm.identity.Identity;
import io.careloop.crm.model.tag.TagRule;
import io.careloop.platform.http.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What staff search their patients by: name, e-mail or phone ({@code q}), the labels the CRM judged
 * (tag, tier, stage), an external identity.
 */
public record SearchRequest(
    Optional<UUID> clinicId,
    Optional<String> q,
    Optional<String> tag,
    Optional<String> tier,
    Optional<String> stage,
    Optional<Identity> identity,
    int limit,
    Optional<String> pageToken) {

  public SearchRequest {
    tag.filter(t -> !TagRule.NAME.matcher(t).matches())
        .ifPresent(
            t -> {
              throw Problem.validation("tag must be a kebab-case word (a-z, 0-9, '-'), got " + t);
            });
  }

  /**
   * The labels asked for, a tag first: the search walks the first one's partition, a tag's is
   * usually the smallest.
   */
  List<String> labels() {
    List<String> labels = new ArrayList<>();
    tag.ifPresent(t -> labels.add("tag:" + t));
    tier.ifPresent(t -> labels.add("tier:" + t));
    stage.ifPresent(s -> labels.add("stage:" + s));
    return labels;
  }
}
