package io.careloop.crm.model.sentiment;

import io.careloop.crm.model.facts.Sentiment;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Prints the sentiment model's precision, recall and confusion matrix on the labelled evaluation
 * sets, which are never used for training (not a test: it asserts nothing). Run: {@code ./careloop
 * bench SentimentReport}.
 */
public final class SentimentReport {

  /** A program, not a test: the build does not run it. */
  public static void main(String[] args) {
    new SentimentReport().report();
  }

  void report() {
    SentimentClassifier classifier = SentimentClassifier.trainDefault();
    for (Language language : Language.values()) {
      List<LabelledText> eval =
          LabelledText.resource("/model/sentiment/eval-" + language.code() + ".tsv");
      System.out.printf(
          "%nSentiment, %s: %d evaluation texts (trained on %d others)%n",
          language,
          eval.size(),
          LabelledText.resource(SentimentClassifier.TRAINING_SET.formatted(language.code()))
              .size());
      System.out.print(SentimentEvaluation.of(classifier, eval).table());
    }
    crossValidation();
  }

  /**
   * Five-fold cross-validation on the training sets alone: how the settings were chosen without the
   * evaluation sets.
   */
  private static void crossValidation() {
    for (Language language : Language.values()) {
      List<LabelledText> train =
          LabelledText.resource(SentimentClassifier.TRAINING_SET.formatted(language.code()));
      List<Sentiment> truth = new ArrayList<>();
      List<Sentiment> predicted = new ArrayList<>();
      for (int fold = 0; fold < 5; fold++) {
        List<LabelledText> in = new ArrayList<>();
        List<LabelledText> out = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
          (i % 5 == fold ? out : in).add(train.get(i));
        }
        Map<Language, List<LabelledText>> sets = new EnumMap<>(Language.class);
        sets.put(language, in);
        SentimentClassifier c = SentimentClassifier.train(sets, RatingEvidence.defaults());
        out.forEach(
            t -> {
              truth.add(t.label());
              predicted.add(c.classify(t.text()).sentiment());
            });
      }
      System.out.printf(
          "five-fold cross-validation on the %s training set: accuracy %.3f%n",
          language, SentimentEvaluation.of(truth, predicted).accuracy());
    }
  }
}
