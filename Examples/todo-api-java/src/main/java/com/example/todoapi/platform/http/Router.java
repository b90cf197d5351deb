package com.example.todoapi.platform.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Matches a method and a path such as {@code /api/v1/todos/{id}} to a handler. A {@code {name}}
 * segment matches any one non-empty segment. Unknown paths are 404 and known paths with another
 * method 405 with Allow, both as the error envelope. GET routes answer HEAD too.
 */
public final class Router implements Handler {
  private record Route(String method, String pattern, String[] segments, Handler handler) {}

  private final List<Route> routes = new ArrayList<>();

  public Router add(String method, String pattern, Handler handler) {
    if (!pattern.startsWith("/")) {
      throw new IllegalArgumentException("pattern must start with /: " + pattern);
    }
    routes.add(new Route(method, pattern, pattern.substring(1).split("/", -1), handler));
    return this;
  }

  public Router get(String pattern, Handler handler) {
    return add("GET", pattern, handler);
  }

  public Router post(String pattern, Handler handler) {
    return add("POST", pattern, handler);
  }

  public Router put(String pattern, Handler handler) {
    return add("PUT", pattern, handler);
  }

  public Router patch(String pattern, Handler handler) {
    return add("PATCH", pattern, handler);
  }

  public Router delete(String pattern, Handler handler) {
    return add("DELETE", pattern, handler);
  }

  @Override
  public void handle(Exchange exchange) throws Exception {
    String[] segments = decodeSegments(exchange.path());
    if (segments == null) {
      throw ApiException.notFound();
    }
    String method = exchange.method();
    TreeSet<String> allowed = new TreeSet<>();
    for (Route route : routes) {
      Map<String, String> params = match(route.segments, segments);
      if (params == null) {
        continue;
      }
      if (route.method.equals(method) || (method.equals("HEAD") && route.method.equals("GET"))) {
        exchange.route(route.pattern, params);
        route.handler.handle(exchange);
        return;
      }
      allowed.add(route.method);
      if (route.method.equals("GET")) {
        allowed.add("HEAD");
      }
    }
    if (allowed.isEmpty()) {
      throw ApiException.notFound();
    }
    throw ApiException.methodNotAllowed(String.join(", ", allowed));
  }

  private static Map<String, String> match(String[] pattern, String[] path) {
    if (pattern.length != path.length) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < pattern.length; i++) {
      String p = pattern[i];
      if (p.startsWith("{") && p.endsWith("}")) {
        if (path[i].isEmpty()) {
          return null;
        }
        params.put(p.substring(1, p.length() - 1), path[i]);
      } else if (!p.equals(path[i])) {
        return null;
      }
    }
    return params;
  }

  /** Splits the raw path and %-decodes each segment, so an encoded '/' stays inside its segment. */
  private static String[] decodeSegments(String rawPath) {
    if (!rawPath.startsWith("/")) {
      return null;
    }
    String[] raw = rawPath.substring(1).split("/", -1);
    String[] decoded = new String[raw.length];
    for (int i = 0; i < raw.length; i++) {
      // '+' is literal in a path; only form-encoded queries use it for a space.
      decoded[i] = Query.unescape(raw[i].replace("+", "%2B"));
      if (decoded[i] == null) {
        return null;
      }
    }
    return decoded;
  }
}
