package com.example.todoapi.platform.http;

import com.example.todoapi.platform.db.NotFoundException;
import com.example.todoapi.platform.logging.Log;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that turns an error into a response. Errors the client should see pass through;
 * anything else is logged with the request id and answered with a bare 500, so no SQL or stack
 * trace leaks.
 */
public final class ErrorResponder {
  private final Log log;

  public ErrorResponder(Log log) {
    this.log = log;
  }

  public void respond(Exchange exchange, Throwable error) {
    ApiException api;
    if (error instanceof ApiException e) {
      api = e;
    } else if (error instanceof NotFoundException) {
      api = ApiException.notFound();
    } else {
      log.error("request failed", "request_id", exchange.requestId(), "error", error);
      api = ApiException.internal();
    }
    if (exchange.committed()) {
      // Headers are on the wire already: the client sees a cut response, the log says why.
      return;
    }
    api.headers().forEach(exchange::setHeader);
    exchange.sendJson(api.status(), envelope(api, exchange.requestId()));
  }

  /** {"error": {"code", "message", "details"?, "request_id"}}, in that order. */
  public static Map<String, Object> envelope(ApiException api, String requestId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", api.code());
    body.put("message", api.getMessage());
    if (api.details() != null) {
      List<Map<String, String>> details = new ArrayList<>();
      for (FieldError d : api.details()) {
        Map<String, String> item = new LinkedHashMap<>();
        item.put("field", d.field());
        item.put("message", d.message());
        details.add(item);
      }
      body.put("details", details);
    }
    body.put("request_id", requestId);
    return Map.of("error", body);
  }
}
