package io.careloop.crm.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.crm.patient.CrmPatient;
import io.careloop.crm.patient.TestPatients;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ImportLinesTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 12, 6);
  private static final UUID CLINIC = UUID.randomUUID();

  private static void refused(String line, String reason) {
    assertThatThrownBy(() -> PatientLine.parse(line, TODAY))
        .isInstanceOf(LineRefused.class)
        .hasMessage(reason);
  }

  @Test
  @DisplayName("A patient line: every field checked, the first fault named")
  void patientLines() {
    PatientLine ok =
        PatientLine.parse(
            "{\"externalId\":\" P-1 \",\"name\":\"Ada\",\"email\":\"ada@example.org\","
                + "\"phone\":\"+33 6 12\",\"birthDate\":\"1990-02-03\",\"region\":\"Xuhui\",\"clinicId\":\""
                + CLINIC
                + "\"}",
            TODAY);

    assertThat(ok)
        .isEqualTo(
            new PatientLine(
                "P-1",
                "Ada",
                "ada@example.org",
                "+33 6 12",
                LocalDate.of(1990, 2, 3),
                "Xuhui",
                CLINIC));
    refused("[1,2]", "not a JSON object");
    refused("{\"name\":\"Ada\"}", "externalId is required");
    refused(
        "{\"externalId\":7,\"name\":\"Ada\"}", "externalId must be text of 1 to 128 characters");
    refused("{\"externalId\":\"P\",\"name\":\"Ada\",\"mail\":\"x\"}", "unknown field mail");
    refused(
        "{\"externalId\":\"P\",\"name\":\"A\\u0000da\"}",
        "name holds a control character or a lone surrogate");
    refused(
        "{\"externalId\":\"P\",\"name\":\"Ada\",\"phone\":\"12\"}",
        "phone must be a phone number (4 digits at least)");
    refused(
        "{\"externalId\":\"P\",\"name\":\"Ada\",\"birthDate\":\"03/02/1990\"}",
        "birthDate must be a date YYYY-MM-DD, got 03/02/1990");
    refused(
        "{\"externalId\":\"P\",\"name\":\"Ada\",\"clinicId\":\"nope\"}",
        "clinicId must be a UUID, got nope");
  }

  @Test
  @DisplayName(
      "A visit line: statuses completed, no-show, cancelled; a past date; a price of cents at most; a known booking channel")
  void visitLines() {
    String base =
        "{\"externalPatientId\":\"P-1\",\"date\":\"2026-03-04\",\"service\":\"Cleaning\",\"clinicId\":\""
            + CLINIC
            + "\",";
    VisitLine v = VisitLine.parse(base + "\"status\":\"No-Show\",\"price\":80.5}", TODAY);

    assertThat(v.status()).isEqualTo("no_show");
    assertThat(v.price()).isEqualByComparingTo(new BigDecimal("80.50"));
    assertThat(v.visitIn("practice").key()).isEqualTo("practice:P-1:2026-03-04:cleaning:");
    assertThatThrownBy(() -> VisitLine.parse(base + "\"status\":\"postponed\"}", TODAY))
        .hasMessage("status must be completed, no-show or cancelled, got postponed");
    assertThatThrownBy(
            () ->
                VisitLine.parse(
                    base.replace("2026-03-04", "2026-12-24") + "\"status\":\"completed\"}", TODAY))
        .hasMessage("date must be a date from 1900 to today, got 2026-12-24");
    assertThatThrownBy(
            () -> VisitLine.parse(base + "\"status\":\"completed\",\"price\":1.005}", TODAY))
        .hasMessageStartingWith("price must be 0 to 10000000 with at most 2 decimals");
    assertThat(
            VisitLine.parse(base + "\"status\":\"completed\",\"channel\":\"Walk-in\"}", TODAY)
                .channel())
        .isEqualTo("walk_in");
    assertThat(v.channel()).as("not said").isNull();
    assertThatThrownBy(
            () -> VisitLine.parse(base + "\"status\":\"completed\",\"channel\":\"pigeon\"}", TODAY))
        .hasMessage("channel must be phone, walk-in, web, mini-program, app or other, got pigeon");
  }

  @Test
  @DisplayName(
      "On an imported patient a line sets what it says; on an app patient it only fills what is missing; the same line changes nothing")
  void changes() {
    PatientLine line =
        new PatientLine(
            "P-1",
            "Ada Import",
            "ada@example.org",
            "+33 6 12 34",
            LocalDate.of(1990, 2, 3),
            "Pudong",
            CLINIC);
    CrmPatient imported = TestPatients.imported("Ada Old", "ada@example.org", null, CLINIC);
    CrmPatient app =
        new CrmPatient(
            UUID.randomUUID(),
            UUID.randomUUID(),
            "Ada App",
            null,
            "+33 7",
            null,
            "UTC",
            Set.of(),
            null,
            null,
            null,
            Set.of());

    assertThat(line.changesTo(null))
        .isEqualTo(
            new PatientLine.Profile(
                "Ada Import",
                "ada@example.org",
                "+33 6 12 34",
                LocalDate.of(1990, 2, 3),
                "Pudong"));
    assertThat(line.changesTo(imported).name()).isEqualTo("Ada Import");
    assertThat(line.changesTo(app))
        .isEqualTo(
            new PatientLine.Profile(
                "Ada App", "ada@example.org", "+33 7", LocalDate.of(1990, 2, 3), "Pudong"));
    CrmPatient same =
        new CrmPatient(
            imported.id(),
            null,
            "Ada Import",
            "ada@example.org",
            "+33 6 12 34",
            LocalDate.of(1990, 2, 3),
            null,
            Set.of(CLINIC),
            null,
            null,
            "Pudong",
            Set.of());
    assertThat(line.changesTo(same)).isNull();
  }
}
