package io.careloop.simulators.scenario;

import java.util.List;

/** A scenario file that must not run: every mistake found, each with its line. */
public final class ScenarioException extends RuntimeException {

  /** One mistake: the line (1-based), where in the document, and what is wrong. */
  public record Mistake(int line, String path, String problem) {
    @Override
    public String toString() {
      return "line " + line + (path.isEmpty() ? "" : ", " + path) + ": " + problem;
    }
  }

  private final String file;
  private final List<Mistake> mistakes;

  public ScenarioException(String file, List<Mistake> mistakes) {
    super(describe(file, mistakes));
    this.file = file;
    this.mistakes = List.copyOf(mistakes);
  }

  public String file() {
    return file;
  }

  public List<Mistake> mistakes() {
    return mistakes;
  }

  private static String describe(String file, List<Mistake> mistakes) {
    StringBuilder s =
        new StringBuilder(file)
            .append(": ")
            .append(mistakes.size())
            .append(mistakes.size() == 1 ? " mistake" : " mistakes")
            .append(", nothing was run");
    mistakes.forEach(m -> s.append("\n  ").append(file).append(", ").append(m));
    return s.toString();
  }
}
