package com.example.todoapi.platform.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigTest {
  @Test
  void defaultsNeedNoEnvironment() throws ConfigException {
    Config c = Config.load(Map.of());
    assertEquals("127.0.0.1", c.host());
    assertEquals(8080, c.port());
    assertEquals("sqlite:./data/app.db", c.databaseUrl());
    assertEquals(Optional.empty(), c.redisUrl());
    assertEquals(0, c.jwtSecret().length);
    assertEquals(Duration.ofSeconds(900), c.accessTtl());
    assertEquals(Duration.ofSeconds(604800), c.refreshTtl());
    assertEquals(600, c.rateLimitRpm());
    assertEquals(20, c.authRateLimitRpm());
    assertEquals(List.of("http://localhost:3000"), c.corsOrigins());
    assertEquals(1048576, c.maxBodyBytes());
    assertEquals("info", c.logLevel());
    assertEquals("development", c.appEnv());
  }

  @Test
  void readsEveryVariable() throws ConfigException {
    Config c = Config.load(Map.ofEntries(Map.entry("HOST", "0.0.0.0"), Map.entry("PORT", "0"),
        Map.entry("DATABASE_URL", "postgres://u:p@db:5432/app?sslmode=disable"), Map.entry("REDIS_URL", "redis://r:6379/2"),
        Map.entry("JWT_SECRET", "x".repeat(32)), Map.entry("CORS_ORIGINS", "https://a.example/, https://b.example"),
        Map.entry("ADMIN_EMAIL", " Admin@Example.com "), Map.entry("ADMIN_PASSWORD", "long enough"),
        Map.entry("LOG_LEVEL", "DEBUG"), Map.entry("APP_ENV", "production"), Map.entry("RATE_LIMIT_RPM", "0")));
    assertEquals(0, c.port());
    assertEquals(Optional.of("redis://r:6379/2"), c.redisUrl());
    assertEquals(List.of("https://a.example", "https://b.example"), c.corsOrigins());
    assertEquals(Optional.of("admin@example.com"), c.adminEmail());
    assertEquals("debug", c.logLevel());
    assertEquals(0, c.rateLimitRpm());
  }

  @Test
  void reportsEveryProblemAtOnce() {
    ConfigException e = assertThrows(ConfigException.class, () -> Config.load(Map.of(
        "PORT", "http", "DATABASE_URL", "mysql://x", "REDIS_URL", "http://r", "LOG_LEVEL", "loud",
        "CORS_ORIGINS", "not an origin", "ADMIN_EMAIL", "a@b.c", "MAX_BODY_BYTES", "0")));
    assertEquals(7, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().startsWith("invalid configuration: PORT must be a whole number, got \"http\""));
  }

  @Test
  void productionNeedsASecretOfEnoughLength() {
    assertThrows(ConfigException.class, () -> Config.load(Map.of("APP_ENV", "production")));
    assertThrows(ConfigException.class, () -> Config.load(Map.of("JWT_SECRET", "too short")));
  }

  @Test
  void databaseUrls() {
    assertEquals(Optional.empty(), Config.validateDatabaseUrl("sqlite::memory:"));
    assertEquals(Optional.empty(), Config.validateDatabaseUrl("sqlite:/tmp/x.db"));
    assertEquals(Optional.empty(), Config.validateDatabaseUrl("postgresql://u@h/db"));
    assertTrue(Config.validateDatabaseUrl("sqlite:").isPresent());
    assertTrue(Config.validateDatabaseUrl("postgres://h").isPresent());
    assertTrue(Config.validateDatabaseUrl("mysql://h/db").isPresent());
  }
}
