use serde_json::{json, Value};

use crate::helpers::{spawn_app, TestApp};

fn todo_path(todo: &Value) -> String {
    format!("/api/v1/todos/{}", todo["id"].as_i64().unwrap())
}

async fn send_json(
    c: &TestApp,
    method: &str,
    path: &str,
    body: Value,
    headers: &[(&str, &str)],
) -> crate::helpers::TestResponse {
    c.send(method, path, Some(&body.to_string()), headers).await
}

#[tokio::test]
async fn todo_lifecycle() {
    let app = spawn_app(&[]).await;
    let c = app.with_token(&app.register_user("lifecycle").await.access_token);

    let r = c.post("/api/v1/todos", json!({"title": "  Buy milk  ", "id": 424242, "user_id": 1, "created_at": "2000-01-01T00:00:00Z", "unknown": true})).await;
    let todo = r.expect(201);
    assert_eq!(r.header("location"), todo_path(&todo));
    assert_eq!(todo["title"], "Buy milk");
    assert_eq!(
        (todo["completed"].as_bool(), todo["priority"].as_str()),
        (Some(false), Some("medium"))
    );
    assert!(todo["description"].is_null() && todo["due_date"].is_null());
    assert_ne!(todo["id"], 424242);
    assert!(!todo["created_at"].as_str().unwrap().starts_with("2000"));
    let path = todo_path(&todo);

    let first = c.get(&path).await;
    first.expect(200);
    let etag = first.header("etag").to_string();
    assert_eq!(first.header("x-cache"), "MISS");
    assert!(etag.starts_with('"'));
    let second = c.get(&path).await;
    assert_eq!(
        (second.header("x-cache"), second.header("etag")),
        ("HIT", etag.as_str())
    );
    assert_eq!(second.body, first.body);
    let not_modified = c
        .send("GET", &path, None, &[("if-none-match", &etag)])
        .await;
    assert_eq!(not_modified.status, 304);
    assert!(not_modified.body.is_empty());

    send_json(
        &c,
        "PATCH",
        &path,
        json!({"completed": true}),
        &[("if-match", "\"stale\"")],
    )
    .await
    .expect_error(412, "PRECONDITION_FAILED", &[]);
    // An invalid body is a 422 even with a stale If-Match.
    send_json(
        &c,
        "PATCH",
        &path,
        json!({"title": ""}),
        &[("if-match", "\"stale\"")],
    )
    .await
    .expect_error(422, "VALIDATION_ERROR", &["title"]);
    let patched = send_json(
        &c,
        "PATCH",
        &path,
        json!({"completed": true, "description": "2 litres", "due_date": "2030-01-31"}),
        &[("if-match", &etag)],
    )
    .await
    .expect(200);
    assert_eq!(
        (
            patched["completed"].as_bool(),
            patched["description"].as_str()
        ),
        (Some(true), Some("2 litres"))
    );
    assert_eq!(
        (patched["title"].as_str(), patched["due_date"].as_str()),
        (Some("Buy milk"), Some("2030-01-31"))
    );

    // The write invalidated the cache: the next read is fresh.
    let after = c.get(&path).await;
    assert_eq!(after.header("x-cache"), "MISS");
    assert_eq!(after.json()["completed"], true);
    c.send("GET", &path, None, &[("if-none-match", &etag)])
        .await
        .expect(200);

    let cleared = send_json(
        &c,
        "PATCH",
        &path,
        json!({"description": null, "due_date": null}),
        &[],
    )
    .await
    .expect(200);
    assert!(
        cleared["description"].is_null()
            && cleared["due_date"].is_null()
            && cleared["completed"] == true
    );
    send_json(&c, "PATCH", &path, json!({"title": null}), &[])
        .await
        .expect_error(422, "VALIDATION_ERROR", &["title"]);
    send_json(
        &c,
        "PATCH",
        &path,
        json!({"completed": null, "priority": null}),
        &[],
    )
    .await
    .expect_error(422, "VALIDATION_ERROR", &["completed", "priority"]);

    let replaced = send_json(
        &c,
        "PUT",
        &path,
        json!({"title": "Buy oat milk", "priority": "high"}),
        &[],
    )
    .await
    .expect(200);
    assert_eq!(
        (replaced["title"].as_str(), replaced["priority"].as_str()),
        (Some("Buy oat milk"), Some("high"))
    );
    assert!(replaced["completed"] == false && replaced["description"].is_null());
    assert_eq!(replaced["created_at"], todo["created_at"]);
    assert_ne!(replaced["updated_at"], todo["updated_at"]);
    send_json(&c, "PUT", &path, json!({"priority": "low"}), &[])
        .await
        .expect_error(422, "VALIDATION_ERROR", &["title"]);
    assert_eq!(c.get(&path).await.json()["title"], "Buy oat milk");

    let current = c.get(&path).await.header("etag").to_string();
    c.send("DELETE", &path, None, &[("if-match", "\"stale\"")])
        .await
        .expect_error(412, "PRECONDITION_FAILED", &[]);
    let deleted = c
        .send("DELETE", &path, None, &[("if-match", &current)])
        .await;
    assert_eq!(deleted.status, 204);
    assert!(deleted.body.is_empty());
    c.get(&path).await.expect_error(404, "NOT_FOUND", &[]);
    c.send("DELETE", &path, None, &[])
        .await
        .expect_error(404, "NOT_FOUND", &[]);
    c.get("/api/v1/todos/not-a-number")
        .await
        .expect_error(404, "NOT_FOUND", &[]);
    c.get("/api/v1/todos/0")
        .await
        .expect_error(404, "NOT_FOUND", &[]);
    let r = c.send("POST", &path, Some("{}"), &[]).await;
    r.expect_error(405, "METHOD_NOT_ALLOWED", &[]);
    assert_eq!(r.header("allow"), "DELETE, GET, HEAD, PATCH, PUT");
    app.stop().await;
}

