package io.careloop.reminders.kinds;

import static org.assertj.core.api.Assertions.assertThat;

import io.careloop.patient.access.AccessNeeds;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AppointmentTextsTest {

  private static final AppointmentTexts TEXTS = AppointmentTexts.load();
  private static final AppointmentTexts.Visit VISIT =
      new AppointmentTexts.Visit(
          "Check-up", "Rive Gauche", "1 Main Street", "Monday 6 December at 10:00");

  @Test
  @DisplayName("Without communication needs the reminder reads as it always did")
  void standard() {
    AppointmentTexts.Text text = TEXTS.of(VISIT, AccessNeeds.NONE);

    assertThat(text.title()).isEqualTo("Appointment reminder");
    assertThat(text.body())
        .isEqualTo("Your Check-up at Rive Gauche is on Monday 6 December at 10:00.");
  }

  @Test
  @DisplayName("Easy-read: short sentences saying what, when and where, the address included")
  void easyRead() {
    AppointmentTexts.Text text =
        TEXTS.of(VISIT, new AccessNeeds(Set.of("easy-read"), 0, Optional.empty()));

    assertThat(text.body())
        .isEqualTo(
            "You have a visit to the dentist.\n"
                + "What: Check-up.\n"
                + "When: Monday 6 December at 10:00.\n"
                + "Where: Rive Gauche, 1 Main Street.");
  }

  @Test
  @DisplayName(
      "An interpreter's language is named in English, in either style; an unknown tag as it is")
  void interpreter() {
    assertThat(TEXTS.of(VISIT, new AccessNeeds(Set.of(), 0, Optional.of("pl"))).body())
        .endsWith("10:00. An interpreter for Polish is booked for your visit.");
    assertThat(TEXTS.of(VISIT, new AccessNeeds(Set.of("easy-read"), 0, Optional.of("pl"))).body())
        .endsWith("1 Main Street.\nAn interpreter for Polish will be there.");
    assertThat(AppointmentTexts.languageName("qqq")).isEqualTo("qqq");
  }
}
