// Package store is the only package that speaks SQL. It opens SQLite or
// PostgreSQL from a URL, applies migrations, and exposes one repository method
// per query the service needs.
//
// Queries are written once, with ? placeholders, in the SQL subset both
// databases share; DB rewrites placeholders for PostgreSQL and counts every
// statement for the db_queries_total metric.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/lib/pq"
	"github.com/mattn/go-sqlite3"
)

// Dialect names the database engine behind a DB.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

var (
	// ErrNotFound means no row matched. Repositories return it also when a
	// row exists but belongs to another user, so callers cannot leak it.
	ErrNotFound = errors.New("not found")
	// ErrConflict means a unique constraint refused the write.
	ErrConflict = errors.New("conflict")
)

// DB is a connection pool plus the dialect it speaks.
type DB struct {
	Queryer
	pool *sql.DB
}

// Queryer runs statements on a pool or inside a transaction, so repository
// methods can be written once for both.
type Queryer struct {
	conn    sqlConn
	dialect Dialect
	queries *atomic.Uint64
}

// sqlConn is the part of *sql.DB and *sql.Tx that Queryer needs.
type sqlConn interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Open connects to databaseURL (sqlite::memory:, sqlite:PATH or
// postgres://...) and checks that the database answers.
func Open(ctx context.Context, databaseURL string) (*DB, error) {
	var (
		driver, dsn string
		dialect     Dialect
	)
	switch {
	case databaseURL == "sqlite::memory:":
		driver, dialect = "sqlite3", SQLite
		dsn = "file::memory:?_foreign_keys=on&_busy_timeout=5000"
	case strings.HasPrefix(databaseURL, "sqlite:"):
		driver, dialect = "sqlite3", SQLite
		path := strings.TrimPrefix(databaseURL, "sqlite:")
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return nil, fmt.Errorf("create database directory: %w", err)
		}
		// WAL lets readers proceed while one writer commits; the busy
		// timeout makes concurrent writers wait instead of failing; an
		// immediate transaction lock avoids deadlocks between two
		// transactions that both read before they write.
		dsn = "file:" + path + "?_foreign_keys=on&_journal_mode=WAL&_busy_timeout=5000&_txlock=immediate"
	case strings.HasPrefix(databaseURL, "postgres://"), strings.HasPrefix(databaseURL, "postgresql://"):
		driver, dialect, dsn = "postgres", Postgres, databaseURL
	default:
		return nil, fmt.Errorf("unsupported database URL scheme in %q", databaseURL)
	}

	pool, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, err
	}
	if databaseURL == "sqlite::memory:" {
		// Every connection to :memory: is a separate, empty database.
		pool.SetMaxOpenConns(1)
	} else {
		pool.SetMaxOpenConns(16)
		pool.SetMaxIdleConns(16)
		pool.SetConnMaxIdleTime(5 * time.Minute)
	}

	pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := pool.PingContext(pingCtx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to %s database: %w", dialect, err)
	}
	return &DB{
		Queryer: Queryer{conn: pool, dialect: dialect, queries: new(atomic.Uint64)},
		pool:    pool,
	}, nil
}

// Close closes the pool.
func (db *DB) Close() error { return db.pool.Close() }

// Ping reports whether the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.pool.PingContext(ctx) }

// Dialect says which database this is.
func (db *DB) Dialect() Dialect { return db.dialect }

// QueryCount is the number of statements sent since Open.
func (db *DB) QueryCount() uint64 { return db.queries.Load() }

// InTx runs fn in a transaction, committing when fn returns nil and rolling
// back otherwise.
func (db *DB) InTx(ctx context.Context, fn func(q Queryer) error) error {
	db.queries.Add(1)
	tx, err := db.pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(Queryer{conn: tx, dialect: db.dialect, queries: db.queries}); err != nil {
		db.queries.Add(1)
		if rollbackErr := tx.Rollback(); rollbackErr != nil {
			return errors.Join(err, rollbackErr)
		}
		return err
	}
	db.queries.Add(1)
	return tx.Commit()
}

func (q Queryer) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	q.queries.Add(1)
	return q.conn.ExecContext(ctx, q.rebind(query), args...)
}

func (q Queryer) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	q.queries.Add(1)
	return q.conn.QueryContext(ctx, q.rebind(query), args...)
}

func (q Queryer) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	q.queries.Add(1)
	return q.conn.QueryRowContext(ctx, q.rebind(query), args...)
}

// rebind turns ? placeholders into PostgreSQL's $1, $2, ... The queries of
// this package never contain a literal question mark, so a plain scan is
// enough.
func (q Queryer) rebind(query string) string {
	if q.dialect != Postgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isUniqueViolation recognises a unique constraint failure on either engine.
func isUniqueViolation(err error) bool {
	var sqliteErr sqlite3.Error
	if errors.As(err, &sqliteErr) {
		return sqliteErr.ExtendedCode == sqlite3.ErrConstraintUnique
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		return pqErr.Code == "23505"
	}
	return false
}

// now is the timestamp written to created_at and updated_at. PostgreSQL keeps
// microseconds, so truncating here makes both engines return what was written.
func now() time.Time {
	return time.Now().UTC().Truncate(time.Microsecond)
}
