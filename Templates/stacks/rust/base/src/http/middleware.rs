//! What every request passes through, outermost first: a request id, the
//! log line and metrics, security headers, panic recovery, CORS, the body
//! size limit, rate limiting, then the router. The request id comes first
//! so that every later step, including error envelopes, can carry it.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use hyper::header::{
    HeaderName, HeaderValue, CONTENT_LENGTH, CONTENT_SECURITY_POLICY, ORIGIN, VARY,
};
use hyper::{Body, HeaderMap, Method, Response, StatusCode};
use rand::RngCore;

use super::query::Query;
use super::response::empty_response;
use super::router::{bearer_token, Request, Resolution, Router};
use crate::errors::ApiError;
use crate::state::AppState;

/// Probed by orchestrators and scrapers every few seconds: throttling them
/// would make a busy instance look dead.
const UNLIMITED_PATHS: [&str; 3] = ["/health", "/ready", "/metrics"];

/// Serves one request. It never fails: every problem is a response.
pub async fn serve(
    state: Arc<AppState>,
    router: Arc<Router>,
    remote: SocketAddr,
    request: hyper::Request<Body>,
) -> Result<Response<Body>, std::convert::Infallible> {
    let start = Instant::now();
    let request_id = request_id(request.headers());
    let method = request.method().clone();
    let path = request.uri().path().to_string();

    let (route, mut response) = dispatch(&state, &router, remote, request, &request_id).await;

    let headers = response.headers_mut();
    set_default(headers, hyper::header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set_default(headers, hyper::header::X_FRAME_OPTIONS, "DENY");
    set_default(headers, hyper::header::REFERRER_POLICY, "no-referrer");
    // API responses are not meant to be rendered or framed by a browser;
    // the docs page sets its own policy.
    set_default(
        headers,
        CONTENT_SECURITY_POLICY,
        "default-src 'none'; frame-ancestors 'none'",
    );
    set_default(headers, hyper::header::CACHE_CONTROL, "no-store");
    headers.insert(
        HeaderName::from_static("x-request-id"),
        HeaderValue::from_str(&request_id).expect("request ids are visible ASCII"),
    );

    let elapsed = start.elapsed();
    let status = response.status().as_u16();
    state
        .metrics
        .observe(method.as_str(), route, status, elapsed);
    tracing::info!(
        request_id = %request_id,
        method = %method,
        route,
        path = %path,
        status,
        duration_ms = elapsed.as_micros() as f64 / 1000.0,
        "request"
    );
    Ok(response)
}

fn set_default(headers: &mut HeaderMap, name: HeaderName, value: &'static str) {
    headers
        .entry(name)
        .or_insert(HeaderValue::from_static(value));
}

/// Runs the inner middleware and the handler; returns the route label and
/// the response.
async fn dispatch(
    state: &Arc<AppState>,
    router: &Router,
    remote: SocketAddr,
    request: hyper::Request<Body>,
    request_id: &str,
) -> (&'static str, Response<Body>) {
    let (parts, body) = request.into_parts();
    let cors = cors_headers(&state.config.cors_origins, &parts.headers);
    let preflight = parts.method == Method::OPTIONS
        && parts.headers.contains_key("access-control-request-method");
    let finish = |route, mut response: Response<Body>| {
        let headers = response.headers_mut();
        for (name, value) in &cors {
            headers.append(name, value.clone());
        }
        (route, response)
    };

    if preflight && cors.contains_key("access-control-allow-origin") {
        let mut response = empty_response(StatusCode::NO_CONTENT);
        let h = response.headers_mut();
        h.insert(
            "access-control-allow-methods",
            HeaderValue::from_static("GET, POST, PUT, PATCH, DELETE, OPTIONS"),
        );
        h.insert(
            "access-control-allow-headers",
            HeaderValue::from_static(
                "Authorization, Content-Type, If-Match, If-None-Match, X-Request-ID",
            ),
        );
        h.insert("access-control-max-age", HeaderValue::from_static("600"));
        return finish("unmatched", response);
    }

    let declared_length = parts
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared_length.is_some_and(|n| n > state.config.max_body_bytes) {
        return finish(
            "unmatched",
            ApiError::PayloadTooLarge { close: true }.into_response(request_id),
        );
    }

    let path = parts.uri.path();
    if !UNLIMITED_PATHS.contains(&path) {
        if let Some(limiter) = &state.rate_limiter {
            // Clients are told apart by user id when they send a valid token,
            // so users behind one NAT do not share a budget.
            let key = match bearer_token(&parts.headers).and_then(|t| state.tokens.verify(t).ok()) {
                Some(user_id) => format!("user:{user_id}"),
                None => format!("ip:{}", remote.ip()),
            };
            if let Err(err) = limiter.check(&key).await {
                return finish("unmatched", err.into_response(request_id));
            }
        }
    }

    let (pattern, handler, params) = match router.resolve(&parts.method, path) {
        Resolution::Found {
            pattern,
            handler,
            params,
        } => (pattern, handler.clone(), params),
        Resolution::MethodNotAllowed { allow } => {
            return finish(
                "unmatched",
                ApiError::MethodNotAllowed { allow }.into_response(request_id),
            )
        }
        Resolution::NotFound => {
            return finish("unmatched", ApiError::NotFound.into_response(request_id))
        }
    };
    let request = Request {
        method: parts.method,
        path: path.to_string(),
        query: Query::parse(parts.uri.query().unwrap_or("")),
        headers: parts.headers,
        body,
        params,
        request_id: request_id.to_string(),
        client_ip: remote.ip(),
        state: state.clone(),
    };
    // A panicking handler becomes a logged 500 instead of a dropped
    // connection; the panic message goes to the log, never to the client.
    let response = match tokio::spawn(handler(request)).await {
        Ok(Ok(response)) => response,
        Ok(Err(err)) => err.into_response(request_id),
        Err(panic) => {
            ApiError::Internal(format!("handler panicked: {panic}")).into_response(request_id)
        }
    };
    finish(pattern, response)
}

/// Marks responses readable by the configured origins. Tokens travel in the
/// Authorization header, not cookies, so credentials are never allowed and
/// `*` stays safe.
fn cors_headers(allowed: &[String], headers: &HeaderMap) -> HeaderMap {
    let mut out = HeaderMap::new();
    let Some(origin) = headers
        .get(ORIGIN)
        .and_then(|o| o.to_str().ok())
        .filter(|o| !o.is_empty())
    else {
        return out;
    };
    out.insert(VARY, HeaderValue::from_static("Origin"));
    let allow_any = allowed.iter().any(|o| o == "*");
    if !allow_any && !allowed.iter().any(|o| o == origin) {
        return out;
    }
    let value = if allow_any {
        HeaderValue::from_static("*")
    } else {
        HeaderValue::from_str(origin).expect("checked origin")
    };
    out.insert("access-control-allow-origin", value);
    out.insert(
        "access-control-expose-headers",
        HeaderValue::from_static("ETag, Location, Retry-After, X-Cache, X-Request-ID"),
    );
    out
}

/// Echoes the client's X-Request-ID when it is a sane token, so traces
/// join up across services, without letting arbitrary text into logs.
fn request_id(headers: &HeaderMap) -> String {
    let given = headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let sane = (1..=128).contains(&given.len())
        && given
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._:~+/=@-".contains(&b));
    if sane {
        return given.to_string();
    }
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sane_request_ids_are_echoed_and_others_replaced() {
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", "client-id-42".parse().unwrap());
        assert_eq!(request_id(&headers), "client-id-42");
        for insane in ["has space", "quote\"d", &"a".repeat(129)] {
            headers.insert("x-request-id", insane.parse().unwrap());
            let id = request_id(&headers);
            assert!(id != insane && id.len() == 32);
        }
    }

    #[test]
    fn cors_grants_listed_origins_only() {
        let allowed = vec!["http://localhost:3000".to_string()];
        let mut headers = HeaderMap::new();
        assert!(cors_headers(&allowed, &headers).is_empty());
        headers.insert(ORIGIN, "https://evil.example".parse().unwrap());
        let out = cors_headers(&allowed, &headers);
        assert!(out.contains_key(VARY) && !out.contains_key("access-control-allow-origin"));
        headers.insert(ORIGIN, "http://localhost:3000".parse().unwrap());
        assert_eq!(
            cors_headers(&allowed, &headers)["access-control-allow-origin"],
            "http://localhost:3000"
        );
    }
}
