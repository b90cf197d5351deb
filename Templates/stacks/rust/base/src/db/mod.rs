//! The only module that talks to a database. It opens SQLite or PostgreSQL
//! from a URL, applies migrations, counts every statement for the
//! `db_queries_total` metric, and runs queries written once, with `?`
//! placeholders, in the SQL subset both engines share.

mod migrate;
mod value;

use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Mutex, OwnedMutexGuard};

pub use value::{Row, Value};

/// Statements of one SQLite connection run one at a time; the PostgreSQL
/// pool keeps this many connections.
const POSTGRES_POOL_SIZE: usize = 8;

/// SQLITE_CONSTRAINT | 8 << 8: Debian's generated bindings lack the name.
const SQLITE_CONSTRAINT_UNIQUE: std::os::raw::c_int = 2067;

#[derive(Debug)]
pub enum DbError {
    /// A unique constraint refused the write.
    UniqueViolation,
    Other(String),
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DbError::UniqueViolation => f.write_str("unique constraint violated"),
            DbError::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for DbError {}

impl From<rusqlite::Error> for DbError {
    fn from(err: rusqlite::Error) -> Self {
        match &err {
            rusqlite::Error::SqliteFailure(e, _) if e.extended_code == SQLITE_CONSTRAINT_UNIQUE => {
                DbError::UniqueViolation
            }
            _ => DbError::Other(format!("sqlite: {err}")),
        }
    }
}

impl From<tokio_postgres::Error> for DbError {
    fn from(err: tokio_postgres::Error) -> Self {
        if err.code() == Some(&tokio_postgres::error::SqlState::UNIQUE_VIOLATION) {
            return DbError::UniqueViolation;
        }
        DbError::Other(format!("postgres: {err}"))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

enum Backend {
    // SQLite allows one writer at a time anyway; one connection keeps
    // transactions simple and is plenty for this service. rusqlite is
    // blocking, so every statement runs on tokio's blocking pool.
    Sqlite(Arc<Mutex<rusqlite::Connection>>),
    Postgres {
        url: String,
        pool: Vec<Arc<Mutex<Option<tokio_postgres::Client>>>>,
        next: AtomicUsize,
    },
}

/// A database handle shared by every request.
pub struct Database {
    backend: Backend,
    queries: Arc<AtomicU64>,
}

impl Database {
    /// Connects to `url` (`sqlite::memory:`, `sqlite:PATH` or
    /// `postgres://...`) and checks that the database answers.
    pub async fn open(url: &str) -> Result<Database, DbError> {
        let backend = if let Some(path) = url.strip_prefix("sqlite:") {
            let path = path.to_string();
            let conn = tokio::task::spawn_blocking(move || open_sqlite(&path))
                .await
                .map_err(|e| DbError::Other(e.to_string()))??;
            Backend::Sqlite(Arc::new(Mutex::new(conn)))
        } else {
            let pool = (0..POSTGRES_POOL_SIZE)
                .map(|_| Arc::new(Mutex::new(None)))
                .collect();
            Backend::Postgres {
                url: url.to_string(),
                pool,
                next: AtomicUsize::new(0),
            }
        };
        let db = Database {
            backend,
            queries: Arc::new(AtomicU64::new(0)),
        };
        db.ping().await?;
        Ok(db)
    }

    pub fn dialect(&self) -> Dialect {
        match self.backend {
            Backend::Sqlite(_) => Dialect::Sqlite,
            Backend::Postgres { .. } => Dialect::Postgres,
        }
    }

    /// The number of statements sent since `open`.
    pub fn query_count(&self) -> u64 {
        self.queries.load(Ordering::Relaxed)
    }

    /// Whether the database answers within two seconds.
    pub async fn ping(&self) -> Result<(), DbError> {
        let check = async {
            let mut conn = self.conn().await?;
            conn.query("SELECT 1", &[]).await.map(|_| ())
        };
        tokio::time::timeout(Duration::from_secs(2), check)
            .await
            .unwrap_or_else(|_| Err(DbError::Other("database did not answer within 2 s".into())))
    }

    /// A connection for a few statements in a row.
    pub async fn conn(&self) -> Result<Conn, DbError> {
        let inner = match &self.backend {
            Backend::Sqlite(conn) => ConnInner::Sqlite(Some(conn.clone().lock_owned().await)),
            Backend::Postgres { url, pool, next } => {
                // A free connection if there is one; otherwise wait for the
                // next in turn, which also bounds how many statements run
                // at once.
                let free = pool
                    .iter()
                    .find_map(|slot| slot.clone().try_lock_owned().ok());
                let mut guard = match free {
                    Some(guard) => guard,
                    None => {
                        pool[next.fetch_add(1, Ordering::Relaxed) % pool.len()]
                            .clone()
                            .lock_owned()
                            .await
                    }
                };
                if guard.as_ref().map_or(true, |client| client.is_closed()) {
                    *guard = Some(connect_postgres(url).await?);
                }
                ConnInner::Postgres(guard)
            }
        };
        Ok(Conn {
            inner,
            queries: self.queries.clone(),
            in_transaction: false,
        })
    }

    /// Runs one statement and returns its rows.
    pub async fn query(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError> {
        self.conn().await?.query(sql, params).await
    }

    /// Runs one statement and returns the number of rows it changed.
    pub async fn execute(&self, sql: &str, params: &[Value]) -> Result<u64, DbError> {
        self.conn().await?.execute(sql, params).await
    }

    /// A connection inside a transaction: `commit` it, or it rolls back
    /// when dropped.
    pub async fn begin(&self) -> Result<Conn, DbError> {
        let mut conn = self.conn().await?;
        // IMMEDIATE takes SQLite's write lock up front, so two transactions
        // that both read before they write cannot deadlock.
        let begin = if self.dialect() == Dialect::Sqlite {
            "BEGIN IMMEDIATE"
        } else {
            "BEGIN"
        };
        conn.batch(begin).await?;
        conn.in_transaction = true;
        Ok(conn)
    }

    /// Applies the migrations of this dialect not yet recorded.
    pub async fn migrate(&self, migrations: &[(&str, &str)]) -> Result<(), DbError> {
        migrate::run(self, migrations).await
    }
}

fn open_sqlite(path: &str) -> Result<rusqlite::Connection, DbError> {
    let conn = if path == ":memory:" {
        rusqlite::Connection::open_in_memory()?
    } else {
        if let Some(dir) = Path::new(path)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir)
                .map_err(|e| DbError::Other(format!("create database directory: {e}")))?;
        }
        let conn = rusqlite::Connection::open(path)?;
        // WAL lets readers proceed while a writer commits.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn
    };
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Another process writing makes us wait instead of failing at once.
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(conn)
}

async fn connect_postgres(url: &str) -> Result<tokio_postgres::Client, DbError> {
    let connect = tokio_postgres::connect(url, tokio_postgres::NoTls);
    let (client, connection) = tokio::time::timeout(Duration::from_secs(5), connect)
        .await
        .map_err(|_| DbError::Other("connect to postgres: timed out".into()))??;
    tokio::spawn(async move {
        if let Err(err) = connection.await {
            tracing::warn!(error = %err, "postgres connection closed");
        }
    });
    Ok(client)
}

enum ConnInner {
    // Taken out while a statement runs on the blocking pool.
    Sqlite(Option<OwnedMutexGuard<rusqlite::Connection>>),
    Postgres(OwnedMutexGuard<Option<tokio_postgres::Client>>),
}

/// One connection, held exclusively until dropped.
pub struct Conn {
    inner: ConnInner,
    queries: Arc<AtomicU64>,
    in_transaction: bool,
}

impl Conn {
    pub async fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError> {
        self.queries.fetch_add(1, Ordering::Relaxed);
        match &mut self.inner {
            ConnInner::Sqlite(slot) => {
                let sql = sql.to_string();
                let params = params.to_vec();
                with_sqlite(slot, move |conn| value::sqlite_query(conn, &sql, &params)).await
            }
            ConnInner::Postgres(client) => {
                let client = client.as_ref().expect("connected in Database::conn");
                let rows = client
                    .query(&rebind(sql), &value::pg_params(params))
                    .await?;
                rows.iter().map(value::pg_row).collect()
            }
        }
    }

