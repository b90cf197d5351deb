package com.example.todoapi.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

class RouterTest {
  private final StringBuilder called = new StringBuilder();
  private final Router router = new Router()
      .get("/api/v1/todos", e -> called.append("list"))
      .post("/api/v1/todos", e -> called.append("create"))
      .get("/api/v1/todos/{id}", e -> called.append("get ").append(e.pathParam("id")))
      .delete("/api/v1/todos/{id}", e -> called.append("delete"));

  /** A request with only a method and a raw path, which is all the router reads. */
  private static Exchange exchange(String method, String path) {
    HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(RouterTest.class.getClassLoader(),
        new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
          case "getMethod" -> method;
          case "getRequestURI" -> path;
          default -> null;
        });
    HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(RouterTest.class.getClassLoader(),
        new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> null);
    return new Exchange(request, response);
  }

  @Test
  void matchesPatternsAndDecodesSegments() throws Exception {
    Exchange e = exchange("GET", "/api/v1/todos/%34%32");
    router.handle(e);
    assertEquals("get 42", called.toString());
    assertEquals("/api/v1/todos/{id}", e.route());
  }

  @Test
  void headIsServedByGet() throws Exception {
    router.handle(exchange("HEAD", "/api/v1/todos"));
    assertEquals("list", called.toString());
  }

  @Test
  void unknownPathsAre404AndWrongMethods405WithSortedAllow() {
    assertEquals(404, assertThrows(ApiException.class, () -> router.handle(exchange("GET", "/api/v1/nothing"))).status());
    assertEquals(404, assertThrows(ApiException.class, () -> router.handle(exchange("GET", "/api/v1/todos/"))).status());
    assertEquals(404, assertThrows(ApiException.class, () -> router.handle(exchange("GET", "/api/v1/todos/%zz"))).status());
    ApiException e = assertThrows(ApiException.class, () -> router.handle(exchange("PUT", "/api/v1/todos/1")));
    assertEquals(405, e.status());
    assertEquals("DELETE, GET, HEAD", e.headers().get("Allow"));
  }
}
