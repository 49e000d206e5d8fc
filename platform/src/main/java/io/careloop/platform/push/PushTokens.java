package io.careloop.platform.push;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Registration tokens are secrets (anyone holding one can push to the phone): logs show a
 * fingerprint.
 */
public final class PushTokens {

  private PushTokens() {}

  /** The first 12 hex digits of the token's SHA-256: enough to tell tokens apart in a log. */
  public static String fingerprint(String token) {
    if (token == null) {
      return "none";
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return "tok:" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
