package httpapi

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"log/slog"
	"net/http"
	"time"

	"example.com/todo-api/internal/metrics"
	"example.com/todo-api/internal/store"
)

// handleHealth answers as long as the process serves HTTP. It checks no
// dependency on purpose: an orchestrator restarts a process that fails it,
// and restarting does not fix a database outage.
func handleHealth() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
}

// handleReady tells a load balancer whether to send traffic here.
func handleReady(logger *slog.Logger, db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := db.Ping(ctx); err != nil {
			logger.WarnContext(r.Context(), "database not ready", "error", err.Error())
			respondError(w, r, logger, errUnavailable("Database is not reachable"))
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
}

func handleMetrics(m *metrics.HTTP, db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		m.WriteTo(w, db.QueryCount())
	})
}

func handleOpenAPI(document []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", jsonContentType)
		w.Write(document)
	})
}

// docsScript lists the operations of /openapi.json. It is inline so the page
// works offline and needs no CDN; the Content-Security-Policy allows exactly
// this script by its hash.
const docsScript = `
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
`

const docsStyle = `
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
ul { list-style: none; padding: 0; }
li { padding: .4rem 0; border-bottom: 1px solid #eee; }
.method { display: inline-block; min-width: 4.5rem; font-weight: bold; }
.get { color: #1a7f37; } .post { color: #0969da; } .put, .patch { color: #9a6700; } .delete { color: #cf222e; }
`

var docsPage = []byte(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API documentation</title>
<style>` + docsStyle + `</style>
</head>
<body>
<h1 id="title">API documentation</h1>
<p>Generated from <a href="/openapi.json">/openapi.json</a>.</p>
<ul id="operations"></ul>
<script>` + docsScript + `</script>
</body>
</html>
`)

var docsPolicy = "default-src 'none'; connect-src 'self'; frame-ancestors 'none'; " +
	"script-src '" + cspHash(docsScript) + "'; style-src '" + cspHash(docsStyle) + "'"

func cspHash(inline string) string {
	sum := sha256.Sum256([]byte(inline))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

func handleDocs() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", docsPolicy)
		w.Write(docsPage)
	})
}
