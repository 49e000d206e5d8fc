package io.careloop.gateway.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command of an unpacked image the way a container runtime does, without one: in the image's
 * file system (chroot, with its own /proc and the host's /dev), as the image's user, from its
 * working directory, with only its environment and the given one. Needs root and util-linux; the
 * network is the host's.
 */
final class ImageRuntime {

  /** Mounts what a JVM needs, then drops to the user inside the image's root. */
  private static final String ENTER =
      """
      root=$1; user=$2; group=$3; shift 3
      mount -t proc proc "$root/proc" && mount --rbind /dev "$root/dev" || exit 125
      exec chroot "$root" /usr/bin/setpriv --reuid="$user" --regid="$group" --clear-groups -- /usr/bin/env -i "$@"
      """;

  record Result(int exitCode, String output) {}

  private final Path root;
  private final ImageTar image;

  ImageRuntime(Path root, ImageTar image) {
    this.root = root;
    this.image = image;
  }

  /** Whether this machine can: root, with unshare and chroot (Linux). */
  static boolean usable() {
    return "root".equals(System.getProperty("user.name"))
        && Commands.available("unshare")
        && Commands.available("chroot");
  }

  /** Runs the entrypoint with {@code command} in place of the image's, waiting at most a minute. */
  Result run(List<String> command, Map<String, String> env)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(commandLine(command, env)).redirectErrorStream(true).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly(); // unshare's --kill-child ends what ran inside
      throw new IllegalStateException("still running after a minute: " + command);
    }
    return new Result(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  private List<String> commandLine(List<String> command, Map<String, String> env) {
    String[] user = image.runtime().getString("User").split(":");
    List<String> line =
        new ArrayList<>(
            List.of(
                "unshare",
                "--mount",
                "--pid",
                "--fork",
                "--kill-child",
                "--",
                "sh",
                "-c",
                ENTER,
                "enter",
                root.toString(),
                user[0],
                user[1]));
    line.addAll(image.env());
    env.forEach((name, value) -> line.add(name + "=" + value));
    line.addAll(
        List.of(
            "/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", image.runtime().getString("WorkingDir")));
    line.addAll(image.list("Entrypoint"));
    line.addAll(command);
    return line;
  }

  Path path(String inImage) {
    return root.resolve(inImage.substring(1));
  }

  boolean has(String inImage) {
    return Files.exists(path(inImage));
  }
}
