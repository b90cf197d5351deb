//! Response builders. Every JSON body ends with a newline, as `curl` users
//! expect, and is sent as `application/json; charset=utf-8`.

use hyper::header::{HeaderValue, CONTENT_TYPE};
use hyper::{Body, Response, StatusCode};
use serde::Serialize;

pub const JSON_CONTENT_TYPE: &str = "application/json; charset=utf-8";

/// Serialises `value`. It cannot fail for the types handlers pass (no maps
/// with non-string keys); if a programming error makes it fail, the panic
/// becomes a logged 500.
pub fn to_json(value: &impl Serialize) -> Vec<u8> {
    serde_json::to_vec(value).expect("response types always serialise")
}

pub fn json_response(status: StatusCode, value: &impl Serialize) -> Response<Body> {
    json_bytes_response(status, to_json(value))
}

pub fn json_bytes_response(status: StatusCode, mut body: Vec<u8>) -> Response<Body> {
    body.push(b'\n');
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(JSON_CONTENT_TYPE));
    response
}

pub fn empty_response(status: StatusCode) -> Response<Body> {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    response
}

/// RFC 3339 in UTC with as many fractional digits as needed (none for a
/// whole second), the form every stack of this contract prints.
pub fn rfc3339(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    let mut s = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
    if t.nanosecond() > 0 {
        let fraction = format!("{:09}", t.nanosecond());
        s.push('.');
        s.push_str(fraction.trim_end_matches('0'));
    }
    s.push('Z');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn timestamps_drop_trailing_zeros() {
        assert_eq!(
            rfc3339(datetime!(2026-11-22 03:57:18 UTC)),
            "2026-11-22T03:57:18Z"
        );
        assert_eq!(
            rfc3339(datetime!(2026-11-22 03:57:18.120 UTC)),
            "2026-11-22T03:57:18.12Z"
        );
        assert_eq!(
            rfc3339(datetime!(2026-11-22 04:57:18.000001 +01:00)),
            "2026-11-22T03:57:18.000001Z"
        );
    }
}
