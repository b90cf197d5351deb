package config

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func env(values map[string]string) func(string) string {
	return func(name string) string { return values[name] }
}

func TestLoadDefaults(t *testing.T) {
	t.Parallel()
	cfg, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"Addr", cfg.Addr(), "127.0.0.1:8080"},
		{"DatabaseURL", cfg.DatabaseURL, "sqlite:./data/app.db"},
		{"RedisURL", cfg.RedisURL, ""},
		{"AccessTTL", cfg.AccessTTL, 900 * time.Second},
		{"RefreshTTL", cfg.RefreshTTL, 604800 * time.Second},
		{"RateLimitRPM", cfg.RateLimitRPM, 600},
		{"AuthRateLimit", cfg.AuthRateLimit, 20},
		{"CORSOrigins", strings.Join(cfg.CORSOrigins, ","), "http://localhost:3000"},
		{"MaxBodyBytes", cfg.MaxBodyBytes, int64(1048576)},
		{"LogLevel", cfg.LogLevel, "info"},
		{"AppEnv", cfg.AppEnv, "development"},
		{"JWTSecret", len(cfg.JWTSecret), 0},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestLoadOverrides(t *testing.T) {
	t.Parallel()
	cfg, err := Load(env(map[string]string{
		"HOST": "0.0.0.0", "PORT": "0", "DATABASE_URL": "postgres://app:secret@db:5432/app",
		"REDIS_URL": "redis://cache:6379/0", "JWT_SECRET": strings.Repeat("s", 32),
		"RATE_LIMIT_RPM": "0", "CORS_ORIGINS": "https://a.example, https://b.example",
		"ADMIN_EMAIL": " Admin@Example.com ", "ADMIN_PASSWORD": "long enough", "APP_ENV": "production",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr() != "0.0.0.0:0" || cfg.RateLimitRPM != 0 || len(cfg.CORSOrigins) != 2 || cfg.AdminEmail != "admin@example.com" {
		t.Errorf("unexpected config: %+v", cfg)
	}
}

func TestLoadReportsEveryProblem(t *testing.T) {
	t.Parallel()
	_, err := Load(env(map[string]string{
		"PORT":           "eighty",
		"DATABASE_URL":   "mysql://x",
		"REDIS_URL":      "http://cache",
		"RATE_LIMIT_RPM": "-1",
		"LOG_LEVEL":      "loud",
		"CORS_ORIGINS":   "not an origin",
		"ADMIN_EMAIL":    "admin@example.com",
	}))
	var configErr *Error
	if !errors.As(err, &configErr) {
		t.Fatalf("Load error = %v, want *Error", err)
	}
	for _, variable := range []string{"PORT", "DATABASE_URL", "REDIS_URL", "RATE_LIMIT_RPM", "LOG_LEVEL", "CORS_ORIGINS", "ADMIN_PASSWORD"} {
		if !strings.Contains(err.Error(), variable) {
			t.Errorf("error does not mention %s: %v", variable, err)
		}
	}
	if strings.Contains(err.Error(), "\n") {
		t.Error("error spans several lines; operators expect one")
	}
}

func TestLoadRejects(t *testing.T) {
	t.Parallel()
	tests := map[string]map[string]string{
		"production without JWT_SECRET": {"APP_ENV": "production"},
		"short JWT_SECRET":              {"JWT_SECRET": "short"},
		"unknown APP_ENV":               {"APP_ENV": "staging"},
		"port out of range":             {"PORT": "70000"},
		"sqlite without path":           {"DATABASE_URL": "sqlite:"},
		"postgres without database":     {"DATABASE_URL": "postgres://host:5432"},
		"zero MAX_BODY_BYTES":           {"MAX_BODY_BYTES": "0"},
		"non-numeric ACCESS_TTL":        {"ACCESS_TTL_SECONDS": "15m"},
		"bad HOST":                      {"HOST": "not a host!"},
	}
	for name, values := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if _, err := Load(env(values)); err == nil {
				t.Fatal("Load accepted invalid configuration")
			}
		})
	}
}

func TestValidateDatabaseURL(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{"sqlite::memory:", "sqlite:./data/app.db", "sqlite:/tmp/x.db", "postgres://u:p@h:5432/db", "postgresql://h/db?sslmode=disable"} {
		if err := ValidateDatabaseURL(ok); err != nil {
			t.Errorf("ValidateDatabaseURL(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"", "mysql://x", "sqlite", "postgres://", "./app.db"} {
		if ValidateDatabaseURL(bad) == nil {
			t.Errorf("ValidateDatabaseURL(%q) accepted", bad)
		}
	}
}
