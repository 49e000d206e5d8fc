package io.careloop.crm.record;

import io.careloop.crm.patient.CrmPatient;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.auth.Role;

/**
 * What a staff member sees of a patient. Nurses and coordinators see the patients of their clinics,
 * admins those of the whole chain. Everyone sees the relationship data (profile, contacts,
 * identities, appointments and visits, contact history, feedback, tags, tier, stage); clinical data
 * (brushing, care plan, alerts) is for nurses only.
 */
public final class StaffView {

  private StaffView() {}

  public static boolean sees(Principal staff, CrmPatient patient) {
    return staff.role() == Role.ADMIN
        || patient.clinicIds().stream().anyMatch(staff.clinics()::contains);
  }

  public static boolean clinical(Principal staff) {
    return staff.role() == Role.NURSE;
  }

  public static String name(Principal staff) {
    return clinical(staff) ? "clinical" : "relationship";
  }
}
