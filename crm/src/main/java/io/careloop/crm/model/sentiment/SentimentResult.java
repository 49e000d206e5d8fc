package io.careloop.crm.model.sentiment;

import io.careloop.crm.model.facts.Sentiment;
import java.util.Map;
import java.util.Optional;

/**
 * A judged text or rating: the label, the probability of each label, the language the text was read
 * in (empty without text), and what the judgement rests on.
 */
public record SentimentResult(
    Sentiment sentiment,
    Map<Sentiment, Double> probabilities,
    Optional<Language> language,
    Basis basis) {

  /** What the label was judged from. */
  public enum Basis {
    TEXT,
    RATING,
    TEXT_AND_RATING
  }

  public SentimentResult {
    probabilities = Map.copyOf(probabilities);
  }
}
