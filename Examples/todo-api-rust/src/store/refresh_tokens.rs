//! The `refresh_tokens` table: only hashes, each usable once.

use std::time::Duration;

use crate::db::{Conn, DbError, Value};

pub async fn create(
    conn: &mut Conn,
    user_id: i64,
    token_hash: &str,
    ttl: Duration,
) -> Result<(), DbError> {
    let now = Value::now();
    let expires_at = Value::Timestamp(now.as_timestamp().expect("now is a timestamp") + ttl);
    conn.execute(
        "INSERT INTO refresh_tokens (user_id, token_hash, expires_at, created_at) VALUES (?, ?, ?, ?)",
        &[user_id.into(), token_hash.into(), expires_at, now],
    )
    .await
    .map(|_| ())
}

/// Revokes a live token and returns its user. The check and the revocation
/// are one statement, so two concurrent requests with the same token cannot
/// both succeed. Unknown, used and expired tokens are all `None`.
pub async fn consume(conn: &mut Conn, token_hash: &str) -> Result<Option<i64>, DbError> {
    let now = Value::now();
    let rows = conn
        .query(
            "UPDATE refresh_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ? RETURNING user_id",
            &[now.clone(), token_hash.into(), now],
        )
        .await?;
    rows.first().map(|row| row.i64(0)).transpose()
}