    pub async fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError> {
        self.queries.fetch_add(1, Ordering::Relaxed);
        match &mut self.inner {
            ConnInner::Sqlite(slot) => {
                let sql = sql.to_string();
                let params = params.to_vec();
                with_sqlite(slot, move |conn| {
                    let params: Vec<&dyn rusqlite::ToSql> =
                        params.iter().map(|p| p as &dyn rusqlite::ToSql).collect();
                    Ok(conn.execute(&sql, params.as_slice())? as u64)
                })
                .await
            }
            ConnInner::Postgres(client) => {
                let client = client.as_ref().expect("connected in Database::conn");
                Ok(client
                    .execute(&rebind(sql), &value::pg_params(params))
                    .await?)
            }
        }
    }

    /// Runs statements without parameters, possibly several (migrations).
    pub async fn batch(&mut self, sql: &str) -> Result<(), DbError> {
        self.queries.fetch_add(1, Ordering::Relaxed);
        match &mut self.inner {
            ConnInner::Sqlite(slot) => {
                let sql = sql.to_string();
                with_sqlite(slot, move |conn| Ok(conn.execute_batch(&sql)?)).await
            }
            ConnInner::Postgres(client) => Ok(client
                .as_ref()
                .expect("connected in Database::conn")
                .batch_execute(sql)
                .await?),
        }
    }

