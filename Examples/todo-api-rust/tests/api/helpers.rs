//! Black-box test helpers: `spawn_app` starts the real application on a free
//! port (PORT=0) inside the test's runtime, and `TestApp` talks to it over
//! HTTP, exactly as a client would.
//!
//! By default each app gets its own SQLite file and in-process cache. Set
//! TEST_DATABASE_URL=postgres://... and/or TEST_REDIS_URL=redis://... to run
//! the same tests against PostgreSQL (a fresh schema per app, dropped
//! afterwards) and Redis (a logical database per app, flushed first: point
//! it at a Redis dedicated to tests).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};

use hyper::body::to_bytes;
use hyper::client::HttpConnector;
use hyper::{Body, Client, HeaderMap, Method, Request, StatusCode};
use rand::RngCore;
use serde_json::Value;

use todo_api::configuration::Config;
use todo_api::redis::Redis;
use todo_api::startup::Application;

/// Known to the tests so they can mint expired and forged tokens, as an
/// external verifier would.
pub const TEST_JWT_SECRET: &str = "test-secret-0123456789abcdef0123456789";
pub const ADMIN_EMAIL: &str = "admin@example.com";
pub const ADMIN_PASSWORD: &str = "admin-password";

pub struct TestApp {
    pub address: String,
    client: Client<HttpConnector>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<Result<(), todo_api::startup::StartupError>>>,
    cleanup: Cleanup,
    pub token: Option<String>,
}

enum Cleanup {
    SqliteDir(std::path::PathBuf),
    PostgresSchema { base_url: String, schema: String },
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl TestResponse {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .map_or("", |v| v.to_str().unwrap_or(""))
    }

    /// Asserts the status and returns the body as JSON.
    pub fn expect(&self, status: u16) -> Value {
        assert_eq!(
            self.status.as_u16(),
            status,
            "body: {}",
            String::from_utf8_lossy(&self.body)
        );
        if self.body.is_empty() {
            Value::Null
        } else {
            self.json()
        }
    }

    /// Asserts an error envelope with `code`, naming `fields` in its details.
    pub fn expect_error(&self, status: u16, code: &str, fields: &[&str]) -> Value {
        let body = self.expect(status);
        let error = body["error"].clone();
        assert_eq!(error["code"], code, "{body}");
        assert_eq!(error["request_id"], self.header("x-request-id"), "{body}");
        assert_eq!(
            self.header("content-type"),
            "application/json; charset=utf-8"
        );
        for field in fields {
            let named = error["details"]
                .as_array()
                .expect("details")
                .iter()
                .any(|d| d["field"] == *field);
            assert!(named, "no detail for {field}: {body}");
        }
        error
    }
}

static REDIS_DATABASES: AtomicU32 = AtomicU32::new(0);

pub fn random_suffix() -> String {
    let mut bytes = [0u8; 6];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Says loudly which backends the API tests did not exercise. It writes to
/// stderr directly, past the test harness's capture, so the note shows in
/// every run.
pub fn backends_note() {
    use std::io::Write as _;
    let mut stderr = std::io::stderr();
    if std::env::var("TEST_DATABASE_URL")
        .unwrap_or_default()
        .is_empty()
    {
        let _ = writeln!(stderr, "NOTE: TEST_DATABASE_URL is not set: API tests ran on SQLite only; PostgreSQL was NOT exercised.");
    }
    if std::env::var("TEST_REDIS_URL")
        .unwrap_or_default()
        .is_empty()
    {
        let _ = writeln!(
            stderr,
            "NOTE: TEST_REDIS_URL is not set: API tests used the in-process cache and rate limiter; Redis was NOT exercised."
        );
    }
}

/// Starts the application with the test defaults plus `overrides`.
pub async fn spawn_app(overrides: &[(&str, &str)]) -> TestApp {
    let mut env: HashMap<String, String> = [
        ("HOST", "127.0.0.1"),
        ("PORT", "0"),
        ("APP_ENV", "test"),
        ("JWT_SECRET", TEST_JWT_SECRET),
        ("RATE_LIMIT_RPM", "0"),
        ("AUTH_RATE_LIMIT_RPM", "0"),
        ("ADMIN_EMAIL", ADMIN_EMAIL),
        ("ADMIN_PASSWORD", ADMIN_PASSWORD),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();

    let cleanup = match std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        None => {
            let dir = std::env::temp_dir().join(format!("api-test-{}", random_suffix()));
            env.insert(
                "DATABASE_URL".into(),
                format!("sqlite:{}/app.db", dir.display()),
            );
            Cleanup::SqliteDir(dir)
        }
        Some(base_url) => {
            let schema = format!("test_{}", random_suffix());
            admin_sql(&base_url, &format!("CREATE SCHEMA {schema}")).await;
            let separator = if base_url.contains('?') { '&' } else { '?' };
            env.insert(
                "DATABASE_URL".into(),
                format!("{base_url}{separator}options=-c%20search_path%3D{schema}"),
            );
            Cleanup::PostgresSchema { base_url, schema }
        }
    };
    if let Some(base) = std::env::var("TEST_REDIS_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        let root = base
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .trim_end_matches('/');
        let url = format!(
            "{root}/{}",
            1 + REDIS_DATABASES.fetch_add(1, Ordering::Relaxed) % 15
        );
        Redis::connect(&url)
            .await
            .expect("TEST_REDIS_URL answers")
            .command(&["FLUSHDB"])
            .await
            .expect("FLUSHDB");
        env.insert("REDIS_URL".into(), url);
    }
    for (name, value) in overrides {
        env.insert(name.to_string(), value.to_string());
    }

    let config =
        Config::from_lookup(|name| env.get(name).cloned()).expect("valid test configuration");
    let app = Application::build(config)
        .await
        .expect("application starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async {
        let _ = stopped.await;
    }));
    TestApp {
        address,
        client: Client::new(),
        stop: Some(stop),
        server: Some(server),
        cleanup,
        token: None,
    }
}

