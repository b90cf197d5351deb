//! Typed configuration from environment variables, validated at start-up.
//!
//! Every variable has a default that works on a developer machine. Loading
//! reports every problem at once, so a broken deployment is fixed in one
//! round trip instead of one per variable.

use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

/// Environments the service knows about. Production is stricter: secrets
/// must be provided instead of generated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppEnv {
    Development,
    Test,
    Production,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub host: String,
    pub port: u16,
    pub database_url: String,
    /// None: in-process cache and rate limiting.
    pub redis_url: Option<String>,
    /// None: a random secret is generated per process.
    pub jwt_secret: Option<Vec<u8>>,
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
    /// 0 disables the limit.
    pub rate_limit_rpm: u32,
    pub auth_rate_limit_rpm: u32,
    pub cors_origins: Vec<String>,
    pub max_body_bytes: u64,
    pub admin: Option<(String, String)>,
    pub log_level: String,
    pub app_env: AppEnv,
}

/// Every invalid variable. Its message fits on one line because it is what an
/// operator sees on stderr when the service refuses to start.
#[derive(Debug)]
pub struct ConfigError {
    pub problems: Vec<String>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid configuration: {}", self.problems.join("; "))
    }
}

impl std::error::Error for ConfigError {}

/// RFC 7518 section 3.2: an HS256 key must be at least as long as the hash.
const MIN_JWT_SECRET_BYTES: usize = 32;

impl Config {
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok())
    }

    /// Builds a Config from `lookup` (the process environment in production,
    /// a map in tests).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let mut l = Loader {
            lookup: &lookup,
            problems: Vec::new(),
        };
        let host = l.string("HOST", "127.0.0.1");
        let port = l.integer("PORT", 8080, 0, 65535) as u16;
        let database_url = l.string("DATABASE_URL", "sqlite:./data/app.db");
        let redis_url = Some(l.string("REDIS_URL", "")).filter(|url| !url.is_empty());
        let access_ttl = Duration::from_secs(l.integer("ACCESS_TTL_SECONDS", 900, 1, 86_400));
        let refresh_ttl =
            Duration::from_secs(l.integer("REFRESH_TTL_SECONDS", 604_800, 1, 31_536_000));
        let rate_limit_rpm = l.integer("RATE_LIMIT_RPM", 600, 0, 1_000_000) as u32;
        let auth_rate_limit_rpm = l.integer("AUTH_RATE_LIMIT_RPM", 20, 0, 1_000_000) as u32;
        let cors_origins = l.list("CORS_ORIGINS", "http://localhost:3000");
        let max_body_bytes = l.integer("MAX_BODY_BYTES", 1_048_576, 1, 1 << 30);
        let admin_email = l.string("ADMIN_EMAIL", "").to_lowercase();
        let admin_password = l.string("ADMIN_PASSWORD", "");
        let log_level = l.string("LOG_LEVEL", "info").to_lowercase();
        let app_env_name = l.string("APP_ENV", "development").to_lowercase();

        let jwt_secret = lookup("JWT_SECRET")
            .filter(|s| !s.is_empty())
            .map(String::into_bytes);
        if jwt_secret
            .as_ref()
            .is_some_and(|s| s.len() < MIN_JWT_SECRET_BYTES)
        {
            l.problem(format!(
                "JWT_SECRET must be at least {MIN_JWT_SECRET_BYTES} bytes long"
            ));
        }
        if host.parse::<IpAddr>().is_err() && !is_hostname(&host) {
            l.problem(format!("HOST {host:?} is not an IP address or host name"));
        }
        if let Err(message) = validate_database_url(&database_url) {
            l.problem(format!("DATABASE_URL {message}"));
        }
        if let Some(url) = &redis_url {
            let rest = url
                .strip_prefix("redis://")
                .or_else(|| url.strip_prefix("rediss://"));
            let host_part = rest.map(|r| r.split(['/', '?']).next().unwrap_or(""));
            if host_part.map_or(true, |h| h.rsplit('@').next().unwrap_or("").is_empty()) {
                l.problem("REDIS_URL must look like redis://host:port/db".to_string());
            }
        }
        for origin in &cors_origins {
            if origin != "*" && !is_origin(origin) {
                l.problem(format!(
                    "CORS_ORIGINS entry {origin:?} is not an origin such as https://example.com"
                ));
            }
        }
        if !matches!(log_level.as_str(), "debug" | "info" | "warn" | "error") {
            l.problem("LOG_LEVEL must be one of debug, info, warn, error".to_string());
        }
        let app_env = match app_env_name.as_str() {
            "development" => AppEnv::Development,
            "test" => AppEnv::Test,
            "production" => AppEnv::Production,
            _ => {
                l.problem("APP_ENV must be one of development, test, production".to_string());
                AppEnv::Development
            }
        };
        if app_env == AppEnv::Production && jwt_secret.is_none() {
            l.problem("JWT_SECRET is required when APP_ENV=production".to_string());
        }
        if admin_email.is_empty() != admin_password.is_empty() {
            l.problem("ADMIN_EMAIL and ADMIN_PASSWORD must be set together".to_string());
        }
        let admin_password_chars = admin_password.chars().count();
        if !admin_password.is_empty() && !(8..=128).contains(&admin_password_chars) {
            l.problem("ADMIN_PASSWORD must be 8 to 128 characters long".to_string());
        }

        if !l.problems.is_empty() {
            return Err(ConfigError {
                problems: l.problems,
            });
        }
        Ok(Config {
            host,
            port,
            database_url,
            redis_url,
            jwt_secret,
            access_ttl,
            refresh_ttl,
            rate_limit_rpm,
            auth_rate_limit_rpm,
            cors_origins,
            max_body_bytes,
            admin: Some((admin_email, admin_password)).filter(|(email, _)| !email.is_empty()),
            log_level,
            app_env,
        })
    }
}

