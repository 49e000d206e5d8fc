package io.careloop.crm.model.sentiment;

import io.careloop.crm.model.facts.Sentiment;
import java.util.List;
import java.util.Locale;

/**
 * How the labels of a classifier compare with the true ones: the confusion matrix and per-label
 * precision and recall.
 */
public record SentimentEvaluation(int[][] confusion) {

  /** Rows are true labels, columns predicted, both in {@link Sentiment} order. */
  public static SentimentEvaluation of(List<Sentiment> truth, List<Sentiment> predicted) {
    int k = Sentiment.values().length;
    int[][] confusion = new int[k][k];
    for (int i = 0; i < truth.size(); i++) {
      confusion[truth.get(i).ordinal()][predicted.get(i).ordinal()]++;
    }
    return new SentimentEvaluation(confusion);
  }

  public static SentimentEvaluation of(SentimentClassifier classifier, List<LabelledText> texts) {
    return of(
        texts.stream().map(LabelledText::label).toList(),
        texts.stream().map(t -> classifier.classify(t.text()).sentiment()).toList());
  }

  public int total() {
    int n = 0;
    for (int[] row : confusion) {
      for (int c : row) {
        n += c;
      }
    }
    return n;
  }

  public double accuracy() {
    int right = 0;
    for (int i = 0; i < confusion.length; i++) {
      right += confusion[i][i];
    }
    return (double) right / total();
  }

  /** Of the texts labelled {@code s}, the share that truly are. */
  public double precision(Sentiment s) {
    int predicted = 0;
    for (int[] row : confusion) {
      predicted += row[s.ordinal()];
    }
    return predicted == 0 ? Double.NaN : (double) confusion[s.ordinal()][s.ordinal()] / predicted;
  }

  /** Of the texts that truly are {@code s}, the share labelled so. */
  public double recall(Sentiment s) {
    int actual = 0;
    for (int c : confusion[s.ordinal()]) {
      actual += c;
    }
    return actual == 0 ? Double.NaN : (double) confusion[s.ordinal()][s.ordinal()] / actual;
  }

  /** A printable table: per label precision, recall, F1, then the confusion matrix. */
  public String table() {
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%-10s %9s %7s %6s %8s%n",
                "label",
                "precision",
                "recall",
                "F1",
                "texts"));
    for (Sentiment s : Sentiment.values()) {
      double p = precision(s);
      double r = recall(s);
      int texts = java.util.Arrays.stream(confusion[s.ordinal()]).sum();
      out.append(
          String.format(
              Locale.ROOT,
              "%-10s %9.3f %7.3f %6.3f %8d%n",
              s.json(),
              p,
              r,
              2 * p * r / (p + r),
              texts));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "accuracy %.3f on %d texts%nconfusion (rows true, columns predicted):%n%-10s",
            accuracy(),
            total(),
            ""));
    for (Sentiment s : Sentiment.values()) {
      out.append(String.format(Locale.ROOT, " %10s", s.json()));
    }
    for (Sentiment s : Sentiment.values()) {
      out.append(String.format(Locale.ROOT, "%n%-10s", s.json()));
      for (int c : confusion[s.ordinal()]) {
        out.append(String.format(Locale.ROOT, " %10d", c));
      }
    }
    return out.append(System.lineSeparator()).toString();
  }
}
