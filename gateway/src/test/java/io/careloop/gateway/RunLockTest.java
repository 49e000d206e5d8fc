package io.careloop.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RunLockTest {

  @TempDir Path work;

  @Test
  @DisplayName(
      "Starting the run command while another run holds the work folder stops with a clear message")
  void secondRunIsRefused() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    int exit;
    try (RunLock first = RunLock.acquire(work)) {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      exit =
          new CommandLine(new CareLoopMain())
              .execute("--work", work.toString(), "--no-local-cassandra");
    } finally {
      System.setErr(original);
    }

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("CareLoop is already running")
        .contains("pid " + ProcessHandle.current().pid());
    assertThat(Files.list(work))
        .extracting(p -> p.getFileName().toString())
        .containsExactly("run.lock");
  }

  @Test
  @DisplayName("The lock is free again once the first run ends")
  void lockIsReleased() {
    RunLock.acquire(work).close();
    try (RunLock again = RunLock.acquire(work)) {
      assertThat(again).isNotNull();
    }
  }
}
