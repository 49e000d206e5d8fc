package io.careloop.simulators.scenario;

import java.io.PrintStream;

/**
 * The run's progress on the console: one line rewritten in place on a terminal; on a pipe or in a
 * log, a line when the message changes kind and at most one every ten seconds otherwise.
 */
public final class ProgressLine {

  private final PrintStream out;
  private final boolean terminal;
  private long lastPrinted;
  private String lastKind = "";
  private int width;

  public ProgressLine(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  public static ProgressLine console() {
    return new ProgressLine(System.out, System.console() != null);
  }

  public static ProgressLine quiet() {
    return new ProgressLine(new PrintStream(java.io.OutputStream.nullOutputStream()), false);
  }

  public synchronized void show(String line) {
    if (terminal) {
      out.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
      width = line.length();
      out.flush();
      return;
    }
    String words = line.replaceAll("[0-9/ ]+", " ");
    String kind = words.substring(0, Math.min(20, words.length()));
    long now = System.currentTimeMillis();
    if (!kind.equals(lastKind) || now - lastPrinted > 10_000) {
      out.println(line);
      lastPrinted = now;
      lastKind = kind;
    }
  }

  /** Ends the line in place, so that what follows starts on a line of its own. */
  public synchronized void done() {
    if (terminal && width > 0) {
      out.println();
      width = 0;
    }
  }
}
