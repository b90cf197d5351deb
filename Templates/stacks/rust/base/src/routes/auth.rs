//! Accounts and tokens: register, login, refresh, logout and users/me.

use hyper::header::{HeaderValue, LOCATION};
use hyper::StatusCode;
use serde::Serialize;

use crate::auth::{
    hash_password, hash_refresh_token, new_refresh_token, verify_password, DUMMY_PASSWORD_HASH,
};
use crate::db::Conn;
use crate::errors::ApiError;
use crate::http::json::{read_string, trim_text, Field, Validator};
use crate::http::response::{empty_response, json_response, rfc3339};
use crate::http::router::{HandlerResult, Request};
use crate::state::AppState;
use crate::store::refresh_tokens;
use crate::store::users::{self, CreateError, Role, User};

/// The public shape of a user: never the password hash.
#[derive(Serialize)]
pub struct UserResponse {
    id: i64,
    email: String,
    name: String,
    role: String,
    created_at: String,
}

impl From<User> for UserResponse {
    fn from(u: User) -> Self {
        UserResponse {
            id: u.id,
            email: u.email,
            name: u.name,
            role: u.role,
            created_at: rfc3339(u.created_at),
        }
    }
}

#[derive(Serialize)]
struct TokenResponse {
    access_token: String,
    token_type: &'static str,
    expires_in: u64,
    refresh_token: String,
}

/// The form emails are stored and looked up in.
pub fn normalize_email(email: &str) -> String {
    trim_text(email).to_lowercase()
}

/// A bare `local@domain` address: what a mail parser accepts as an address
/// without a display name, comments or quoting.
pub fn valid_email(email: &str) -> bool {
    const SPECIALS: &str = "()<>[]:;@\\,\"";
    let atext =
        |c: char| !c.is_whitespace() && !c.is_control() && !SPECIALS.contains(c) && c != '.';
    let dot_atom = |s: &str| {
        !s.is_empty()
            && s.split('.')
                .all(|atom| !atom.is_empty() && atom.chars().all(atext))
    };
    let Some((local, domain)) = email.rsplit_once('@') else {
        return false;
    };
    (3..=254).contains(&email.len()) && dot_atom(local) && dot_atom(domain)
}

pub async fn register(mut req: Request) -> HandlerResult {
    req.check_auth_rate_limit().await?;
    let body = req.json().await?;
    let mut v = Validator::default();
    let email = read_string(&body, &mut v, "email");
    let password = read_string(&body, &mut v, "password");
    let name = read_string(&body, &mut v, "name");

    let normalized_email = normalize_email(email.value().map_or("", String::as_str));
    if email != Field::Invalid {
        v.check(
            email.value().is_some() && valid_email(&normalized_email),
            "email",
            "must be a valid email address",
        );
    }
    if password != Field::Invalid {
        let n = password.value().map_or(0, |p| p.chars().count());
        v.check(
            (8..=128).contains(&n),
            "password",
            "must be 8 to 128 characters long",
        );
    }
    let trimmed_name = trim_text(name.value().map_or("", String::as_str)).to_string();
    if name != Field::Invalid {
        let n = trimmed_name.chars().count();
        v.check(
            name.value().is_some() && (1..=100).contains(&n),
            "name",
            "must be 1 to 100 characters long",
        );
    }
    v.finish()?;

    let password = password.value().cloned().unwrap_or_default();
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let user = match users::create(
        &req.state.db,
        &normalized_email,
        &trimmed_name,
        &hash,
        Role::User,
    )
    .await
    {
        Ok(user) => user,
        Err(CreateError::EmailTaken) => {
            return Err(ApiError::Conflict(
                "An account with this email already exists",
            ))
        }
        Err(CreateError::Db(err)) => return Err(err.into()),
    };
    let mut response = json_response(StatusCode::CREATED, &UserResponse::from(user));
    response
        .headers_mut()
        .insert(LOCATION, HeaderValue::from_static("/api/v1/users/me"));
    Ok(response)
}

