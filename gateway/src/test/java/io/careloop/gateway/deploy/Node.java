package io.careloop.gateway.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.yaml.snakeyaml.Yaml;

/**
 * A node of a parsed YAML document, walked by key without casts: a missing key is an empty node, so
 * that an assertion, not a NullPointerException, says what a manifest lacks.
 */
record Node(Object value) {

  static Node load(Path file) throws IOException {
    return new Node(new Yaml().load(Files.readString(file)));
  }

  /** Every document of a multi-document file ("---"). */
  static List<Node> loadAll(Path file) throws IOException {
    Iterable<Object> docs = new Yaml().loadAll(Files.readString(file));
    return StreamSupport.stream(docs.spliterator(), false)
        .filter(d -> d != null)
        .map(Node::new)
        .toList();
  }

  /** The node at a dotted path of keys. */
  Node at(String path) {
    Object current = value;
    for (String key : path.split("\\.")) {
      current = current instanceof Map<?, ?> map ? map.get(key) : null;
    }
    return new Node(current);
  }

  boolean exists() {
    return value != null;
  }

  String text() {
    return value == null ? null : String.valueOf(value);
  }

  String text(String path) {
    return at(path).text();
  }

  int number(String path) {
    Object v = at(path).value();
    return v instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(v));
  }

  List<Node> list(String path) {
    Object v = at(path).value();
    List<Node> out = new ArrayList<>();
    if (v instanceof List<?> items) {
      items.forEach(item -> out.add(new Node(item)));
    }
    return out;
  }

  /** The entries of a map, as key and node. */
  List<Map.Entry<String, Node>> entries(String path) {
    Object v = path.isEmpty() ? value : at(path).value();
    List<Map.Entry<String, Node>> out = new ArrayList<>();
    if (v instanceof Map<?, ?> map) {
      map.forEach((k, val) -> out.add(Map.entry(String.valueOf(k), new Node(val))));
    }
    return out;
  }

  /** The texts of a list of scalars. */
  List<String> texts(String path) {
    return list(path).stream().map(Node::text).toList();
  }
}
