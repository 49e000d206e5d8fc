package io.careloop.platform.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reads of environment variables, each with a local default. A value that cannot be read
 * fails start-up with the variable's name in the message instead of running half-configured. Any
 * variable {@code X} may instead be given as a file, {@code X_FILE} naming it (as orchestrators
 * mount secrets); its content, without the final line break, is the value.
 */
public final class Env {

  private static final String FILE_SUFFIX = "_FILE";
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private final Map<String, String> vars;

  public Env(Map<String, String> vars) {
    this.vars = Map.copyOf(vars);
  }

  public static Env system() {
    return new Env(System.getenv());
  }

  public Optional<String> optional(String name) {
    String value = vars.get(name);
    String file = vars.get(name + FILE_SUFFIX);
    if (file != null && !file.isBlank()) {
      if (value != null && !value.isBlank()) {
        throw new IllegalArgumentException(
            "Set " + name + " or " + name + FILE_SUFFIX + ", not both");
      }
      value = read(name + FILE_SUFFIX, Path.of(file.trim()));
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private static String read(String name, Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | UncheckedIOException e) {
      throw new IllegalArgumentException(
          name + " names " + file + ", which cannot be read: " + e.getMessage());
    }
  }

  public String string(String name, String defaultValue) {
    return optional(name).orElse(defaultValue);
  }

  public int integer(String name, int defaultValue) {
    return optional(name)
        .map(
            v -> {
              try {
                return Integer.parseInt(v);
              } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                    name + " must be a whole number, got '" + v + "'");
              }
            })
        .orElse(defaultValue);
  }

  public boolean bool(String name, boolean defaultValue) {
    return optional(name)
        .map(
            v ->
                switch (v.toLowerCase()) {
                  case "true", "yes", "1", "on" -> true;
                  case "false", "no", "0", "off" -> false;
                  default ->
                      throw new IllegalArgumentException(
                          name + " must be true or false, got '" + v + "'");
                })
        .orElse(defaultValue);
  }

  /** Durations are written like {@code 500ms}, {@code 30s}, {@code 15m}, {@code 2h}, {@code 7d}. */
  public Duration duration(String name, Duration defaultValue) {
    return optional(name).map(v -> parseDuration(name, v)).orElse(defaultValue);
  }

  /** Reads one duration written like the variables' ({@code 500ms}, {@code 2h}, {@code 7d}). */
  public static Duration parse(String name, String value) {
    return parseDuration(name, value);
  }

  static Duration parseDuration(String name, String value) {
    Matcher m = DURATION.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          name + " must be a duration like 500ms, 30s, 15m, 2h or 7d, got '" + value + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
