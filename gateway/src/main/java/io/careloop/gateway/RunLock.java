package io.careloop.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One local run per work area: a second {@code careloop run} from the same folder stops with a
 * clear message instead of starting a second broker on the same data. The operating system releases
 * the lock when the process ends, however it ends.
 */
public final class RunLock implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock or fails with a message naming the process that holds it. */
  public static RunLock acquire(Path workDir) {
    try {
      Files.createDirectories(workDir);
      Path file = workDir.resolve("run.lock");
      FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException heldByThisProcess) {
        lock = null;
      }
      if (lock == null) {
        String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
        channel.close();
        throw new AlreadyRunning(
            "CareLoop is already running from "
                + workDir.getParent()
                + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                + ". Use that instance, or stop it (Ctrl-C in its terminal) before starting another.");
      }
      channel.truncate(0);
      channel.write(
          java.nio.ByteBuffer.wrap(
              Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
      channel.force(true);
      return new RunLock(channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Thrown when another process holds the lock. */
  public static final class AlreadyRunning extends IllegalStateException {
    AlreadyRunning(String message) {
      super(message);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException ignored) {
      // released by the OS at exit anyway
    }
  }
}
