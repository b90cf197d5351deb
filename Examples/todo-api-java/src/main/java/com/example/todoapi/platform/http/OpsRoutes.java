package com.example.todoapi.platform.http;

import com.example.todoapi.platform.db.Database;
import com.example.todoapi.platform.logging.Log;
import com.example.todoapi.platform.metrics.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/** /health, /ready, /metrics, /openapi.json and /docs. */
public final class OpsRoutes {
  /**
   * Lists the operations of /openapi.json. Inline, so the page works offline with no CDN; the
   * Content-Security-Policy allows exactly this script by its hash.
   */
  private static final String DOCS_SCRIPT = """

      fetch("/openapi.json").then(function (response) { return response.json(); }).then(function (doc) {
        document.getElementById("title").textContent = doc.info.title + " " + doc.info.version;
        var list = document.getElementById("operations");
        Object.keys(doc.paths).forEach(function (path) {
          Object.keys(doc.paths[path]).forEach(function (method) {
            var operation = doc.paths[path][method];
            if (typeof operation !== "object" || !operation.responses && !operation.summary) { return; }
            var item = document.createElement("li");
            var verb = document.createElement("code");
            verb.className = "method " + method;
            verb.textContent = method.toUpperCase();
            var route = document.createElement("code");
            route.textContent = path;
            var summary = document.createElement("span");
            summary.textContent = operation.summary || "";
            item.append(verb, " ", route, " ", summary);
            list.append(item);
          });
        });
      }).catch(function (error) {
        document.getElementById("operations").textContent = "Could not load /openapi.json: " + error;
      });
      """;

  private static final String DOCS_STYLE = """

      body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
      ul { list-style: none; padding: 0; }
      li { padding: .4rem 0; border-bottom: 1px solid #eee; }
      .method { display: inline-block; min-width: 4.5rem; font-weight: bold; }
      .get { color: #1a7f37; } .post { color: #0969da; } .put, .patch { color: #9a6700; } .delete { color: #cf222e; }
      """;

  private static final byte[] DOCS_PAGE = ("""
      <!doctype html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>API documentation</title>
      <style>""" + DOCS_STYLE + """
      </style>
      </head>
      <body>
      <h1 id="title">API documentation</h1>
      <p>Generated from <a href="/openapi.json">/openapi.json</a>.</p>
      <ul id="operations"></ul>
      <script>""" + DOCS_SCRIPT + """
      </script>
      </body>
      </html>
      """).getBytes(StandardCharsets.UTF_8);

  private static final String DOCS_POLICY = "default-src 'none'; connect-src 'self'; frame-ancestors 'none'; "
      + "script-src '" + cspHash(DOCS_SCRIPT) + "'; style-src '" + cspHash(DOCS_STYLE) + "'";

  private OpsRoutes() {}

  public static void register(Router router, Log log, Database db, Metrics metrics) {
    byte[] openapi = resource("/openapi.json");
    // Liveness checks no dependency on purpose: restarting the process does not fix a database.
    router.get("/health", exchange -> exchange.sendJson(200, Map.of("status", "ok")));
    router.get("/ready", exchange -> {
      if (!db.ping()) {
        throw ApiException.unavailable("Database is not reachable");
      }
      exchange.sendJson(200, Map.of("status", "ok"));
    });
    router.get("/metrics", exchange -> exchange.send(200, "text/plain; version=0.0.4; charset=utf-8",
        metrics.render(db.queryCount()).getBytes(StandardCharsets.UTF_8)));
    router.get("/openapi.json", exchange -> exchange.send(200, Exchange.JSON_CONTENT_TYPE, openapi));
    router.get("/docs", exchange -> {
      exchange.setHeader("Content-Security-Policy", DOCS_POLICY);
      exchange.send(200, "text/html; charset=utf-8", DOCS_PAGE);
    });
  }

  private static byte[] resource(String name) {
    try (InputStream in = OpsRoutes.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String cspHash(String inline) {
    try {
      byte[] sum = MessageDigest.getInstance("SHA-256").digest(inline.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(sum);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
