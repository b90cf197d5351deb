package httpapi

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"example.com/todo-api/internal/auth"
	"example.com/todo-api/internal/store"
)

// userResponse is the public shape of a user: never the password hash.
type userResponse struct {
	ID        int64     `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Role      string    `json:"role"`
	CreatedAt time.Time `json:"created_at"`
}

func newUserResponse(u store.User) userResponse {
	return userResponse{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, CreatedAt: u.CreatedAt}
}

type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	RefreshToken string `json:"refresh_token"`
}

// dummyPasswordHash is verified when the email is unknown, so a login takes
// as long for a missing account as for a wrong password and response times
// do not reveal which emails are registered. It is the hash of a random
// password nobody knows, with the production iteration count.
const dummyPasswordHash = "pbkdf2_sha256$600000$Zdx7CaI9eOloDPyjow6P1w$BXpOyzjAAzbSY6LanLVIABiK3gs5/pZo8YLOmdt7SQs"

// NormalizeEmail is the form emails are stored and looked up in.
func NormalizeEmail(email string) string {
	return strings.ToLower(trimText(email))
}

func validEmail(email string) bool {
	if len(email) < 3 || len(email) > 254 {
		return false
	}
	addr, err := mail.ParseAddress(email)
	// ParseAddress also accepts "Name <a@b>"; only a bare address is an email.
	return err == nil && addr.Address == email && addr.Name == ""
}

func handleRegister(logger *slog.Logger, db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := decodeJSONObject(r)
		if err != nil {
			respondError(w, r, logger, err)
			return
		}
		var v validator
		email := readString(body, &v, "email")
		password := readString(body, &v, "password")
		name := readString(body, &v, "name")

		normalizedEmail := NormalizeEmail(email.Value)
		if !email.Invalid {
			v.check(email.isSet() && validEmail(normalizedEmail), "email", "must be a valid email address")
		}
		if !password.Invalid {
			n := utf8.RuneCountInString(password.Value)
			v.check(password.isSet() && n >= 8 && n <= 128, "password", "must be 8 to 128 characters long")
		}
		trimmedName := trimText(name.Value)
		if !name.Invalid {
			n := utf8.RuneCountInString(trimmedName)
			v.check(name.isSet() && n >= 1 && n <= 100, "name", "must be 1 to 100 characters long")
		}
		if err := v.err(); err != nil {
			respondError(w, r, logger, err)
			return
		}

		hash, err := auth.HashPassword(password.Value)
		if err != nil {
			respondError(w, r, logger, err)
			return
		}
		user, err := db.CreateUser(r.Context(), normalizedEmail, trimmedName, hash, store.RoleUser)
		if errors.Is(err, store.ErrConflict) {
			respondError(w, r, logger, errConflict("An account with this email already exists"))
			return
		}
		if err != nil {
			respondError(w, r, logger, err)
			return
		}
		w.Header().Set("Location", "/api/v1/users/me")
		writeJSON(w, http.StatusCreated, newUserResponse(user))
	})
}

func handleLogin(logger *slog.Logger, db *store.DB, tokens *auth.TokenIssuer, refreshTTL time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := decodeJSONObject(r)
		if err != nil {
			respondError(w, r, logger, err)
			return
		}
		var v validator
		email := readString(body, &v, "email")
		password := readString(body, &v, "password")
		if !email.Invalid {
			v.check(email.isSet() && email.Value != "", "email", "is required")
		}
		if !password.Invalid {
			v.check(password.isSet() && password.Value != "", "password", "is required")
		}
		if err := v.err(); err != nil {
			respondError(w, r, logger, err)
			return
		}

		user, err := db.UserByEmail(r.Context(), NormalizeEmail(email.Value))
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			respondError(w, r, logger, err)
			return
		}
		hash := user.PasswordHash
		if errors.Is(err, store.ErrNotFound) {
			hash = dummyPasswordHash
		}
		matches, err := auth.CheckPassword(hash, password.Value)
		if err != nil {
			respondError(w, r, logger, err)
			return
		}
		if !matches || user.ID == 0 {
			respondError(w, r, logger, errBadCredentials("Invalid email or password"))
			return
		}

		pair, err := issueTokens(r.Context(), db.Queryer, tokens, refreshTTL, user.ID)
		if err != nil {
			respondError(w, r, logger, err)
			return
		}
		writeJSON(w, http.StatusOK, pair)
	})
}

// handleRefresh rotates a refresh token: the old one is revoked in the same
// transaction that stores the new one, so a stolen token works at most once.
func handleRefresh(logger *slog.Logger, db *store.DB, tokens *auth.TokenIssuer, refreshTTL time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		refreshToken, err := readRefreshToken(r)
		if err != nil {
			respondError(w, r, logger, err)
			return
		}
		var pair tokenResponse
		err = db.InTx(r.Context(), func(q store.Queryer) error {
			userID, err := q.ConsumeRefreshToken(r.Context(), auth.HashRefreshToken(refreshToken))
			if err != nil {
				return err
			}
			pair, err = issueTokens(r.Context(), q, tokens, refreshTTL, userID)
			return err
		})
		if errors.Is(err, store.ErrNotFound) {
			respondError(w, r, logger, errBadCredentials("Invalid or expired refresh token"))
			return
		}
		if err != nil {
			respondError(w, r, logger, err)
			return
		}
		writeJSON(w, http.StatusOK, pair)
	})
}

func handleLogout(logger *slog.Logger, db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		refreshToken, err := readRefreshToken(r)
		if err != nil {
			respondError(w, r, logger, err)
			return
		}
		_, err = db.ConsumeRefreshToken(r.Context(), auth.HashRefreshToken(refreshToken))
		if errors.Is(err, store.ErrNotFound) {
			respondError(w, r, logger, errBadCredentials("Invalid or expired refresh token"))
			return
		}
		if err != nil {
			respondError(w, r, logger, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}

func handleMe(logger *slog.Logger, db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, err := db.UserByID(r.Context(), userIDFrom(r.Context()))
		if errors.Is(err, store.ErrNotFound) {
			// A valid token for a user that no longer exists.
			respondError(w, r, logger, errUnauthorized("Unknown user"))
			return
		}
		if err != nil {
			respondError(w, r, logger, err)
			return
		}
		writeJSON(w, http.StatusOK, newUserResponse(user))
	})
}

func readRefreshToken(r *http.Request) (string, error) {
	body, err := decodeJSONObject(r)
	if err != nil {
		return "", err
	}
	var v validator
	token := readString(body, &v, "refresh_token")
	if !token.Invalid {
		v.check(token.isSet() && token.Value != "", "refresh_token", "is required")
	}
	return token.Value, v.err()
}

func issueTokens(ctx context.Context, q store.Queryer, tokens *auth.TokenIssuer, refreshTTL time.Duration, userID int64) (tokenResponse, error) {
	now := time.Now()
	access, err := tokens.Issue(userID, now)
	if err != nil {
		return tokenResponse{}, err
	}
	refresh, refreshHash, err := auth.NewRefreshToken()
	if err != nil {
		return tokenResponse{}, err
	}
	if err := q.CreateRefreshToken(ctx, userID, refreshHash, now.Add(refreshTTL)); err != nil {
		return tokenResponse{}, err
	}
	return tokenResponse{
		AccessToken:  access,
		TokenType:    "Bearer",
		ExpiresIn:    int(tokens.TTL().Seconds()),
		RefreshToken: refresh,
	}, nil
}
