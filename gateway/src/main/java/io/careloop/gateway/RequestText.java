package io.careloop.gateway;

import io.careloop.platform.http.Problem;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Refuses, before any handler, text that no field of the API takes: a lone UTF-16 surrogate (JSON's
 * {@code "\ud800"}: storage cannot encode it and a password hash would read it as {@code ?})
 * anywhere, and control characters; line feed, carriage return and tab only in the body fields the
 * OpenAPI document marks {@code x-multiline: true}. Every string of a request is checked: body
 * values and keys, path and query parameters, declared header parameters; and a path or query whose
 * percent-escapes are not UTF-8.
 */
final class RequestText {

  static final String MULTILINE = "x-multiline";

  private final JsonObject document;
  private final JsonObject bodySchema;
  private final List<Parameter> headers;

  private RequestText(JsonObject document, Operation operation) {
    this.document = document;
    this.bodySchema = bodySchema(operation);
    this.headers =
        operation.getParameters().stream().filter(p -> p.getIn() == Location.HEADER).toList();
  }

  /**
   * The check of one operation's requests, its body read with the operation's schema in {@code
   * document}.
   */
  static Handler<RoutingContext> guard(JsonObject document, Operation operation) {
    return new RequestText(document, operation)::check;
  }

  private void check(RoutingContext ctx) {
    List<JsonObject> errors = new ArrayList<>();
    notUtf8("path", ctx.request().path(), errors);
    notUtf8("query", ctx.request().query(), errors);
    ctx.pathParams().forEach((name, value) -> checkParameter("path", name, value, errors));
    ctx.queryParams().forEach((name, value) -> checkParameter("query", name, value, errors));
    headers.forEach(
        h ->
            ctx.request()
                .headers()
                .getAll(h.getName())
                .forEach(value -> checkParameter("header", h.getName(), value, errors)));
    if (bodySchema != null && !ctx.body().isEmpty()) {
      checkValue(ctx.body().asJsonObject(), bodySchema, "#", errors);
    }
    if (errors.isEmpty()) {
      ctx.next();
    } else {
      ctx.fail(problem(errors));
    }
  }

  /**
   * What makes {@code text} unfit for a field, or null when it is fine. Line feed, carriage return
   * and tab are fit only for a multi-line field; other control characters (C0, DEL, C1) and the
   * Unicode line and paragraph separators nowhere, lone surrogates never.
   */
  static String flaw(String text, boolean multiline) {
    for (int c :
        text.codePoints().toArray()) { // a lone surrogate comes out as a code point of its own
      boolean lineBreakOrTab = c == '\n' || c == '\r' || c == '\t';
      if (Character.getType(c) == Character.SURROGATE) {
        return "holds a lone UTF-16 surrogate (" + codePoint(c) + "), which is not text";
      } else if ((Character.getType(c) == Character.CONTROL && !(multiline && lineBreakOrTab))
          || c == '\u2028'
          || c == '\u2029') {
        return "holds a control character ("
            + codePoint(c)
            + ")"
            + (multiline
                ? "; line breaks and tabs are the only ones taken"
                : "; it takes a single line of text");
      }
    }
    return null;
  }

  /**
   * Vert.x decodes percent-escapes that are not UTF-8 (a surrogate's {@code %ED%A0%80}, a stray
   * byte) to U+FFFD, so a parameter would reach a handler as other text than was sent: refused.
   */
  private static void notUtf8(String in, String raw, List<JsonObject> errors) {
    if (raw != null && !percentDecodesToUtf8(raw)) {
      errors.add(new JsonObject().put("in", in).put("detail", "is not UTF-8 once percent-decoded"));
    }
  }

