package io.careloop.crm.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SearchTermsTest {

  private static final UUID CLINIC = UUID.randomUUID();

  private static CrmPatient patient(String name, String email, String phone) {
    return TestPatients.imported(name, email, phone, CLINIC);
  }

  @Test
  @DisplayName(
      "A patient is found by the words of the name (accents dropped), the e-mail and its words before the @, the phone's last digits")
  void terms() {
    Set<String> terms =
        SearchTerms.termsOf(
            patient("José  Álvarez-Núñez", "Jose.Alvarez@Example.org", "+34 612-345-678"));

    assertThat(terms)
        .contains(
            "jose",
            "alvarez",
            "nunez",
            "jose.alvarez@example.org",
            "34612345678",
            "612345678",
            "5678")
        .doesNotContain("example", "org", "678");
  }

  @Test
  @DisplayName("A Chinese name is found by the family name and by the given name")
  void chineseName() {
    assertThat(SearchTerms.termsOf(patient("李小明", null, null)))
        .containsExactlyInAnyOrder("李小明", "小明", "明");
  }

  @Test
  @DisplayName(
      "Each clinic of the patient gets the list row and every term; an unnamed patient sorts last")
  void entries() {
    CrmPatient p = patient(null, null, "12345");
    assertThat(SearchTerms.entriesOf(p))
        .containsExactlyInAnyOrder(
            new SearchTerms.Entry(CLINIC, SearchTerms.LIST, SearchTerms.UNNAMED),
            new SearchTerms.Entry(CLINIC, SearchTerms.TERM, "12345"),
            new SearchTerms.Entry(CLINIC, SearchTerms.TERM, "2345"));
  }

  @Test
  @DisplayName(
      "A query of digits is a phone, one with @ an e-mail, else words looked up by the longest, all of which must match")
  void queries() {
    CrmPatient jose = patient("José Álvarez", "jose.alvarez@example.org", "+34 612 345 678");

    SearchTerms.Query phone = SearchTerms.query(" 345 678 ");
    SearchTerms.Query email = SearchTerms.query("JOSE.alv@");
    SearchTerms.Query name = SearchTerms.query("alvarez jo");

    assertThat(phone.kind()).isEqualTo(SearchTerms.Query.Kind.PHONE);
    assertThat(phone.lookup()).isEqualTo("345678");
    assertThat(phone.matches(jose)).isTrue();
    assertThat(email.kind()).isEqualTo(SearchTerms.Query.Kind.EMAIL);
    assertThat(name.lookup()).isEqualTo("alvarez");
    assertThat(name.matches(jose)).isTrue();
    assertThat(SearchTerms.query("alvarez maria").matches(jose)).isFalse();
    assertThat(SearchTerms.query("jose.alvarez").matches(jose)).as("words of the address").isTrue();
  }

  @Test
  @DisplayName("Rows sort by code point, as Cassandra sorts text, not by Java's UTF-16 order")
  void codePointOrder() {
    String supplementary = new String(Character.toChars(0x20000)); // a CJK Extension B character
    assertThat(SearchRepository.Hit.byCodePoints(supplementary, "\uffff")).isPositive();
    assertThat(supplementary.compareTo("\uffff")).as("Java's order differs").isNegative();
  }
}
