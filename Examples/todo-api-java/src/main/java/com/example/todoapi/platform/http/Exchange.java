package com.example.todoapi.platform.http;

import com.example.todoapi.platform.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;

/**
 * One request and its response, as the handlers see them: the servlet objects underneath plus what
 * the middleware learned (request id, matched route, authenticated user, path parameters).
 */
public final class Exchange {
  public static final String JSON_CONTENT_TYPE = "application/json; charset=utf-8";

  private final HttpServletRequest request;
  private final HttpServletResponse response;
  private final String path;
  private String requestId = "";
  private String route = "";
  private long userId;
  private Map<String, String> pathParams = Map.of();
  private Query query;
  private long maxBodyBytes = Long.MAX_VALUE;
  private byte[] body;

  public Exchange(HttpServletRequest request, HttpServletResponse response) {
    this.request = request;
    this.response = response;
    String uri = request.getRequestURI();
    this.path = uri == null || uri.isEmpty() ? "/" : uri;
  }

  public String method() {
    return request.getMethod();
  }

  /** The raw (still %-encoded) path, without the query. */
  public String path() {
    return path;
  }

  public String remoteAddress() {
    return request.getRemoteAddr();
  }

  /** The first value of a request header, or "" when absent. */
  public String header(String name) {
    String value = request.getHeader(name);
    return value == null ? "" : value;
  }

  public long contentLength() {
    return request.getContentLengthLong();
  }

  public Query query() {
    if (query == null) {
      query = Query.parse(request.getQueryString());
    }
    return query;
  }

  public String requestId() {
    return requestId;
  }

  void requestId(String id) {
    this.requestId = id;
  }

  /** The matched route pattern, "" until the router matched one. */
  public String route() {
    return route;
  }

  void route(String pattern, Map<String, String> params) {
    this.route = pattern;
    this.pathParams = params;
  }

  public String pathParam(String name) {
    return pathParams.getOrDefault(name, "");
  }

  /** The authenticated user; only valid behind the authentication middleware. */
  public long userId() {
    return userId;
  }

  void userId(long id) {
    this.userId = id;
  }

  void maxBodyBytes(long max) {
    this.maxBodyBytes = max;
  }

  /** The whole request body, refused with 413 past MAX_BODY_BYTES. */
  public byte[] body() throws IOException {
    if (body != null) {
      return body;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try (InputStream in = request.getInputStream()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (out.size() + (long) n > maxBodyBytes) {
          setHeader("Connection", "close");
          throw ApiException.payloadTooLarge();
        }
        out.write(buffer, 0, n);
      }
    }
    body = out.toByteArray();
    return body;
  }

  public void setHeader(String name, String value) {
    response.setHeader(name, value);
  }

  public void addHeader(String name, String value) {
    response.addHeader(name, value);
  }

  public String responseHeader(String name) {
    String value = response.getHeader(name);
    return value == null ? "" : value;
  }

  public int status() {
    return response.getStatus();
  }

  public boolean committed() {
    return response.isCommitted();
  }

  /** JSON of maps, lists and scalars, followed by a newline as curl users expect. */
  public void sendJson(int status, Object value) {
    sendJsonBytes(status, Json.encode(value));
  }

  /** An already encoded JSON body (the ETag is computed over exactly these bytes). */
  public void sendJsonBytes(int status, byte[] json) {
    byte[] withNewline = new byte[json.length + 1];
    System.arraycopy(json, 0, withNewline, 0, json.length);
    withNewline[json.length] = '\n';
    send(status, JSON_CONTENT_TYPE, withNewline);
  }

  public void send(int status, String contentType, byte[] bytes) {
    response.setStatus(status);
    setContentType(response, contentType);
    response.setContentLength(bytes.length);
    try {
      OutputStream out = response.getOutputStream();
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      // The client went away; nothing is left to tell it.
    }
  }

  /**
   * Jetty's setContentType rewrites "; charset" as ";charset"; the contract fixes the header byte
   * for byte, so it is set on Jetty's header fields as written.
   */
  static void setContentType(HttpServletResponse response, String contentType) {
    if (response instanceof Response jetty) {
      jetty.getHttpFields().put(HttpHeader.CONTENT_TYPE, contentType);
    } else {
      response.setContentType(contentType);
    }
  }

  /** A status without a body (204, 304). */
  public void sendEmpty(int status) {
    response.setStatus(status);
    response.setContentLength(0);
    try {
      response.flushBuffer();
    } catch (IOException e) {
      // The client went away.
    }
  }
}
