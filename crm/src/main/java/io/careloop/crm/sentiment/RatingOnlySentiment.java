package io.careloop.crm.sentiment;

import java.util.Optional;

/**
 * A placeholder, not a classifier: it reads the rating and ignores the text. 4-5 is satisfied, 3
 * doubt, 1-2 a complaint; without a rating (a staff note) it cannot tell and says doubt. Replaced
 * by the CRM model's classifier; the labels it gave carry its name and can be given again.
 */
public final class RatingOnlySentiment implements SentimentClassifier {

  public static final String NAME = "rating-only-placeholder";

  @Override
  public Sentiment classify(String text, Optional<Integer> rating) {
    return rating.map(r -> r >= 4 ? Sentiment.SATISFIED : r == 3 ? Sentiment.DOUBT : Sentiment.COMPLAINT)
        .orElse(Sentiment.DOUBT);
  }

  @Override
  public String name() {
    return NAME;
  }
}
