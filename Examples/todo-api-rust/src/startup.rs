//! Builds the application from a Config and serves it until a shutdown
//! signal. `main` and the API tests start it the same way.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::AddrIncoming;
use hyper::server::conn::AddrStream;
use hyper::service::{make_service_fn, service_fn};
use hyper::Server;

use crate::auth::{hash_password, random_secret, TokenIssuer};
use crate::cache::Cache;
use crate::configuration::Config;
use crate::db::{Database, Dialect};
use crate::http::middleware;
use crate::http::router::Router;
use crate::metrics::Metrics;
use crate::ratelimit::RateLimiter;
use crate::redis::Redis;
use crate::routes;
use crate::state::AppState;
use crate::store::users::{self, Role};

/// How long in-flight requests may take to finish once the process is asked
/// to stop.
const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(10);

mod migrations {
    include!(concat!(env!("OUT_DIR"), "/migrations.rs"));
}

pub type StartupError = Box<dyn std::error::Error + Send + Sync>;

pub struct Application {
    address: SocketAddr,
    incoming: AddrIncoming,
    state: Arc<AppState>,
    router: Arc<Router>,
}

impl Application {
    /// Binds the listener first, so the first log line can state the bound
    /// address (how callers find the port when PORT=0), then connects to the
    /// database, migrates it and wires every dependency.
    pub async fn build(config: Config) -> Result<Application, StartupError> {
        let listener = tokio::net::TcpListener::bind((config.host.as_str(), config.port)).await?;
        let address = listener.local_addr()?;
        tracing::info!(addr = %address, "listening");
        let incoming = AddrIncoming::from_listener(listener)?;

        let secret = match &config.jwt_secret {
            Some(secret) => secret.clone(),
            None => {
                tracing::warn!("JWT_SECRET is not set: using a random secret, so tokens stop working when the process restarts");
                random_secret(32)
            }
        };
        let db = Database::open(&config.database_url).await?;
        let files = match db.dialect() {
            Dialect::Sqlite => migrations::SQLITE,
            Dialect::Postgres => migrations::POSTGRES,
        };
        db.migrate(files).await?;
        ensure_admin(&db, &config).await?;

        let (cache, rate_limiter, auth_rate_limiter) = match &config.redis_url {
            Some(url) => {
                let redis = Arc::new(
                    Redis::connect(url)
                        .await
                        .map_err(|e| format!("connect to redis: {e}"))?,
                );
                (
                    Cache::Redis(redis.clone()),
                    (config.rate_limit_rpm > 0).then(|| {
                        RateLimiter::redis(redis.clone(), "ratelimit:api:", config.rate_limit_rpm)
                    }),
                    (config.auth_rate_limit_rpm > 0).then(|| {
                        RateLimiter::redis(redis, "ratelimit:auth:", config.auth_rate_limit_rpm)
                    }),
                )
            }
            None => (
                Cache::memory(),
                (config.rate_limit_rpm > 0).then(|| RateLimiter::memory(config.rate_limit_rpm)),
                (config.auth_rate_limit_rpm > 0)
                    .then(|| RateLimiter::memory(config.auth_rate_limit_rpm)),
            ),
        };
        let state = Arc::new(AppState {
            tokens: TokenIssuer::new(&secret, config.access_ttl),
            config,
            db,
            cache,
            metrics: Metrics::default(),
            rate_limiter,
            auth_rate_limiter,
        });
        Ok(Application {
            address,
            incoming,
            state,
            router: Arc::new(routes::router()),
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    pub fn port(&self) -> u16 {
        self.address.port()
    }

    /// Serves until `shutdown` completes, then lets in-flight requests
    /// finish for up to ten seconds.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), StartupError> {
        let Application {
            incoming,
            state,
            router,
            ..
        } = self;
        let make_service = make_service_fn(move |conn: &AddrStream| {
            let remote = conn.remote_addr();
            let (state, router) = (state.clone(), router.clone());
            async move {
                Ok::<_, std::convert::Infallible>(service_fn(move |request| {
                    middleware::serve(state.clone(), router.clone(), remote, request)
                }))
            }
        });
        let (signalled_tx, signalled_rx) = tokio::sync::oneshot::channel::<()>();
        let server = Server::builder(incoming)
            .http1_header_read_timeout(Duration::from_secs(5))
            .serve(make_service)
            .with_graceful_shutdown(async move {
                shutdown.await;
                tracing::info!(timeout = ?SHUTDOWN_TIMEOUT, "shutting down");
                let _ = signalled_tx.send(());
            });
        let mut server = Box::pin(server);
        let finished = tokio::select! {
            result = &mut server => Some(result),
            _ = signalled_rx => None,
        };
        match finished {
            Some(result) => result?,
            None => match tokio::time::timeout(SHUTDOWN_TIMEOUT, server).await {
                Ok(result) => result?,
                // The drain deadline passed: stopping anyway is the point of it.
                Err(_) => {
                    tracing::warn!("requests still running after the shutdown timeout were cut off")
                }
            },
        }
        tracing::info!("stopped");
        Ok(())
    }
}

/// Creates the bootstrap admin from ADMIN_EMAIL and ADMIN_PASSWORD unless
/// the account exists. An existing account is left as it is, so a changed
/// ADMIN_PASSWORD never silently resets a password.
async fn ensure_admin(db: &Database, config: &Config) -> Result<(), StartupError> {
    let Some((email, password)) = &config.admin else {
        return Ok(());
    };
    if users::by_email(db, email).await?.is_some() {
        return Ok(());
    }
    let password = password.clone();
    let hash = tokio::task::spawn_blocking(move || hash_password(&password)).await?;
    match users::create(db, email, "Administrator", &hash, Role::Admin).await {
        Ok(_) => tracing::info!(email = %email, "created admin account"),
        // Another instance created it first.
        Err(users::CreateError::EmailTaken) => {}
        Err(users::CreateError::Db(err)) => return Err(err.into()),
    }
    Ok(())
}
