package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Migrate applies, in order, every NNNN_name.sql file of migrations that is
// not yet recorded in schema_migrations. Each file runs in its own
// transaction together with its record, so a failed migration leaves no trace
// and is retried on the next start.
func (db *DB) Migrate(ctx context.Context, migrations fs.FS) error {
	if _, err := db.exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		applied_at TIMESTAMP NOT NULL
	)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}

	files, err := fs.Glob(migrations, "*.sql")
	if err != nil {
		return err
	}
	sort.Strings(files)
	for _, file := range files {
		version, err := strconv.Atoi(strings.SplitN(path.Base(file), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with a number", file)
		}
		body, err := fs.ReadFile(migrations, file)
		if err != nil {
			return err
		}
		if err := db.applyMigration(ctx, version, file, string(body)); err != nil {
			return fmt.Errorf("migration %s: %w", file, err)
		}
	}
	return nil
}

func (db *DB) applyMigration(ctx context.Context, version int, name, body string) error {
	return db.InTx(ctx, func(q Queryer) error {
		if q.dialect == Postgres {
			// Serialises instances that start at the same time: the second
			// waits here, then sees the migration as applied.
			if _, err := q.exec(ctx, "LOCK TABLE schema_migrations IN SHARE ROW EXCLUSIVE MODE"); err != nil {
				return err
			}
		}
		var applied int
		err := q.queryRow(ctx, "SELECT version FROM schema_migrations WHERE version = ?", version).Scan(&applied)
		if err == nil {
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if _, err := q.exec(ctx, body); err != nil {
			return err
		}
		_, err = q.exec(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", version, name, now())
		return err
	})
}
