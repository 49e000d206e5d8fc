package io.careloop.crm.model.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.careloop.crm.model.facts.Sentiment;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SentimentClassifierTest {

  private static SentimentClassifier classifier;

  @BeforeAll
  static void train() {
    classifier = SentimentClassifier.trainDefault();
  }

  @Test
  @DisplayName("The language is told by the script, mixed text by its share of Han characters")
  void language() {
    assertThat(Language.of("The cleaning was great")).isEqualTo(Language.ENGLISH);
    assertThat(Language.of("洗牙很干净")).isEqualTo(Language.CHINESE);
    assertThat(Language.of("App 预约很方便")).isEqualTo(Language.CHINESE);
    assertThat(Language.of("Dr. Chen 陈 was great with the kids")).isEqualTo(Language.ENGLISH);
    assertThat(Language.of("")).isEqualTo(Language.ENGLISH);
  }

  @Test
  @DisplayName("English keeps negations and stems; Chinese is segmented into words")
  void tokens() {
    TextTokenizer tokenizer = new TextTokenizer();

    assertThat(tokenizer.tokens("I was not happy with the cleaning!", Language.ENGLISH))
        .containsExactly("i", "wa", "not", "happi", "with", "the", "clean");
    assertThat(tokenizer.tokens("医生很温柔，非常满意。", Language.CHINESE))
        .contains("医生", "温柔", "满意")
        .doesNotContain("，", "。");
  }

  @Test
  @DisplayName(
      "Clear texts of the training set are labelled as they were taught, in both languages")
  void clearTexts() {
    assertThat(
            classifier
                .classify("Terrible experience, the dentist was rough and it hurt a lot.")
                .sentiment())
        .isEqualTo(Sentiment.COMPLAINT);
    assertThat(
            classifier
                .classify("Is it normal that my gums still bleed a week after the cleaning?")
                .sentiment())
        .isEqualTo(Sentiment.DOUBT);
    assertThat(classifier.classify("医生很温柔，整个过程都有讲解，非常满意。").sentiment())
        .isEqualTo(Sentiment.SATISFIED);
    assertThat(classifier.classify("医生很温柔，整个过程都有讲解，非常满意。").language()).contains(Language.CHINESE);
  }

  @Test
  @DisplayName("A rating alone is judged by the rating evidence; with text, both count")
  void ratings() {
    SentimentResult onlyRating = classifier.classify(Optional.empty(), OptionalInt.of(2));
    SentimentResult blankText = classifier.classify(Optional.of("  "), OptionalInt.of(5));
    String unclear = "The visit happened on Tuesday.";
    SentimentResult textOnly = classifier.classify(unclear);
    SentimentResult lowRating = classifier.classify(Optional.of(unclear), OptionalInt.of(1));

    assertThat(onlyRating.sentiment()).isEqualTo(Sentiment.COMPLAINT);
    assertThat(onlyRating.basis()).isEqualTo(SentimentResult.Basis.RATING);
    assertThat(blankText.sentiment()).isEqualTo(Sentiment.SATISFIED);
    assertThat(lowRating.basis()).isEqualTo(SentimentResult.Basis.TEXT_AND_RATING);
    assertThat(lowRating.probabilities().get(Sentiment.COMPLAINT))
        .isGreaterThan(textOnly.probabilities().get(Sentiment.COMPLAINT));
    assertThat(lowRating.probabilities().values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(1.0, within(1e-9));
    assertThatThrownBy(() -> classifier.classify(Optional.empty(), OptionalInt.empty()))
        .hasMessageContaining("neither a text nor a rating");
    assertThatThrownBy(() -> classifier.classify(Optional.empty(), OptionalInt.of(6)))
        .hasMessageContaining("1 to 5");
  }

  @Test
  @DisplayName("Training is deterministic: the same sets give the same probabilities")
  void deterministic() {
    SentimentClassifier again = SentimentClassifier.trainDefault();
    String text = "Not sure whether I really need the crown, the price is high.";

    assertThat(again.classify(text).probabilities())
        .isEqualTo(classifier.classify(text).probabilities());
  }

  @Test
  @DisplayName(
      "The evaluation sets hold 200 or more texts per language, none of them in the training sets")
  void evaluationSetsAreSeparate() {
    for (Language language : Language.values()) {
      List<LabelledText> train =
          LabelledText.resource(SentimentClassifier.TRAINING_SET.formatted(language.code()));
      List<LabelledText> eval =
          LabelledText.resource("/model/sentiment/eval-" + language.code() + ".tsv");
      Set<String> trained = new HashSet<>(train.stream().map(t -> t.text().toLowerCase()).toList());

      assertThat(eval).hasSizeGreaterThanOrEqualTo(200);
      assertThat(eval).noneMatch(t -> trained.contains(t.text().toLowerCase()));
      assertThat(new HashSet<>(eval.stream().map(LabelledText::text).toList()))
          .hasSize(eval.size());
    }
  }

  @Test
  @DisplayName("A line without a known label is refused with its number")
  void badLine() {
    assertThatThrownBy(
            () ->
                LabelledText.read(
                    new java.io.ByteArrayInputStream(
                        "# comment\nsatisfied\tgood\nhappy\tgreat\n"
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8))))
        .hasMessageStartingWith("line 3:");
  }
}
