//! The todo handlers.

use std::time::Duration;

use hyper::header::{HeaderValue, ETAG, LOCATION};
use hyper::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::db::value_date_is_valid;
use crate::errors::ApiError;
use crate::http::etag::{etag_for, has_if_match, if_match_fails, with_etag};
use crate::http::json::{read_bool, read_string, trim_text, Field, JsonObject, Validator};
use crate::http::list::{ListParams, ListResponse, ListSpec};
use crate::http::response::{empty_response, json_bytes_response, rfc3339, to_json};
use crate::http::router::{HandlerResult, Request};
use crate::store::todos::{self, Todo, TodoFilter};

const PRIORITIES: [&str; 3] = ["low", "medium", "high"];
const CACHE_TTL: Duration = Duration::from_secs(300);

const LIST_SPEC: ListSpec = ListSpec {
    sortable: &["created_at", "updated_at", "due_date", "priority", "title"],
    default_sort: "created_at",
    descending_by_default: &["created_at", "updated_at"],
    fields: &[
        "id",
        "title",
        "description",
        "completed",
        "priority",
        "due_date",
        "created_at",
        "updated_at",
    ],
};

/// The JSON shape of a todo. The owner is implied by the token.
#[derive(Serialize)]
struct TodoResponse<'a> {
    id: i64,
    title: &'a str,
    description: Option<&'a str>,
    completed: bool,
    priority: &'a str,
    due_date: Option<&'a str>,
    created_at: String,
    updated_at: String,
}

impl<'a> From<&'a Todo> for TodoResponse<'a> {
    fn from(t: &'a Todo) -> Self {
        TodoResponse {
            id: t.id,
            title: &t.title,
            description: t.description.as_deref(),
            completed: t.completed,
            priority: &t.priority,
            due_date: t.due_date.as_deref(),
            created_at: rfc3339(t.created_at),
            updated_at: rfc3339(t.updated_at),
        }
    }
}

/// The representation single-todo responses send and the input of their
/// ETag, so If-Match and If-None-Match compare like with like.
fn todo_body(todo: &Todo) -> Vec<u8> {
    to_json(&TodoResponse::from(todo))
}

/// What the cache holds for GET /api/v1/todos/{id}. The owner is kept so a
/// hit for another user's id still answers 404.
#[derive(Serialize, Deserialize)]
struct CachedTodo {
    user_id: i64,
    body: String,
}

fn cache_key(id: i64) -> String {
    format!("todo:{id}")
}

/// Anything but a positive integer cannot name a todo: a 404 like any other
/// missing todo.
fn todo_id(req: &Request) -> Result<i64, ApiError> {
    req.param("id")
        .and_then(|id| id.parse::<i64>().ok())
        .filter(|id| *id > 0)
        .ok_or(ApiError::NotFound)
}

pub async fn list(req: Request) -> HandlerResult {
    let user_id = req.user_id()?;
    let query = &req.query;
    let mut v = Validator::default();
    let params = ListParams::parse(query, &LIST_SPEC, &mut v);
    let mut filter = TodoFilter {
        sort: params.sort.clone(),
        desc: params.desc,
        limit: params.limit,
        offset: params.offset(),
        ..Default::default()
    };
    if let Some(completed) = query.get("completed") {
        match completed {
            "true" => filter.completed = Some(true),
            "false" => filter.completed = Some(false),
            _ => v.add("completed", "must be true or false"),
        }
    }
    if let Some(priority) = query.get("priority") {
        v.check(
            PRIORITIES.contains(&priority),
            "priority",
            "must be one of low, medium, high",
        );
        filter.priority = Some(priority.to_string());
    }
    for (name, bound) in [
        ("due_before", &mut filter.due_before),
        ("due_after", &mut filter.due_after),
    ] {
        if let Some(date) = query.get(name) {
            v.check(
                value_date_is_valid(date),
                name,
                "must be a date in YYYY-MM-DD format",
            );
            *bound = Some(date.to_string());
        }
    }
    filter.search = query.get("q").map(str::to_string);
    v.finish()?;

    // Titles never hold NUL (it is refused on write), and PostgreSQL cannot
    // take it as a parameter: such a search matches nothing.
    let (items, total) = if filter.search.as_deref().is_some_and(|q| q.contains('\0')) {
        (Vec::new(), 0)
    } else {
        todos::list(&req.state.db, user_id, &filter).await?
    };
    let data = items
        .iter()
        .map(|todo| {
            let item = match serde_json::to_value(TodoResponse::from(todo)) {
                Ok(Value::Object(map)) => map,
                _ => Map::new(),
            };
            params.project(item)
        })
        .collect();
    let response = ListResponse::new(&req.path, query, &params, total, data);
    Ok(with_etag(&req.headers, StatusCode::OK, to_json(&response)))
}

