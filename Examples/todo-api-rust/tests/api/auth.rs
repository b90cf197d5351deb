use std::time::{Duration, SystemTime};

use serde_json::json;

use crate::helpers::{random_suffix, spawn_app, ADMIN_EMAIL, ADMIN_PASSWORD, TEST_JWT_SECRET};

#[tokio::test]
async fn register_normalises_and_ignores_fields_clients_may_not_set() {
    let app = spawn_app(&[]).await;
    let email = format!("New.User-{}@Example.COM", random_suffix());
    let r = app
        .post(
            "/api/v1/auth/register",
            json!({"email": format!("  {email} "), "password": "long enough", "name": " Ada ",
                   "role": "admin", "id": 999999, "created_at": "2000-01-01T00:00:00Z"}),
        )
        .await;
    let created = r.expect(201);
    assert_eq!(r.header("location"), "/api/v1/users/me");
    assert_eq!(created["email"], email.to_lowercase());
    assert_eq!(
        (created["name"].as_str(), created["role"].as_str()),
        (Some("Ada"), Some("user"))
    );
    assert_ne!(created["id"], 999999);
    assert!(!created["created_at"].as_str().unwrap().starts_with("2000"));
    assert!(created.get("password_hash").is_none());

    app.post(
        "/api/v1/auth/register",
        json!({"email": email.to_uppercase(), "password": "long enough", "name": "Twin"}),
    )
    .await
    .expect_error(409, "CONFLICT", &[]);

    let invalid = [
        (
            json!({"email": "not-an-email", "password": "long enough", "name": "A"}),
            "email",
        ),
        (json!({"password": "long enough", "name": "A"}), "email"),
        (
            json!({"email": "a@example.com", "password": "short", "name": "A"}),
            "password",
        ),
        (
            json!({"email": "a@example.com", "password": "p".repeat(129), "name": "A"}),
            "password",
        ),
        (
            json!({"email": "a@example.com", "password": "long enough", "name": "   "}),
            "name",
        ),
        (
            json!({"email": "a@example.com", "password": "long enough", "name": "n".repeat(101)}),
            "name",
        ),
        (
            json!({"email": 42, "password": "long enough", "name": "A"}),
            "email",
        ),
    ];
    for (body, field) in invalid {
        app.post("/api/v1/auth/register", body).await.expect_error(
            422,
            "VALIDATION_ERROR",
            &[field],
        );
    }
    let error = app
        .post("/api/v1/auth/register", json!({}))
        .await
        .expect_error(422, "VALIDATION_ERROR", &["email", "password", "name"]);
    assert_eq!(error["details"].as_array().unwrap().len(), 3);
    app.stop().await;
}

#[tokio::test]
async fn malformed_bodies_are_refused() {
    let app = spawn_app(&[("MAX_BODY_BYTES", "1024")]).await;
    let path = "/api/v1/auth/register";
    for body in [
        "{\"email\": \"a@b.c\",",
        "[\"not\", \"an\", \"object\"]",
        "\"string\"",
        "{} {}",
        "",
    ] {
        app.send("POST", path, Some(body), &[])
            .await
            .expect_error(400, "BAD_REQUEST", &[]);
    }
    app.send("POST", path, Some("{}"), &[("content-type", "text/plain")])
        .await
        .expect_error(415, "UNSUPPORTED_MEDIA_TYPE", &[]);
    app.send(
        "POST",
        path,
        Some("email=a"),
        &[("content-type", "application/x-www-form-urlencoded")],
    )
    .await
    .expect_error(415, "UNSUPPORTED_MEDIA_TYPE", &[]);
    let huge = String::from("{\"name\": \"") + &"x".repeat(2048) + "\"}";
    app.send("POST", path, Some(&huge), &[])
        .await
        .expect_error(413, "PAYLOAD_TOO_LARGE", &[]);
    app.stop().await;
}

#[tokio::test]
async fn login_does_not_reveal_accounts() {
    let app = spawn_app(&[]).await;
    let user = app.register_user("login").await;
    let wrong_password = app
        .post(
            "/api/v1/auth/login",
            json!({"email": user.email, "password": "wrong password"}),
        )
        .await;
    let unknown = app
        .post(
            "/api/v1/auth/login",
            json!({"email": "nobody@example.com", "password": "wrong password"}),
        )
        .await;
    let a = wrong_password.expect_error(401, "UNAUTHORIZED", &[]);
    let b = unknown.expect_error(401, "UNAUTHORIZED", &[]);
    assert_eq!(a["message"], b["message"]);

    let tokens = app
        .post(
            "/api/v1/auth/login",
            json!({"email": format!("  {}", user.email.to_uppercase()), "password": user.password}),
        )
        .await
        .expect(200);
    assert_eq!(
        (tokens["token_type"].as_str(), tokens["expires_in"].as_u64()),
        (Some("Bearer"), Some(900))
    );
    app.post("/api/v1/auth/login", json!({"email": user.email}))
        .await
        .expect_error(422, "VALIDATION_ERROR", &["password"]);
    app.stop().await;
}

