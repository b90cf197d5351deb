package auth

import (
	"strings"
	"testing"
)

func TestHashPasswordRoundTrip(t *testing.T) {
	t.Parallel()
	hash, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "pbkdf2_sha256$600000$") {
		t.Fatalf("hash %q does not record the algorithm and iteration count", hash)
	}
	if strings.Contains(hash, "correct horse") {
		t.Fatal("hash contains the password")
	}

	ok, err := CheckPassword(hash, "correct horse battery staple")
	if err != nil || !ok {
		t.Fatalf("CheckPassword(right password) = %v, %v; want true, nil", ok, err)
	}
	ok, err = CheckPassword(hash, "correct horse battery stapler")
	if err != nil || ok {
		t.Fatalf("CheckPassword(wrong password) = %v, %v; want false, nil", ok, err)
	}
}

func TestHashPasswordSaltsEachHash(t *testing.T) {
	t.Parallel()
	first, _ := HashPassword("same password")
	second, _ := HashPassword("same password")
	if first == second {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
}

func TestCheckPasswordRejectsMalformedHashes(t *testing.T) {
	t.Parallel()
	for _, encoded := range []string{
		"",
		"plaintext",
		"bcrypt$10$abc$def",
		"pbkdf2_sha256$zero$c2FsdA$a2V5",
		"pbkdf2_sha256$0$c2FsdA$a2V5",
		"pbkdf2_sha256$1$not base64!$a2V5",
		"pbkdf2_sha256$1$c2FsdA$",
	} {
		if ok, err := CheckPassword(encoded, "password"); ok || err == nil {
			t.Errorf("CheckPassword(%q) = %v, %v; want false and an error", encoded, ok, err)
		}
	}
}

func TestCheckPasswordUsesStoredIterationCount(t *testing.T) {
	t.Parallel()
	// Produced with iterations=1 by an independent implementation (Python's
	// hashlib.pbkdf2_hmac), which also proves interoperability.
	const encoded = "pbkdf2_sha256$1$c2FsdHNhbHQ$O+xIxXdlOv3CQzuTp9jujq55iV7ZO/Yn6XZ0x/Rfikw"
	if ok, err := CheckPassword(encoded, "password"); err != nil || !ok {
		t.Fatalf("CheckPassword = %v, %v; want true, nil", ok, err)
	}
}
