package com.example.todoapi.platform.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The validated paging, sorting and projection parameters of a collection endpoint.
 *
 * @param fields null means every field; otherwise "id" first, then the requested ones
 */
public record ListParams(long page, int limit, String sort, boolean desc, List<String> fields) {
  public static final int DEFAULT_PAGE_SIZE = 20;
  public static final int MAX_PAGE_SIZE = 100;

  /**
   * What an endpoint lets clients sort by and select; everything else in the query is the
   * resource's own filters.
   *
   * @param defaultOrder per sort field; "asc" when absent
   */
  public record Spec(List<String> sortable, String defaultSort, Map<String, String> defaultOrder, List<String> fields) {}

  /** Rows before the first row of the page; saturates, since any page number is valid. */
  public long offset() {
    if (page - 1 > Long.MAX_VALUE / limit) {
      return Long.MAX_VALUE;
    }
    return (page - 1) * limit;
  }

  /** Validates page, limit, sort, order and fields, reporting problems under their names. */
  public static ListParams parse(Query query, Spec spec, Validator v) {
    long page = 1;
    int limit = DEFAULT_PAGE_SIZE;
    String sort = spec.defaultSort();
    if (query.has("page")) {
      Long n = parseLong(query.get("page"));
      if (n == null) {
        v.add("page", "must be a whole number");
      } else if (n < 1) {
        v.add("page", "must be at least 1");
      } else {
        page = n;
      }
    }
    if (query.has("limit")) {
      Long n = parseLong(query.get("limit"));
      if (n == null) {
        v.add("limit", "must be a whole number");
      } else if (n < 1) {
        v.add("limit", "must be at least 1");
      } else {
        // Clamping instead of rejecting keeps clients that ask for "everything" working while
        // bounding the work per request.
        limit = (int) Math.min(n, MAX_PAGE_SIZE);
      }
    }
    if (query.has("sort")) {
      sort = query.get("sort");
      v.check(spec.sortable().contains(sort), "sort", "must be one of " + String.join(", ", spec.sortable()));
    }
    String order = spec.defaultOrder().getOrDefault(sort, "asc");
    if (query.has("order")) {
      order = query.get("order");
      v.check(order.equals("asc") || order.equals("desc"), "order", "must be asc or desc");
    }
    List<String> fields = null;
    if (query.has("fields")) {
      fields = new ArrayList<>(List.of("id"));
      for (String name : query.get("fields").split(",", -1)) {
        name = name.strip();
        if (!spec.fields().contains(name)) {
          v.add("fields", "unknown field \"" + name + "\"; allowed: " + String.join(", ", spec.fields()));
          continue;
        }
        if (!fields.contains(name)) {
          fields.add(name);
        }
      }
    }
    return new ListParams(page, limit, sort, order.equals("desc"), fields);
  }

  /** A whole number as written: optional sign and digits only, within 64 bits. */
  private static Long parseLong(String s) {
    if (!s.matches("[+-]?[0-9]+")) {
      return null;
    }
    try {
      return Long.valueOf(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Only the requested fields of an item, all of them when no fields were requested; keys sorted,
   * so an item has one shape whatever order the fields were asked in.
   */
  public Map<String, Object> project(Map<String, Object> item) {
    Map<String, Object> projected = new TreeMap<>();
    if (fields == null) {
      projected.putAll(item);
      return projected;
    }
    for (String name : fields) {
      projected.put(name, item.get(name));
    }
    return projected;
  }

  /**
   * {"data", "meta", "links"}. Links are relative and keep every parameter of the request except
   * page and limit, which each link sets, so following a link keeps filters and sort. prev and
   * next are null at the ends; a page past the end points back to the last real page.
   */
  public Map<String, Object> response(String path, Query query, List<Map<String, Object>> data, long total) {
    long totalPages = (total + limit - 1) / limit;
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("page", page);
    meta.put("limit", limit);
    meta.put("total", total);
    meta.put("total_pages", totalPages);

    String rest = query.encodeWithout("page", "limit");
    long lastPage = Math.max(totalPages, 1);
    Map<String, Object> links = new LinkedHashMap<>();
    links.put("self", link(path, page, rest));
    links.put("first", link(path, 1, rest));
    links.put("prev", page > 1 ? link(path, Math.min(page - 1, lastPage), rest) : null);
    links.put("next", page < totalPages ? link(path, page + 1, rest) : null);
    links.put("last", link(path, lastPage, rest));

    Map<String, Object> body = new LinkedHashMap<>();
    body.put("data", data);
    body.put("meta", meta);
    body.put("links", links);
    return body;
  }

  private String link(String path, long toPage, String rest) {
    String s = path + "?page=" + toPage + "&limit=" + limit;
    return rest.isEmpty() ? s : s + "&" + rest;
  }
}