pub async fn login(mut req: Request) -> HandlerResult {
    req.check_auth_rate_limit().await?;
    let body = req.json().await?;
    let mut v = Validator::default();
    let email = read_string(&body, &mut v, "email");
    let password = read_string(&body, &mut v, "password");
    if email != Field::Invalid {
        v.check(
            email.value().is_some_and(|e| !e.is_empty()),
            "email",
            "is required",
        );
    }
    if password != Field::Invalid {
        v.check(
            password.value().is_some_and(|p| !p.is_empty()),
            "password",
            "is required",
        );
    }
    v.finish()?;

    let user = users::by_email(
        &req.state.db,
        &normalize_email(email.value().expect("validated")),
    )
    .await?;
    // An unknown email is checked against a dummy hash, so it takes as long
    // as a wrong password: timing does not reveal which emails exist.
    let hash = user
        .as_ref()
        .map_or(DUMMY_PASSWORD_HASH.to_string(), |u| u.password_hash.clone());
    let password = password.value().cloned().expect("validated");
    let matches = tokio::task::spawn_blocking(move || verify_password(&hash, &password))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let user = match user {
        Some(user) if matches => user,
        _ => return Err(ApiError::BadCredentials("Invalid email or password")),
    };

    let mut conn = req.state.db.conn().await?;
    let tokens = issue_tokens(&req.state, &mut conn, user.id).await?;
    Ok(json_response(StatusCode::OK, &tokens))
}

/// Rotates a refresh token: the old one is revoked in the same transaction
/// that stores the new one, so a stolen token works at most once.
pub async fn refresh(mut req: Request) -> HandlerResult {
    let token = read_refresh_token(&mut req).await?;
    let mut tx = req.state.db.begin().await?;
    let Some(user_id) = refresh_tokens::consume(&mut tx, &hash_refresh_token(&token)).await? else {
        return Err(ApiError::BadCredentials("Invalid or expired refresh token"));
    };
    let tokens = issue_tokens(&req.state, &mut tx, user_id).await?;
    tx.commit().await?;
    Ok(json_response(StatusCode::OK, &tokens))
}

pub async fn logout(mut req: Request) -> HandlerResult {
    let token = read_refresh_token(&mut req).await?;
    let mut conn = req.state.db.conn().await?;
    match refresh_tokens::consume(&mut conn, &hash_refresh_token(&token)).await? {
        Some(_) => Ok(empty_response(StatusCode::NO_CONTENT)),
        None => Err(ApiError::BadCredentials("Invalid or expired refresh token")),
    }
}

pub async fn me(req: Request) -> HandlerResult {
    let user_id = req.user_id()?;
    match users::by_id(&req.state.db, user_id).await? {
        Some(user) => Ok(json_response(StatusCode::OK, &UserResponse::from(user))),
        // A valid token for a user that no longer exists.
        None => Err(ApiError::Unauthorized("Unknown user")),
    }
}

async fn read_refresh_token(req: &mut Request) -> Result<String, ApiError> {
    let body = req.json().await?;
    let mut v = Validator::default();
    let token = read_string(&body, &mut v, "refresh_token");
    if token != Field::Invalid {
        v.check(
            token.value().is_some_and(|t| !t.is_empty()),
            "refresh_token",
            "is required",
        );
    }
    v.finish()?;
    Ok(token.value().cloned().unwrap_or_default())
}

async fn issue_tokens(
    state: &AppState,
    conn: &mut Conn,
    user_id: i64,
) -> Result<TokenResponse, ApiError> {
    let (refresh_token, hash) = new_refresh_token();
    refresh_tokens::create(conn, user_id, &hash, state.config.refresh_ttl).await?;
    Ok(TokenResponse {
        access_token: state.tokens.issue(user_id),
        token_type: "Bearer",
        expires_in: state.tokens.ttl().as_secs(),
        refresh_token,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for good in ["a@b", "ada.lovelace+x@example.com", "o'brien@example.ie"] {
            assert!(valid_email(good), "{good}");
        }
        for bad in [
            "",
            "a@",
            "@b.c",
            "a b@c.d",
            "a@b@c",
            "Ada <a@b.c>",
            "a..b@c.d",
            "a@b..c",
            "a@b.c.",
        ] {
            assert!(!valid_email(bad), "{bad}");
        }
        assert_eq!(normalize_email("  Ada@Example.COM\n"), "ada@example.com");
    }
}
