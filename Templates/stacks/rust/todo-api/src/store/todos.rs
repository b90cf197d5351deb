//! The `todos` table. Every query includes `user_id = ?`, so another user's
//! todo is indistinguishable from a missing one.

use time::OffsetDateTime;

use crate::db::{Database, DbError, Row, Value};

#[derive(Clone, Debug, PartialEq)]
pub struct Todo {
    pub id: i64,
    pub user_id: i64,
    pub title: String,
    pub description: Option<String>,
    pub completed: bool,
    pub priority: String,
    /// A calendar date, `YYYY-MM-DD`, not an instant.
    pub due_date: Option<String>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// Selects and orders one page of a user's todos.
#[derive(Clone, Debug, Default)]
pub struct TodoFilter {
    pub completed: Option<bool>,
    pub priority: Option<String>,
    /// Exclusive bounds, `YYYY-MM-DD`.
    pub due_before: Option<String>,
    pub due_after: Option<String>,
    /// A literal, case-insensitive substring of the title.
    pub search: Option<String>,
    pub sort: String,
    pub desc: bool,
    pub limit: i64,
    pub offset: i64,
}

/// Maps the sort values the API accepts to SQL. User input only ever selects
/// an entry; it is never pasted into the query.
fn sort_column(sort: &str) -> &'static str {
    match sort {
        "updated_at" => "updated_at",
        "due_date" => "due_date",
        "title" => "title",
        // Alphabetical order would put "high" first.
        "priority" => "CASE priority WHEN 'low' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END",
        _ => "created_at",
    }
}

const COLUMNS: &str =
    "id, user_id, title, description, completed, priority, due_date, created_at, updated_at";

fn from_row(row: &Row) -> Result<Todo, DbError> {
    Ok(Todo {
        id: row.i64(0)?,
        user_id: row.i64(1)?,
        title: row.text(2)?,
        description: row.opt_text(3)?,
        completed: row.bool(4)?,
        priority: row.text(5)?,
        due_date: row.opt_date(6)?,
        created_at: row.timestamp(7)?,
        updated_at: row.timestamp(8)?,
    })
}

/// Inserts `todo` for `todo.user_id` and returns the stored row.
pub async fn create(db: &Database, todo: &Todo) -> Result<Todo, DbError> {
    let now = Value::now();
    let rows = db
        .query(
            &format!(
                "INSERT INTO todos (user_id, title, description, completed, priority, due_date, created_at, updated_at) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING {COLUMNS}"
            ),
            &[
                todo.user_id.into(),
                todo.title.as_str().into(),
                Value::opt_text(todo.description.as_deref()),
                todo.completed.into(),
                todo.priority.as_str().into(),
                Value::opt_date(todo.due_date.as_deref()),
                now.clone(),
                now,
            ],
        )
        .await?;
    rows.first()
        .map(from_row)
        .transpose()?
        .ok_or_else(|| DbError::Other("INSERT returned no row".into()))
}

pub async fn by_id(db: &Database, user_id: i64, id: i64) -> Result<Option<Todo>, DbError> {
    let rows = db
        .query(
            &format!("SELECT {COLUMNS} FROM todos WHERE id = ? AND user_id = ?"),
            &[id.into(), user_id.into()],
        )
        .await?;
    rows.first().map(from_row).transpose()
}

/// Writes every writable field; None when the todo is gone.
pub async fn update(db: &Database, todo: &Todo) -> Result<Option<Todo>, DbError> {
    let rows = db
        .query(
            &format!(
                "UPDATE todos SET title = ?, description = ?, completed = ?, priority = ?, due_date = ?, updated_at = ? \
                 WHERE id = ? AND user_id = ? RETURNING {COLUMNS}"
            ),
            &[
                todo.title.as_str().into(),
                Value::opt_text(todo.description.as_deref()),
                todo.completed.into(),
                todo.priority.as_str().into(),
                Value::opt_date(todo.due_date.as_deref()),
                Value::now(),
                todo.id.into(),
                todo.user_id.into(),
            ],
        )
        .await?;
    rows.first().map(from_row).transpose()
}

/// Whether a todo of `user_id` was deleted.
pub async fn delete(db: &Database, user_id: i64, id: i64) -> Result<bool, DbError> {
    Ok(db
        .execute(
            "DELETE FROM todos WHERE id = ? AND user_id = ?",
            &[id.into(), user_id.into()],
        )
        .await?
        > 0)
}

/// One page of `user_id`'s todos and the number that match on all pages.
pub async fn list(
    db: &Database,
    user_id: i64,
    f: &TodoFilter,
) -> Result<(Vec<Todo>, i64), DbError> {
    let mut conditions = vec!["user_id = ?"];
    let mut params: Vec<Value> = vec![user_id.into()];
    if let Some(completed) = f.completed {
        conditions.push("completed = ?");
        params.push(completed.into());
    }
    if let Some(priority) = &f.priority {
        conditions.push("priority = ?");
        params.push(priority.as_str().into());
    }
    // A NULL due date compares as unknown, so these conditions also leave
    // out todos without one, as the contract asks.
    if let Some(before) = &f.due_before {
        conditions.push("due_date < ?");
        params.push(Value::date(before));
    }
    if let Some(after) = &f.due_after {
        conditions.push("due_date > ?");
        params.push(Value::date(after));
    }
    if let Some(search) = f.search.as_deref().filter(|s| !s.is_empty()) {
        conditions.push("LOWER(title) LIKE ? ESCAPE '\\'");
        params.push(format!("%{}%", escape_like(&search.to_lowercase())).into());
    }
    let condition = conditions.join(" AND ");

    let rows = db
        .query(
            &format!("SELECT COUNT(*) FROM todos WHERE {condition}"),
            &params,
        )
        .await?;
    let total = rows.first().map(|r| r.i64(0)).transpose()?.unwrap_or(0);

    let direction = if f.desc { " DESC" } else { " ASC" };
    // The engines disagree on where NULLs sort, so todos without a due date
    // go last explicitly. The id tie-breaker makes pages stable.
    let mut order = format!("{}{direction}, id{direction}", sort_column(&f.sort));
    if f.sort == "due_date" {
        order = format!("(due_date IS NULL), {order}");
    }
    params.push(f.limit.into());
    params.push(f.offset.into());
    let rows = db
        .query(
            &format!(
                "SELECT {COLUMNS} FROM todos WHERE {condition} ORDER BY {order} LIMIT ? OFFSET ?"
            ),
            &params,
        )
        .await?;
    let todos = rows.iter().map(from_row).collect::<Result<Vec<_>, _>>()?;
    Ok((todos, total))
}

/// Makes `%`, `_` and `\` match themselves in a LIKE pattern.
fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_are_literal() {
        assert_eq!(escape_like("100%_a\\b"), "100\\%\\_a\\\\b");
    }

    #[test]
    fn sort_columns_come_from_a_whitelist() {
        assert_eq!(sort_column("title; DROP TABLE todos"), "created_at");
        assert!(sort_column("priority").starts_with("CASE"));
    }
}
