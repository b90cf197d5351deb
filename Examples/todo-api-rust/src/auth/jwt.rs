use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

/// Tolerates small clock differences between machines without keeping
/// expired tokens alive for long.
const CLOCK_SKEW_LEEWAY_SECONDS: u64 = 30;

/// Every reason to reject an access token: callers answer 401 whatever it is.
#[derive(Debug, PartialEq, Eq)]
pub struct InvalidToken;

#[derive(Serialize, Deserialize)]
struct Claims {
    sub: String,
    iat: u64,
    exp: u64,
}

/// Creates and verifies HS256 access tokens.
pub struct TokenIssuer {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl: Duration,
}

impl TokenIssuer {
    pub fn new(secret: &[u8], ttl: Duration) -> TokenIssuer {
        // Only HS256 is accepted: `none` and algorithm-confusion tokens fail
        // before their claims are read.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = CLOCK_SKEW_LEEWAY_SECONDS;
        validation.set_required_spec_claims(&["exp", "sub"]);
        TokenIssuer {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            ttl,
        }
    }

    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    pub fn issue(&self, user_id: i64) -> String {
        self.issue_at(user_id, SystemTime::now())
    }

    pub fn issue_at(&self, user_id: i64, now: SystemTime) -> String {
        let iat = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let claims = Claims {
            sub: user_id.to_string(),
            iat,
            exp: iat + self.ttl.as_secs(),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .expect("HS256 signing cannot fail")
    }

    /// The user id of a valid token.
    pub fn verify(&self, token: &str) -> Result<i64, InvalidToken> {
        let data =
            decode::<Claims>(token, &self.decoding, &self.validation).map_err(|_| InvalidToken)?;
        data.claims
            .sub
            .parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .ok_or(InvalidToken)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"test-secret-0123456789abcdef0123456789";

    #[test]
    fn issued_tokens_verify() {
        let issuer = TokenIssuer::new(SECRET, Duration::from_secs(900));
        assert_eq!(issuer.verify(&issuer.issue(42)), Ok(42));
    }

    #[test]
    fn expired_forged_and_malformed_tokens_fail() {
        let issuer = TokenIssuer::new(SECRET, Duration::from_secs(900));
        let long_ago = SystemTime::now() - Duration::from_secs(900 + 61);
        assert_eq!(
            issuer.verify(&issuer.issue_at(1, long_ago)),
            Err(InvalidToken)
        );
        let other = TokenIssuer::new(
            b"some other secret of enough length!!",
            Duration::from_secs(900),
        );
        assert_eq!(issuer.verify(&other.issue(1)), Err(InvalidToken));
        assert_eq!(issuer.verify("not-a-jwt"), Err(InvalidToken));
        let token = issuer.issue(1);
        let payload = token.split('.').nth(1).unwrap();
        let none = format!(
            "{}.{payload}.",
            base64::encode_config(br#"{"alg":"none","typ":"JWT"}"#, base64::URL_SAFE_NO_PAD)
        );
        assert_eq!(issuer.verify(&none), Err(InvalidToken));
    }

    #[test]
    fn recently_expired_tokens_get_the_leeway() {
        let issuer = TokenIssuer::new(SECRET, Duration::from_secs(60));
        let just_expired = SystemTime::now() - Duration::from_secs(70);
        assert_eq!(issuer.verify(&issuer.issue_at(7, just_expired)), Ok(7));
    }
}
