//! The `users` table.

use time::OffsetDateTime;

use crate::db::{Database, DbError, Row, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    User,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::User => "user",
            Role::Admin => "admin",
        }
    }
}

#[derive(Clone, Debug)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: String,
    pub password_hash: String,
    pub created_at: OffsetDateTime,
}

#[derive(Debug)]
pub enum CreateError {
    EmailTaken,
    Db(DbError),
}

const COLUMNS: &str = "id, email, name, role, password_hash, created_at";

fn from_row(row: &Row) -> Result<User, DbError> {
    Ok(User {
        id: row.i64(0)?,
        email: row.text(1)?,
        name: row.text(2)?,
        role: row.text(3)?,
        password_hash: row.text(4)?,
        created_at: row.timestamp(5)?,
    })
}

/// Inserts a user; a taken email is `EmailTaken`.
pub async fn create(
    db: &Database,
    email: &str,
    name: &str,
    password_hash: &str,
    role: Role,
) -> Result<User, CreateError> {
    let rows = db
        .query(
            &format!("INSERT INTO users (email, name, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?) RETURNING {COLUMNS}"),
            &[email.into(), name.into(), password_hash.into(), role.as_str().into(), Value::now()],
        )
        .await
        .map_err(|err| match err {
            DbError::UniqueViolation => CreateError::EmailTaken,
            other => CreateError::Db(other),
        })?;
    let row = rows
        .first()
        .ok_or_else(|| CreateError::Db(DbError::Other("INSERT returned no row".into())))?;
    from_row(row).map_err(CreateError::Db)
}

/// Finds a user by normalised (trimmed, lower-case) email.
pub async fn by_email(db: &Database, email: &str) -> Result<Option<User>, DbError> {
    let rows = db
        .query(
            &format!("SELECT {COLUMNS} FROM users WHERE email = ?"),
            &[email.into()],
        )
        .await?;
    rows.first().map(from_row).transpose()
}

pub async fn by_id(db: &Database, id: i64) -> Result<Option<User>, DbError> {
    let rows = db
        .query(
            &format!("SELECT {COLUMNS} FROM users WHERE id = ?"),
            &[id.into()],
        )
        .await?;
    rows.first().map(from_row).transpose()
}
