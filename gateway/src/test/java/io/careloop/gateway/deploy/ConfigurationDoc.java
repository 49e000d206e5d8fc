package io.careloop.gateway.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings docs/configuration.md documents, with their defaults: what the image and the
 * deployment examples may set, so that a renamed or invented variable fails the build.
 */
public final class ConfigurationDoc {

  public static final Path FILE = Path.of("..", "docs", "configuration.md");
  private static final Pattern NAME = Pattern.compile("`(CARELOOP_[A-Z0-9_]+)`");
  private static final String FILE_SUFFIX = "_FILE";

  private final Map<String, String> defaults;

  private ConfigurationDoc(Map<String, String> defaults) {
    this.defaults = defaults;
  }

  public static ConfigurationDoc read() throws IOException {
    Map<String, String> defaults = new LinkedHashMap<>();
    for (String line : Files.readAllLines(FILE)) {
      String[] cells = line.split("\\|");
      if (cells.length > 3 && cells[1].contains("`CARELOOP_")) {
        addRow(defaults, cells[1], cells[2]);
      }
    }
    return new ConfigurationDoc(defaults);
  }

  /** A row names one setting, or several as `A` / `B` with their defaults in the same order. */
  private static void addRow(Map<String, String> defaults, String namesCell, String defaultsCell) {
    List<String> names = NAME.matcher(namesCell).results().map(m -> m.group(1)).toList();
    String[] values = defaultsCell.split(" / ");
    for (int i = 0; i < names.size(); i++) {
      String value = values.length == names.size() ? values[i] : defaultsCell;
      defaults.put(names.get(i), value.replace("`", "").trim());
    }
  }

  /** Whether {@code name} is a documented setting, or the file form {@code X_FILE} of one. */
  public boolean documents(String name) {
    return defaults.containsKey(name)
        || name.endsWith(FILE_SUFFIX)
            && defaults.containsKey(name.substring(0, name.length() - FILE_SUFFIX.length()));
  }

  public Optional<String> defaultOf(String name) {
    return Optional.ofNullable(defaults.get(name));
  }

  /** The default of a port setting, as a number. */
  public int port(String name) {
    Matcher digits = Pattern.compile("\\d+").matcher(defaultOf(name).orElseThrow());
    if (!digits.find()) {
      throw new IllegalStateException(name + " has no numeric default in " + FILE);
    }
    return Integer.parseInt(digits.group());
  }

  public int size() {
    return defaults.size();
  }
}
