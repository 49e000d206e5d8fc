package io.careloop.crm.campaign;

import io.careloop.crm.model.facts.LifecycleStage;
import io.careloop.crm.model.facts.ValueTier;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reads a campaign as an admin writes it, refusing with the place ({@link
 * InvalidCampaignException}) what does not parse, targets nothing (no audience, an unknown tier or
 * stage, a trigger its own audience excludes), or is marketing without the consent rule.
 */
public final class CampaignParser {

  static final Set<String> FIELDS =
      Set.of(
          "name",
          "kind",
          "consent",
          "audience",
          "trigger",
          "delayDays",
          "sendAt",
          "message",
          "endsAt",
          "frequencyCap",
          "controlShare");
  static final int DEFAULT_CAP_MESSAGES = 2;
  static final int DEFAULT_CAP_DAYS = 30;
  static final double MAX_CONTROL_SHARE = 0.5;

  private CampaignParser() {}

  public static CampaignSpec parse(JsonObject json) {
    if (json == null) {
      throw new InvalidCampaignException("", "a campaign must be a JSON object");
    }
    json.fieldNames().stream()
        .filter(f -> !FIELDS.contains(f))
        .findFirst()
        .ifPresent(f -> fail("/" + f, "is not a field of a campaign"));
    CampaignSpec.Kind kind = kind(json);
    consent(json, kind);
    Audience audience = audience(object(json, "audience", "/audience"));
    CampaignTrigger trigger = trigger(object(json, "trigger", "/trigger"), audience);
    JsonObject cap = optionalObject(json, "frequencyCap");
    return new CampaignSpec(
        text(json, "name", "/name", 200),
        kind,
        audience,
        trigger,
        whole(json, "delayDays", "/delayDays", 0, 0, 365),
        sendAt(json),
        message(object(json, "message", "/message")),
        endsAt(json),
        whole(cap, "messages", "/frequencyCap/messages", DEFAULT_CAP_MESSAGES, 1, 50),
        whole(cap, "days", "/frequencyCap/days", DEFAULT_CAP_DAYS, 1, 365),
        controlShare(json));
  }

  private static CampaignSpec.Kind kind(JsonObject json) {
    String kind = text(json, "kind", "/kind", 20);
    return switch (kind) {
      case "care" -> CampaignSpec.Kind.CARE;
      case "marketing" -> CampaignSpec.Kind.MARKETING;
      default -> throw fail("/kind", "must be care or marketing, got " + kind);
    };
  }

  /** A marketing campaign must say it goes only to patients who consented. */
  private static void consent(JsonObject json, CampaignSpec.Kind kind) {
    Object consent = json.getValue("consent");
    if (kind == CampaignSpec.Kind.MARKETING && !"marketing".equals(consent)) {
      throw fail(
          "/consent",
          "a marketing campaign must set consent to \"marketing\": it goes only to patients who"
              + " turned marketing on");
    }
    if (consent != null && !"none".equals(consent) && !"marketing".equals(consent)) {
      throw fail("/consent", "must be none or marketing");
    }
  }

  private static Audience audience(JsonObject json) {
    onlyFields(json, "/audience", Set.of("tiers", "stages", "tags", "clinicIds"));
    Audience audience =
        new Audience(
            known(json, "tiers", names(ValueTier.values(), ValueTier::json)),
            known(json, "stages", Set.copyOf(LifecycleStage.names())),
            strings(json, "tags", Function.identity()),
            strings(json, "clinicIds", v -> uuid("/audience/clinicIds", v)));
    if (audience.isEmpty()) {
      throw fail("/audience", "targets nothing: name at least one tier, stage, tag or clinic");
    }
    return audience;
  }

  private static CampaignTrigger trigger(JsonObject json, Audience audience) {
    String type = text(json, "type", "/trigger/type", 30);
    return switch (type) {
      case "stage-entered" -> {
        onlyFields(json, "/trigger", Set.of("type", "stage"));
        String stage = text(json, "stage", "/trigger/stage", 30);
        if (LifecycleStage.fromJson(stage).isEmpty()) {
          throw fail(
              "/trigger/stage", "is not a stage: " + String.join(", ", LifecycleStage.names()));
        }
        if (!audience.stages().isEmpty() && !audience.stages().contains(stage)) {
          throw fail("/trigger/stage", "targets nothing: the audience's stages exclude " + stage);
        }
        yield new CampaignTrigger.StageEntered(stage);
      }
      case "tag-gained", "tag-lost" -> {
        onlyFields(json, "/trigger", Set.of("type", "tag"));
        String tag = text(json, "tag", "/trigger/tag", 100);
        yield type.equals("tag-gained")
            ? new CampaignTrigger.TagGained(tag)
            : new CampaignTrigger.TagLost(tag);
      }
      case "visit" -> {
        onlyFields(json, "/trigger", Set.of("type", "service"));
        yield new CampaignTrigger.VisitOf(
            text(json, "service", "/trigger/service", 100).toLowerCase(Locale.ROOT));
      }
      case "date" -> {
        onlyFields(json, "/trigger", Set.of("type", "date"));
        yield new CampaignTrigger.OnDate(date(text(json, "date", "/trigger/date", 10)));
      }
      default ->
          throw fail("/trigger/type", "must be stage-entered, tag-gained, tag-lost, visit or date");
    };
  }

