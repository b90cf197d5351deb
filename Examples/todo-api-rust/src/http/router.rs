//! A small router and the request type handlers receive.
//!
//! Patterns are literal segments and `{name}` parameters. The pattern, not
//! the raw path, is the route label of logs and metrics, so one series
//! covers every todo id. A path that exists with other methods is a 405
//! with `Allow`; anything else is a 404, both as the error envelope.

use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::Arc;

use hyper::header::AUTHORIZATION;
use hyper::{Body, HeaderMap, Method, Response};

use super::json::{self, JsonObject};
use super::query::Query;
use crate::errors::ApiError;
use crate::state::AppState;

pub type HandlerResult = Result<Response<Body>, ApiError>;
type BoxFuture = Pin<Box<dyn Future<Output = HandlerResult> + Send>>;
type Handler = Arc<dyn Fn(Request) -> BoxFuture + Send + Sync>;

/// What a handler gets: the parts of the HTTP request plus what the
/// middleware learnt about it, and the shared application state.
pub struct Request {
    pub method: Method,
    pub path: String,
    pub query: Query,
    pub headers: HeaderMap,
    pub body: Body,
    pub params: Vec<(&'static str, String)>,
    pub request_id: String,
    pub client_ip: IpAddr,
    pub state: Arc<AppState>,
}

impl Request {
    /// A `{name}` parameter of the matched pattern.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The authenticated user: only a valid `Authorization: Bearer` access
    /// token lets the request through.
    pub fn user_id(&self) -> Result<i64, ApiError> {
        let token =
            bearer_token(&self.headers).ok_or(ApiError::Unauthorized("Missing bearer token"))?;
        self.state
            .tokens
            .verify(token)
            .map_err(|_| ApiError::Unauthorized("Invalid or expired token"))
    }

    /// The body as one JSON object (415, 413 and 400 otherwise).
    pub async fn json(&mut self) -> Result<JsonObject, ApiError> {
        json::require_json_content_type(&self.headers)?;
        let bytes = json::read_body(&mut self.body, self.state.config.max_body_bytes).await?;
        json::parse_object(&bytes)
    }

    /// The stricter limit of login and register, on top of the global one.
    pub async fn check_auth_rate_limit(&self) -> Result<(), ApiError> {
        match &self.state.auth_rate_limiter {
            Some(limiter) => limiter.check(&format!("ip:{}", self.client_ip)).await,
            None => Ok(()),
        }
    }
}

/// The token of an `Authorization: Bearer <token>` header.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("Bearer") && !token.is_empty()).then_some(token)
}

