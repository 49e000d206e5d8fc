package io.careloop.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

  @Test
  @DisplayName(
      "A key created for local use is readable by its owner only, and read back as the active key")
  void createdKeyIsOwnerOnly(@TempDir Path dir) throws Exception {
    SigningKeys created = SigningKeys.load(dir, true);

    List<Path> privateFiles;
    try (Stream<Path> files = Files.list(dir)) {
      privateFiles = files.filter(f -> f.getFileName().toString().endsWith(".key.pem")).toList();
    }
    assertThat(privateFiles).hasSize(1);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFiles.get(0))))
        .isEqualTo("rw-------");
    SigningKeys reloaded = SigningKeys.load(dir, false);
    assertThat(reloaded.activeKid()).isEqualTo(created.activeKid());
    assertThat(reloaded.activeKey().getEncoded()).isEqualTo(created.activeKey().getEncoded());
  }
}