#[tokio::test]
async fn todo_validation() {
    let app = spawn_app(&[]).await;
    let c = app.with_token(&app.register_user("validation").await.access_token);
    let invalid: Vec<(Value, Vec<&str>)> = vec![
        (json!({}), vec!["title"]),
        (json!({"title": "   "}), vec!["title"]),
        (json!({"title": "t".repeat(201)}), vec!["title"]),
        (json!({"title": 7}), vec!["title"]),
        (
            json!({"title": "ok", "description": "d".repeat(2001)}),
            vec!["description"],
        ),
        (
            json!({"title": "ok", "priority": "urgent"}),
            vec!["priority"],
        ),
        (
            json!({"title": "ok", "completed": "yes"}),
            vec!["completed"],
        ),
        (
            json!({"title": "ok", "due_date": "2030-02-30"}),
            vec!["due_date"],
        ),
        (
            json!({"title": "ok", "due_date": "31/01/2030"}),
            vec!["due_date"],
        ),
        (
            json!({"title": "", "priority": "x", "due_date": "soon"}),
            vec!["title", "priority", "due_date"],
        ),
        // NUL is refused up front: PostgreSQL cannot store it.
        (json!({"title": "\n\u{0}\n"}), vec!["title"]),
        (
            json!({"title": "ok", "description": "a\u{0}b"}),
            vec!["description"],
        ),
        // Only space, tab, CR and LF are trimmed, as in every stack.
        (json!({"title": "t".repeat(200) + "\u{b}"}), vec!["title"]),
    ];
    for (body, fields) in invalid {
        c.post("/api/v1/todos", body)
            .await
            .expect_error(422, "VALIDATION_ERROR", &fields);
    }
    // Boundaries are inclusive, counted in characters rather than bytes.
    let long = c
        .post("/api/v1/todos", json!({"title": "é".repeat(200), "description": "ü".repeat(2000), "priority": "low", "due_date": "2030-12-31", "completed": true}))
        .await
        .expect(201);
    assert_eq!(
        (long["priority"].as_str(), long["due_date"].as_str()),
        (Some("low"), Some("2030-12-31"))
    );

    c.send(
        "POST",
        "/api/v1/todos",
        Some("[{\"title\": \"array\"}]"),
        &[],
    )
    .await
    .expect_error(400, "BAD_REQUEST", &[]);
    c.send(
        "POST",
        "/api/v1/todos",
        Some("{\"title\": \"x\"}"),
        &[("content-type", "text/plain")],
    )
    .await
    .expect_error(415, "UNSUPPORTED_MEDIA_TYPE", &[]);
    app.post("/api/v1/todos", json!({"title": "anonymous"}))
        .await
        .expect_error(401, "UNAUTHORIZED", &[]);
    app.get("/api/v1/todos")
        .await
        .expect_error(401, "UNAUTHORIZED", &[]);
    app.stop().await;
}

