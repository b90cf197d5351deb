//! Request bodies: 415 for another content type, 413 past MAX_BODY_BYTES,
//! 400 unless the body is one JSON object, and field readers that collect
//! every validation problem for one 422.
//!
//! Bodies are decoded into a `serde_json` map rather than a struct, so
//! handlers tell a missing field from an explicit `null` (PATCH needs that)
//! and report a wrongly typed field by name. Unknown fields are never read,
//! which is how they are ignored and how mass assignment is impossible.

use hyper::body::HttpBody;
use hyper::header::CONTENT_TYPE;
use hyper::{Body, HeaderMap};
use serde_json::{Map, Value};

use crate::errors::{ApiError, FieldError};

pub type JsonObject = Map<String, Value>;

/// Only `application/json` (with any parameters, such as a charset) is JSON.
pub fn require_json_content_type(headers: &HeaderMap) -> Result<(), ApiError> {
    let value = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut parts = value.split(';');
    let media_type = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let params_ok = parts.all(|p| {
        let p = p.trim();
        p.is_empty()
            || p.split_once('=')
                .is_some_and(|(key, _)| !key.trim().is_empty())
    });
    if media_type == "application/json" && params_ok {
        Ok(())
    } else {
        Err(ApiError::UnsupportedMediaType)
    }
}

/// Reads the whole body, refusing it as soon as it passes `max_bytes`.
pub async fn read_body(body: &mut Body, max_bytes: u64) -> Result<Vec<u8>, ApiError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = body.data().await {
        let chunk = chunk.map_err(|_| ApiError::BadRequest("Request body could not be read"))?;
        if (bytes.len() + chunk.len()) as u64 > max_bytes {
            return Err(ApiError::PayloadTooLarge { close: true });
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// Parses a body that must hold exactly one JSON object.
pub fn parse_object(bytes: &[u8]) -> Result<JsonObject, ApiError> {
    let mut values = serde_json::Deserializer::from_slice(bytes).into_iter::<Value>();
    let value = match values.next() {
        None => return Err(ApiError::BadRequest("Request body must not be empty")),
        Some(Err(_)) => return Err(ApiError::BadRequest("Request body is not valid JSON")),
        Some(Ok(value)) => value,
    };
    if values.next().is_some() {
        return Err(ApiError::BadRequest(
            "Request body must contain a single JSON value",
        ));
    }
    match value {
        Value::Object(object) => Ok(object),
        _ => Err(ApiError::BadRequest("Request body must be a JSON object")),
    }
}

/// One value read from a JsonObject.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Field<T> {
    Missing,
    Null,
    /// The value had the wrong type; already reported to the validator.
    Invalid,
    Set(T),
}

impl<T> Field<T> {
    pub fn value(&self) -> Option<&T> {
        match self {
            Field::Set(value) => Some(value),
            _ => None,
        }
    }
}

/// Reads a string, refusing NUL characters: PostgreSQL cannot store them, so
/// they would fail deep in the database instead of here, with a 422.
pub fn read_string(object: &JsonObject, v: &mut Validator, name: &str) -> Field<String> {
    match object.get(name) {
        None => Field::Missing,
        Some(Value::Null) => Field::Null,
        Some(Value::String(s)) if s.contains('\0') => {
            v.add(name, "must not contain NUL characters");
            Field::Invalid
        }
        Some(Value::String(s)) => Field::Set(s.clone()),
        Some(_) => {
            v.add(name, "must be a string");
            Field::Invalid
        }
    }
}

pub fn read_bool(object: &JsonObject, v: &mut Validator, name: &str) -> Field<bool> {
    match object.get(name) {
        None => Field::Missing,
        Some(Value::Null) => Field::Null,
        Some(Value::Bool(b)) => Field::Set(*b),
        Some(_) => {
            v.add(name, "must be a boolean");
            Field::Invalid
        }
    }
}

/// What the contract trims from text fields (titles, names, emails): the same
/// four characters in every stack, so "at most 200 characters after
/// trimming" means one thing whichever stack answers.
pub fn trim_text(s: &str) -> &str {
    s.trim_matches([' ', '\t', '\n', '\r'])
}

/// Collects every problem of a request, so the client can fix them all from
/// one 422 response.
#[derive(Debug, Default)]
pub struct Validator {
    problems: Vec<FieldError>,
}

impl Validator {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.problems.push(FieldError {
            field: field.to_string(),
            message: message.into(),
        });
    }

    /// Records `message` for `field` unless `ok`.
    pub fn check(&mut self, ok: bool, field: &str, message: &str) {
        if !ok {
            self.add(field, message);
        }
    }

    pub fn finish(self) -> Result<(), ApiError> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self.problems))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(result: Result<JsonObject, ApiError>) -> &'static str {
        match result {
            Err(ApiError::BadRequest(message)) => message,
            other => panic!("want a 400, got {other:?}"),
        }
    }

    #[test]
    fn bodies_must_be_one_object() {
        assert_eq!(message(parse_object(b"")), "Request body must not be empty");
        assert_eq!(
            message(parse_object(b"  \n")),
            "Request body must not be empty"
        );
        assert_eq!(
            message(parse_object(b"{\"a\":")),
            "Request body is not valid JSON"
        );
        assert_eq!(
            message(parse_object(b"{} {}")),
            "Request body must contain a single JSON value"
        );
        assert_eq!(
            message(parse_object(b"[1]")),
            "Request body must be a JSON object"
        );
        assert_eq!(
            message(parse_object(b"\"s\"")),
            "Request body must be a JSON object"
        );
        assert!(parse_object(b" {\"a\": 1} \n").is_ok());
    }

    #[test]
    fn content_types() {
        let mut headers = HeaderMap::new();
        assert!(require_json_content_type(&headers).is_err());
        headers.insert(
            CONTENT_TYPE,
            "Application/JSON; charset=utf-8".parse().unwrap(),
        );
        assert!(require_json_content_type(&headers).is_ok());
        headers.insert(CONTENT_TYPE, "text/plain".parse().unwrap());
        assert!(require_json_content_type(&headers).is_err());
    }

    #[test]
    fn fields_tell_missing_null_and_wrong_types_apart() {
        let object =
            parse_object(br#"{"a": "x", "b": null, "c": 1, "d": "n\u0000l", "e": true}"#).unwrap();
        let mut v = Validator::default();
        assert_eq!(
            read_string(&object, &mut v, "a"),
            Field::Set("x".to_string())
        );
        assert_eq!(read_string(&object, &mut v, "b"), Field::Null);
        assert_eq!(read_string(&object, &mut v, "c"), Field::Invalid);
        assert_eq!(read_string(&object, &mut v, "d"), Field::Invalid);
        assert_eq!(read_string(&object, &mut v, "z"), Field::Missing);
        assert_eq!(read_bool(&object, &mut v, "e"), Field::Set(true));
        assert_eq!(read_bool(&object, &mut v, "a"), Field::Invalid);
        match v.finish() {
            Err(ApiError::Validation(details)) => {
                let fields: Vec<_> = details.iter().map(|d| d.field.as_str()).collect();
                assert_eq!(fields, ["c", "d", "a"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn only_contract_whitespace_is_trimmed() {
        assert_eq!(trim_text(" \t\r\nx \n"), "x");
        assert_eq!(trim_text("\u{b}x"), "\u{b}x");
    }
}
