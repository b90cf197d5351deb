//! Black-box API tests: each starts the real application on a free port and
//! talks to it over HTTP. One binary for all of them, as zero-to-production
//! recommends, so they link once.

mod auth;
mod helpers;
mod ops;
mod todos;
