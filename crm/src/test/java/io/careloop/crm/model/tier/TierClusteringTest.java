package io.careloop.crm.model.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.careloop.crm.model.facts.ValueTier;
import io.careloop.crm.model.input.InvalidModelInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TierClusteringTest {

  /** Four tight groups of patients around known centres. */
  private static List<double[]> groups() {
    double[][] centres = {{5, 5, 5, 2}, {5, 1, 1, 3}, {3, 3, 3, 1}, {1, 1, 1, 2}};
    SplittableRandom rnd = new SplittableRandom(7);
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      double[] c = centres[i % 4];
      points.add(
          new double[] {
            c[0] + rnd.nextDouble(-0.3, 0.3),
            c[1] + rnd.nextDouble(-0.3, 0.3),
            c[2] + rnd.nextDouble(-0.3, 0.3),
            c[3] + rnd.nextDouble(-0.3, 0.3)
          });
    }
    return points;
  }

  @Test
  @DisplayName("Clear groups are found, named from their centres, with a high silhouette")
  void findsAndNamesGroups() {
    TierClustering.Fit fit = new TierClustering(42).fit(groups(), 1000);

    assertThat(fit.model().assign(new double[] {5, 5, 5, 2})).isEqualTo(ValueTier.STRATEGIC);
    assertThat(fit.model().assign(new double[] {5, 1, 1, 3})).isEqualTo(ValueTier.GROWTH);
    assertThat(fit.model().assign(new double[] {3, 3, 3, 1})).isEqualTo(ValueTier.MAINTAIN);
    assertThat(fit.model().assign(new double[] {1, 1, 1, 2})).isEqualTo(ValueTier.POTENTIAL);
    assertThat(fit.sizes().values()).containsOnly(100);
    assertThat(fit.silhouette()).isGreaterThan(0.8);
  }

  @Test
  @DisplayName("The same seed and points give the same model")
  void deterministic() {
    TierClustering.Fit a = new TierClustering(3).fit(groups(), 200);
    TierClustering.Fit b = new TierClustering(3).fit(groups(), 200);

    assertThat(a.model().toJson()).isEqualTo(b.model().toJson());
    assertThat(a.silhouette()).isEqualTo(b.silhouette());
  }

  @Test
  @DisplayName("The order of the patients does not change the model")
  void orderDoesNotMatter() {
    // scores as the records give them: whole numbers 1-5, no clear groups, many near-equal fits
    SplittableRandom rnd = new SplittableRandom(11);
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      points.add(
          new double[] {
            rnd.nextInt(1, 6), rnd.nextInt(1, 6), rnd.nextInt(1, 6), rnd.nextInt(1, 6)
          });
    }
    List<double[]> shuffled = new ArrayList<>(points);
    java.util.Collections.shuffle(shuffled, new java.util.Random(5));

    TierClustering.Fit a = new TierClustering(9).fit(points, 300);
    TierClustering.Fit b = new TierClustering(9).fit(shuffled, 300);

    assertThat(b.model().toJson()).isEqualTo(a.model().toJson());
    assertThat(b.sizes()).isEqualTo(a.sizes());
  }

  @Test
  @DisplayName("A stored model reads back to the same assignments; a wrong one names its place")
  void storedModel() {
    TierModel model = new TierClustering(1).fit(groups(), 100).model();

    TierModel read = TierModel.parse(model.toJson());

    groups().forEach(p -> assertThat(read.assign(p)).isEqualTo(model.assign(p)));
    InvalidModelInputException e =
        catchThrowableOfType(
            InvalidModelInputException.class,
            () ->
                TierModel.parse(
                    "{\"strategic\":[5,5,5,2],\"growth\":[5,1,1],\"maintain\":[3,3,3,1],\"potential\":[1,1,1,1]}"));
    assertThat(e.pointer()).isEqualTo("/growth");
  }
}
