package io.careloop.patient.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format ({@code
 * $argon2id$v=19$m=..,t=..,p=..$salt$hash}), with the OWASP baseline of 19 MiB, 2 passes, 1 lane.
 * The parameters travel with each hash, so they can be raised later without breaking existing ones.
 * CPU- and memory-heavy by design: call it from a worker thread, never an event loop.
 */
public final class PasswordHasher {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final int memoryKb;
  private final int iterations;
  private final int parallelism;

  public PasswordHasher(int memoryKb, int iterations, int parallelism) {
    this.memoryKb = memoryKb;
    this.iterations = iterations;
    this.parallelism = parallelism;
  }

  public static PasswordHasher owaspBaseline() {
    return new PasswordHasher(19_456, 2, 1);
  }

  public String hash(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] hash = derive(password, salt, memoryKb, iterations, parallelism, 32);
    return "$argon2id$v=19$m="
        + memoryKb
        + ",t="
        + iterations
        + ",p="
        + parallelism
        + "$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(hash);
  }

  /** Whether the password matches; a malformed stored hash never matches. */
  public boolean verify(String password, String phc) {
    try {
      String[] parts = phc.split("\\$");
      if (parts.length != 6 || !parts[1].equals("argon2id")) {
        return false;
      }
      int m = 0;
      int t = 0;
      int p = 0;
      for (String kv : parts[3].split(",")) {
        int value = Integer.parseInt(kv.substring(2));
        switch (kv.charAt(0)) {
          case 'm' -> m = value;
          case 't' -> t = value;
          case 'p' -> p = value;
          default -> {
            return false;
          }
        }
      }
      byte[] salt = B64D.decode(parts[4]);
      byte[] expected = B64D.decode(parts[5]);
      return MessageDigest.isEqual(expected, derive(password, salt, m, t, p, expected.length));
    } catch (RuntimeException malformed) {
      return false;
    }
  }

  private static byte[] derive(String password, byte[] salt, int m, int t, int p, int length) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withSalt(salt)
            .withMemoryAsKB(m)
            .withIterations(t)
            .withParallelism(p)
            .build());
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
