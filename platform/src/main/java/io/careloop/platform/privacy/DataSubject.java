package io.careloop.platform.privacy;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The person whose data is exported or erased: their account id, when their account was made (no
 * row about them is older, so tables bucketed by month are walked from there), and the time zone
 * their days are counted in.
 */
public record DataSubject(UUID id, Instant since, String timeZone) {

  /**
   * The months (UTC) from the one {@link #since} falls in to the one {@code now} falls in, oldest
   * first.
   */
  public List<YearMonth> monthsUntil(Instant now) {
    List<YearMonth> months = new ArrayList<>();
    YearMonth last = YearMonth.from(now.atZone(ZoneOffset.UTC));
    for (YearMonth m = YearMonth.from(since.atZone(ZoneOffset.UTC));
        !m.isAfter(last);
        m = m.plusMonths(1)) {
      months.add(m);
    }
    return months;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("since", since.toString())
        .put("timeZone", timeZone);
  }

  public static DataSubject fromJson(JsonObject json) {
    return new DataSubject(
        UUID.fromString(json.getString("id")),
        Instant.parse(json.getString("since")),
        json.getString("timeZone"));
  }
}
