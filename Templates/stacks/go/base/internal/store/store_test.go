package store

import "testing"

func TestRebind(t *testing.T) {
	t.Parallel()
	query := "SELECT * FROM todos WHERE user_id = ? AND title LIKE ? LIMIT ?"
	if got := (Queryer{dialect: SQLite}).rebind(query); got != query {
		t.Errorf("SQLite query changed: %s", got)
	}
	want := "SELECT * FROM todos WHERE user_id = $1 AND title LIKE $2 LIMIT $3"
	if got := (Queryer{dialect: Postgres}).rebind(query); got != want {
		t.Errorf("rebind = %s", got)
	}
}

func TestEscapeLike(t *testing.T) {
	t.Parallel()
	if got := escapeLike(`100%_\x`); got != `100\%\_\\x` {
		t.Errorf("escapeLike = %s", got)
	}
}
