package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// NewRefreshToken returns an opaque token for the client and the hash to
// store. Only the hash reaches the database, so a leaked table cannot be
// replayed. A fast hash is enough here, unlike for passwords: the token has
// 256 bits of entropy and cannot be guessed.
func NewRefreshToken() (token, hash string, err error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", "", err
	}
	token = base64.RawURLEncoding.EncodeToString(raw)
	return token, HashRefreshToken(token), nil
}

// HashRefreshToken is the lookup key of a refresh token.
func HashRefreshToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// RandomSecret returns n random bytes, for a per-process JWT secret.
func RandomSecret(n int) ([]byte, error) {
	secret := make([]byte, n)
	_, err := rand.Read(secret)
	return secret, err
}
