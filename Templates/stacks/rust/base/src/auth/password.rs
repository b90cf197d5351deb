use hmac::Hmac;
use rand::RngCore;
use sha2::Sha256;

/// The OWASP Password Storage Cheat Sheet's count for PBKDF2-HMAC-SHA256.
/// It is stored with each hash, so raising it later keeps old hashes valid.
const ITERATIONS: u32 = 600_000;
const SALT_BYTES: usize = 16;
const KEY_BYTES: usize = 32;
const TAG: &str = "pbkdf2_sha256";

/// Verified when a login names an unknown email, so that it takes as long as
/// a wrong password and response times do not reveal which emails exist.
/// It hashes a random password nobody knows.
pub const DUMMY_PASSWORD_HASH: &str =
    "pbkdf2_sha256$600000$fH9Imc7tYTydkzI3NgmdCQ$nDL+mFZESA5nLxvlgoAVrNX04ivNU0gW812ksrTdW5E";

/// A self-describing hash: `pbkdf2_sha256$<iterations>$<salt>$<key>`, salt
/// and key in unpadded base64. Slow on purpose: call it off the async
/// runtime (`spawn_blocking`).
pub fn hash_password(password: &str) -> String {
    let mut salt = [0u8; SALT_BYTES];
    rand::thread_rng().fill_bytes(&mut salt);
    let mut key = [0u8; KEY_BYTES];
    pbkdf2::pbkdf2::<Hmac<Sha256>>(password.as_bytes(), &salt, ITERATIONS, &mut key);
    let b64 = |bytes: &[u8]| base64::encode_config(bytes, base64::STANDARD_NO_PAD);
    format!("{TAG}${ITERATIONS}${}${}", b64(&salt), b64(&key))
}

/// Whether `password` matches `encoded`; false for a malformed hash. The
/// comparison takes the same time wherever the first differing byte is.
pub fn verify_password(encoded: &str, password: &str) -> bool {
    let parts: Vec<&str> = encoded.split('$').collect();
    let [TAG, iterations, salt, key] = parts.as_slice() else {
        return false;
    };
    let decode = |s: &str| base64::decode_config(s, base64::STANDARD_NO_PAD).ok();
    let (Some(iterations), Some(salt), Some(want)) = (
        iterations.parse::<u32>().ok().filter(|n| *n > 0),
        decode(salt),
        decode(key),
    ) else {
        return false;
    };
    if want.is_empty() {
        return false;
    }
    let mut got = vec![0u8; want.len()];
    pbkdf2::pbkdf2::<Hmac<Sha256>>(password.as_bytes(), &salt, iterations, &mut got);
    got.iter().zip(&want).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_are_salted() {
        let hash = hash_password("correct horse");
        assert!(hash.starts_with("pbkdf2_sha256$600000$"));
        assert!(verify_password(&hash, "correct horse"));
        assert!(!verify_password(&hash, "wrong horse"));
        assert_ne!(hash, hash_password("correct horse"));
    }

    #[test]
    fn malformed_hashes_never_match() {
        for bad in [
            "",
            "md5$1$a$b",
            "pbkdf2_sha256$x$AAAA$AAAA",
            "pbkdf2_sha256$1$!!$AAAA",
            "pbkdf2_sha256$1$AAAA$",
        ] {
            assert!(!verify_password(bad, "anything"), "{bad}");
        }
    }

    #[test]
    fn the_dummy_hash_is_well_formed() {
        assert!(!verify_password(DUMMY_PASSWORD_HASH, "guess"));
    }
}
