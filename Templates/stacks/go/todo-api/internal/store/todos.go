package store

import (
	"context"
	"database/sql"
	"strings"
	"time"
)

// Todo is a row of the todos table. Description and DueDate are nil when
// NULL; DueDate is a YYYY-MM-DD string because it is a calendar date, not an
// instant.
type Todo struct {
	ID          int64
	UserID      int64
	Title       string
	Description *string
	Completed   bool
	Priority    string
	DueDate     *string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// TodoFilter selects and orders one page of a user's todos.
type TodoFilter struct {
	Completed *bool
	Priority  string // empty: any
	DueBefore string // YYYY-MM-DD, exclusive; empty: no bound
	DueAfter  string // YYYY-MM-DD, exclusive; empty: no bound
	Search    string // literal, case-insensitive substring of the title
	Sort      string // a key of todoSortColumns
	Desc      bool
	Limit     int
	Offset    int
}

// todoSortColumns maps the sort values the API accepts to SQL. User input
// only ever selects an entry; it is never pasted into the query.
var todoSortColumns = map[string]string{
	"created_at": "created_at",
	"updated_at": "updated_at",
	"due_date":   "due_date",
	"title":      "title",
	// Alphabetical order would put "high" first; the CASE gives low < medium < high.
	"priority": "CASE priority WHEN 'low' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END",
}

// TodoSortable reports whether the list endpoint may sort by field.
func TodoSortable(field string) bool {
	_, ok := todoSortColumns[field]
	return ok
}

const todoColumns = "id, user_id, title, description, completed, priority, due_date, created_at, updated_at"

// CreateTodo inserts t for t.UserID and returns the stored row.
func (q Queryer) CreateTodo(ctx context.Context, t Todo) (Todo, error) {
	t.CreatedAt = now()
	t.UpdatedAt = t.CreatedAt
	err := q.queryRow(ctx,
		`INSERT INTO todos (user_id, title, description, completed, priority, due_date, created_at, updated_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		t.UserID, t.Title, t.Description, t.Completed, t.Priority, t.DueDate, t.CreatedAt, t.UpdatedAt).Scan(&t.ID)
	return t, err
}

// TodoByID returns the todo id if userID owns it, ErrNotFound otherwise.
func (q Queryer) TodoByID(ctx context.Context, userID, id int64) (Todo, error) {
	rows, err := q.query(ctx, "SELECT "+todoColumns+" FROM todos WHERE id = ? AND user_id = ?", id, userID)
	if err != nil {
		return Todo{}, err
	}
	todos, err := scanTodos(rows)
	if err != nil {
		return Todo{}, err
	}
	if len(todos) == 0 {
		return Todo{}, ErrNotFound
	}
	return todos[0], nil
}

// UpdateTodo writes every writable field of t and returns the stored row.
func (q Queryer) UpdateTodo(ctx context.Context, t Todo) (Todo, error) {
	t.UpdatedAt = now()
	res, err := q.exec(ctx,
		`UPDATE todos SET title = ?, description = ?, completed = ?, priority = ?, due_date = ?, updated_at = ?
		 WHERE id = ? AND user_id = ?`,
		t.Title, t.Description, t.Completed, t.Priority, t.DueDate, t.UpdatedAt, t.ID, t.UserID)
	if err != nil {
		return Todo{}, err
	}
	if n, err := res.RowsAffected(); err != nil {
		return Todo{}, err
	} else if n == 0 {
		return Todo{}, ErrNotFound
	}
	return t, nil
}

// DeleteTodo removes the todo id if userID owns it.
func (q Queryer) DeleteTodo(ctx context.Context, userID, id int64) error {
	res, err := q.exec(ctx, "DELETE FROM todos WHERE id = ? AND user_id = ?", id, userID)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// ListTodos returns one page of userID's todos and the number of todos that
// match the filter on all pages.
func (q Queryer) ListTodos(ctx context.Context, userID int64, f TodoFilter) ([]Todo, int, error) {
	where := []string{"user_id = ?"}
	args := []any{userID}
	if f.Completed != nil {
		where = append(where, "completed = ?")
		args = append(args, *f.Completed)
	}
	if f.Priority != "" {
		where = append(where, "priority = ?")
		args = append(args, f.Priority)
	}
	// A NULL due date compares as unknown, so these conditions also leave
	// out todos without a due date, as the contract asks.
	if f.DueBefore != "" {
		where = append(where, "due_date < ?")
		args = append(args, f.DueBefore)
	}
	if f.DueAfter != "" {
		where = append(where, "due_date > ?")
		args = append(args, f.DueAfter)
	}
	if f.Search != "" {
		where = append(where, `LOWER(title) LIKE ? ESCAPE '\'`)
		args = append(args, "%"+escapeLike(strings.ToLower(f.Search))+"%")
	}
	condition := strings.Join(where, " AND ")

	var total int
	if err := q.queryRow(ctx, "SELECT COUNT(*) FROM todos WHERE "+condition, args...).Scan(&total); err != nil {
		return nil, 0, err
	}

	column, ok := todoSortColumns[f.Sort]
	if !ok {
		column = todoSortColumns["created_at"]
	}
	direction := " ASC"
	if f.Desc {
		direction = " DESC"
	}
	// The engines disagree on where NULLs sort, so todos without a due date
	// are put last explicitly. The id tie-breaker makes pages stable.
	order := column + direction + ", id" + direction
	if f.Sort == "due_date" {
		order = "(due_date IS NULL), " + order
	}

	rows, err := q.query(ctx,
		"SELECT "+todoColumns+" FROM todos WHERE "+condition+" ORDER BY "+order+" LIMIT ? OFFSET ?",
		append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	todos, err := scanTodos(rows)
	return todos, total, err
}

// escapeLike makes % and _ match themselves in a LIKE pattern.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

func scanTodos(rows *sql.Rows) ([]Todo, error) {
	defer rows.Close()
	todos := []Todo{}
	for rows.Next() {
		var (
			t           Todo
			description sql.NullString
			dueDate     sql.NullTime
		)
		if err := rows.Scan(&t.ID, &t.UserID, &t.Title, &description, &t.Completed, &t.Priority,
			&dueDate, &t.CreatedAt, &t.UpdatedAt); err != nil {
			return nil, err
		}
		if description.Valid {
			t.Description = &description.String
		}
		if dueDate.Valid {
			d := dueDate.Time.Format(time.DateOnly)
			t.DueDate = &d
		}
		t.CreatedAt = t.CreatedAt.UTC()
		t.UpdatedAt = t.UpdatedAt.UTC()
		todos = append(todos, t)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return todos, nil
}
