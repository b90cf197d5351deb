//! The error every handler returns, and the one place that turns it into the
//! error envelope, so every 4xx and 5xx has the same shape.

use hyper::header::{HeaderValue, ALLOW, CONNECTION, RETRY_AFTER, WWW_AUTHENTICATE};
use hyper::{Body, Response, StatusCode};
use serde::Serialize;

use crate::db::DbError;
use crate::http::response::json_response;

/// Names the JSON field or query parameter that failed validation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Everything a request can fail with. Variants the client should see carry
/// their own status and message; `Internal` is logged and answered with a
/// bare 500, so no SQL or panic message ever leaks.
#[derive(Debug)]
pub enum ApiError {
    BadRequest(&'static str),
    /// On protected routes: RFC 6750 asks for a `WWW-Authenticate` challenge.
    Unauthorized(&'static str),
    /// At login, refresh and logout, where credentials came in the body.
    BadCredentials(&'static str),
    NotFound,
    MethodNotAllowed {
        allow: String,
    },
    Conflict(&'static str),
    PreconditionFailed,
    PayloadTooLarge {
        close: bool,
    },
    UnsupportedMediaType,
    Validation(Vec<FieldError>),
    RateLimited {
        retry_after_seconds: u64,
    },
    Unavailable(&'static str),
    Internal(String),
}

impl From<DbError> for ApiError {
    fn from(err: DbError) -> Self {
        ApiError::Internal(err.to_string())
    }
}

#[derive(Serialize)]
struct Envelope<'a> {
    error: EnvelopeBody<'a>,
}

#[derive(Serialize)]
struct EnvelopeBody<'a> {
    code: &'static str,
    message: &'a str,
    // Present, possibly empty, for VALIDATION_ERROR only.
    #[serde(skip_serializing_if = "Option::is_none")]
    details: Option<&'a [FieldError]>,
    request_id: &'a str,
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) | ApiError::BadCredentials(_) => StatusCode::UNAUTHORIZED,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest(_) => "BAD_REQUEST",
            ApiError::Unauthorized(_) | ApiError::BadCredentials(_) => "UNAUTHORIZED",
            ApiError::NotFound => "NOT_FOUND",
            ApiError::MethodNotAllowed { .. } => "METHOD_NOT_ALLOWED",
            ApiError::Conflict(_) => "CONFLICT",
            ApiError::PreconditionFailed => "PRECONDITION_FAILED",
            ApiError::PayloadTooLarge { .. } => "PAYLOAD_TOO_LARGE",
            ApiError::UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
            ApiError::Validation(_) => "VALIDATION_ERROR",
            ApiError::RateLimited { .. } => "RATE_LIMITED",
            ApiError::Unavailable(_) => "SERVICE_UNAVAILABLE",
            ApiError::Internal(_) => "INTERNAL_ERROR",
        }
    }

    fn message(&self) -> &str {
        match self {
            ApiError::BadRequest(m)
            | ApiError::Unauthorized(m)
            | ApiError::BadCredentials(m)
            | ApiError::Conflict(m)
            | ApiError::Unavailable(m) => m,
            ApiError::NotFound => "Resource not found",
            ApiError::MethodNotAllowed { .. } => "Method not allowed on this resource",
            ApiError::PreconditionFailed => "If-Match does not match the current ETag",
            ApiError::PayloadTooLarge { .. } => "Request body is too large",
            ApiError::UnsupportedMediaType => "Content-Type must be application/json",
            ApiError::Validation(_) => "Request validation failed",
            ApiError::RateLimited { .. } => "Too many requests, retry later",
            ApiError::Internal(_) => "Internal server error",
        }
    }

    /// The response for this error: the envelope plus the headers its status
    /// requires.
    pub fn into_response(self, request_id: &str) -> Response<Body> {
        if let ApiError::Internal(cause) = &self {
            tracing::error!(request_id, error = %cause, "request failed");
        }
        let details = match &self {
            ApiError::Validation(details) => Some(details.as_slice()),
            _ => None,
        };
        let envelope = Envelope {
            error: EnvelopeBody {
                code: self.code(),
                message: self.message(),
                details,
                request_id,
            },
        };
        let mut response = json_response(self.status(), &envelope);
        let headers = response.headers_mut();
        match &self {
            ApiError::Unauthorized(_) => {
                headers.insert(
                    WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"api\""),
                );
            }
            ApiError::MethodNotAllowed { allow } => {
                if let Ok(value) = HeaderValue::from_str(allow) {
                    headers.insert(ALLOW, value);
                }
            }
            ApiError::RateLimited {
                retry_after_seconds,
            } => {
                headers.insert(RETRY_AFTER, HeaderValue::from(*retry_after_seconds));
            }
            // The unread body would otherwise be drained; closing is cheaper.
            ApiError::PayloadTooLarge { close: true } => {
                headers.insert(CONNECTION, HeaderValue::from_static("close"));
            }
            _ => {}
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn validation_errors_carry_details_and_the_request_id() {
        let err = ApiError::Validation(vec![FieldError {
            field: "title".into(),
            message: "must not be empty".into(),
        }]);
        let response = err.into_response("req-1");
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = hyper::body::to_bytes(response.into_body()).await.unwrap();
        assert_eq!(
            std::str::from_utf8(&body).unwrap(),
            "{\"error\":{\"code\":\"VALIDATION_ERROR\",\"message\":\"Request validation failed\",\
             \"details\":[{\"field\":\"title\",\"message\":\"must not be empty\"}],\"request_id\":\"req-1\"}}\n"
        );
    }

    #[tokio::test]
    async fn internal_errors_hide_their_cause() {
        let response = ApiError::Internal("SELECT secret FROM users".into()).into_response("r");
        let body = hyper::body::to_bytes(response.into_body()).await.unwrap();
        let text = String::from_utf8(body.to_vec()).unwrap();
        assert!(
            text.contains("INTERNAL_ERROR")
                && !text.contains("SELECT")
                && !text.contains("details")
        );
    }

    #[test]
    fn statuses_carry_their_headers() {
        let response = ApiError::MethodNotAllowed {
            allow: "GET, HEAD".into(),
        }
        .into_response("r");
        assert_eq!(response.headers()[ALLOW], "GET, HEAD");
        let response = ApiError::RateLimited {
            retry_after_seconds: 7,
        }
        .into_response("r");
        assert_eq!(response.headers()[RETRY_AFTER], "7");
        let response = ApiError::Unauthorized("Missing bearer token").into_response("r");
        assert!(response.headers()[WWW_AUTHENTICATE]
            .to_str()
            .unwrap()
            .starts_with("Bearer"));
    }
}
