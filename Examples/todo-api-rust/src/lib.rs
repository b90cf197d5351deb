//! The service as a library, so `main` only wires and the API tests start
//! the real application in-process.

pub mod auth;
pub mod cache;
pub mod configuration;
pub mod db;
pub mod errors;
pub mod http;
pub mod metrics;
pub mod ratelimit;
pub mod redis;
pub mod routes;
pub mod startup;
pub mod state;
pub mod store;
pub mod telemetry;
