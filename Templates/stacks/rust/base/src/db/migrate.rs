//! Numbered migrations (`NNNN_name.sql`, one set per dialect), each applied
//! in its own transaction together with its `schema_migrations` record, so a
//! failed migration leaves no trace and is retried on the next start.

use super::{Database, DbError, Dialect, Value};

pub(super) async fn run(db: &Database, migrations: &[(&str, &str)]) -> Result<(), DbError> {
    let timestamp_type = if db.dialect() == Dialect::Postgres {
        "TIMESTAMPTZ"
    } else {
        "TIMESTAMP"
    };
    db.execute(
        &format!(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at {timestamp_type} NOT NULL)"
        ),
        &[],
    )
    .await?;
    for (name, body) in migrations {
        let version: i64 = name
            .split('_')
            .next()
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| {
                DbError::Other(format!("migration {name}: name must start with a number"))
            })?;
        apply(db, version, name, body)
            .await
            .map_err(|e| DbError::Other(format!("migration {name}: {e}")))?;
    }
    Ok(())
}

async fn apply(db: &Database, version: i64, name: &str, body: &str) -> Result<(), DbError> {
    let mut tx = db.begin().await?;
    if db.dialect() == Dialect::Postgres {
        // Serialises instances that start at the same time: the second waits
        // here, then sees the migration as applied.
        tx.batch("LOCK TABLE schema_migrations IN SHARE ROW EXCLUSIVE MODE")
            .await?;
    }
    let applied = tx
        .query(
            "SELECT version FROM schema_migrations WHERE version = ?",
            &[Value::Int(version)],
        )
        .await?;
    if !applied.is_empty() {
        return tx.commit().await;
    }
    tx.batch(body).await?;
    tx.execute(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
        &[Value::Int(version), Value::from(name), Value::now()],
    )
    .await?;
    tx.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn migrations_apply_once() {
        let db = Database::open("sqlite::memory:").await.unwrap();
        let migrations = [("0001_t.sql", "CREATE TABLE t (id INTEGER PRIMARY KEY);")];
        db.migrate(&migrations).await.unwrap();
        db.migrate(&migrations).await.unwrap();
        let rows = db
            .query("SELECT COUNT(*) FROM schema_migrations", &[])
            .await
            .unwrap();
        assert_eq!(rows[0].i64(0).unwrap(), 1);
    }

    #[tokio::test]
    async fn a_failed_migration_leaves_no_trace() {
        let db = Database::open("sqlite::memory:").await.unwrap();
        let broken = [(
            "0001_broken.sql",
            "CREATE TABLE t (id INTEGER); CREATE TABLE nonsense (",
        )];
        assert!(db.migrate(&broken).await.is_err());
        assert!(db.query("SELECT * FROM t", &[]).await.is_err());
    }
}
