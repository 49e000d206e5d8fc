package io.careloop.crm.sentiment;

import java.util.Optional;

/**
 * Labels feedback after a visit and staff notes. The CRM model (io.careloop.crm.model) brings the
 * trained classifier; until then {@link RatingOnlySentiment} stands in.
 */
public interface SentimentClassifier {

  /** The label of a text, helped by the patient's rating (1-5) when there is one. */
  Sentiment classify(String text, Optional<Integer> rating);

  /** The name stored with each label, so that labels of a weaker classifier can be given again. */
  default String name() {
    return getClass().getSimpleName();
  }
}
