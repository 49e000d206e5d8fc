package io.careloop.crm.model.facts;

/**
 * A patient's RFM-Health scores, each 1 to 5: recency, frequency and monetary value of visits (5 =
 * best for the chain) and oral-health risk (5 = highest risk). {@code value} is the weighted mean
 * of R, F and M; {@code index} also weighs in the health risk (weights in the configuration).
 */
public record RfmHealth(
    int recency, int frequency, int monetary, int healthRisk, double value, double index) {

  public RfmHealth {
    requireScore("recency", recency);
    requireScore("frequency", frequency);
    requireScore("monetary", monetary);
    requireScore("healthRisk", healthRisk);
  }

  /** The clustering's features, in the order R, F, M, H. */
  public double[] features() {
    return new double[] {recency, frequency, monetary, healthRisk};
  }

  private static void requireScore(String name, int score) {
    if (score < 1 || score > 5) {
      throw new IllegalArgumentException(name + " must be a score from 1 to 5, got " + score);
    }
  }
}
