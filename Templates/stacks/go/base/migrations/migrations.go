// Package migrations embeds the numbered SQL migrations into the binary, one
// directory per database dialect, so a deployed service needs no extra files.
package migrations

import (
	"embed"
	"fmt"
	"io/fs"
)

//go:embed sqlite/*.sql postgres/*.sql
var files embed.FS

// For returns the migrations of dialect ("sqlite" or "postgres").
func For(dialect string) (fs.FS, error) {
	switch dialect {
	case "sqlite", "postgres":
		return fs.Sub(files, dialect)
	default:
		return nil, fmt.Errorf("no migrations for dialect %q", dialect)
	}
}
