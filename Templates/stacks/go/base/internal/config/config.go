// Package config reads the service's configuration from environment variables.
//
// Every variable has a default that works on a developer machine, so the
// service starts with no configuration at all. Load reports every problem at
// once, so a broken deployment is fixed in one round trip instead of one per
// variable.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Environments the service knows about. Production is stricter: secrets must
// be provided instead of generated.
const (
	EnvDevelopment = "development"
	EnvTest        = "test"
	EnvProduction  = "production"
)

// Config is the validated configuration. Durations and sizes are typed so no
// caller has to remember units.
type Config struct {
	Host          string
	Port          int
	DatabaseURL   string
	RedisURL      string // empty: in-process cache and rate limiting
	JWTSecret     []byte // empty: the caller generates one per process
	AccessTTL     time.Duration
	RefreshTTL    time.Duration
	RateLimitRPM  int // 0 disables the limit
	AuthRateLimit int // requests per minute for login and register; 0 disables
	CORSOrigins   []string
	MaxBodyBytes  int64
	AdminEmail    string
	AdminPassword string
	LogLevel      string
	AppEnv        string
}

// Addr is the address to listen on, in the form net.Listen expects.
func (c Config) Addr() string {
	return net.JoinHostPort(c.Host, strconv.Itoa(c.Port))
}

// Error lists every invalid variable. Its message fits on one line because it
// is what an operator sees on stderr when the service refuses to start.
type Error struct {
	Problems []string
}

func (e *Error) Error() string {
	return "invalid configuration: " + strings.Join(e.Problems, "; ")
}

// minJWTSecretBytes follows RFC 7518 section 3.2: an HS256 key must be at
// least as long as the hash output.
const minJWTSecretBytes = 32

// Load builds a Config from getenv (os.Getenv in production, a map in tests).
func Load(getenv func(string) string) (Config, error) {
	l := loader{getenv: getenv}
	cfg := Config{
		Host:          l.str("HOST", "127.0.0.1"),
		Port:          l.integer("PORT", 8080, 0, 65535),
		DatabaseURL:   l.str("DATABASE_URL", "sqlite:./data/app.db"),
		RedisURL:      l.str("REDIS_URL", ""),
		AccessTTL:     time.Duration(l.integer("ACCESS_TTL_SECONDS", 900, 1, 86400)) * time.Second,
		RefreshTTL:    time.Duration(l.integer("REFRESH_TTL_SECONDS", 604800, 1, 31536000)) * time.Second,
		RateLimitRPM:  l.integer("RATE_LIMIT_RPM", 600, 0, 1000000),
		AuthRateLimit: l.integer("AUTH_RATE_LIMIT_RPM", 20, 0, 1000000),
		CORSOrigins:   l.list("CORS_ORIGINS", "http://localhost:3000"),
		MaxBodyBytes:  int64(l.integer("MAX_BODY_BYTES", 1048576, 1, 1<<30)),
		AdminEmail:    strings.ToLower(strings.TrimSpace(l.str("ADMIN_EMAIL", ""))),
		AdminPassword: l.str("ADMIN_PASSWORD", ""),
		LogLevel:      strings.ToLower(l.str("LOG_LEVEL", "info")),
		AppEnv:        strings.ToLower(l.str("APP_ENV", EnvDevelopment)),
	}

	if secret := getenv("JWT_SECRET"); secret != "" {
		cfg.JWTSecret = []byte(secret)
		if len(cfg.JWTSecret) < minJWTSecretBytes {
			l.problem("JWT_SECRET must be at least %d bytes long", minJWTSecretBytes)
		}
	}

	if net.ParseIP(cfg.Host) == nil && !isHostname(cfg.Host) {
		l.problem("HOST %q is not an IP address or host name", cfg.Host)
	}
	if err := ValidateDatabaseURL(cfg.DatabaseURL); err != nil {
		l.problem("DATABASE_URL %v", err)
	}
	if cfg.RedisURL != "" {
		if u, err := url.Parse(cfg.RedisURL); err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") || u.Host == "" {
			l.problem("REDIS_URL must look like redis://host:port/db")
		}
	}
	for _, origin := range cfg.CORSOrigins {
		if origin == "*" {
			continue
		}
		if u, err := url.Parse(origin); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
			l.problem("CORS_ORIGINS entry %q is not an origin such as https://example.com", origin)
		}
	}
	switch cfg.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		l.problem("LOG_LEVEL must be one of debug, info, warn, error")
	}
	switch cfg.AppEnv {
	case EnvDevelopment, EnvTest, EnvProduction:
	default:
		l.problem("APP_ENV must be one of development, test, production")
	}
	if cfg.AppEnv == EnvProduction && len(cfg.JWTSecret) == 0 {
		l.problem("JWT_SECRET is required when APP_ENV=production")
	}
	if (cfg.AdminEmail == "") != (cfg.AdminPassword == "") {
		l.problem("ADMIN_EMAIL and ADMIN_PASSWORD must be set together")
	}
	if n := len([]rune(cfg.AdminPassword)); cfg.AdminPassword != "" && (n < 8 || n > 128) {
		l.problem("ADMIN_PASSWORD must be 8 to 128 characters long")
	}

	if len(l.problems) > 0 {
		return Config{}, &Error{Problems: l.problems}
	}
	return cfg, nil
}

// ValidateDatabaseURL accepts the three forms the service can open:
// sqlite::memory:, sqlite:PATH and postgres://user:pass@host:port/db.
func ValidateDatabaseURL(raw string) error {
	switch {
	case raw == "sqlite::memory:":
		return nil
	case strings.HasPrefix(raw, "sqlite:"):
		if strings.TrimPrefix(raw, "sqlite:") == "" {
			return errors.New("sqlite: needs a file path or :memory:")
		}
		return nil
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" || strings.Trim(u.Path, "/") == "" {
			return errors.New("must look like postgres://user:pass@host:port/db")
		}
		return nil
	default:
		return errors.New("must start with sqlite: or postgres://")
	}
}

type loader struct {
	getenv   func(string) string
	problems []string
}

func (l *loader) problem(format string, args ...any) {
	l.problems = append(l.problems, fmt.Sprintf(format, args...))
}

func (l *loader) str(name, fallback string) string {
	if v := strings.TrimSpace(l.getenv(name)); v != "" {
		return v
	}
	return fallback
}

func (l *loader) integer(name string, fallback, min, max int) int {
	raw := strings.TrimSpace(l.getenv(name))
	if raw == "" {
		return fallback
	}
	n, err := strconv.Atoi(raw)
	if err != nil {
		l.problem("%s must be a whole number, got %q", name, raw)
		return fallback
	}
	if n < min || n > max {
		l.problem("%s must be between %d and %d, got %d", name, min, max, n)
		return fallback
	}
	return n
}

func (l *loader) list(name, fallback string) []string {
	var items []string
	for _, item := range strings.Split(l.str(name, fallback), ",") {
		if item = strings.TrimSpace(item); item != "" {
			items = append(items, strings.TrimSuffix(item, "/"))
		}
	}
	return items
}

func isHostname(host string) bool {
	if host == "" || len(host) > 253 {
		return false
	}
	for _, label := range strings.Split(host, ".") {
		if label == "" || len(label) > 63 || strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}
