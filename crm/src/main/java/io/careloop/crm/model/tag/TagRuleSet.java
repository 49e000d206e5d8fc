package io.careloop.crm.model.tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.careloop.crm.model.facts.PatientFacts;
import io.careloop.crm.model.input.JsonInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The chain's dynamic tag rules: the body of {@code GET/PUT /api/v1/admin/tag-rules} ({@code
 * {"rules": [{"id", "tag", "family", "description", "when"}]}}), parsed with errors that name their
 * place, and judged on a patient's facts by {@link #evaluate}.
 */
public record TagRuleSet(List<TagRule> rules) {

  public static final String SEED_RESOURCE = "/model/tag-rules.json";
  public static final int MAX_RULES = 500;
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public TagRuleSet {
    rules = List.copyOf(rules);
  }

  /**
   * Reads a submitted rule set.
   *
   * @throws io.careloop.crm.model.input.InvalidModelInputException naming the JSON pointer of the
   *     first thing wrong, e.g. {@code at /rules/3/when/of/1/fact: unknown fact 'visit.count'}
   */
  public static TagRuleSet parse(String json) {
    JsonInput root = JsonInput.parse(json).onlyMembers(Set.of("rules"));
    List<JsonInput> items = root.required("rules").elements();
    if (items.size() > MAX_RULES) {
      throw root.member("rules")
          .error("holds " + items.size() + " rules, at most " + MAX_RULES + " are allowed");
    }
    List<TagRule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (JsonInput item : items) {
      TagRule rule = rule(item);
      if (!ids.add(rule.id())) {
        throw item.member("id").error("another rule already has the id '" + rule.id() + "'");
      }
      rules.add(rule);
    }
    return new TagRuleSet(rules);
  }

  /** The rules the chain starts with (resource {@value #SEED_RESOURCE}). */
  public static TagRuleSet seed() {
    try (InputStream in = TagRuleSet.class.getResourceAsStream(SEED_RESOURCE)) {
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Which tags hold on the patient at {@code now}, each with its rule and evidence. */
  public TagEvaluation evaluate(PatientFacts facts, Instant now) {
    List<TagHit> hits = new ArrayList<>();
    for (TagRule rule : rules) {
      Condition.Outcome outcome = rule.when().test(facts, now);
      if (outcome.holds()) {
        hits.add(new TagHit(rule.tag(), rule.id(), rule.family(), outcome.observations()));
      }
    }
    return new TagEvaluation(hits);
  }

  /** The rule set as the admin API returns it; {@link #parse} reads it back to an equal set. */
  public String toJson() {
    ObjectNode root = MAPPER.createObjectNode();
    var array = root.putArray("rules");
    rules.forEach(r -> array.add(r.toJson()));
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static TagRule rule(JsonInput json) {
    json.onlyMembers(Set.of("id", "tag", "family", "description", "when"));
    String id = name(json.required("id"));
    String tag = name(json.required("tag"));
    Family family = json.required("family").oneOf(Family::fromJson, Family.names());
    String description = json.has("description") ? json.member("description").text() : "";
    return new TagRule(id, tag, family, description, ConditionParser.parse(json.required("when")));
  }

  private static String name(JsonInput json) {
    String name = json.text();
    if (!TagRule.NAME.matcher(name).matches()) {
      throw json.error("must be a kebab-case word (a-z, 0-9, '-', at most 63), got '" + name + "'");
    }
    return name;
  }
}
