//! Requests per client in fixed one-minute windows.
//!
//! A fixed window is the simplest algorithm that is exact across several
//! instances with one Redis INCR per request. Its known weakness (a client
//! may send up to twice the limit around a window boundary) is acceptable
//! for abuse protection.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use tokio::sync::Mutex;

use crate::errors::ApiError;
use crate::redis::{Redis, RedisError, Reply};

const WINDOW_SECONDS: u64 = 60;

pub struct RateLimiter {
    limit: u64,
    backend: Backend,
}

enum Backend {
    Memory(Mutex<(u64, HashMap<String, u64>)>),
    Redis {
        redis: Arc<Redis>,
        prefix: &'static str,
    },
}

impl RateLimiter {
    pub fn memory(limit: u32) -> RateLimiter {
        RateLimiter {
            limit: limit.into(),
            backend: Backend::Memory(Mutex::new((0, HashMap::new()))),
        }
    }

    /// `prefix` keeps the counters of different limiters apart.
    pub fn redis(redis: Arc<Redis>, prefix: &'static str, limit: u32) -> RateLimiter {
        RateLimiter {
            limit: limit.into(),
            backend: Backend::Redis { redis, prefix },
        }
    }

    /// Counts one request for `key`: a 429 past the limit. A limiter that
    /// cannot answer lets the request through (failing open keeps the
    /// service up while Redis is down) and says so in the log.
    pub async fn check(&self, key: &str) -> Result<(), ApiError> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        match self.count(key, now.as_secs()).await {
            Ok(count) if count > self.limit => {
                // Rounded up, so a client waiting that long is in a new window.
                let into_window = now.as_secs() % WINDOW_SECONDS;
                Err(ApiError::RateLimited {
                    retry_after_seconds: WINDOW_SECONDS - into_window,
                })
            }
            Ok(_) => Ok(()),
            Err(err) => {
                tracing::warn!(error = %err, "rate limiter unavailable; limits are not enforced");
                Ok(())
            }
        }
    }

    async fn count(&self, key: &str, now_seconds: u64) -> Result<u64, RedisError> {
        let window = now_seconds - now_seconds % WINDOW_SECONDS;
        match &self.backend {
            Backend::Memory(state) => {
                let mut state = state.lock().await;
                // A new window forgets every old count at once, which keeps
                // memory bounded by the clients seen in the last minute.
                if state.0 != window {
                    *state = (window, HashMap::new());
                }
                let count = state.1.entry(key.to_string()).or_insert(0);
                *count += 1;
                Ok(*count)
            }
            Backend::Redis { redis, prefix } => {
                let counter = format!("{prefix}{key}:{window}");
                let ttl = (2 * WINDOW_SECONDS).to_string();
                // MULTI makes INCR and EXPIRE one step: a crash between them
                // would leave a counter that never expires.
                let replies = redis
                    .pipeline(&[
                        &["MULTI"],
                        &["INCR", &counter],
                        &["EXPIRE", &counter, &ttl],
                        &["EXEC"],
                    ])
                    .await?;
                match replies.last() {
                    Some(Reply::Array(Some(items))) => match items.first() {
                        Some(Reply::Int(n)) => Ok(*n as u64),
                        other => Err(RedisError(format!("unexpected INCR reply {other:?}"))),
                    },
                    other => Err(RedisError(format!("unexpected EXEC reply {other:?}"))),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_limit_applies_per_key() {
        let limiter = RateLimiter::memory(2);
        // A window may end during the test; one reset is allowed for.
        let mut limited = false;
        for _ in 0..6 {
            if let Err(ApiError::RateLimited {
                retry_after_seconds,
            }) = limiter.check("ip:a").await
            {
                assert!((1..=60).contains(&retry_after_seconds));
                limited = true;
                break;
            }
        }
        assert!(limited);
        assert!(limiter.check("ip:b").await.is_ok());
    }
}
