package io.careloop.crm.imports;

import io.careloop.crm.patient.CrmPatient;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

/**
 * A patient of a practice system: {@code {"externalId", "name", "email"?, "phone"?, "birthDate"?,
 * "region"?, "clinicId"?}}, clinicId naming the CareLoop clinic whose patient they are, region
 * where they live as the chain names it (a city, a district).
 */
public record PatientLine(
    String externalId,
    String name,
    String email,
    String phone,
    LocalDate birthDate,
    String region,
    UUID clinicId) {

  static final Set<String> FIELDS =
      Set.of("externalId", "name", "email", "phone", "birthDate", "region", "clinicId");

  /** The line read and checked; refused with the reason otherwise. */
  public static PatientLine parse(String line, LocalDate today) {
    LineFields f = LineFields.of(line, FIELDS);
    return new PatientLine(
        f.text("externalId", 128, true),
        f.text("name", 200, true),
        f.email("email"),
        f.phone("phone"),
        f.pastDate("birthDate", today, false),
        f.text("region", 100, false),
        f.uuid("clinicId", false));
  }

  /**
   * What the line changes on the patient: the profile an import sets, or null when nothing. The
   * app's profile is the patient's own: on a patient with an app account the line only fills what
   * the record lacks.
   */
  Profile changesTo(CrmPatient current) {
    boolean ownProfile = current != null && current.accountId() != null;
    Profile now =
        current == null
            ? new Profile(null, null, null, null, null)
            : new Profile(
                current.name(),
                current.email(),
                current.phone(),
                current.birthDate(),
                current.region());
    Profile wanted =
        new Profile(
            pick(now.name(), name, ownProfile),
            pick(now.email(), email, ownProfile),
            pick(now.phone(), phone, ownProfile),
            birthDate == null ? now.birthDate() : birthDate,
            region == null ? now.region() : region);
    return wanted.equals(now) ? null : wanted;
  }

  private static String pick(String current, String imported, boolean keepCurrent) {
    if (imported == null || (keepCurrent && current != null)) {
      return current;
    }
    return imported;
  }

  /** The fields of a patient an import writes. */
  record Profile(String name, String email, String phone, LocalDate birthDate, String region) {}
}