enum Segment {
    Literal(&'static str),
    Param(&'static str),
}

struct Route {
    method: Method,
    pattern: &'static str,
    segments: Vec<Segment>,
    handler: Handler,
}

/// The outcome of matching a request against the routes.
pub enum Resolution<'a> {
    Found {
        pattern: &'static str,
        handler: &'a Handler,
        params: Vec<(&'static str, String)>,
    },
    MethodNotAllowed {
        allow: String,
    },
    NotFound,
}

#[derive(Default)]
pub struct Router {
    routes: Vec<Route>,
}

impl Router {
    pub fn new() -> Router {
        Router::default()
    }

    pub fn route<F, Fut>(mut self, method: Method, pattern: &'static str, handler: F) -> Router
    where
        F: Fn(Request) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = HandlerResult> + Send + 'static,
    {
        let segments = pattern
            .trim_start_matches('/')
            .split('/')
            .map(
                |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    Some(name) => Segment::Param(name),
                    None => Segment::Literal(s),
                },
            )
            .collect();
        let handler: Handler = Arc::new(move |request| Box::pin(handler(request)));
        self.routes.push(Route {
            method,
            pattern,
            segments,
            handler,
        });
        self
    }

    pub fn get<F, Fut>(self, pattern: &'static str, handler: F) -> Router
    where
        F: Fn(Request) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = HandlerResult> + Send + 'static,
    {
        self.route(Method::GET, pattern, handler)
    }

    pub fn post<F, Fut>(self, pattern: &'static str, handler: F) -> Router
    where
        F: Fn(Request) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = HandlerResult> + Send + 'static,
    {
        self.route(Method::POST, pattern, handler)
    }

    /// Finds the handler for `method` and `path`. HEAD is served by the GET
    /// handler (hyper drops the body), so every GET route allows HEAD too.
    pub fn resolve(&self, method: &Method, path: &str) -> Resolution<'_> {
        let lookup = if method == Method::HEAD {
            &Method::GET
        } else {
            method
        };
        let mut allowed: Vec<&str> = Vec::new();
        for route in &self.routes {
            let Some(params) = match_path(&route.segments, path) else {
                continue;
            };
            if route.method == lookup {
                return Resolution::Found {
                    pattern: route.pattern,
                    handler: &route.handler,
                    params,
                };
            }
            allowed.push(route.method.as_str());
            if route.method == Method::GET {
                allowed.push("HEAD");
            }
        }
        if allowed.is_empty() {
            return Resolution::NotFound;
        }
        allowed.sort_unstable();
        allowed.dedup();
        Resolution::MethodNotAllowed {
            allow: allowed.join(", "),
        }
    }
}

fn match_path(segments: &[Segment], path: &str) -> Option<Vec<(&'static str, String)>> {
    let parts: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
    if parts.len() != segments.len() {
        return None;
    }
    let mut params = Vec::new();
    for (segment, part) in segments.iter().zip(parts) {
        match segment {
            Segment::Literal(literal) if *literal == part => {}
            Segment::Param(name) if !part.is_empty() => params.push((*name, percent_decode(part))),
            _ => return None,
        }
    }
    Some(params)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = (bytes[i] == b'%').then(|| s.get(i + 1..i + 3)).flatten();
        match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::response::empty_response;
    use hyper::StatusCode;

    async fn ok(_: Request) -> HandlerResult {
        Ok(empty_response(StatusCode::OK))
    }

    fn router() -> Router {
        Router::new()
            .get("/api/v1/todos", ok)
            .post("/api/v1/todos", ok)
            .get("/api/v1/todos/{id}", ok)
            .route(Method::DELETE, "/api/v1/todos/{id}", ok)
    }

    #[test]
    fn matches_patterns_and_extracts_parameters() {
        match router().resolve(&Method::GET, "/api/v1/todos/4%32") {
            Resolution::Found {
                pattern, params, ..
            } => {
                assert_eq!(pattern, "/api/v1/todos/{id}");
                assert_eq!(params, vec![("id", "42".to_string())]);
            }
            _ => panic!("no match"),
        }
        assert!(matches!(
            router().resolve(&Method::HEAD, "/api/v1/todos"),
            Resolution::Found { .. }
        ));
    }

    #[test]
    fn wrong_methods_list_the_allowed_ones() {
        match router().resolve(&Method::PUT, "/api/v1/todos") {
            Resolution::MethodNotAllowed { allow } => assert_eq!(allow, "GET, HEAD, POST"),
            _ => panic!("want 405"),
        }
        match router().resolve(&Method::POST, "/api/v1/todos/1") {
            Resolution::MethodNotAllowed { allow } => assert_eq!(allow, "DELETE, GET, HEAD"),
            _ => panic!("want 405"),
        }
    }

    #[test]
    fn unknown_paths_are_not_found() {
        for path in ["/api/v1/todos/", "/api/v2/todos", "/", "/api/v1/todos/1/x"] {
            assert!(
                matches!(router().resolve(&Method::GET, path), Resolution::NotFound),
                "{path}"
            );
        }
    }

    #[test]
    fn bearer_tokens() {
        let mut headers = HeaderMap::new();
        assert_eq!(bearer_token(&headers), None);
        headers.insert(AUTHORIZATION, "bearer abc".parse().unwrap());
        assert_eq!(bearer_token(&headers), Some("abc"));
        headers.insert(AUTHORIZATION, "Basic abc".parse().unwrap());
        assert_eq!(bearer_token(&headers), None);
    }
}
