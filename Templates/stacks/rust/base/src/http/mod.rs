//! The HTTP layer: a small router, request extractors, JSON decoding and
//! validation, list parameters, ETags, and the middleware every request
//! passes through. axum would provide most of this; it is not available as a
//! Debian crate, and these few hundred lines show what such a framework does.

pub mod etag;
pub mod json;
pub mod list;
pub mod middleware;
pub mod query;
pub mod response;
pub mod router;
