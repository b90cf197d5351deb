package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"
	"time"
)

var testSecret = []byte("0123456789abcdef0123456789abcdef")

func TestTokenRoundTrip(t *testing.T) {
	t.Parallel()
	issuer := NewTokenIssuer(testSecret, 15*time.Minute)
	now := time.Unix(1_800_000_000, 0)
	token, err := issuer.Issue(42, now)
	if err != nil {
		t.Fatal(err)
	}
	userID, err := issuer.Verify(token, now.Add(time.Minute))
	if err != nil || userID != 42 {
		t.Fatalf("Verify = %d, %v; want 42, nil", userID, err)
	}
}

// forge builds a token from raw JSON parts, signed with secret.
func forge(header, payload string, secret []byte) string {
	enc := base64.RawURLEncoding
	input := enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(payload))
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(input))
	return input + "." + enc.EncodeToString(mac.Sum(nil))
}

func TestVerifyRejectsBadTokens(t *testing.T) {
	t.Parallel()
	issuer := NewTokenIssuer(testSecret, 15*time.Minute)
	now := time.Unix(1_800_000_000, 0)
	valid, _ := issuer.Issue(7, now)
	parts := strings.Split(valid, ".")
	payload := `{"sub":"7","iat":1800000000,"exp":1800000900}`
	enc := base64.RawURLEncoding

	tests := map[string]string{
		"empty":              "",
		"two parts":          parts[0] + "." + parts[1],
		"four parts":         valid + ".x",
		"garbage":            "not.a.token",
		"alg none":           enc.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + parts[1] + ".",
		"alg none signed":    forge(`{"alg":"none"}`, payload, testSecret),
		"alg HS512":          forge(`{"alg":"HS512","typ":"JWT"}`, payload, testSecret),
		"alg lower case":     forge(`{"alg":"hs256"}`, payload, testSecret),
		"wrong secret":       forge(`{"alg":"HS256"}`, payload, []byte("another secret, just as long....")),
		"tampered payload":   parts[0] + "." + enc.EncodeToString([]byte(`{"sub":"1","iat":1800000000,"exp":1800000900}`)) + "." + parts[2],
		"tampered signature": parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2])),
		"no exp":             forge(`{"alg":"HS256"}`, `{"sub":"7"}`, testSecret),
		"sub not a number":   forge(`{"alg":"HS256"}`, `{"sub":"admin","exp":1800000900}`, testSecret),
		"sub not positive":   forge(`{"alg":"HS256"}`, `{"sub":"0","exp":1800000900}`, testSecret),
		"payload not json":   forge(`{"alg":"HS256"}`, `sub=7`, testSecret),
	}
	for name, token := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if id, err := issuer.Verify(token, now); err == nil {
				t.Fatalf("Verify accepted the token as user %d", id)
			}
		})
	}
}

func TestVerifyExpiry(t *testing.T) {
	t.Parallel()
	issuer := NewTokenIssuer(testSecret, time.Minute)
	issued := time.Unix(1_800_000_000, 0)
	token, _ := issuer.Issue(7, issued)
	expiry := issued.Add(time.Minute)

	if _, err := issuer.Verify(token, expiry.Add(clockSkewLeeway)); err != nil {
		t.Errorf("token rejected within the leeway: %v", err)
	}
	if _, err := issuer.Verify(token, expiry.Add(clockSkewLeeway+time.Second)); err == nil {
		t.Error("token accepted after expiry plus leeway")
	}
	if clockSkewLeeway > time.Minute {
		t.Errorf("leeway %v exceeds the 60 s the contract allows", clockSkewLeeway)
	}
}
