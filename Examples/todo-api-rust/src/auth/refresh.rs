use rand::RngCore;
use sha2::{Digest, Sha256};

/// An opaque token for the client and the hash to store. Only the hash
/// reaches the database, so a leaked table cannot be replayed. A fast hash
/// is enough here, unlike for passwords: 256 random bits cannot be guessed.
pub fn new_refresh_token() -> (String, String) {
    let token = base64::encode_config(random_secret(32), base64::URL_SAFE_NO_PAD);
    let hash = hash_refresh_token(&token);
    (token, hash)
}

/// The lookup key of a refresh token.
pub fn hash_refresh_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// `n` random bytes, for a per-process JWT secret.
pub fn random_secret(n: usize) -> Vec<u8> {
    let mut secret = vec![0u8; n];
    rand::thread_rng().fill_bytes(&mut secret);
    secret
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, hash_a) = new_refresh_token();
        let (b, _) = new_refresh_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(hash_a, hash_refresh_token(&a));
        assert_eq!(hash_a.len(), 64);
    }
}
