package io.careloop.crm.model.stage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.careloop.crm.model.facts.LifecycleStage;
import io.careloop.crm.model.facts.PatientFacts;
import io.careloop.crm.model.input.JsonInput;
import io.careloop.crm.model.tag.Condition;
import io.careloop.crm.model.tag.ConditionParser;
import io.careloop.crm.model.tag.TagRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The lifecycle stages as configuration: an ordered list of rules in the tag rules' condition
 * language, the first that holds giving the stage, and a stage for {@code otherwise} ({@code
 * {"rules": [{"id", "stage", "description", "when"}], "otherwise": "growth"}}). The order is the
 * priority: the seed puts churned first, then acquisition, decline and maturity.
 */
public record LifecycleRules(List<StageRule> rules, LifecycleStage otherwise) {

  public static final String SEED_RESOURCE = "/model/lifecycle-stages.json";
  public static final String OTHERWISE = "otherwise";
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public LifecycleRules {
    rules = List.copyOf(rules);
  }

  /** The stage at {@code now}, with a transition when it is not {@code previous}. */
  public StageJudgement judge(PatientFacts facts, Instant now, Optional<LifecycleStage> previous) {
    for (StageRule rule : rules) {
      Condition.Outcome outcome = rule.when().test(facts, now);
      if (outcome.holds()) {
        return judgement(rule.stage(), rule.id(), outcome, previous);
      }
    }
    return judgement(otherwise, OTHERWISE, new Condition.Outcome(true, List.of()), previous);
  }

  private static StageJudgement judgement(
      LifecycleStage stage,
      String ruleId,
      Condition.Outcome outcome,
      Optional<LifecycleStage> previous) {
    StageJudgement judged =
        new StageJudgement(stage, ruleId, outcome.observations(), Optional.empty());
    if (previous.equals(Optional.of(stage))) {
      return judged;
    }
    return new StageJudgement(
        stage,
        ruleId,
        outcome.observations(),
        Optional.of(new StageTransition(previous, stage, ruleId, judged.reason())));
  }

  /**
   * Reads the configuration; a wrong one fails with an {@code InvalidModelInputException} naming
   * the place.
   */
  public static LifecycleRules parse(String json) {
    JsonInput root = JsonInput.parse(json).onlyMembers(Set.of("rules", "otherwise"));
    List<StageRule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (JsonInput item : root.required("rules").elements()) {
      StageRule rule = rule(item);
      if (!ids.add(rule.id())) {
        throw item.member("id").error("another rule already has the id '" + rule.id() + "'");
      }
      rules.add(rule);
    }
    return new LifecycleRules(
        rules, root.required("otherwise").oneOf(LifecycleStage::fromJson, LifecycleStage.names()));
  }

  public static LifecycleRules seed() {
    try (InputStream in = LifecycleRules.class.getResourceAsStream(SEED_RESOURCE)) {
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String toJson() {
    ObjectNode root = MAPPER.createObjectNode();
    ArrayNode array = root.putArray("rules");
    for (StageRule r : rules) {
      ObjectNode rule =
          array
              .addObject()
              .put("id", r.id())
              .put("stage", r.stage().json())
              .put("description", r.description());
      rule.set("when", r.when().toJson());
    }
    root.put("otherwise", otherwise.json());
    try {
      return MAPPER.writeValueAsString(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static StageRule rule(JsonInput json) {
    json.onlyMembers(Set.of("id", "stage", "description", "when"));
    JsonInput id = json.required("id");
    if (!TagRule.NAME.matcher(id.text()).matches() || id.text().equals(OTHERWISE)) {
      throw id.error("must be a kebab-case word other than 'otherwise', got '" + id.text() + "'");
    }
    LifecycleStage stage =
        json.required("stage").oneOf(LifecycleStage::fromJson, LifecycleStage.names());
    String description = json.has("description") ? json.member("description").text() : "";
    return new StageRule(
        id.text(), stage, description, ConditionParser.parse(json.required("when")));
  }
}