async fn admin_sql(base_url: &str, sql: &str) {
    let (client, connection) = tokio_postgres::connect(base_url, tokio_postgres::NoTls)
        .await
        .expect("TEST_DATABASE_URL answers");
    tokio::spawn(connection);
    client.batch_execute(sql).await.expect(sql);
}

pub struct User {
    pub id: i64,
    pub email: String,
    pub password: String,
    pub access_token: String,
    pub refresh_token: String,
}

impl TestApp {
    /// Another client of the same server, which does not stop it.
    pub fn client(&self) -> TestApp {
        TestApp {
            address: self.address.clone(),
            client: self.client.clone(),
            stop: None,
            server: None,
            cleanup: Cleanup::SqliteDir(std::path::PathBuf::new()),
            token: self.token.clone(),
        }
    }

    /// A client of the same server that sends `token` as a bearer token.
    pub fn with_token(&self, token: &str) -> TestApp {
        TestApp {
            token: Some(token.to_string()),
            ..self.client()
        }
    }

    /// Sends a request. `body` is sent as it is, with a JSON content type
    /// unless `headers` names another; headers are name, value pairs.
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        headers: &[(&str, &str)],
    ) -> TestResponse {
        let mut headers = headers.to_vec();
        if body.is_some()
            && !headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        {
            headers.push(("content-type", "application/json"));
        }
        let body = body.map_or_else(Body::empty, |b| Body::from(b.to_string()));
        self.send_body(method, path, body, &headers).await
    }

    /// Sends a request with a body that may still be streaming.
    pub async fn send_body(
        &self,
        method: &str,
        path: &str,
        body: Body,
        headers: &[(&str, &str)],
    ) -> TestResponse {
        let mut builder = Request::builder()
            .method(Method::from_bytes(method.as_bytes()).unwrap())
            .uri(format!("{}{path}", self.address));
        if let Some(token) = &self.token {
            builder = builder.header("authorization", format!("Bearer {token}"));
        }
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let request = builder.body(body).unwrap();
        let response = self.client.request(request).await.expect("request sent");
        let (parts, body) = response.into_parts();
        TestResponse {
            status: parts.status,
            headers: parts.headers,
            body: to_bytes(body).await.unwrap().to_vec(),
        }
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.send("GET", path, None, &[]).await
    }

    pub async fn post(&self, path: &str, body: Value) -> TestResponse {
        self.send("POST", path, Some(&body.to_string()), &[]).await
    }

    /// Registers and logs in a fresh user.
    pub async fn register_user(&self, label: &str) -> User {
        let email = format!("{label}-{}@example.com", random_suffix());
        let password = "correct horse battery".to_string();
        let created = self
            .post(
                "/api/v1/auth/register",
                serde_json::json!({"email": email, "password": password, "name": label}),
            )
            .await
            .expect(201);
        let tokens = self
            .post(
                "/api/v1/auth/login",
                serde_json::json!({"email": email, "password": password}),
            )
            .await
            .expect(200);
        User {
            id: created["id"].as_i64().unwrap(),
            email,
            password,
            access_token: tokens["access_token"].as_str().unwrap().to_string(),
            refresh_token: tokens["refresh_token"].as_str().unwrap().to_string(),
        }
    }

    /// Stops the server (as SIGTERM would) and removes its database.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            server
                .await
                .expect("server task")
                .expect("server stops cleanly");
        }
        match &self.cleanup {
            Cleanup::SqliteDir(dir) if !dir.as_os_str().is_empty() => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::SqliteDir(_) => {}
            Cleanup::PostgresSchema { base_url, schema } => {
                admin_sql(base_url, &format!("DROP SCHEMA {schema} CASCADE")).await
            }
        }
    }
}
