package io.careloop.crm.campaign;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Who is held out of a campaign to measure it: a hash of campaign and patient, so the choice is
 * random across patients but the same on every instance and every time the trigger fires.
 */
public final class ControlGroup {

  private ControlGroup() {}

  /** True for about {@code share} of patients, always the same ones for this campaign. */
  public static boolean heldOut(UUID campaignId, UUID patientId, double share) {
    return share > 0 && draw(campaignId, patientId) < share;
  }

  /** A number in [0, 1), uniform over patients, fixed per campaign and patient. */
  static double draw(UUID campaignId, UUID patientId) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] hash = sha.digest((campaignId + ":" + patientId).getBytes(StandardCharsets.US_ASCII));
      long bits = ByteBuffer.wrap(hash).getLong() >>> 11;
      return bits / (double) (1L << 53);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
