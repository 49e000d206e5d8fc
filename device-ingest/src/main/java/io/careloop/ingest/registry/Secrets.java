package io.careloop.ingest.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Device credentials and pairing codes. A credential is 256 random bits shown once at registration;
 * only its SHA-256 is stored. A pairing code is 10 characters of an alphabet without look-alikes
 * (no 0/O, 1/I/L), about 50 bits, printed on the box as XXXXX-XXXXX.
 */
public final class Secrets {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ".toCharArray();

  private Secrets() {}

  public static String newCredential() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static String hash(String credential) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(credential.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Compares in constant time, so the answer's timing says nothing about the stored hash. */
  public static boolean matches(String credential, String storedHash) {
    return credential != null && sameHash(hash(credential), storedHash);
  }

  /** Whether two hashes are the same, compared in constant time. */
  public static boolean sameHash(String hash, String storedHash) {
    if (hash == null || storedHash == null) {
      return false;
    }
    return MessageDigest.isEqual(
        hash.getBytes(StandardCharsets.US_ASCII), storedHash.getBytes(StandardCharsets.US_ASCII));
  }

  public static String newPairingCode() {
    StringBuilder code = new StringBuilder(11);
    for (int i = 0; i < 10; i++) {
      if (i == 5) {
        code.append('-');
      }
      code.append(CODE_ALPHABET[RANDOM.nextInt(CODE_ALPHABET.length)]);
    }
    return code.toString();
  }

  /** The stored form of a code as a person may type it: upper case, without spaces or dashes. */
  public static String normalizePairingCode(String typed) {
    return typed == null ? "" : typed.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "");
  }
}
