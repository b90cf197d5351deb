//! Everything handlers share. `startup` builds it; tests build the same
//! application with other settings, so there are no globals.

use crate::auth::TokenIssuer;
use crate::cache::Cache;
use crate::configuration::Config;
use crate::db::Database;
use crate::metrics::Metrics;
use crate::ratelimit::RateLimiter;

pub struct AppState {
    pub config: Config,
    pub db: Database,
    pub cache: Cache,
    pub tokens: TokenIssuer,
    pub metrics: Metrics,
    /// Applies to every request but the probes; None disables it.
    pub rate_limiter: Option<RateLimiter>,
    /// Applies additionally to login and register.
    pub auth_rate_limiter: Option<RateLimiter>,
}
