use std::time::Duration;

use crate::helpers::spawn_app;

/// Not a check: tells whoever reads the output which backends ran.
#[test]
fn backends_in_use() {
    crate::helpers::backends_note();
}

#[tokio::test]
async fn operational_routes_answer() {
    let app = spawn_app(&[]).await;
    assert_eq!(app.get("/health").await.expect(200)["status"], "ok");
    assert_eq!(app.get("/ready").await.expect(200)["status"], "ok");
    let openapi = app.get("/openapi.json").await.expect(200);
    assert!(openapi["openapi"].as_str().unwrap().starts_with("3.1"));
    let docs = app.get("/docs").await;
    assert_eq!(docs.status, 200);
    assert!(docs.header("content-type").starts_with("text/html"));
    assert!(String::from_utf8_lossy(&docs.body).contains("/openapi.json"));

    app.get("/api/v1/users/123456789").await; // a 404, recorded as unmatched
    app.get("/api/v1/users/me").await; // a 401, recorded under its pattern
    let metrics = app.get("/metrics").await;
    assert_eq!(metrics.status, 200);
    let text = String::from_utf8_lossy(&metrics.body).into_owned();
    for want in [
        "http_requests_total{method=\"GET\",route=\"/health\",status=\"200\"} 1",
        "http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/users/me\",le=\"+Inf\"} 1",
        "db_queries_total ",
    ] {
        assert!(text.contains(want), "/metrics lacks {want}:\n{text}");
    }
    assert!(!text.contains("123456789"), "a raw path became a label");
    app.stop().await;
}

#[tokio::test]
async fn every_response_carries_the_common_headers() {
    let app = spawn_app(&[]).await;
    let r = app
        .send("GET", "/health", None, &[("x-request-id", "client-id-42")])
        .await;
    assert_eq!(r.header("x-request-id"), "client-id-42");
    assert_eq!(r.header("x-content-type-options"), "nosniff");
    assert_eq!(r.header("server"), "");
    assert_eq!(r.header("content-type"), "application/json; charset=utf-8");
    for insane in ["has space", "quote\"d", &"a".repeat(129)] {
        let r = app
            .send("GET", "/health", None, &[("x-request-id", insane)])
            .await;
        assert!(!r.header("x-request-id").is_empty() && r.header("x-request-id") != insane);
    }
    let error = app
        .send("GET", "/nowhere", None, &[("x-request-id", "trace-1")])
        .await
        .expect_error(404, "NOT_FOUND", &[]);
    assert_eq!(error["request_id"], "trace-1");
    app.stop().await;
}

#[tokio::test]
async fn cors_grants_configured_origins_only() {
    let app = spawn_app(&[]).await;
    let preflight = app
        .send(
            "OPTIONS",
            "/api/v1/todos",
            None,
            &[
                ("origin", "http://localhost:3000"),
                ("access-control-request-method", "POST"),
            ],
        )
        .await;
    assert_eq!(preflight.status, 204);
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        "http://localhost:3000"
    );
    assert_eq!(preflight.header("access-control-allow-credentials"), "");
    let other = app
        .send(
            "GET",
            "/health",
            None,
            &[("origin", "https://evil.example")],
        )
        .await;
    assert_eq!(other.header("access-control-allow-origin"), "");
    app.stop().await;
}

#[tokio::test]
async fn unknown_routes_and_methods_get_the_envelope() {
    let app = spawn_app(&[]).await;
    app.get("/api/v1/nothing-here")
        .await
        .expect_error(404, "NOT_FOUND", &[]);
    app.get("/api/v2/todos")
        .await
        .expect_error(404, "NOT_FOUND", &[]);
    let r = app.send("DELETE", "/api/v1/auth/login", None, &[]).await;
    r.expect_error(405, "METHOD_NOT_ALLOWED", &[]);
    assert_eq!(r.header("allow"), "POST");
    let r = app.send("POST", "/health", Some("{}"), &[]).await;
    r.expect_error(405, "METHOD_NOT_ALLOWED", &[]);
    assert_eq!(r.header("allow"), "GET, HEAD");
    app.stop().await;
}

#[tokio::test]
async fn graceful_shutdown_finishes_in_flight_requests() {
    let app = spawn_app(&[]).await;
    // A request whose body is still arriving when shutdown starts must still
    // get its normal response.
    let (mut sender, body) = hyper::Body::channel();
    let client = app.client();
    let request = tokio::spawn(async move {
        let r = client
            .send_body(
                "POST",
                "/api/v1/auth/register",
                body,
                &[("content-type", "application/json")],
            )
            .await;
        r.status.as_u16()
    });
    sender
        .send_data("{\"email\": \"slow@example.com\", ".into())
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let stopping = tokio::spawn(app.stop());
    tokio::time::sleep(Duration::from_millis(100)).await;
    sender
        .send_data("\"password\": \"x\"}".into())
        .await
        .unwrap();
    drop(sender);
    assert_eq!(request.await.unwrap(), 422);
    tokio::time::timeout(Duration::from_secs(15), stopping)
        .await
        .expect("stops within the drain timeout")
        .unwrap();
}
