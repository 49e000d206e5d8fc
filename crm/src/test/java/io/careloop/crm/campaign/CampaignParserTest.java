package io.careloop.crm.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalTime;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CampaignParserTest {

  static JsonObject decline() {
    return SeedCampaigns.declineCheckUp();
  }

  private static void refused(JsonObject json, String pointer, String reasonPart) {
    assertThatThrownBy(() -> CampaignParser.parse(json))
        .isInstanceOfSatisfying(
            InvalidCampaignException.class,
            e -> {
              assertThat(e.pointer()).isEqualTo(pointer);
              assertThat(e.reason()).contains(reasonPart);
            });
  }

  @Test
  @DisplayName("The seeded campaigns parse, and read back as they were written")
  void seedsParseAndRoundTrip() {
    for (JsonObject seed :
        new JsonObject[] {
          SeedCampaigns.declineCheckUp(),
          SeedCampaigns.strategicPriority(),
          SeedCampaigns.afterCleaning()
        }) {
      CampaignSpec spec = CampaignParser.parse(seed);
      assertThat(CampaignParser.parse(spec.toJson())).isEqualTo(spec);
    }
    CampaignSpec decline = CampaignParser.parse(decline());
    assertThat(decline.trigger()).isEqualTo(new CampaignTrigger.StageEntered("decline"));
    assertThat(decline.sendAt()).isEqualTo(LocalTime.of(10, 0));
    assertThat(decline.capMessages()).isEqualTo(2);
    assertThat(decline.capDays()).isEqualTo(30);
  }

  @Test
  @DisplayName("A campaign that targets nothing is refused at the place that says so")
  void targetsNothing() {
    refused(decline().put("audience", new JsonObject()), "/audience", "targets nothing");
    refused(
        decline().put("audience", new JsonObject().put("tiers", new JsonArray().add("gold"))),
        "/audience/tiers",
        "gold is not one of");
    refused(
        decline().put("audience", new JsonObject().put("stages", new JsonArray().add("sleepy"))),
        "/audience/stages",
        "sleepy");
    refused(
        decline().put("audience", new JsonObject().put("stages", new JsonArray().add("growth"))),
        "/trigger/stage",
        "exclude decline");
    refused(
        decline().put("trigger", new JsonObject().put("type", "stage-entered").put("stage", "x")),
        "/trigger/stage",
        "is not a stage");
  }

  @Test
  @DisplayName("A marketing campaign without the consent rule is refused; with it, it parses")
  void marketingNeedsConsent() {
    JsonObject marketing = decline().put("kind", "marketing");
    refused(marketing, "/consent", "marketing");
    assertThat(CampaignParser.parse(marketing.put("consent", "marketing")).marketing()).isTrue();
  }

  @Test
  @DisplayName("What does not parse is refused with its place")
  void doesNotParse() {
    refused(decline().put("colour", "red"), "/colour", "not a field");
    refused(decline().put("kind", "spam"), "/kind", "care or marketing");
    refused(decline().put("sendAt", "25:00"), "/sendAt", "HH:mm");
    refused(decline().put("delayDays", 1.5), "/delayDays", "whole number");
    refused(decline().put("controlShare", 0.9), "/controlShare", "0 to 0.5");
    refused(decline().put("endsAt", "tomorrow"), "/endsAt", "RFC 3339");
    refused(decline().put("trigger", new JsonObject().put("type", "moon")), "/trigger/type", "");
    refused(decline().put("message", new JsonObject().put("title", "t")), "/message/body", "");
    refused(
        decline().put("frequencyCap", new JsonObject().put("messages", 0)),
        "/frequencyCap/messages",
        "1 to 50");
    JsonObject message = decline().getJsonObject("message").copy().put("deepLink", "not a link");
    refused(decline().put("message", message), "/message/deepLink", "link");
    refused(null, "", "JSON object");
  }
}