    pub async fn commit(mut self) -> Result<(), DbError> {
        self.in_transaction = false;
        self.batch("COMMIT").await
    }
}

impl Drop for Conn {
    /// A transaction abandoned by an early return rolls back before the
    /// connection serves anyone else: the guard moves into the task.
    fn drop(&mut self) {
        if !self.in_transaction {
            return;
        }
        self.queries.fetch_add(1, Ordering::Relaxed);
        match &mut self.inner {
            ConnInner::Sqlite(slot) => {
                if let Some(guard) = slot.take() {
                    tokio::task::spawn_blocking(move || {
                        let _ = guard.execute_batch("ROLLBACK");
                    });
                }
            }
            ConnInner::Postgres(guard) => {
                let placeholder = Arc::new(Mutex::new(None))
                    .try_lock_owned()
                    .expect("new mutex");
                let guard = std::mem::replace(guard, placeholder);
                tokio::spawn(async move {
                    if let Some(client) = guard.as_ref() {
                        let _ = client.batch_execute("ROLLBACK").await;
                    }
                });
            }
        }
    }
}

async fn with_sqlite<T: Send + 'static>(
    slot: &mut Option<OwnedMutexGuard<rusqlite::Connection>>,
    f: impl FnOnce(&rusqlite::Connection) -> Result<T, DbError> + Send + 'static,
) -> Result<T, DbError> {
    let guard = slot
        .take()
        .expect("connection is back after every statement");
    let (guard, result) = tokio::task::spawn_blocking(move || {
        let result = f(&guard);
        (guard, result)
    })
    .await
    .map_err(|e| DbError::Other(format!("sqlite worker: {e}")))?;
    *slot = Some(guard);
    result
}

/// Turns `?` placeholders into PostgreSQL's `$1, $2, ...`. The queries of
/// this project never contain a literal question mark.
fn rebind(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut n = 0;
    for c in sql.chars() {
        if c == '?' {
            n += 1;
            out.push('$');
            out.push_str(&n.to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether `s` is a real calendar date written as `YYYY-MM-DD`.
pub fn value_date_is_valid(s: &str) -> bool {
    s.len() == 10 && value::parse_date(s).is_some_and(|d| value::format_date(d) == s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_for_postgres() {
        assert_eq!(
            rebind("SELECT a FROM t WHERE b = ? AND c > ?"),
            "SELECT a FROM t WHERE b = $1 AND c > $2"
        );
    }

    #[tokio::test]
    async fn sqlite_round_trip_counts_statements_and_rolls_back() {
        let db = Database::open("sqlite::memory:").await.unwrap();
        db.execute(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, at TIMESTAMP)",
            &[],
        )
        .await
        .unwrap();
        let now = Value::now();
        let rows = db
            .query(
                "INSERT INTO t (name, at) VALUES (?, ?) RETURNING id, at",
                &[Value::from("a"), now.clone()],
            )
            .await
            .unwrap();
        assert_eq!(rows[0].i64(0).unwrap(), 1);
        assert_eq!(rows[0].timestamp(1).unwrap(), now.as_timestamp().unwrap());
        let err = db
            .execute("INSERT INTO t (name) VALUES (?)", &[Value::from("a")])
            .await
            .unwrap_err();
        assert!(matches!(err, DbError::UniqueViolation));

        let mut tx = db.begin().await.unwrap();
        tx.execute("INSERT INTO t (name) VALUES ('b')", &[])
            .await
            .unwrap();
        drop(tx);
        let rows = db.query("SELECT COUNT(*) FROM t", &[]).await.unwrap();
        assert_eq!(rows[0].i64(0).unwrap(), 1);
        assert!(db.query_count() >= 6);
    }
}