/// Accepts the three forms the service can open: `sqlite::memory:`,
/// `sqlite:PATH` and `postgres://user:pass@host:port/db`.
pub fn validate_database_url(raw: &str) -> Result<(), &'static str> {
    if raw == "sqlite::memory:" {
        return Ok(());
    }
    if let Some(path) = raw.strip_prefix("sqlite:") {
        return if path.is_empty() {
            Err("sqlite: needs a file path or :memory:")
        } else {
            Ok(())
        };
    }
    let rest = raw
        .strip_prefix("postgres://")
        .or_else(|| raw.strip_prefix("postgresql://"));
    let Some(rest) = rest else {
        return Err("must start with sqlite: or postgres://");
    };
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = authority.rsplit('@').next().unwrap_or("");
    let database = path.split('?').next().unwrap_or("").trim_matches('/');
    if host.is_empty() || database.is_empty() {
        return Err("must look like postgres://user:pass@host:port/db");
    }
    Ok(())
}

struct Loader<'a> {
    lookup: &'a dyn Fn(&str) -> Option<String>,
    problems: Vec<String>,
}

impl Loader<'_> {
    fn problem(&mut self, message: String) {
        self.problems.push(message);
    }

    fn string(&self, name: &str, fallback: &str) -> String {
        match (self.lookup)(name) {
            Some(value) if !value.trim().is_empty() => value.trim().to_string(),
            _ => fallback.to_string(),
        }
    }

    fn integer(&mut self, name: &str, fallback: u64, min: u64, max: u64) -> u64 {
        let raw = self.string(name, "");
        if raw.is_empty() {
            return fallback;
        }
        match raw.parse::<i64>() {
            Err(_) => {
                self.problem(format!("{name} must be a whole number, got {raw:?}"));
                fallback
            }
            Ok(n) if n < min as i64 || n > max as i64 => {
                self.problem(format!("{name} must be between {min} and {max}, got {n}"));
                fallback
            }
            Ok(n) => n as u64,
        }
    }

    fn list(&self, name: &str, fallback: &str) -> Vec<String> {
        self.string(name, fallback)
            .split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(|item| item.trim_end_matches('/').to_string())
            .collect()
    }
}

fn is_origin(origin: &str) -> bool {
    let Some((scheme, rest)) = origin.split_once("://") else {
        return false;
    };
    let host = rest.split(':').next().unwrap_or("");
    matches!(scheme, "http" | "https") && !rest.contains('/') && !host.is_empty()
}

fn is_hostname(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn load(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let env: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| env.get(name).cloned())
    }

    #[test]
    fn defaults_work_without_any_variable() {
        let config = load(&[]).unwrap();
        assert_eq!(config.host, "127.0.0.1");
        assert_eq!(config.port, 8080);
        assert_eq!(config.database_url, "sqlite:./data/app.db");
        assert_eq!(config.access_ttl, Duration::from_secs(900));
        assert_eq!(config.refresh_ttl, Duration::from_secs(604_800));
        assert_eq!(
            (config.rate_limit_rpm, config.auth_rate_limit_rpm),
            (600, 20)
        );
        assert_eq!(config.cors_origins, vec!["http://localhost:3000"]);
        assert_eq!(config.max_body_bytes, 1_048_576);
        assert!(
            config.redis_url.is_none() && config.jwt_secret.is_none() && config.admin.is_none()
        );
        assert_eq!(config.app_env, AppEnv::Development);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let err = load(&[
            ("PORT", "http"),
            ("DATABASE_URL", "mysql://x"),
            ("LOG_LEVEL", "loud"),
        ])
        .unwrap_err();
        assert_eq!(err.problems.len(), 3, "{err}");
        assert!(err
            .to_string()
            .starts_with("invalid configuration: PORT must be a whole number"));
    }

    #[test]
    fn production_needs_a_secret_and_short_secrets_are_refused() {
        assert!(load(&[("APP_ENV", "production")]).is_err());
        assert!(load(&[("JWT_SECRET", "short")]).is_err());
        let config = load(&[("APP_ENV", "production"), ("JWT_SECRET", &"s".repeat(32))]).unwrap();
        assert_eq!(config.app_env, AppEnv::Production);
    }

    #[test]
    fn urls_and_origins_are_checked() {
        assert!(validate_database_url("sqlite::memory:").is_ok());
        assert!(validate_database_url("sqlite:").is_err());
        assert!(validate_database_url("postgres://u:p@localhost:5432/app?sslmode=disable").is_ok());
        assert!(validate_database_url("postgres://localhost").is_err());
        assert!(load(&[("REDIS_URL", "http://x")]).is_err());
        assert!(load(&[("REDIS_URL", "redis://localhost:6379/0")]).is_ok());
        assert!(load(&[("CORS_ORIGINS", "https://a.example, ftp://b")]).is_err());
        assert!(load(&[("PORT", "70000")]).is_err());
        assert!(load(&[("ADMIN_EMAIL", "a@b.c")]).is_err());
    }
}
