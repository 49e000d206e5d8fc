package io.careloop.simulators.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One mapping of a scenario file, read key by key: each value is checked where it is read, and a
 * wrong one adds a mistake naming its line instead of stopping, so that one pass finds them all. A
 * key nobody read is refused by {@link #noOtherKeys} (a typo must not be silently ignored).
 */
final class Section {

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private final String path;
  private final int line;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private final List<String> read = new ArrayList<>();
  private final List<ScenarioException.Mistake> mistakes;

  private Section(String path, int line, List<ScenarioException.Mistake> mistakes) {
    this.path = path;
    this.line = line;
    this.mistakes = mistakes;
  }

  /** The mapping at {@code node}; a mistake and an empty section when it is something else. */
  static Section of(Node node, String path, List<ScenarioException.Mistake> mistakes) {
    Section section = new Section(path, line(node), mistakes);
    if (!(node instanceof MappingNode mapping)) {
      section.mistake(node, path, "must be a mapping of keys to values");
      return section;
    }
    for (NodeTuple t : mapping.getValue()) {
      String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
      if (section.entries.put(key, t) != null) {
        mistakes.add(
            new ScenarioException.Mistake(line(t.getKeyNode()), section.at(key), "appears twice"));
      }
    }
    return section;
  }

  static int line(Node node) {
    return node.getStartMark().getLine() + 1;
  }

  int line() {
    return line;
  }

  String at(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  boolean has(String key) {
    return entries.containsKey(key);
  }

  Optional<Node> node(String key) {
    read.add(key);
    return Optional.ofNullable(entries.get(key)).map(NodeTuple::getValueNode);
  }

  /** A required key's value; a mistake on the section's line when it is missing. */
  Optional<Node> required(String key) {
    Optional<Node> node = node(key);
    if (node.isEmpty()) {
      mistakes.add(new ScenarioException.Mistake(line, path, "'" + key + "' is missing"));
    }
    return node;
  }

  Optional<String> string(String key, boolean required) {
    return (required ? required(key) : node(key)).flatMap(n -> scalar(n, key));
  }

  Optional<Integer> integer(String key, int min, int max, boolean required) {
    return (required ? required(key) : node(key))
        .flatMap(
            n ->
                scalar(n, key)
                    .flatMap(
                        text -> {
                          try {
                            int value = Integer.parseInt(text.trim());
                            if (value >= min && value <= max) {
                              return Optional.of(value);
                            }
                          } catch (NumberFormatException e) {
                            // said below
                          }
                          mistake(
                              n,
                              at(key),
                              "must be a whole number from "
                                  + min
                                  + " to "
                                  + max
                                  + ", got '"
                                  + text
                                  + "'");
                          return Optional.empty();
                        }));
  }

  Optional<Double> number(Node n, String where, double min, double max) {
    return scalar(n, where)
        .flatMap(
            text -> {
              try {
                double value = Double.parseDouble(text.trim());
                if (value >= min && value <= max) {
                  return Optional.of(value);
                }
              } catch (NumberFormatException e) {
                // said below
              }
              mistake(
                  n, where, "must be a number from " + min + " to " + max + ", got '" + text + "'");
              return Optional.empty();
            });
  }

  /** {@code 90s}, {@code 5m}, {@code 1h}, {@code 2d}, {@code 500ms}. */
  Optional<Duration> duration(String key, boolean required) {
    return (required ? required(key) : node(key))
        .flatMap(
            n ->
                scalar(n, key)
                    .flatMap(
                        text -> {
                          Matcher m = DURATION.matcher(text.trim());
                          if (!m.matches()) {
                            mistake(
                                n,
                                at(key),
                                "must be a duration such as 90s, 5m, 1h or 2d, got '" + text + "'");
                            return Optional.empty();
                          }
                          long v = Long.parseLong(m.group(1));
                          return Optional.of(
                              switch (m.group(2)) {
                                case "ms" -> Duration.ofMillis(v);
                                case "s" -> Duration.ofSeconds(v);
                                case "m" -> Duration.ofMinutes(v);
                                case "h" -> Duration.ofHours(v);
                                default -> Duration.ofDays(v);
                              });
                        }));
  }

  Optional<Section> section(String key, boolean required) {
    return (required ? required(key) : node(key)).map(n -> Section.of(n, at(key), mistakes));
  }

  /** The items of a list; a mistake when it is something else. */
  List<Node> list(String key) {
    Optional<Node> node = node(key);
    if (node.isEmpty()) {
      return List.of();
    }
    if (!(node.get() instanceof SequenceNode seq)) {
      mistake(node.get(), at(key), "must be a list");
      return List.of();
    }
    return seq.getValue();
  }

  /** The keys and values of a mapping, in order. */
  Map<String, Node> pairs(String key) {
    Map<String, Node> pairs = new LinkedHashMap<>();
    section(key, false)
        .ifPresent(
            s ->
                s.entries.forEach(
                    (k, t) -> {
                      s.read.add(k);
                      pairs.put(k, t.getValueNode());
                    }));
    return pairs;
  }

  Optional<String> scalar(Node n, String key) {
    if (n instanceof ScalarNode s && !s.getValue().isEmpty()) {
      return Optional.of(s.getValue());
    }
    mistake(n, key.contains(".") ? key : at(key), "must be a single value");
    return Optional.empty();
  }

  void mistake(Node n, String where, String problem) {
    mistakes.add(new ScenarioException.Mistake(line(n), where, problem));
  }

  void mistake(String problem) {
    mistakes.add(new ScenarioException.Mistake(line, path, problem));
  }

  /** Refuses every key that was not read, naming those that are allowed here. */
  void noOtherKeys() {
    entries.forEach(
        (key, t) -> {
          if (!read.contains(key)) {
            mistakes.add(
                new ScenarioException.Mistake(
                    line(t.getKeyNode()),
                    at(key),
                    "unknown key; "
                        + (path.isEmpty() ? "the file" : path)
                        + " takes "
                        + String.join(", ", read)));
          }
        });
  }
}
