package com.example.todoapi.platform.http;

import com.example.todoapi.platform.json.Json;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Locale;

/**
 * A request body that is one JSON object, with typed readers for its fields. Unknown fields are
 * kept but never read, which is how they are ignored, and how fields the client may not set
 * (id, user_id, role, ...) are never applied.
 */
public final class JsonBody {
  /**
   * What the contract trims from text fields (titles, names, emails): the same four characters in
   * every stack, so "at most 200 characters after trimming" means one thing everywhere.
   */
  private static final String CONTRACT_WHITESPACE = " \t\n\r";

  private final ObjectNode object;

  private JsonBody(ObjectNode object) {
    this.object = object;
  }

  /** 415 for another content type, 413 past MAX_BODY_BYTES, 400 unless it is one JSON object. */
  public static JsonBody read(Exchange exchange) throws IOException {
    if (!isJsonMediaType(exchange.header("Content-Type"))) {
      throw ApiException.unsupportedMediaType();
    }
    return parse(exchange.body());
  }

  static JsonBody parse(byte[] bytes) {
    JsonNode value;
    try (JsonParser parser = Json.MAPPER.createParser(bytes)) {
      JsonToken first;
      try {
        first = parser.nextToken();
      } catch (IOException e) {
        throw ApiException.badRequest("Request body is not valid JSON");
      }
      if (first == null) {
        throw ApiException.badRequest("Request body must not be empty");
      }
      try {
        value = parser.readValueAsTree();
      } catch (IOException e) {
        throw ApiException.badRequest("Request body is not valid JSON");
      }
      try {
        if (parser.nextToken() != null) {
          throw ApiException.badRequest("Request body must contain a single JSON value");
        }
      } catch (IOException e) {
        throw ApiException.badRequest("Request body must contain a single JSON value");
      }
    } catch (IOException e) {
      throw ApiException.badRequest("Request body is not valid JSON");
    }
    if (!(value instanceof ObjectNode object)) {
      throw ApiException.badRequest("Request body must be a JSON object");
    }
    return new JsonBody(object);
  }

  /** application/json with well-formed parameters (such as charset=utf-8), in any case. */
  static boolean isJsonMediaType(String header) {
    String[] parts = header.split(";", -1);
    if (!parts[0].strip().toLowerCase(Locale.ROOT).equals("application/json")) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip();
      int eq = parameter.indexOf('=');
      if (parameter.isEmpty() && i == parts.length - 1) {
        continue;
      }
      if (eq <= 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * A string field. NUL characters are refused too: PostgreSQL cannot store them, so they would
   * fail deep in the database instead of here, with a 422.
   */
  public Field<String> string(Validator v, String name) {
    JsonNode node = object.get(name);
    if (node == null) {
      return Field.absent("");
    }
    if (node.isNull()) {
      return new Field<>("", true, true, false);
    }
    if (!node.isTextual()) {
      v.add(name, "must be a string");
      return new Field<>("", true, false, true);
    }
    String value = node.textValue();
    if (value.indexOf('\0') >= 0) {
      v.add(name, "must not contain NUL characters");
      return new Field<>(value, true, false, true);
    }
    return new Field<>(value, true, false, false);
  }

  public Field<Boolean> bool(Validator v, String name) {
    JsonNode node = object.get(name);
    if (node == null) {
      return Field.absent(false);
    }
    if (node.isNull()) {
      return new Field<>(false, true, true, false);
    }
    if (!node.isBoolean()) {
      v.add(name, "must be a boolean");
      return new Field<>(false, true, false, true);
    }
    return new Field<>(node.booleanValue(), true, false, false);
  }

  /** Removes the contract's whitespace (space, tab, CR, LF) from both ends. */
  public static String trimText(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && CONTRACT_WHITESPACE.indexOf(s.charAt(start)) >= 0) {
      start++;
    }
    while (end > start && CONTRACT_WHITESPACE.indexOf(s.charAt(end - 1)) >= 0) {
      end--;
    }
    return s.substring(start, end);
  }

  /** Length in characters (code points), as the contract counts, not UTF-16 units or bytes. */
  public static int length(String s) {
    return s.codePointCount(0, s.length());
  }
}
