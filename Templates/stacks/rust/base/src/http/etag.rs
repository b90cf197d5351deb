//! Strong ETags and the conditional request rules of RFC 9110 section 13.

use hyper::header::{HeaderValue, CACHE_CONTROL, ETAG, IF_MATCH, IF_NONE_MATCH};
use hyper::{Body, HeaderMap, Response, StatusCode};
use sha2::{Digest, Sha256};

use super::response::{empty_response, json_bytes_response};

/// A strong validator: it changes whenever a byte of the representation does.
pub fn etag_for(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    format!("\"{}\"", hex::encode(&digest[..16]))
}

/// Sends `body` with its ETag, or 304 without a body when the client already
/// holds this representation.
pub fn with_etag(headers: &HeaderMap, status: StatusCode, body: Vec<u8>) -> Response<Body> {
    let etag = etag_for(&body);
    let not_modified =
        header_str(headers, IF_NONE_MATCH).is_some_and(|h| list_matches(h, &etag, false));
    let mut response = if not_modified {
        empty_response(StatusCode::NOT_MODIFIED)
    } else {
        json_bytes_response(status, body)
    };
    let h = response.headers_mut();
    h.insert(
        ETAG,
        HeaderValue::from_str(&etag).expect("hex is a valid header"),
    );
    // Private: responses depend on the caller's token. no-cache: clients may
    // store them but must revalidate, which the ETag makes cheap.
    h.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    response
}

/// Whether the request's If-Match rules out a write: no header never does.
pub fn if_match_fails(headers: &HeaderMap, current_etag: &str) -> bool {
    match header_str(headers, IF_MATCH) {
        None => false,
        Some(value) => !list_matches(value, current_etag, true),
    }
}

pub fn has_if_match(headers: &HeaderMap) -> bool {
    header_str(headers, IF_MATCH).is_some()
}

fn header_str(headers: &HeaderMap, name: hyper::header::HeaderName) -> Option<&str> {
    // A header that is not visible ASCII cannot name one of our tags.
    headers
        .get(name)
        .map(|v| v.to_str().unwrap_or("\u{0}"))
        .filter(|v| !v.is_empty())
}

/// Compares `etag` with a comma-separated header value. If-Match uses strong
/// comparison (weak tags never match), If-None-Match weak comparison.
fn list_matches(header: &str, etag: &str, strong: bool) -> bool {
    header.split(',').map(str::trim).any(|candidate| {
        if candidate == "*" {
            return true;
        }
        match candidate.strip_prefix("W/") {
            Some(_) if strong => false,
            Some(weak) => weak == etag,
            None => candidate == etag,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_quoted_and_stable() {
        let tag = etag_for(b"{}");
        assert!(tag.starts_with('"') && tag.ends_with('"') && tag.len() == 34);
        assert_eq!(tag, etag_for(b"{}"));
        assert_ne!(tag, etag_for(b"{ }"));
    }

    #[test]
    fn comparison_follows_rfc_9110() {
        let tag = "\"abc\"";
        assert!(list_matches("\"x\", \"abc\"", tag, true));
        assert!(list_matches("*", tag, true));
        assert!(!list_matches("W/\"abc\"", tag, true));
        assert!(list_matches("W/\"abc\"", tag, false));
        let mut headers = HeaderMap::new();
        assert!(!if_match_fails(&headers, tag));
        headers.insert(IF_MATCH, HeaderValue::from_static("\"stale\""));
        assert!(if_match_fails(&headers, tag));
    }
}
