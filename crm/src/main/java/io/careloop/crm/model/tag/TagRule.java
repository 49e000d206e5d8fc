package io.careloop.crm.model.tag;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.regex.Pattern;

/** One dynamic tag rule: the tag it sets, in which family, when its condition holds. */
public record TagRule(String id, String tag, Family family, String description, Condition when) {

  /** Ids and tags are short kebab-case words, safe in URLs, CQL keys and metric labels. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  public TagRule {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(when, "when");
    description = description == null ? "" : description;
    if (!NAME.matcher(id).matches() || !NAME.matcher(tag).matches()) {
      throw new IllegalArgumentException(
          "id and tag must be kebab-case words, got " + id + ", " + tag);
    }
  }

  public ObjectNode toJson() {
    ObjectNode json =
        JsonNodeFactory.instance
            .objectNode()
            .put("id", id)
            .put("tag", tag)
            .put("family", family.json())
            .put("description", description);
    json.set("when", when.toJson());
    return json;
  }
}
