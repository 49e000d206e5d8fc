package io.careloop.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * The operations of {@code openapi.yaml} that take a request body, with a body, path and headers
 * that the document's schemas accept, built from the schemas alone: an operation added to the
 * document is covered by the tests that use this without a line of test code. Every free text is
 * {@code marker} (padded to its minimum length), so a test can look for it in storage.
 */
public final class RequestBodies {

  private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

  /**
   * One operation; {@code schema} is its JSON body's (null: none), {@code roles} who may call it
   * (empty: anyone).
   */
  public record Operation(
      String id,
      String method,
      String pathTemplate,
      List<JsonObject> parameters,
      JsonObject schema,
      List<String> roles) {}

  /**
   * A place in a generated body: its JSON pointer (as RFC 9457 {@code errors} write it, {@code
   * #/a/0}) and its schema.
   */
  public record Place(String pointer, JsonObject schema) {}

  private final JsonObject document;
  private final String marker;

  public RequestBodies(String marker) {
    this.document = document();
    this.marker = marker;
  }

  public static JsonObject document() {
    try (var in = RequestBodies.class.getResourceAsStream("/" + ApiRouter.CONTRACT)) {
      return ApiRouter.forRouter(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The operations whose body is one JSON document. */
  public List<Operation> withBody() {
    return all().stream().filter(operation -> operation.schema() != null).toList();
  }

  /**
   * Every operation of the document; {@code schema} is null where its body is not one JSON
   * document.
   */
  public List<Operation> all() {
    List<Operation> operations = new ArrayList<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : METHODS) {
        JsonObject op = item.getJsonObject(method);
        if (op == null) {
          continue;
        }
        List<JsonObject> parameters = new ArrayList<>();
        item.getJsonArray("parameters", new JsonArray())
            .forEach(p -> parameters.add(resolved((JsonObject) p)));
        op.getJsonArray("parameters", new JsonArray())
            .forEach(p -> parameters.add(resolved((JsonObject) p)));
        List<String> roles =
            op.getJsonArray("x-roles", new JsonArray()).stream().map(Object::toString).toList();
        operations.add(
            new Operation(
                op.getString("operationId"),
                method.toUpperCase(),
                path,
                parameters,
                jsonBody(op),
                roles));
      }
    }
    return operations;
  }

  /**
   * A streamed body (JSON lines) is checked line by line by its handler, not by the schema: null,
   * as no body.
   */
  private JsonObject jsonBody(JsonObject operation) {
    if (!operation.containsKey("requestBody") || operation.getBoolean("x-streamed-body", false)) {
      return null;
    }
    return resolved(operation.getJsonObject("requestBody"))
        .getJsonObject("content")
        .getJsonObject("application/json")
        .getJsonObject("schema");
  }

  /** The schema a {@code $ref} names, or the schema itself. */
  public JsonObject resolved(JsonObject schema) {
    while (schema != null && schema.getValue("$ref") instanceof String ref) {
      schema =
          (JsonObject) JsonPointer.from(ref.substring(ref.indexOf('#') + 1)).queryJson(document);
    }
    return schema;
  }

  /** The path with each path parameter replaced by a value its schema accepts. */
  public String path(Operation operation) {
    String path = operation.pathTemplate();
    for (JsonObject parameter : operation.parameters()) {
      if ("path".equals(parameter.getString("in"))) {
        path =
            path.replace(
                "{" + parameter.getString("name") + "}",
                example(parameter.getJsonObject("schema")).toString());
      }
    }
    return path;
  }

  /** A value of each header parameter the operation requires. */
  public Map<String, String> headers(Operation operation) {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    for (JsonObject parameter : operation.parameters()) {
      if ("header".equals(parameter.getString("in")) && parameter.getBoolean("required", false)) {
        headers.put(
            parameter.getString("name"), example(parameter.getJsonObject("schema")).toString());
      }
    }
    return headers;
  }

  /**
   * A value the schema accepts, with every optional property filled in (recursion stops at a schema
   * already being filled).
   */
  public Object example(JsonObject declared) {
    return example(declared, new HashSet<>());
  }

  private Object example(JsonObject declared, Set<JsonObject> filling) {
    JsonObject schema = resolved(declared);
    if (schema.getJsonArray("examples") != null) {
      return schema.getJsonArray("examples").getValue(0);
    }
    if (schema.containsKey("default")) {
      return schema.getValue("default");
    }
    if (schema.getJsonArray("enum") != null) {
      return schema.getJsonArray("enum").getValue(0);
    }
    return switch (type(schema)) {
      case "object" -> object(schema, filling);
      case "array" -> {
        JsonArray items = new JsonArray();
        for (int i = 0; i < Math.max(1, schema.getInteger("minItems", 1)); i++) {
          items.add(example(schema.getJsonObject("items"), filling));
        }
        yield items;
      }
      case "integer", "number" -> {
        int least = schema.getInteger("minimum", 1);
        int step = schema.getInteger("multipleOf", 1);
        yield (least + step - 1) / step * step;
      }
      case "boolean" -> true;
      default -> text(schema);
    };
  }

  private JsonObject object(JsonObject schema, Set<JsonObject> filling) {
    JsonObject object = new JsonObject();
    if (!filling.add(schema)) {
      return object;
    }
    schema
        .getJsonObject("properties", new JsonObject())
        .forEach(p -> object.put(p.getKey(), example((JsonObject) p.getValue(), filling)));
    if (schema.getValue("additionalProperties") instanceof JsonObject values) {
      object.put("key", example(values, filling));
    }
    filling.remove(schema);
    return object;
  }

  private String text(JsonObject schema) {
    String format = schema.getString("format", "");
    if (schema.containsKey("pattern")) {
      throw new IllegalStateException(
          "openapi.yaml: give the pattern "
              + schema.getString("pattern")
              + " an example (examples: [...]) that tests and clients can start from");
    }
    return switch (format) {
      case "uuid" -> UUID.randomUUID().toString();
      case "date" -> "2031-01-15";
      case "date-time" -> "2031-01-15T10:00:00Z";
      default ->
          (marker + "-".repeat(Math.max(0, schema.getInteger("minLength", 0) - marker.length())))
              .substring(
                  0,
                  Math.min(
                      Math.max(marker.length(), schema.getInteger("minLength", 0)),
                      schema.getInteger("maxLength", Integer.MAX_VALUE)));
    };
  }

  private static String type(JsonObject schema) {
    Object type = schema.getValue("type");
    if (type instanceof JsonArray types) {
      return types.getString(0);
    }
    return type != null ? type.toString() : schema.containsKey("properties") ? "object" : "string";
  }

  /**
   * Every place in {@code value} (made by {@link #example}) with its schema, the root included,
   * depth first.
   */
  public void walk(Object value, JsonObject declared, BiConsumer<Place, Object> visitor) {
    walk(value, resolved(declared), "#", visitor);
  }

  private void walk(
      Object value, JsonObject schema, String pointer, BiConsumer<Place, Object> visitor) {
    visitor.accept(new Place(pointer, schema), value);
    if (value instanceof JsonObject object && schema != null) {
      JsonObject properties = schema.getJsonObject("properties", new JsonObject());
      for (String name : object.fieldNames()) {
        Object child =
            properties.containsKey(name)
                ? properties.getValue(name)
                : schema.getValue("additionalProperties");
        walk(
            object.getValue(name),
            child instanceof JsonObject c ? resolved(c) : null,
            pointer + "/" + name,
            visitor);
      }
    } else if (value instanceof JsonArray array && schema != null) {
      for (int i = 0; i < array.size(); i++) {
        walk(
            array.getValue(i), resolved(schema.getJsonObject("items")), pointer + "/" + i, visitor);
      }
    }
  }

  /**
   * A copy of {@code body} with {@code value} at {@code pointer} ({@code #/a/0/b}), added or
   * replaced.
   */
  public static JsonObject with(JsonObject body, String pointer, Object value) {
    JsonObject copy = body.copy();
    JsonPointer.from(pointer.substring(1)).writeJson(copy, value, true);
    return copy;
  }
}
