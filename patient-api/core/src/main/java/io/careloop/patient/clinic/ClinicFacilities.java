package io.careloop.patient.clinic;

import io.careloop.patient.access.AccessNeeds;
import io.careloop.platform.http.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * What a clinic can meet of patients' access needs (by the needs' names): {@code meets} anywhere in
 * it, and in its {@code rooms} what only that room meets (a hoist, a quiet room), the interpreter
 * languages it offers, and the minutes each need adds to an appointment there (a hoist transfer, a
 * sedation's recovery).
 */
public record ClinicFacilities(
    Set<String> meets,
    Set<String> interpreterLanguages,
    Map<String, Integer> extraMinutes,
    List<Room> rooms) {

  public static final ClinicFacilities NONE =
      new ClinicFacilities(Set.of(), Set.of(), Map.of(), List.of());

  /** The names a need may have, in {@code meets} and in a room's. */
  public static final Set<String> NEEDS =
      Set.of(
          "wheelchair",
          "hoist",
          "step-free",
          AccessNeeds.SEDATION,
          "quiet-room",
          "low-light",
          "sign-language",
          "easy-read",
          AccessNeeds.BEHAVIOURAL_SUPPORT);

  /** A room of the clinic, by its name there, and what it meets beyond the clinic's own. */
  public record Room(String name, Set<String> meets) {

    public Room {
      meets = Set.copyOf(meets);
    }

    /** The id its time is claimed under: one per clinic and room name. */
    public UUID id(UUID clinicId) {
      return idOf(clinicId, name);
    }

    public static UUID idOf(UUID clinicId, String name) {
      return UUID.nameUUIDFromBytes(
          ("room:" + clinicId + ":" + name).getBytes(StandardCharsets.UTF_8));
    }
  }

  public ClinicFacilities {
    meets = Set.copyOf(meets);
    interpreterLanguages = Set.copyOf(interpreterLanguages);
    extraMinutes = Map.copyOf(extraMinutes);
    rooms = List.copyOf(rooms);
  }

  /** Without rooms, as clinics declared before rooms. */
  public ClinicFacilities(
      Set<String> meets, Set<String> interpreterLanguages, Map<String, Integer> extraMinutes) {
    this(meets, interpreterLanguages, extraMinutes, List.of());
  }

  /**
   * How a patient's needs fit here: what is not met, the time the appointment takes beyond the
   * service's, and, when some needs are met only in rooms, the rooms that meet them all (one of
   * which the appointment must hold).
   */
  public record Fit(Set<String> unmet, Duration extraTime, List<Room> rooms) {

    public Fit {
      unmet = Collections.unmodifiableSortedSet(new TreeSet<>(unmet)); // named in order
      rooms = List.copyOf(rooms);
    }

    /** A fit that needs no room. */
    public Fit(Set<String> unmet, Duration extraTime) {
      this(unmet, extraTime, List.of());
    }

    public boolean met() {
      return unmet.isEmpty();
    }

    /** Whether the appointment must hold one of {@link #rooms}. */
    public boolean needsRoom() {
      return !rooms.isEmpty();
    }
  }

  public Fit fit(AccessNeeds needs) {
    Set<String> inRoom = new TreeSet<>(needs.needs());
    inRoom.removeAll(meets);
    List<Room> rooms = roomsMeeting(inRoom);
    Set<String> unmet = new TreeSet<>(rooms.isEmpty() ? unmetByRooms(inRoom) : Set.of());
    needs
        .interpreterLanguage()
        .filter(language -> !interpreterLanguages.contains(language))
        .ifPresent(language -> unmet.add("interpreter:" + language));
    int minutes =
        needs.extraMinutes()
            + needs.needs().stream().mapToInt(n -> extraMinutes.getOrDefault(n, 0)).sum();
    return new Fit(unmet, Duration.ofMinutes(minutes), unmet.isEmpty() ? rooms : List.of());
  }

  private List<Room> roomsMeeting(Set<String> inRoom) {
    return inRoom.isEmpty()
        ? List.of()
        : rooms.stream().filter(room -> room.meets().containsAll(inRoom)).toList();
  }

  /** What no room meets; all of them when each is met somewhere but in no room together. */
  private Set<String> unmetByRooms(Set<String> inRoom) {
    Set<String> unmet = new TreeSet<>(inRoom);
    rooms.forEach(room -> unmet.removeAll(room.meets()));
    return unmet.isEmpty() ? inRoom : unmet;
  }

  /** Reads what an admin declares; a room without a name or meeting nothing is 400. */
  public static ClinicFacilities fromJson(JsonObject json) {
    Map<String, Integer> minutes = new TreeMap<>();
    json.getJsonObject("extraMinutes", new JsonObject())
        .forEach(e -> minutes.put(e.getKey(), (Integer) e.getValue()));
    return new ClinicFacilities(
        needNames(json.getJsonArray("meets", new JsonArray()), "meets"),
        strings(json.getJsonArray("interpreterLanguages", new JsonArray())),
        minutes,
        rooms(json.getJsonArray("rooms", new JsonArray())));
  }

  private static List<Room> rooms(JsonArray array) {
    List<Room> rooms = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Object o : array) {
      JsonObject room = (JsonObject) o;
      String name = room.getString("name", "").strip();
      if (name.isEmpty() || !names.add(name)) {
        throw Problem.validation("Each room needs a name of its own; got \"" + name + "\"");
      }
      Set<String> meets = needNames(room.getJsonArray("meets", new JsonArray()), name);
      if (meets.isEmpty()) {
        throw Problem.validation("Room " + name + " names no need it meets");
      }
      rooms.add(new Room(name, meets));
    }
    return rooms;
  }

  private static Set<String> needNames(JsonArray array, String where) {
    Set<String> names = strings(array);
    for (String name : names) {
      if (!NEEDS.contains(name)) {
        throw Problem.validation(
            where + " names " + name + ", which is no need; needs are " + new TreeSet<>(NEEDS));
      }
    }
    return names;
  }

  private static Set<String> strings(JsonArray array) {
    Set<String> strings = new TreeSet<>();
    array.forEach(s -> strings.add(String.valueOf(s)));
    return strings;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("meets", new JsonArray(List.copyOf(new TreeSet<>(meets))))
        .put(
            "interpreterLanguages", new JsonArray(List.copyOf(new TreeSet<>(interpreterLanguages))))
        .put("extraMinutes", new JsonObject(new TreeMap<String, Object>(extraMinutes)))
        .put(
            "rooms",
            new JsonArray(
                rooms.stream()
                    .map(
                        room ->
                            new JsonObject()
                                .put("name", room.name())
                                .put(
                                    "meets",
                                    new JsonArray(List.copyOf(new TreeSet<>(room.meets())))))
                    .toList()));
  }
}