pub async fn create(mut req: Request) -> HandlerResult {
    let user_id = req.user_id()?;
    let body = req.json().await?;
    let mut todo = Todo {
        id: 0,
        user_id,
        title: String::new(),
        description: None,
        completed: false,
        priority: "medium".into(),
        due_date: None,
        created_at: time::OffsetDateTime::UNIX_EPOCH,
        updated_at: time::OffsetDateTime::UNIX_EPOCH,
    };
    apply_fields(&mut todo, &body, true)?;
    let todo = todos::create(&req.state.db, &todo).await?;
    let mut response = json_bytes_response(StatusCode::CREATED, todo_body(&todo));
    let location =
        HeaderValue::from_str(&format!("/api/v1/todos/{}", todo.id)).expect("ASCII path");
    response.headers_mut().insert(LOCATION, location);
    Ok(response)
}

pub async fn get(req: Request) -> HandlerResult {
    let user_id = req.user_id()?;
    let id = todo_id(&req)?;
    let state = &req.state;
    let cached = match state.cache.get(&cache_key(id)).await {
        Ok(hit) => hit.and_then(|raw| serde_json::from_slice::<CachedTodo>(&raw).ok()),
        Err(err) => {
            tracing::warn!(error = %err, "cache read failed");
            None
        }
    };
    if let Some(cached) = cached {
        if cached.user_id != user_id {
            return Err(ApiError::NotFound);
        }
        let mut response = with_etag(&req.headers, StatusCode::OK, cached.body.into_bytes());
        response
            .headers_mut()
            .insert("x-cache", HeaderValue::from_static("HIT"));
        return Ok(response);
    }

    let todo = todos::by_id(&state.db, user_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let body = todo_body(&todo);
    let entry = to_json(&CachedTodo {
        user_id: todo.user_id,
        body: String::from_utf8_lossy(&body).into_owned(),
    });
    if let Err(err) = state.cache.set(&cache_key(id), &entry, CACHE_TTL).await {
        tracing::warn!(error = %err, "cache write failed");
    }
    let mut response = with_etag(&req.headers, StatusCode::OK, body);
    response
        .headers_mut()
        .insert("x-cache", HeaderValue::from_static("MISS"));
    Ok(response)
}

/// PUT: every writable field is set; absent optional fields take their
/// defaults.
pub async fn replace(req: Request) -> HandlerResult {
    update(req, |current, body| {
        let mut replaced = Todo {
            title: String::new(),
            description: None,
            completed: false,
            priority: "medium".into(),
            due_date: None,
            ..current.clone()
        };
        apply_fields(&mut replaced, body, true).map(|()| replaced)
    })
    .await
}

/// PATCH: only the fields present change.
pub async fn patch(req: Request) -> HandlerResult {
    update(req, |current, body| {
        let mut patched = current.clone();
        apply_fields(&mut patched, body, false).map(|()| patched)
    })
    .await
}

/// What PUT and PATCH share: ownership, validation, If-Match, the write and
/// the cache invalidation.
async fn update(
    mut req: Request,
    change: impl FnOnce(&Todo, &JsonObject) -> Result<Todo, ApiError>,
) -> HandlerResult {
    let user_id = req.user_id()?;
    let id = todo_id(&req)?;
    let body = req.json().await?;
    let current = todos::by_id(&req.state.db, user_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    // Validation answers before the precondition: a body that could never be
    // applied is a 422 whatever the If-Match says.
    let changed = change(&current, &body)?;
    if if_match_fails(&req.headers, &etag_for(&todo_body(&current))) {
        return Err(ApiError::PreconditionFailed);
    }
    let updated = todos::update(&req.state.db, &changed)
        .await?
        .ok_or(ApiError::NotFound)?;
    invalidate(&req, id).await;
    let body = todo_body(&updated);
    let etag = HeaderValue::from_str(&etag_for(&body)).expect("hex ETag");
    let mut response = json_bytes_response(StatusCode::OK, body);
    response.headers_mut().insert(ETAG, etag);
    Ok(response)
}

pub async fn delete(req: Request) -> HandlerResult {
    let user_id = req.user_id()?;
    let id = todo_id(&req)?;
    if has_if_match(&req.headers) {
        let current = todos::by_id(&req.state.db, user_id, id)
            .await?
            .ok_or(ApiError::NotFound)?;
        if if_match_fails(&req.headers, &etag_for(&todo_body(&current))) {
            return Err(ApiError::PreconditionFailed);
        }
    }
    if !todos::delete(&req.state.db, user_id, id).await? {
        return Err(ApiError::NotFound);
    }
    invalidate(&req, id).await;
    Ok(empty_response(StatusCode::NO_CONTENT))
}

/// Runs after every successful write, so the next read misses the cache and
/// sees the new row.
async fn invalidate(req: &Request, id: i64) {
    if let Err(err) = req.state.cache.delete(&cache_key(id)).await {
        tracing::error!(todo_id = id, error = %err, "cache invalidation failed; reads may be stale until the entry expires");
    }
}

/// Validates the writable fields of `body` and copies them into `todo`.
/// With `require_title` (POST and PUT) the title must be present; absent
/// fields keep `todo`'s values. id, user_id, created_at and unknown fields
/// are never read.
fn apply_fields(todo: &mut Todo, body: &JsonObject, require_title: bool) -> Result<(), ApiError> {
    let mut v = Validator::default();

    match read_string(body, &mut v, "title") {
        Field::Invalid => {}
        Field::Missing => v.check(!require_title, "title", "is required"),
        Field::Null => v.add("title", "must not be null"),
        Field::Set(title) => {
            let trimmed = trim_text(&title);
            let n = trimmed.chars().count();
            v.check(n >= 1, "title", "must not be empty");
            v.check(n <= 200, "title", "must be at most 200 characters");
            todo.title = trimmed.to_string();
        }
    }
    match read_string(body, &mut v, "description") {
        Field::Null => todo.description = None,
        Field::Set(description) => {
            v.check(
                description.chars().count() <= 2000,
                "description",
                "must be at most 2000 characters",
            );
            todo.description = Some(description);
        }
        Field::Missing | Field::Invalid => {}
    }
    match read_bool(body, &mut v, "completed") {
        Field::Null => v.add("completed", "must not be null"),
        Field::Set(completed) => todo.completed = completed,
        Field::Missing | Field::Invalid => {}
    }
    match read_string(body, &mut v, "priority") {
        Field::Null => v.add("priority", "must not be null"),
        Field::Set(priority) => {
            v.check(
                PRIORITIES.contains(&priority.as_str()),
                "priority",
                "must be one of low, medium, high",
            );
            todo.priority = priority;
        }
        Field::Missing | Field::Invalid => {}
    }
    match read_string(body, &mut v, "due_date") {
        Field::Null => todo.due_date = None,
        Field::Set(due_date) => {
            v.check(
                value_date_is_valid(&due_date),
                "due_date",
                "must be a date in YYYY-MM-DD format",
            );
            todo.due_date = Some(due_date);
        }
        Field::Missing | Field::Invalid => {}
    }
    v.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::json::parse_object;

    fn blank() -> Todo {
        Todo {
            id: 1,
            user_id: 1,
            title: "t".into(),
            description: Some("d".into()),
            completed: true,
            priority: "high".into(),
            due_date: None,
            created_at: time::OffsetDateTime::UNIX_EPOCH,
            updated_at: time::OffsetDateTime::UNIX_EPOCH,
        }
    }

    fn fields(result: Result<(), ApiError>) -> Vec<String> {
        match result {
            Ok(()) => vec![],
            Err(ApiError::Validation(details)) => details.into_iter().map(|d| d.field).collect(),
            Err(other) => panic!("{other:?}"),
        }
    }

    #[test]
    fn patch_keeps_absent_fields_and_null_clears_nullable_ones() {
        let mut todo = blank();
        let body = parse_object(br#"{"description": null, "title": "  new  ", "id": 9}"#).unwrap();
        assert!(fields(apply_fields(&mut todo, &body, false)).is_empty());
        assert_eq!(
            (
                todo.title.as_str(),
                todo.description.as_deref(),
                todo.completed,
                todo.id
            ),
            ("new", None, true, 1)
        );
    }

    #[test]
    fn every_invalid_field_is_reported_in_order() {
        let body = parse_object(
            br#"{"title": "", "priority": "x", "due_date": "2030-02-30", "completed": null}"#,
        )
        .unwrap();
        assert_eq!(
            fields(apply_fields(&mut blank(), &body, true)),
            ["title", "completed", "priority", "due_date"]
        );
        let body = parse_object(br#"{}"#).unwrap();
        assert_eq!(fields(apply_fields(&mut blank(), &body, true)), ["title"]);
    }
}
