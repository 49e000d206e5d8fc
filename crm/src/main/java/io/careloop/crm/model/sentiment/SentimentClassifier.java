package io.careloop.crm.model.sentiment;

import io.careloop.crm.model.facts.Sentiment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import opennlp.tools.doccat.BagOfWordsFeatureGenerator;
import opennlp.tools.doccat.DoccatFactory;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.doccat.DocumentCategorizerME;
import opennlp.tools.doccat.DocumentSample;
import opennlp.tools.doccat.FeatureGenerator;
import opennlp.tools.doccat.NGramFeatureGenerator;
import opennlp.tools.util.InvalidFormatException;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.TrainingParameters;

/**
 * Labels feedback and staff notes {@code satisfied}, {@code doubt} or {@code complaint}: Apache
 * OpenNLP's document categorizer (maximum entropy over words and word pairs), one model per
 * language, trained at start-up from the labelled texts shipped in {@code /model/sentiment/} (a
 * second or two), combined with the rating when there is one ({@link RatingEvidence}). Thread-safe:
 * each thread gets its own categorizer over the shared, immutable models.
 */
public final class SentimentClassifier {

  public static final String TRAINING_SET = "/model/sentiment/train-%s.tsv";

  /**
   * Stored with every label, so that labels of an older classifier can be told apart and given
   * again.
   */
  public static final String NAME = "opennlp-maxent-en-zh-1";

  private final TextTokenizer tokenizer = new TextTokenizer();
  private final Map<Language, DoccatModel> models;
  private final Map<Language, ThreadLocal<DocumentCategorizerME>> categorizers =
      new EnumMap<>(Language.class);
  private final RatingEvidence ratings;

  private SentimentClassifier(Map<Language, DoccatModel> models, RatingEvidence ratings) {
    this.models = Map.copyOf(models);
    this.ratings = ratings;
    models.forEach(
        (language, model) ->
            categorizers.put(
                language, ThreadLocal.withInitial(() -> new DocumentCategorizerME(model))));
  }

  /** Trained on the shipped sets, English and Chinese, with the default rating evidence. */
  public static SentimentClassifier trainDefault() {
    Map<Language, List<LabelledText>> sets = new EnumMap<>(Language.class);
    for (Language language : Language.values()) {
      sets.put(language, LabelledText.resource(TRAINING_SET.formatted(language.code())));
    }
    return train(sets, RatingEvidence.defaults());
  }

  public static SentimentClassifier train(
      Map<Language, List<LabelledText>> sets, RatingEvidence ratings) {
    return train(sets, ratings, parameters());
  }

  static SentimentClassifier train(
      Map<Language, List<LabelledText>> sets,
      RatingEvidence ratings,
      TrainingParameters parameters) {
    TextTokenizer tokenizer = new TextTokenizer();
    Map<Language, DoccatModel> models = new EnumMap<>(Language.class);
    sets.forEach(
        (language, texts) ->
            models.put(language, trainOne(language, texts, tokenizer, parameters)));
    return new SentimentClassifier(models, ratings);
  }

  /**
   * The label of a text with its rating (1-5) if the patient gave one; at least one of the two is
   * needed.
   */
  public SentimentResult classify(Optional<String> text, OptionalInt rating) {
    Optional<String> words = text.filter(t -> !t.isBlank());
    if (words.isEmpty() && rating.isEmpty()) {
      throw new IllegalArgumentException("nothing to judge: neither a text nor a rating");
    }
    if (words.isEmpty()) {
      return result(ratings.of(rating.getAsInt()), Optional.empty(), SentimentResult.Basis.RATING);
    }
    Language language = Language.of(words.get());
    Map<Sentiment, Double> fromText = textProbabilities(words.get(), language);
    if (rating.isEmpty()) {
      return result(fromText, Optional.of(language), SentimentResult.Basis.TEXT);
    }
    return result(
        combine(fromText, ratings.of(rating.getAsInt())),
        Optional.of(language),
        SentimentResult.Basis.TEXT_AND_RATING);
  }

  public String name() {
    return NAME;
  }

  /** The label of a text alone, as for a staff note. */
  public SentimentResult classify(String text) {
    return classify(Optional.of(text), OptionalInt.empty());
  }

  private Map<Sentiment, Double> textProbabilities(String text, Language language) {
    Language modelled = models.containsKey(language) ? language : models.keySet().iterator().next();
    DocumentCategorizerME categorizer = categorizers.get(modelled).get();
    double[] p = categorizer.categorize(tokenizer.tokens(text, modelled));
    Map<Sentiment, Double> out = new EnumMap<>(Sentiment.class);
    for (int i = 0; i < p.length; i++) {
      out.put(Sentiment.fromJson(categorizer.getCategory(i)).orElseThrow(), p[i]);
    }
    return out;
  }

  private static Map<Sentiment, Double> combine(
      Map<Sentiment, Double> a, Map<Sentiment, Double> b) {
    Map<Sentiment, Double> out = new EnumMap<>(Sentiment.class);
    double total = 0;
    for (Sentiment s : Sentiment.values()) {
      double p = a.getOrDefault(s, 0.0) * b.getOrDefault(s, 0.0);
      out.put(s, p);
      total += p;
    }
    double sum = total;
    out.replaceAll((s, p) -> sum > 0 ? p / sum : 1.0 / Sentiment.values().length);
    return out;
  }

  private static SentimentResult result(
      Map<Sentiment, Double> p, Optional<Language> language, SentimentResult.Basis basis) {
    Sentiment best =
        p.entrySet().stream()
            .max(
                Map.Entry.<Sentiment, Double>comparingByValue()
                    .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
            .orElseThrow()
            .getKey();
    return new SentimentResult(best, p, language, basis);
  }

  private static DoccatModel trainOne(
      Language language,
      List<LabelledText> texts,
      TextTokenizer tokenizer,
      TrainingParameters parameters) {
    List<DocumentSample> samples =
        texts.stream()
            .map(t -> new DocumentSample(t.label().json(), tokenizer.tokens(t.text(), language)))
            .toList();
    try {
      return DocumentCategorizerME.train(
          language.code(), ObjectStreamUtils.createObjectStream(samples), parameters, factory());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // training from memory does no I/O
    }
  }

  /**
   * Maximum entropy by GIS; every feature seen once counts (the sets are small), one thread,
   * deterministic.
   */
  static TrainingParameters parameters() {
    TrainingParameters params = new TrainingParameters();
    params.put(TrainingParameters.ALGORITHM_PARAM, "MAXENT");
    params.put(TrainingParameters.ITERATIONS_PARAM, 300);
    params.put(TrainingParameters.CUTOFF_PARAM, 1);
    params.put(TrainingParameters.THREADS_PARAM, 1);
    return params;
  }

  private static DoccatFactory factory() {
    try {
      return new DoccatFactory(
          new FeatureGenerator[] {
            new BagOfWordsFeatureGenerator(), new NGramFeatureGenerator(2, 2)
          });
    } catch (InvalidFormatException e) {
      throw new IllegalStateException(e);
    }
  }
}
