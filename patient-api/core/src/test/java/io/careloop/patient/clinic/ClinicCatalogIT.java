package io.careloop.patient.clinic;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.careloop.patient.testing.BookingWorld;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ClinicCatalogIT {

  @RegisterExtension
  static final BookingWorld world = new BookingWorld(Instant.parse("2026-12-01T07:00:00Z"));

  @Test
  @DisplayName(
      "A clinic, service or provider found once is not read again (its row never changes); one not"
          + " found is looked for again")
  void foundOnesRemembered() {
    Clinic clinic = world.clinic("Europe/Paris", 0, 0, 30);
    ClinicalService service = world.service("Check-up", 30, 15);
    Provider provider = world.provider("Anna", Set.of(service), clinic);
    ClinicCatalog catalog =
        new ClinicCatalog(
            new ClinicRepository(world.session), BookingConfig.defaults(), Clock.systemUTC());
    assertThat(catalog.clinic(clinic.id()).await()).hasValue(clinic);
    assertThat(catalog.service(service.id()).await()).hasValue(service);
    assertThat(catalog.provider(provider.id()).await()).hasValue(provider);

    // Gone from the tables (nothing in CareLoop deletes them): still known to this catalog.
    delete("clinics_by_id", "clinic_id", clinic.id());
    delete("services_by_id", "service_id", service.id());
    delete("providers_by_id", "provider_id", provider.id());
    assertThat(catalog.clinic(clinic.id()).await()).hasValue(clinic);
    assertThat(catalog.service(service.id()).await()).hasValue(service);
    assertThat(catalog.provider(provider.id()).await()).hasValue(provider);
    ClinicCatalog another =
        new ClinicCatalog(
            new ClinicRepository(world.session), BookingConfig.defaults(), Clock.systemUTC());
    assertThat(another.clinic(clinic.id()).await()).isEmpty();

    // Not found, then created: found.
    ClinicalService later = world.service("Cleaning", 45, 0);
    delete("services_by_id", "service_id", later.id());
    assertThat(another.service(later.id()).await()).isEmpty();
    world.session.execute(
        SimpleStatement.newInstance(
            "INSERT INTO services_by_id (service_id, name, duration_minutes, buffer_minutes)"
                + " VALUES (?, 'Cleaning', 45, 0)",
            later.id()));
    assertThat(another.service(later.id()).await()).hasValue(later);
  }

  private static void delete(String table, String key, UUID id) {
    world.session.execute(
        SimpleStatement.newInstance("DELETE FROM " + table + " WHERE " + key + " = ?", id));
  }
}
