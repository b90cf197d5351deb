package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// CreateRefreshToken stores the hash of a new refresh token.
func (q Queryer) CreateRefreshToken(ctx context.Context, userID int64, tokenHash string, expiresAt time.Time) error {
	_, err := q.exec(ctx,
		"INSERT INTO refresh_tokens (user_id, token_hash, expires_at, created_at) VALUES (?, ?, ?, ?)",
		userID, tokenHash, expiresAt.UTC(), now())
	return err
}

// ConsumeRefreshToken revokes a live refresh token and returns its user. The
// check and the revocation are one statement, so two concurrent requests with
// the same token cannot both succeed. Unknown, used and expired tokens all
// give ErrNotFound.
func (q Queryer) ConsumeRefreshToken(ctx context.Context, tokenHash string) (int64, error) {
	t := now()
	var userID int64
	err := q.queryRow(ctx,
		`UPDATE refresh_tokens SET revoked_at = ?
		 WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?
		 RETURNING user_id`,
		t, tokenHash, t).Scan(&userID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	return userID, err
}
