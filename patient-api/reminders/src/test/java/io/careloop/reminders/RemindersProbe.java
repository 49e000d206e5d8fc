package io.careloop.reminders;

import io.careloop.reminders.schedule.Reminder;
import io.careloop.reminders.schedule.ReminderRepository;
import java.util.Comparator;
import java.util.List;

/**
 * What tests of other modules look at inside a running reminders module. Blocking: for test
 * threads.
 */
public final class RemindersProbe {

  private final Reminders reminders;

  public RemindersProbe(Reminders reminders) {
    this.reminders = reminders;
  }

  /** A subject's messages as stored (any state), by due time. */
  public List<Reminder> remindersOf(String subject) {
    ReminderRepository repository = reminders.repository();
    return repository.keysOf(subject).await().stream()
        .map(k -> repository.find(k).await().orElseThrow())
        .sorted(Comparator.comparing(Reminder::dueAt))
        .toList();
  }
}