  static boolean percentDecodesToUtf8(String raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%'
          && i + 2 < raw.length()
          && HexFormat.isHexDigit(raw.charAt(i + 1))
          && HexFormat.isHexDigit(raw.charAt(i + 2))) {
        bytes.write(HexFormat.fromHexDigits(raw, i + 1, i + 3));
        i += 2;
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray()));
      return true;
    } catch (CharacterCodingException malformed) {
      return false;
    }
  }

  private static void checkParameter(
      String in, String name, String value, List<JsonObject> errors) {
    String flaw = flaw(name, false);
    flaw = flaw != null ? flaw : flaw(value, false);
    if (flaw != null) {
      errors.add(new JsonObject().put("parameter", name).put("in", in).put("detail", flaw));
    }
  }

  /** Walks a JSON value along its schema (null where the schema says nothing: single-line then). */
  private void checkValue(
      Object value, JsonObject declared, String pointer, List<JsonObject> errors) {
    JsonObject schema = resolved(declared);
    if (value instanceof String text) {
      String flaw = flaw(text, schema != null && Boolean.TRUE.equals(schema.getValue(MULTILINE)));
      if (flaw != null) {
        errors.add(new JsonObject().put("pointer", pointer).put("detail", flaw));
      }
    } else if (value instanceof JsonObject object) {
      for (Map.Entry<String, Object> field : object) {
        String place =
            pointer + "/" + printable(field.getKey().replace("~", "~0").replace("/", "~1"));
        String flaw = flaw(field.getKey(), false);
        if (flaw != null) {
          errors.add(
              new JsonObject().put("pointer", place).put("detail", "the field's name " + flaw));
        }
        checkValue(field.getValue(), propertySchema(schema, field.getKey()), place, errors);
      }
    } else if (value instanceof JsonArray array) {
      JsonObject items = schema == null ? null : schema.getJsonObject("items");
      for (int i = 0; i < array.size(); i++) {
        checkValue(array.getValue(i), items, pointer + "/" + i, errors);
      }
    }
  }

  /**
   * The schema a {@code $ref} names (the contract keeps them, as {@code app:///#/components/...}).
   */
  private JsonObject resolved(JsonObject schema) {
    for (int hops = 0;
        schema != null && schema.getValue("$ref") instanceof String ref && hops < 10;
        hops++) {
      Object target = JsonPointer.from(ref.substring(ref.indexOf('#') + 1)).queryJson(document);
      schema = target instanceof JsonObject object ? object : null;
    }
    return schema;
  }

  private static JsonObject propertySchema(JsonObject schema, String name) {
    if (schema == null) {
      return null;
    }
    JsonObject properties = schema.getJsonObject("properties");
    if (properties != null && properties.containsKey(name)) {
      return properties.getJsonObject(name);
    }
    return schema.getValue("additionalProperties") instanceof JsonObject map ? map : null;
  }

  private JsonObject bodySchema(Operation operation) {
    JsonObject body = resolved(operation.getOpenAPIModel().getJsonObject("requestBody"));
    if (body == null) {
      return null;
    }
    JsonObject json =
        body.getJsonObject("content", new JsonObject()).getJsonObject("application/json");
    return json == null ? null : json.getJsonObject("schema");
  }

  private static Problem problem(List<JsonObject> errors) {
    List<String> each = errors.stream().map(e -> where(e) + " " + e.getString("detail")).toList();
    return new Problem(
        400,
        "validation",
        "The request is not valid",
        "Text the API does not take: " + String.join("; ", each),
        new JsonObject().put("errors", new JsonArray(errors)));
  }

  private static String where(JsonObject error) {
    if (error.containsKey("pointer")) {
      return error.getString("pointer");
    }
    return error.containsKey("parameter")
        ? "the " + error.getString("in") + " parameter " + error.getString("parameter")
        : "the " + error.getString("in");
  }

  /**
   * The text with what {@link #flaw} refuses written as {@code \\uXXXX}: fit to quote back in an
   * answer.
   */
  static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            cp -> {
              String one = Character.toString(cp);
              out.append(flaw(one, false) == null ? one : String.format("\\u%04x", cp));
            });
    return out.toString();
  }

  private static String codePoint(int c) {
    return String.format("U+%04X", c);
  }
}
