package io.careloop.gateway.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs a system tool and fails with its output when it fails. */
final class Commands {

  private Commands() {}

  static String run(String... command) throws IOException {
    return run(List.of(command));
  }

  static String run(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (process.waitFor() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return out;
  }

  /** Whether a tool is on the PATH. */
  static boolean available(String tool) {
    try {
      return new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