  private static CampaignSpec.Message message(JsonObject json) {
    onlyFields(json, "/message", Set.of("title", "body", "deepLink"));
    Optional<String> deepLink =
        json.containsKey("deepLink")
            ? Optional.of(text(json, "deepLink", "/message/deepLink", 500))
            : Optional.empty();
    deepLink
        .filter(link -> !link.matches("[a-z][a-z0-9+.-]*:[^\\s]+"))
        .ifPresent(
            link -> fail("/message/deepLink", "must be a link (careloop://...), got " + link));
    return new CampaignSpec.Message(
        text(json, "title", "/message/title", 200),
        text(json, "body", "/message/body", 2000),
        deepLink);
  }

  private static LocalTime sendAt(JsonObject json) {
    if (!json.containsKey("sendAt")) {
      return LocalTime.of(10, 0);
    }
    String value = text(json, "sendAt", "/sendAt", 5);
    try {
      if (value.matches("[0-2][0-9]:[0-5][0-9]")) {
        return LocalTime.parse(value);
      }
    } catch (DateTimeException e) {
      // refused below
    }
    throw fail("/sendAt", "must be a local time HH:mm, got " + value);
  }

  private static Optional<java.time.Instant> endsAt(JsonObject json) {
    if (!json.containsKey("endsAt")) {
      return Optional.empty();
    }
    String value = text(json, "endsAt", "/endsAt", 40);
    try {
      return Optional.of(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeException e) {
      throw fail("/endsAt", "must be an RFC 3339 time with offset, got " + value);
    }
  }

  private static double controlShare(JsonObject json) {
    Object value = json.getValue("controlShare", 0.0);
    if (!(value instanceof Number n)
        || n.doubleValue() < 0
        || n.doubleValue() > MAX_CONTROL_SHARE
        || Double.isNaN(n.doubleValue())) {
      throw fail("/controlShare", "must be a number from 0 to " + MAX_CONTROL_SHARE);
    }
    return n.doubleValue();
  }

  private static LocalDate date(String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeException e) {
      throw fail("/trigger/date", "must be a date (2027-03-01), got " + value);
    }
  }

  private static Set<String> known(JsonObject json, String field, Set<String> allowed) {
    return strings(
        json,
        field,
        v -> {
          if (!allowed.contains(v)) {
            throw fail(
                "/audience/" + field,
                "targets nothing: " + v + " is not one of " + String.join(", ", sorted(allowed)));
          }
          return v;
        });
  }

  private static <T> Set<T> strings(JsonObject json, String field, Function<String, T> read) {
    Object value = json.getValue(field);
    if (value == null) {
      return Set.of();
    }
    if (!(value instanceof JsonArray array) || array.size() > 100) {
      throw fail("/audience/" + field, "must be a list of at most 100 texts");
    }
    Set<T> out = new LinkedHashSet<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof String s) || s.isBlank() || s.length() > 100) {
        throw fail("/audience/" + field + "/" + i, "must be a text of 1 to 100 characters");
      }
      out.add(read.apply(s));
    }
    return out;
  }

  private static <E> Set<String> names(E[] values, Function<E, String> name) {
    return Set.copyOf(Arrays.stream(values).map(name).toList());
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }

  private static UUID uuid(String pointer, String value) {
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw fail(pointer, "must be clinic ids (UUIDs), got " + value);
    }
  }

  private static JsonObject object(JsonObject json, String field, String pointer) {
    if (!(json.getValue(field) instanceof JsonObject o)) {
      throw fail(pointer, "is required, as an object");
    }
    return o;
  }

  private static JsonObject optionalObject(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return new JsonObject();
    }
    if (!(value instanceof JsonObject o)) {
      throw fail("/" + field, "must be an object");
    }
    onlyFields(o, "/" + field, Set.of("messages", "days"));
    return o;
  }

  private static void onlyFields(JsonObject json, String pointer, Set<String> allowed) {
    json.fieldNames().stream()
        .filter(f -> !allowed.contains(f))
        .findFirst()
        .ifPresent(f -> fail(pointer + "/" + f, "is not a field here"));
  }

  private static String text(JsonObject json, String field, String pointer, int max) {
    if (!(json.getValue(field) instanceof String s) || s.isBlank()) {
      throw fail(pointer, "is required, as a text");
    }
    if (s.length() > max) {
      throw fail(pointer, "must be at most " + max + " characters");
    }
    return s.trim();
  }

  private static int whole(
      JsonObject json, String field, String pointer, int byDefault, int min, int max) {
    Object value = json.getValue(field);
    if (value == null) {
      return byDefault;
    }
    if (!(value instanceof Number n)
        || n.doubleValue() != Math.rint(n.doubleValue())
        || n.doubleValue() < min
        || n.doubleValue() > max) {
      throw fail(pointer, "must be a whole number from " + min + " to " + max);
    }
    return n.intValue();
  }

  private static InvalidCampaignException fail(String pointer, String reason) {
    throw new InvalidCampaignException(pointer, reason);
  }
}
