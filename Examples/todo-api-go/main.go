// Command todo-api serves the Todo API over HTTP.
//
// Configuration comes from environment variables (see README.md). The
// process stops gracefully on SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"example.com/todo-api/internal/auth"
	"example.com/todo-api/internal/cache"
	"example.com/todo-api/internal/config"
	"example.com/todo-api/internal/httpapi"
	"example.com/todo-api/internal/metrics"
	"example.com/todo-api/internal/ratelimit"
	"example.com/todo-api/internal/store"
	"example.com/todo-api/migrations"
)

// shutdownTimeout bounds how long in-flight requests may take to finish once
// the process is asked to stop.
const shutdownTimeout = 10 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args, os.Getenv, os.Stdout)
	stop()

	var configErr *config.Error
	switch {
	case err == nil:
	case errors.As(err, &configErr):
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

// run is the whole program. It takes its environment as arguments, so tests
// start the real service in-process, and it returns when ctx is cancelled
// and every in-flight request has finished.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	flags := flag.NewFlagSet(args[0], flag.ContinueOnError)
	flags.Usage = func() {
		fmt.Fprintf(flags.Output(), "usage: %s\n\nConfigured by environment variables; see README.md.\n", args[0])
	}
	if err := flags.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return &config.Error{Problems: []string{err.Error()}}
	}

	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	logger := newLogger(stdout, cfg.LogLevel)

	// Listening comes first so that the first log line can state the bound
	// address, which is how callers find the port when PORT=0.
	listener, err := net.Listen("tcp", cfg.Addr())
	if err != nil {
		return err
	}
	defer listener.Close()
	logger.Info("listening", "addr", listener.Addr().String())

	if len(cfg.JWTSecret) == 0 {
		logger.Warn("JWT_SECRET is not set: using a random secret, so tokens stop working when the process restarts")
		if cfg.JWTSecret, err = auth.RandomSecret(32); err != nil {
			return err
		}
	}

	db, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	migrationFiles, err := migrations.For(string(db.Dialect()))
	if err != nil {
		return err
	}
	if err := db.Migrate(ctx, migrationFiles); err != nil {
		return err
	}
	if err := ensureAdmin(ctx, logger, db, cfg); err != nil {
		return err
	}

	deps := httpapi.Deps{
		Logger:  logger,
		Config:  cfg,
		DB:      db,
		Tokens:  auth.NewTokenIssuer(cfg.JWTSecret, cfg.AccessTTL),
		Metrics: metrics.NewHTTP(),
		Cache:   cache.NewMemory(),
	}
	if cfg.RedisURL != "" {
		pool, err := cache.NewRedisPool(ctx, cfg.RedisURL)
		if err != nil {
			return fmt.Errorf("connect to redis: %w", err)
		}
		defer pool.Close()
		deps.Cache = cache.NewRedis(pool)
		if cfg.RateLimitRPM > 0 {
			deps.RateLimiter = ratelimit.NewRedis(pool, "ratelimit:api:", cfg.RateLimitRPM)
		}
		if cfg.AuthRateLimit > 0 {
			deps.AuthRateLimiter = ratelimit.NewRedis(pool, "ratelimit:auth:", cfg.AuthRateLimit)
		}
	} else {
		if cfg.RateLimitRPM > 0 {
			deps.RateLimiter = ratelimit.NewMemory(cfg.RateLimitRPM)
		}
		if cfg.AuthRateLimit > 0 {
			deps.AuthRateLimiter = ratelimit.NewMemory(cfg.AuthRateLimit)
		}
	}

	server := &http.Server{
		Handler:           httpapi.NewServer(deps),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- server.Serve(listener) }()

	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}

	logger.Info("shutting down", "timeout", shutdownTimeout.String())
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := server.Shutdown(shutdownCtx); err != nil {
		// The drain deadline passed: stopping anyway is the point of it.
		logger.Warn("requests still running after the shutdown timeout were cut off", "error", err.Error())
		server.Close()
	}
	logger.Info("stopped")
	return nil
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	// config.Load accepts only names UnmarshalText understands.
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l}))
}

// ensureAdmin creates the bootstrap admin account from ADMIN_EMAIL and
// ADMIN_PASSWORD unless it exists. An existing account is left as it is, so
// a changed ADMIN_PASSWORD never silently resets a password.
func ensureAdmin(ctx context.Context, logger *slog.Logger, db *store.DB, cfg config.Config) error {
	if cfg.AdminEmail == "" {
		return nil
	}
	if _, err := db.UserByEmail(ctx, cfg.AdminEmail); err == nil {
		return nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	hash, err := auth.HashPassword(cfg.AdminPassword)
	if err != nil {
		return err
	}
	_, err = db.CreateUser(ctx, cfg.AdminEmail, "Administrator", hash, store.RoleAdmin)
	if errors.Is(err, store.ErrConflict) {
		return nil // another instance created it first
	}
	if err == nil {
		logger.Info("created admin account", "email", cfg.AdminEmail)
	}
	return err
}
