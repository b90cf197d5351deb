//! Security primitives: access tokens (JWT, HS256), password hashing
//! (PBKDF2-SHA256) and refresh tokens.

mod jwt;
mod password;
mod refresh;

pub use jwt::{InvalidToken, TokenIssuer};
pub use password::{hash_password, verify_password, DUMMY_PASSWORD_HASH};
pub use refresh::{hash_refresh_token, new_refresh_token, random_secret};
