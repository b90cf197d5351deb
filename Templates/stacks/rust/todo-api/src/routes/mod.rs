//! Every route of the API in one place. The pattern is also the route label
//! of logs and metrics.

pub mod auth;
pub mod ops;
pub mod todos;

use crate::http::router::Router;
use hyper::Method;

pub fn router() -> Router {
    Router::new()
        .get("/health", ops::health)
        .get("/ready", ops::ready)
        .get("/metrics", ops::metrics)
        .get("/openapi.json", ops::openapi)
        .get("/docs", ops::docs)
        .post("/api/v1/auth/register", auth::register)
        .post("/api/v1/auth/login", auth::login)
        .post("/api/v1/auth/refresh", auth::refresh)
        .post("/api/v1/auth/logout", auth::logout)
        .get("/api/v1/users/me", auth::me)
        .get("/api/v1/todos", todos::list)
        .post("/api/v1/todos", todos::create)
        .get("/api/v1/todos/{id}", todos::get)
        .route(Method::PUT, "/api/v1/todos/{id}", todos::replace)
        .route(Method::PATCH, "/api/v1/todos/{id}", todos::patch)
        .route(Method::DELETE, "/api/v1/todos/{id}", todos::delete)
}
