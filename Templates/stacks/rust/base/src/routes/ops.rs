//! Operational routes: liveness, readiness, metrics, the OpenAPI document
//! and a documentation page.

use std::sync::OnceLock;

use hyper::header::{HeaderValue, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use hyper::{Body, Response, StatusCode};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::errors::ApiError;
use crate::http::response::{json_response, JSON_CONTENT_TYPE};
use crate::http::router::{HandlerResult, Request};

/// The tier's contract, served as it is.
const OPENAPI_DOCUMENT: &str = include_str!("../../api/openapi.json");

/// Answers as long as the process serves HTTP. It checks no dependency on
/// purpose: an orchestrator restarts a process that fails it, and restarting
/// does not fix a database outage.
pub async fn health(_: Request) -> HandlerResult {
    Ok(json_response(StatusCode::OK, &json!({"status": "ok"})))
}

/// Tells a load balancer whether to send traffic here.
pub async fn ready(req: Request) -> HandlerResult {
    if let Err(err) = req.state.db.ping().await {
        tracing::warn!(error = %err, "database not ready");
        return Err(ApiError::Unavailable("Database is not reachable"));
    }
    Ok(json_response(StatusCode::OK, &json!({"status": "ok"})))
}

pub async fn metrics(req: Request) -> HandlerResult {
    let text = req.state.metrics.render(req.state.db.query_count());
    let mut response = Response::new(Body::from(text));
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    Ok(response)
}

pub async fn openapi(_: Request) -> HandlerResult {
    let mut response = Response::new(Body::from(OPENAPI_DOCUMENT));
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(JSON_CONTENT_TYPE));
    Ok(response)
}

/// Lists the operations of /openapi.json. Inline, so the page works offline
/// with no CDN; the Content-Security-Policy allows exactly this script and
/// style by their hashes.
const DOCS_SCRIPT: &str = r#"
fetch("/openapi.json").then((r) => r.json()).then((doc) => {
  document.getElementById("title").textContent = doc.info.title + " " + doc.info.version;
  const list = document.getElementById("operations");
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (typeof op !== "object" || !(op.responses || op.summary)) continue;
      const li = document.createElement("li");
      const verb = document.createElement("code");
      verb.className = "method " + method;
      verb.textContent = method.toUpperCase();
      const route = document.createElement("code");
      route.textContent = path;
      li.append(verb, " ", route, " ", op.summary || "");
      list.append(li);
    }
  }
}).catch((e) => { document.getElementById("operations").textContent = "Could not load /openapi.json: " + e; });
"#;

const DOCS_STYLE: &str = "
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
ul { list-style: none; padding: 0; } li { padding: .3rem 0; border-bottom: 1px solid #eee; }
.method { display: inline-block; min-width: 4.5rem; font-weight: bold; }
";

fn csp_hash(inline: &str) -> String {
    format!(
        "'sha256-{}'",
        base64::encode(Sha256::digest(inline.as_bytes()))
    )
}

pub async fn docs(_: Request) -> HandlerResult {
    static PAGE: OnceLock<(String, String)> = OnceLock::new();
    let (page, policy) = PAGE.get_or_init(|| {
        let page = format!(
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>API documentation</title>\n<style>{DOCS_STYLE}</style>\n</head>\n<body>\n\
             <h1 id=\"title\">API documentation</h1>\n<p>Generated from <a href=\"/openapi.json\">/openapi.json</a>.</p>\n\
             <ul id=\"operations\"></ul>\n<script>{DOCS_SCRIPT}</script>\n</body>\n</html>\n"
        );
        let policy = format!(
            "default-src 'none'; connect-src 'self'; frame-ancestors 'none'; script-src {}; style-src {}",
            csp_hash(DOCS_SCRIPT),
            csp_hash(DOCS_STYLE)
        );
        (page, policy)
    });
    let mut response = Response::new(Body::from(page.clone()));
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_str(policy).expect("ASCII policy"),
    );
    Ok(response)
}
