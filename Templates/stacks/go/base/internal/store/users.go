package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Roles a user can have.
const (
	RoleUser  = "user"
	RoleAdmin = "admin"
)

// User is a row of the users table.
type User struct {
	ID           int64
	Email        string
	Name         string
	Role         string
	PasswordHash string
	CreatedAt    time.Time
}

// CreateUser inserts a user and returns it with its id. A taken email gives
// ErrConflict.
func (q Queryer) CreateUser(ctx context.Context, email, name, passwordHash, role string) (User, error) {
	u := User{Email: email, Name: name, Role: role, PasswordHash: passwordHash, CreatedAt: now()}
	err := q.queryRow(ctx,
		"INSERT INTO users (email, name, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
		u.Email, u.Name, u.PasswordHash, u.Role, u.CreatedAt).Scan(&u.ID)
	if isUniqueViolation(err) {
		return User{}, ErrConflict
	}
	return u, err
}

// UserByEmail finds a user by normalised (trimmed, lower-case) email.
func (q Queryer) UserByEmail(ctx context.Context, email string) (User, error) {
	return q.scanUser(q.queryRow(ctx,
		"SELECT id, email, name, role, password_hash, created_at FROM users WHERE email = ?", email))
}

// UserByID finds a user by id.
func (q Queryer) UserByID(ctx context.Context, id int64) (User, error) {
	return q.scanUser(q.queryRow(ctx,
		"SELECT id, email, name, role, password_hash, created_at FROM users WHERE id = ?", id))
}

func (q Queryer) scanUser(row *sql.Row) (User, error) {
	var u User
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &u.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, ErrNotFound
	}
	u.CreatedAt = u.CreatedAt.UTC()
	return u, err
}
