package io.careloop.patient.clinic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.patient.access.AccessNeeds;
import io.careloop.platform.http.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ClinicFacilitiesTest {

  private final ClinicFacilities clinic =
      new ClinicFacilities(
          Set.of("wheelchair", "step-free", "sedation"),
          Set.of("pl"),
          Map.of("wheelchair", 10, "sedation", 30, "hoist", 20));

  @Test
  @DisplayName(
      "Needs the clinic meets fit, with the patient's own minutes plus the clinic's for each need")
  void metNeedsAddTheirTime() {
    var fit = clinic.fit(new AccessNeeds(Set.of("wheelchair", "sedation"), 15, Optional.of("pl")));

    assertThat(fit.met()).isTrue();
    assertThat(fit.extraTime()).isEqualTo(Duration.ofMinutes(15 + 10 + 30));
  }

  @Test
  @DisplayName(
      "A need or an interpreter language the clinic does not offer is named; no needs fit anywhere, with no extra time")
  void unmetNeedsAreNamed() {
    var fit =
        clinic.fit(
            new AccessNeeds(Set.of("hoist", "wheelchair", "quiet-room"), 0, Optional.of("ar")));

    assertThat(fit.met()).isFalse();
    assertThat(fit.unmet()).containsExactly("hoist", "interpreter:ar", "quiet-room");
    assertThat(ClinicFacilities.NONE.fit(AccessNeeds.NONE))
        .isEqualTo(new ClinicFacilities.Fit(Set.of(), Duration.ZERO));
  }

  @Test
  @DisplayName("The categories a change touches are the ones whose value differs")
  void changedCategories() {
    AccessNeeds before = new AccessNeeds(Set.of("wheelchair", "easy-read"), 10, Optional.empty());
    AccessNeeds after =
        new AccessNeeds(Set.of("wheelchair", "sign-language", "sedation"), 10, Optional.empty());

    assertThat(after.categoriesChangedFrom(before)).containsExactly("communication", "sedation");
    assertThat(after.categoriesChangedFrom(after)).isEmpty();
  }

  private final ClinicFacilities withRooms =
      new ClinicFacilities(
          Set.of("wheelchair", "step-free"),
          Set.of(),
          Map.of(),
          List.of(
              new ClinicFacilities.Room("Room 1", Set.of("quiet-room", "low-light")),
              new ClinicFacilities.Room("Room 2", Set.of("hoist")),
              new ClinicFacilities.Room("Room 3", Set.of("hoist", "low-light"))));

  @Test
  @DisplayName(
      "A need only some rooms meet fits with those rooms to hold; needs the clinic meets anywhere need no room")
  void roomNeeds() {
    var hoist = withRooms.fit(new AccessNeeds(Set.of("hoist", "wheelchair"), 0, Optional.empty()));
    var anywhere = withRooms.fit(new AccessNeeds(Set.of("wheelchair"), 0, Optional.empty()));

    assertThat(hoist.met()).isTrue();
    assertThat(hoist.rooms())
        .extracting(ClinicFacilities.Room::name)
        .containsExactly("Room 2", "Room 3");
    assertThat(anywhere.met()).isTrue();
    assertThat(anywhere.needsRoom()).isFalse();
  }

  @Test
  @DisplayName(
      "Needs met in different rooms but in none together are all named unmet; a need no room meets is named alone")
  void roomNeedsNotTogether() {
    var apart = withRooms.fit(new AccessNeeds(Set.of("hoist", "quiet-room"), 0, Optional.empty()));
    var nowhere = withRooms.fit(new AccessNeeds(Set.of("hoist", "sedation"), 0, Optional.empty()));

    assertThat(apart.unmet()).containsExactly("hoist", "quiet-room");
    assertThat(apart.rooms()).isEmpty();
    assertThat(nowhere.unmet()).containsExactly("sedation");
  }

  @Test
  @DisplayName(
      "A declaration reads back as written; a room without a name, twice the same name, naming no need or an unknown one is 400")
  void declarations() {
    JsonObject declared =
        new JsonObject()
            .put("meets", new JsonArray().add("step-free"))
            .put("rooms", new JsonArray().add(room("Room 2", "hoist")));

    assertThat(ClinicFacilities.fromJson(declared).toJson().getJsonArray("rooms"))
        .isEqualTo(declared.getJsonArray("rooms"));
    for (JsonArray rooms :
        List.of(
            new JsonArray().add(room(" ", "hoist")),
            new JsonArray().add(room("Room 2", "hoist")).add(room("Room 2", "low-light")),
            new JsonArray().add(room("Room 2")),
            new JsonArray().add(room("Room 2", "jetpack")))) {
      assertThatThrownBy(() -> ClinicFacilities.fromJson(new JsonObject().put("rooms", rooms)))
          .as(rooms.encode())
          .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(400));
    }
  }

  private static JsonObject room(String name, String... meets) {
    return new JsonObject().put("name", name).put("meets", new JsonArray(List.of(meets)));
  }
}
