package io.careloop.crm.model.sentiment;

import io.careloop.crm.model.facts.Sentiment;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a 1-5 rating says about the sentiment, as a probability per label: combined with the text's
 * probabilities by multiplying and normalising (naive Bayes with even priors), so a clear text can
 * outweigh a lukewarm rating and a clear rating settles an ambiguous text. Defaults: 1 and 2 lean
 * to complaint, 3 to doubt, 4 and 5 to satisfied, none of them certain.
 */
public record RatingEvidence(List<Map<Sentiment, Double>> byRating) {

  public RatingEvidence {
    if (byRating.size() != 5) {
      throw new IllegalArgumentException("one row per rating 1 to 5");
    }
    byRating = byRating.stream().map(row -> Map.copyOf(new EnumMap<>(row))).toList();
  }

  public static RatingEvidence defaults() {
    return new RatingEvidence(
        List.of(
            row(0.03, 0.12, 0.85),
            row(0.07, 0.33, 0.60),
            row(0.25, 0.55, 0.20),
            row(0.75, 0.20, 0.05),
            row(0.90, 0.08, 0.02)));
  }

  public Map<Sentiment, Double> of(int rating) {
    if (rating < 1 || rating > 5) {
      throw new IllegalArgumentException("a rating is from 1 to 5, got " + rating);
    }
    return byRating.get(rating - 1);
  }

  private static Map<Sentiment, Double> row(double satisfied, double doubt, double complaint) {
    return Map.of(
        Sentiment.SATISFIED, satisfied, Sentiment.DOUBT, doubt, Sentiment.COMPLAINT, complaint);
  }
}