#[tokio::test]
async fn access_tokens_are_checked() {
    let app = spawn_app(&[]).await;
    let user = app.register_user("tokens").await;
    let me = app
        .with_token(&user.access_token)
        .get("/api/v1/users/me")
        .await
        .expect(200);
    assert_eq!(
        (me["email"].as_str(), me["role"].as_str(), me["id"].as_i64()),
        (Some(user.email.as_str()), Some("user"), Some(user.id))
    );

    let issuer = todo_api_tokens(Duration::from_secs(900));
    let expired = issuer.issue_at(
        user.id,
        SystemTime::now() - Duration::from_secs(16 * 60 + 61),
    );
    let forged = todo_api::auth::TokenIssuer::new(
        b"some other secret of enough length!!",
        Duration::from_secs(900),
    )
    .issue(user.id);
    let parts: Vec<&str> = user.access_token.split('.').collect();
    let b64 = |s: &str| base64::encode_config(s, base64::URL_SAFE_NO_PAD);
    let alg_none = format!("{}.{}.", b64(r#"{"alg":"none","typ":"JWT"}"#), parts[1]);
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        b64(r#"{"sub":"1","exp":9999999999}"#),
        parts[2]
    );
    for token in ["", "not-a-jwt", &expired, &forged, &alg_none, &tampered] {
        let r = if token.is_empty() {
            app.get("/api/v1/users/me").await
        } else {
            app.with_token(token).get("/api/v1/users/me").await
        };
        r.expect_error(401, "UNAUTHORIZED", &[]);
        assert!(
            r.header("www-authenticate").starts_with("Bearer"),
            "{token}"
        );
    }
    let basic = format!("Basic {}", user.access_token);
    app.send(
        "GET",
        "/api/v1/users/me",
        None,
        &[("authorization", &basic)],
    )
    .await
    .expect_error(401, "UNAUTHORIZED", &[]);
    app.stop().await;
}

fn todo_api_tokens(ttl: Duration) -> todo_api::auth::TokenIssuer {
    todo_api::auth::TokenIssuer::new(TEST_JWT_SECRET.as_bytes(), ttl)
}

#[tokio::test]
async fn refresh_tokens_rotate_and_die_on_logout() {
    let app = spawn_app(&[]).await;
    let user = app.register_user("refresh").await;
    let rotated = app
        .post(
            "/api/v1/auth/refresh",
            json!({"refresh_token": user.refresh_token}),
        )
        .await
        .expect(200);
    let new_refresh = rotated["refresh_token"].as_str().unwrap().to_string();
    assert_ne!(new_refresh, user.refresh_token);
    app.with_token(rotated["access_token"].as_str().unwrap())
        .get("/api/v1/users/me")
        .await
        .expect(200);

    app.post(
        "/api/v1/auth/refresh",
        json!({"refresh_token": user.refresh_token}),
    )
    .await
    .expect_error(401, "UNAUTHORIZED", &[]);
    app.post("/api/v1/auth/refresh", json!({"refresh_token": "made-up"}))
        .await
        .expect_error(401, "UNAUTHORIZED", &[]);
    app.post("/api/v1/auth/refresh", json!({}))
        .await
        .expect_error(422, "VALIDATION_ERROR", &["refresh_token"]);

    app.post("/api/v1/auth/logout", json!({"refresh_token": new_refresh}))
        .await
        .expect(204);
    app.post(
        "/api/v1/auth/refresh",
        json!({"refresh_token": new_refresh}),
    )
    .await
    .expect_error(401, "UNAUTHORIZED", &[]);
    app.post("/api/v1/auth/logout", json!({"refresh_token": new_refresh}))
        .await
        .expect_error(401, "UNAUTHORIZED", &[]);
    app.stop().await;
}

#[tokio::test]
async fn refresh_tokens_expire() {
    let app = spawn_app(&[("REFRESH_TTL_SECONDS", "1")]).await;
    let user = app.register_user("expiring").await;
    // Waiting out the one-second lifetime is the only way to see expiry
    // from outside.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    app.post(
        "/api/v1/auth/refresh",
        json!({"refresh_token": user.refresh_token}),
    )
    .await
    .expect_error(401, "UNAUTHORIZED", &[]);
    app.stop().await;
}

#[tokio::test]
async fn the_bootstrap_admin_exists() {
    let app = spawn_app(&[]).await;
    let tokens = app
        .post(
            "/api/v1/auth/login",
            json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}),
        )
        .await
        .expect(200);
    let me = app
        .with_token(tokens["access_token"].as_str().unwrap())
        .get("/api/v1/users/me")
        .await
        .expect(200);
    assert_eq!(me["role"], "admin");
    app.stop().await;
}

#[tokio::test]
async fn rate_limits_answer_429_with_retry_after() {
    let app = spawn_app(&[("RATE_LIMIT_RPM", "5"), ("AUTH_RATE_LIMIT_RPM", "2")]).await;
    // Windows are fixed minutes: one may end during the loop, so one reset
    // is allowed for before a 429 is expected.
    for (limit, path) in [(2, "/api/v1/auth/login"), (5, "/api/v1/users/me")] {
        let mut limited = false;
        for _ in 0..(2 * limit + 2) {
            let r = if path.ends_with("login") {
                app.post(path, json!({})).await
            } else {
                app.get(path).await
            };
            if r.status == 429 {
                r.expect_error(429, "RATE_LIMITED", &[]);
                let seconds: u64 = r.header("retry-after").parse().unwrap();
                assert!((1..=61).contains(&seconds));
                limited = true;
                break;
            }
        }
        assert!(limited, "no 429 on {path}");
    }
    for _ in 0..10 {
        app.get("/health").await.expect(200); // probes are never throttled
    }
    app.stop().await;
}

#[test]
fn invalid_configuration_is_refused() {
    for (name, value) in [
        ("DATABASE_URL", "mysql://x"),
        ("PORT", "http"),
        ("APP_ENV", "production"),
    ] {
        let result = todo_api::configuration::Config::from_lookup(|n| {
            (n == name).then(|| value.to_string())
        });
        assert!(result.is_err(), "{name}={value}");
    }
}
