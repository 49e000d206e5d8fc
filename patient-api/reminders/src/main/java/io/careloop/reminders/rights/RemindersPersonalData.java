package io.careloop.reminders.rights;

import io.careloop.platform.privacy.DataSubject;
import io.careloop.platform.privacy.Erasure;
import io.careloop.platform.privacy.PersonalData;
import io.careloop.reminders.kinds.BrushingRosterRepository;
import io.careloop.reminders.schedule.Reminder;
import io.careloop.reminders.schedule.ReminderRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What the reminders module holds about a patient: every message planned for them (sent, dropped
 * and why included), and their place on the brushing nudges' roster. All of it goes at an erasure:
 * a reminder is no record of care.
 */
public final class RemindersPersonalData implements PersonalData {

  private final String module;
  private final ReminderRepository reminders;
  private final BrushingRosterRepository roster;

  public RemindersPersonalData(
      String module, ReminderRepository reminders, BrushingRosterRepository roster) {
    this.module = module;
    this.reminders = reminders;
    this.roster = roster;
  }

  @Override
  public String module() {
    return module;
  }

  @Override
  public Future<JsonObject> export(DataSubject subject) {
    return reminders
        .keysOfPatient(subject.id())
        .compose(keys -> Future.all(keys.stream().map(reminders::find).toList()))
        .map(
            all ->
                new JsonObject()
                    .put(
                        "reminders",
                        new JsonArray(
                            all.<Optional<Reminder>>list().stream()
                                .flatMap(Optional::stream)
                                .filter(r -> r.patientId().equals(subject.id()))
                                .sorted(Comparator.comparing(Reminder::dueAt))
                                .map(RemindersPersonalData::toJson)
                                .toList())));
  }

  private static JsonObject toJson(Reminder r) {
    return new JsonObject()
        .put("kind", r.kind())
        .put("dueAt", r.dueAt().toString())
        .put("state", r.state().db())
        .put("reason", r.reason())
        .put("title", r.title())
        .put("body", r.body())
        .put("data", new JsonObject(new TreeMap<>(r.data())));
  }

  @Override
  public Future<Erasure> erase(DataSubject subject, UUID pseudonym) {
    UUID id = subject.id();
    Erasure.Tally tally = Erasure.tally(module);
    return roster
        .remove(id)
        .compose(v -> reminders.keysOfPatient(id))
        .compose(keys -> Future.all(keys.stream().map(reminders::forget).toList()))
        .map(
            all ->
                tally.deleted(
                    "reminders_by_key", (int) all.<Boolean>list().stream().filter(b -> b).count()))
        .compose(v -> reminders.forgetPatient(id))
        .map(v -> tally.deleted("brushing_patients_by_shard", 1).done());
  }
}
