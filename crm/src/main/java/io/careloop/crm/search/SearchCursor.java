package io.careloop.crm.search;

import io.careloop.crm.patient.SearchRepository.Hit;
import io.careloop.platform.http.Problem;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/** Where a page of a search ended, as an opaque token: the last hit it went through. */
final class SearchCursor {

  private SearchCursor() {}

  static String token(Hit last) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((last.patientId() + "|" + last.key()).getBytes(StandardCharsets.UTF_8));
  }

  static Hit of(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int bar = text.indexOf('|');
      return new Hit(text.substring(bar + 1), UUID.fromString(text.substring(0, bar)));
    } catch (RuntimeException e) {
      throw Problem.validation("pageToken is not one this API gave");
    }
  }
}
