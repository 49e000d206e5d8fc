package io.careloop.crm.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RatingOnlySentimentTest {

  private final SentimentClassifier placeholder = new RatingOnlySentiment();

  @Test
  @DisplayName("The placeholder reads the rating only: 4-5 satisfied, 3 doubt, 1-2 complaint; no rating, doubt")
  void byRating() {
    assertThat(placeholder.classify("Terrible!", Optional.of(5))).isEqualTo(Sentiment.SATISFIED);
    assertThat(placeholder.classify("", Optional.of(4))).isEqualTo(Sentiment.SATISFIED);
    assertThat(placeholder.classify("", Optional.of(3))).isEqualTo(Sentiment.DOUBT);
    assertThat(placeholder.classify("Lovely", Optional.of(2))).isEqualTo(Sentiment.COMPLAINT);
    assertThat(placeholder.classify("I want a refund", Optional.empty())).isEqualTo(Sentiment.DOUBT);
    assertThat(placeholder.name()).isEqualTo("rating-only-placeholder");
  }
}
