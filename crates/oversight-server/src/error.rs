//! The one error type of the HTTP API: every failure, from a handler or an extractor, becomes
//! `{"error": {"code": ..., "message": ...}}` with the status its code maps to.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use oversight_search::ErrorKind;
use serde::Serialize;
use utoipa::ToSchema;

/// An API error: a status, a stable code and a message for people.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

/// The JSON body of every error.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// What went wrong.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, machine-readable code (`malformed_query`, `invalid_parameter`, `not_found`, ...).
    pub code: String,
    /// What is wrong and what to change.
    pub message: String,
}

impl ApiError {
    /// A 400 for a bad parameter.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code,
            message: message.into(),
        }
    }

    /// A 404 for a path nothing answers.
    pub fn no_route(path: &str) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            code: "not_found",
            message: format!("nothing at `{}`; see /api/v1/openapi.json", truncate(path)),
        }
    }

    /// A 404 for something a route could not find.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            code: "not_found",
            message: message.into(),
        }
    }

    /// A 405 for a method a route does not take.
    pub fn method_not_allowed() -> ApiError {
        ApiError {
            status: StatusCode::METHOD_NOT_ALLOWED,
            code: "method_not_allowed",
            message: "this route only answers GET (the service is read-only)".to_string(),
        }
    }

    /// A 414 for a query string longer than the service reads.
    pub fn uri_too_long(limit_bytes: usize) -> ApiError {
        ApiError {
            status: StatusCode::URI_TOO_LONG,
            code: "uri_too_long",
            message: format!("the query string is longer than {limit_bytes} bytes"),
        }
    }

    /// A 413 for a request body larger than the service reads.
    pub fn payload_too_large(limit_bytes: usize) -> ApiError {
        ApiError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            code: "payload_too_large",
            message: format!(
                "request bodies are limited to {limit_bytes} bytes (the API reads none)"
            ),
        }
    }

    /// A 500 whose details are logged, never sent.
    pub fn internal(detail: &dyn std::fmt::Display) -> ApiError {
        tracing::error!(%detail, "internal error");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "internal",
            message: "internal error; it has been logged".to_string(),
        }
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> ApiError {
        match rejection {
            PathRejection::FailedToDeserializePathParams(_) => ApiError::bad_request(
                "invalid_encoding",
                "a path segment is not valid UTF-8 once percent-decoded",
            ),
            other => ApiError::internal(&other),
        }
    }
}

impl From<oversight_search::Error> for ApiError {
    fn from(error: oversight_search::Error) -> ApiError {
        let status = match error.kind() {
            ErrorKind::BadRequest => StatusCode::BAD_REQUEST,
            ErrorKind::NotFound => StatusCode::NOT_FOUND,
            ErrorKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ErrorKind::Internal => return ApiError::internal(&error),
        };
        ApiError {
            status,
            code: error.code(),
            message: error.to_string(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.to_string(),
                message: printable(&self.message),
            },
        };
        (self.status, Json(body)).into_response()
    }
}

/// The longest message sent, in characters; a message never carries a whole hostile input.
const MAX_MESSAGE_CHARS: usize = 300;

/// A message with control characters (NUL, escape sequences echoed from the input) written as
/// escapes, and cut to [`MAX_MESSAGE_CHARS`].
fn printable(message: &str) -> String {
    let mut shown = String::new();
    for c in message.chars() {
        if shown.chars().count() >= MAX_MESSAGE_CHARS {
            shown.push('…');
            break;
        }
        if c.is_control() {
            shown.extend(c.escape_default());
        } else {
            shown.push(c);
        }
    }
    shown
}

fn truncate(text: &str) -> String {
    text.chars().take(100).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_escape_control_characters_and_stay_short() {
        assert_eq!(printable("id `a\0b\u{1b}[31m`"), "id `a\\u{0}b\\u{1b}[31m`");
        let long = printable(&"x".repeat(5_000));
        assert_eq!(long.chars().count(), MAX_MESSAGE_CHARS + 1);
        assert!(!long.chars().any(char::is_control));
    }
}