#[tokio::test]
async fn todos_are_invisible_to_other_users() {
    let app = spawn_app(&[]).await;
    let alice = app.with_token(&app.register_user("alice").await.access_token);
    let bob = app.with_token(&app.register_user("bob").await.access_token);
    let todo = alice
        .post("/api/v1/todos", json!({"title": "Alice's secret"}))
        .await
        .expect(201);
    let path = todo_path(&todo);
    alice.get(&path).await.expect(200); // warm the cache: a hit must not leak either

    bob.get(&path).await.expect_error(404, "NOT_FOUND", &[]);
    send_json(&bob, "PATCH", &path, json!({"title": "mine now"}), &[])
        .await
        .expect_error(404, "NOT_FOUND", &[]);
    send_json(&bob, "PUT", &path, json!({"title": "mine now"}), &[])
        .await
        .expect_error(404, "NOT_FOUND", &[]);
    bob.send("DELETE", &path, None, &[])
        .await
        .expect_error(404, "NOT_FOUND", &[]);
    assert_eq!(
        bob.get("/api/v1/todos").await.expect(200)["data"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        alice.get(&path).await.expect(200)["title"],
        "Alice's secret"
    );
    app.stop().await;
}

#[tokio::test]
async fn todo_list_filters_sorts_and_pages() {
    let app = spawn_app(&[]).await;
    let c = app.with_token(&app.register_user("lister").await.access_token);
    for todo in [
        json!({"title": "Alpha 100% done", "priority": "low", "due_date": "2030-01-10", "completed": true}),
        json!({"title": "bravo snake_case", "priority": "high", "due_date": "2030-01-20"}),
        json!({"title": "charlie", "priority": "medium"}),
        json!({"title": "delta 100 percent", "priority": "high", "due_date": "2030-01-30", "completed": true}),
        json!({"title": "echo snakeXcase", "priority": "low"}),
    ] {
        c.post("/api/v1/todos", todo).await.expect(201);
    }
    let list = |query: String| {
        let c = &c;
        async move { c.get(&format!("/api/v1/todos?{query}")).await.expect(200) }
    };
    let titles = |body: &Value| -> Vec<String> {
        body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["title"].as_str().unwrap().to_string())
            .collect()
    };
    let expect_titles = |query: &str, want: &[&str]| {
        let query = query.to_string();
        let want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
        let list = &list;
        async move {
            let got = titles(&list(query.clone()).await);
            assert_eq!(got, want, "?{query}");
        }
    };

    expect_titles(
        "",
        &[
            "echo snakeXcase",
            "delta 100 percent",
            "charlie",
            "bravo snake_case",
            "Alpha 100% done",
        ],
    )
    .await;

    let page = list("limit=2&priority=high&priority=low&sort=title".into()).await;
    assert_eq!(
        page["meta"],
        json!({"page": 1, "limit": 2, "total": 2, "total_pages": 1})
    );
    let paged = list("limit=2&sort=title&order=asc".into()).await;
    assert_eq!(
        (
            paged["meta"]["total"].as_i64(),
            paged["meta"]["total_pages"].as_i64()
        ),
        (Some(5), Some(3))
    );
    let links = &paged["links"];
    assert!(links["prev"].is_null());
    assert_eq!(
        links["next"],
        "/api/v1/todos?page=2&limit=2&order=asc&sort=title"
    );
    let last = c.get(links["last"].as_str().unwrap()).await.expect(200);
    assert!(last["links"]["next"].is_null() && !last["links"]["prev"].is_null());
    assert_eq!(last["data"].as_array().unwrap().len(), 1);
    let past = list("page=9&limit=2".into()).await;
    assert!(past["data"].as_array().unwrap().is_empty() && past["meta"]["total"] == 5);
    assert_eq!(list("limit=1000".into()).await["meta"]["limit"], 100);

    expect_titles(
        "completed=true&sort=title&order=asc",
        &["Alpha 100% done", "delta 100 percent"],
    )
    .await;
    expect_titles(
        "completed=false&sort=title&order=asc",
        &["bravo snake_case", "charlie", "echo snakeXcase"],
    )
    .await;
    expect_titles(
        "priority=high&sort=title&order=asc",
        &["bravo snake_case", "delta 100 percent"],
    )
    .await;
    expect_titles(
        "due_after=2030-01-10&sort=due_date&order=asc",
        &["bravo snake_case", "delta 100 percent"],
    )
    .await;
    expect_titles(
        "due_before=2030-01-30&sort=due_date&order=asc",
        &["Alpha 100% done", "bravo snake_case"],
    )
    .await;
    expect_titles(
        "due_after=2030-01-10&due_before=2030-01-30",
        &["bravo snake_case"],
    )
    .await;
    expect_titles("q=100%25", &["Alpha 100% done"]).await;
    expect_titles("q=SNAKE_&sort=title&order=asc", &["bravo snake_case"]).await;
    expect_titles("q=ECHO", &["echo snakeXcase"]).await;
    expect_titles("q=nothing-matches", &[]).await;
    expect_titles("q=%00", &[]).await;

    expect_titles(
        "sort=priority&order=asc",
        &[
            "Alpha 100% done",
            "echo snakeXcase",
            "charlie",
            "bravo snake_case",
            "delta 100 percent",
        ],
    )
    .await;
    expect_titles(
        "sort=priority&order=desc",
        &[
            "delta 100 percent",
            "bravo snake_case",
            "charlie",
            "echo snakeXcase",
            "Alpha 100% done",
        ],
    )
    .await;
    expect_titles(
        "sort=due_date&order=desc",
        &[
            "delta 100 percent",
            "bravo snake_case",
            "Alpha 100% done",
            "echo snakeXcase",
            "charlie",
        ],
    )
    .await;
    expect_titles(
        "sort=created_at&order=asc",
        &[
            "Alpha 100% done",
            "bravo snake_case",
            "charlie",
            "delta 100 percent",
            "echo snakeXcase",
        ],
    )
    .await;

    let sparse = list("fields=title&limit=1".into()).await;
    let item = sparse["data"][0].as_object().unwrap();
    assert_eq!(item.keys().collect::<Vec<_>>(), ["id", "title"]);

    let r = c.get("/api/v1/todos?sort=title").await;
    c.send(
        "GET",
        "/api/v1/todos?sort=title",
        None,
        &[("if-none-match", r.header("etag"))],
    )
    .await
    .expect(304);

    for (query, field) in [
        ("page=0", "page"),
        ("page=two", "page"),
        ("limit=0", "limit"),
        ("limit=ten", "limit"),
        ("sort=owner", "sort"),
        ("order=up", "order"),
        ("fields=title,secret", "fields"),
        ("completed=yes", "completed"),
        ("completed=1", "completed"),
        ("priority=urgent", "priority"),
        ("due_before=2030-13-01", "due_before"),
        ("due_after=tomorrow", "due_after"),
    ] {
        c.get(&format!("/api/v1/todos?{query}")).await.expect_error(
            422,
            "VALIDATION_ERROR",
            &[field],
        );
    }
    app.stop().await;
}
