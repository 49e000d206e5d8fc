package io.careloop.platform.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The EC P-256 keys that sign access tokens (ES256), one pair per key id in a directory: {@code
 * <kid>.key.pem} (PKCS#8, private) and {@code <kid>.pub.pem} (X.509, public). Every public key
 * verifies; the greatest key id that has a private key signs. A key is rotated by adding a newer
 * pair, and the old pair is removed once the tokens it signed have expired. A process that only
 * verifies tokens needs only the public files.
 */
public final class SigningKeys {

  private final String activeKid;
  private final PrivateKey activeKey;
  private final Map<String, PublicKey> verificationKeys;

  private SigningKeys(
      String activeKid, PrivateKey activeKey, Map<String, PublicKey> verificationKeys) {
    this.activeKid = activeKid;
    this.activeKey = activeKey;
    this.verificationKeys = Map.copyOf(verificationKeys);
  }

  /**
   * Loads the keys in {@code dir}; when it holds none and {@code createIfEmpty}, creates the first
   * pair.
   */
  public static SigningKeys load(Path dir, boolean createIfEmpty) {
    try {
      Files.createDirectories(dir);
      TreeMap<String, PrivateKey> privateKeys = new TreeMap<>();
      TreeMap<String, PublicKey> publicKeys = new TreeMap<>();
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.toList()) {
          String name = file.getFileName().toString();
          if (name.endsWith(".key.pem")) {
            privateKeys.put(
                name.substring(0, name.length() - 8),
                readPrivate(Files.readString(file, StandardCharsets.US_ASCII)));
          } else if (name.endsWith(".pub.pem")) {
            publicKeys.put(
                name.substring(0, name.length() - 8),
                readPublic(Files.readString(file, StandardCharsets.US_ASCII)));
          }
        }
      }
      if (publicKeys.isEmpty() && createIfEmpty) {
        String kid = "local-" + LocalDate.now(ZoneOffset.UTC);
        KeyPair pair = generate();
        Path privateFile = dir.resolve(kid + ".key.pem");
        createOwnerOnly(privateFile);
        Files.writeString(
            privateFile,
            pem("PRIVATE KEY", pair.getPrivate().getEncoded()),
            StandardCharsets.US_ASCII);
        Files.writeString(
            dir.resolve(kid + ".pub.pem"),
            pem("PUBLIC KEY", pair.getPublic().getEncoded()),
            StandardCharsets.US_ASCII);
        privateKeys.put(kid, pair.getPrivate());
        publicKeys.put(kid, pair.getPublic());
      }
      if (publicKeys.isEmpty()) {
        throw new IllegalStateException("No token keys (<kid>.pub.pem) in " + dir);
      }
      privateKeys.keySet().removeIf(kid -> !publicKeys.containsKey(kid));
      String active = privateKeys.isEmpty() ? null : privateKeys.lastKey();
      return new SigningKeys(active, active == null ? null : privateKeys.get(active), publicKeys);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh pair held only in memory (tests, one-off tools). */
  public static SigningKeys ephemeral(String kid) {
    KeyPair pair = generate();
    return new SigningKeys(kid, pair.getPrivate(), Map.of(kid, pair.getPublic()));
  }

  public boolean canSign() {
    return activeKey != null;
  }

  public String activeKid() {
    if (activeKid == null) {
      throw new IllegalStateException(
          "No private token key: this process can verify tokens but not issue them");
    }
    return activeKid;
  }

  public PrivateKey activeKey() {
    activeKid();
    return activeKey;
  }

  public Optional<PublicKey> verificationKey(String kid) {
    return Optional.ofNullable(kid == null ? null : verificationKeys.get(kid));
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] der(String pem) {
    return Base64.getDecoder()
        .decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
  }

  private static PrivateKey readPrivate(String pem) {
    try {
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der(pem)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("Not a PKCS#8 EC private key in PEM form", e);
    }
  }

  private static PublicKey readPublic(String pem) {
    try {
      return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der(pem)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("Not an X.509 EC public key in PEM form", e);
    }
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }

  /** Creates the empty file readable by its owner only, before the key is in it. */
  private static void createOwnerOnly(Path file) throws IOException {
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file); // not a POSIX file system: the directory's own permissions apply
    }
  }
}
