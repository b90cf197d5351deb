//! Parameters and columns that mean the same on both engines. SQLite keeps
//! timestamps as fixed-width RFC 3339 text (so they sort as text) and dates
//! as `YYYY-MM-DD`; PostgreSQL gets real `timestamptz` and `date` values.

use bytes::BytesMut;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, UtcOffset};
use tokio_postgres::types::{to_sql_checked, IsNull, ToSql, Type};

use super::DbError;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
    Bool(bool),
    Timestamp(OffsetDateTime),
    Date(Date),
}

impl Value {
    /// The current time in UTC, truncated to microseconds: PostgreSQL keeps
    /// no more, so both engines return what was written.
    pub fn now() -> Value {
        let now = OffsetDateTime::now_utc();
        Value::Timestamp(
            now.replace_nanosecond(now.nanosecond() / 1000 * 1000)
                .expect("valid nanosecond"),
        )
    }

    pub fn as_timestamp(&self) -> Option<OffsetDateTime> {
        match self {
            Value::Timestamp(t) => Some(*t),
            _ => None,
        }
    }

    /// A `YYYY-MM-DD` date; the caller has validated it.
    pub fn date(s: &str) -> Value {
        parse_date(s).map_or(Value::Null, Value::Date)
    }

    pub fn opt_text(s: Option<&str>) -> Value {
        s.map_or(Value::Null, Value::from)
    }

    pub fn opt_date(s: Option<&str>) -> Value {
        s.map_or(Value::Null, Value::date)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(s)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Int(n)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

pub fn parse_date(s: &str) -> Option<Date> {
    Date::parse(s, format_description!("[year]-[month]-[day]")).ok()
}

pub fn format_date(d: Date) -> String {
    d.format(format_description!("[year]-[month]-[day]"))
        .expect("dates format")
}

/// Fixed-width text for SQLite, so text order is time order.
fn sqlite_timestamp(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    t.format(format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z"
    ))
    .expect("timestamps format")
}

/// One result row, with typed accessors that accept either engine's form.
#[derive(Clone, Debug)]
pub struct Row(pub Vec<Value>);

impl Row {
    fn get(&self, i: usize) -> Result<&Value, DbError> {
        self.0
            .get(i)
            .ok_or_else(|| DbError::Other(format!("no column {i}")))
    }

    fn mismatch(&self, i: usize, want: &str) -> DbError {
        DbError::Other(format!("column {i} is {:?}, want {want}", self.0.get(i)))
    }

    pub fn i64(&self, i: usize) -> Result<i64, DbError> {
        match self.get(i)? {
            Value::Int(n) => Ok(*n),
            _ => Err(self.mismatch(i, "an integer")),
        }
    }

    pub fn bool(&self, i: usize) -> Result<bool, DbError> {
        match self.get(i)? {
            Value::Bool(b) => Ok(*b),
            Value::Int(n) => Ok(*n != 0),
            _ => Err(self.mismatch(i, "a boolean")),
        }
    }

    pub fn text(&self, i: usize) -> Result<String, DbError> {
        self.opt_text(i)?.ok_or_else(|| self.mismatch(i, "text"))
    }

    pub fn opt_text(&self, i: usize) -> Result<Option<String>, DbError> {
        match self.get(i)? {
            Value::Null => Ok(None),
            Value::Text(s) => Ok(Some(s.clone())),
            _ => Err(self.mismatch(i, "text")),
        }
    }

    pub fn timestamp(&self, i: usize) -> Result<OffsetDateTime, DbError> {
        match self.get(i)? {
            Value::Timestamp(t) => Ok(*t),
            Value::Text(s) => {
                OffsetDateTime::parse(s, &Rfc3339).map_err(|_| self.mismatch(i, "a timestamp"))
            }
            _ => Err(self.mismatch(i, "a timestamp")),
        }
    }

    /// A nullable date as `YYYY-MM-DD`.
    pub fn opt_date(&self, i: usize) -> Result<Option<String>, DbError> {
        match self.get(i)? {
            Value::Null => Ok(None),
            Value::Date(d) => Ok(Some(format_date(*d))),
            Value::Text(s) => Ok(Some(s.clone())),
            _ => Err(self.mismatch(i, "a date")),
        }
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, Value as Sql};
        Ok(ToSqlOutput::Owned(match self {
            Value::Null => Sql::Null,
            Value::Int(n) => Sql::Integer(*n),
            Value::Bool(b) => Sql::Integer(i64::from(*b)),
            Value::Text(s) => Sql::Text(s.clone()),
            Value::Timestamp(t) => Sql::Text(sqlite_timestamp(*t)),
            Value::Date(d) => Sql::Text(format_date(*d)),
        }))
    }
}

pub(super) fn sqlite_query(
    conn: &rusqlite::Connection,
    sql: &str,
    params: &[Value],
) -> Result<Vec<Row>, DbError> {
    use rusqlite::types::ValueRef;
    let mut statement = conn.prepare_cached(sql)?;
    let columns = statement.column_count();
    let params: Vec<&dyn rusqlite::ToSql> =
        params.iter().map(|p| p as &dyn rusqlite::ToSql).collect();
    let mut rows = statement.query(params.as_slice())?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let mut values = Vec::with_capacity(columns);
        for i in 0..columns {
            values.push(match row.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::Int(n),
                ValueRef::Real(f) => Value::Text(f.to_string()),
                ValueRef::Text(t) | ValueRef::Blob(t) => {
                    Value::Text(String::from_utf8_lossy(t).into_owned())
                }
            });
        }
        out.push(Row(values));
    }
    Ok(out)
}

impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            // Integers are bound to whatever width the column has.
            Value::Int(n) if *ty == Type::INT4 => i32::try_from(*n)?.to_sql(ty, out),
            Value::Int(n) => n.to_sql(ty, out),
            Value::Text(s) => s.to_sql(ty, out),
            Value::Bool(b) => b.to_sql(ty, out),
            Value::Timestamp(t) => t.to_sql(ty, out),
            Value::Date(d) => d.to_sql(ty, out),
        }
    }

    // Every variant knows how to encode itself for its column; PostgreSQL
    // reports a mismatch itself.
    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

pub(super) fn pg_params(params: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    params.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
}

pub(super) fn pg_row(row: &tokio_postgres::Row) -> Result<Row, DbError> {
    let mut values = Vec::with_capacity(row.len());
    for (i, column) in row.columns().iter().enumerate() {
        let ty = column.type_();
        let value = if *ty == Type::INT8 {
            row.try_get::<_, Option<i64>>(i)?.map(Value::Int)
        } else if *ty == Type::INT4 {
            row.try_get::<_, Option<i32>>(i)?
                .map(|n| Value::Int(n.into()))
        } else if *ty == Type::BOOL {
            row.try_get::<_, Option<bool>>(i)?.map(Value::Bool)
        } else if *ty == Type::TIMESTAMPTZ {
            row.try_get::<_, Option<OffsetDateTime>>(i)?
                .map(Value::Timestamp)
        } else if *ty == Type::DATE {
            row.try_get::<_, Option<Date>>(i)?.map(Value::Date)
        } else {
            row.try_get::<_, Option<String>>(i)?.map(Value::Text)
        };
        values.push(value.unwrap_or(Value::Null));
    }
    Ok(Row(values))
}
