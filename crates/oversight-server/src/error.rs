//! The one error type of the HTTP API: every failure, from a handler or an extractor, becomes
//! `{"error": {"code": ..., "message": ...}}` with the status its code maps to.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use oversight_search::ErrorCode;
use serde::Serialize;
use utoipa::ToSchema;

/// An API error: a code from the one table of codes (which gives the status) and a message for
/// people.
#[derive(Debug)]
pub struct ApiError {
    code: ErrorCode,
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
    pub code: ErrorCode,
    /// What is wrong and what to change.
    pub message: String,
}

impl ApiError {
    /// An error with `code` and its status.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
        }
    }

    /// A 404 for a path nothing answers.
    pub fn no_route(path: &str) -> ApiError {
        ApiError::new(
            ErrorCode::NotFound,
            format!("nothing at `{}`; see /api/v1/openapi.json", truncate(path)),
        )
    }

    /// A 405 for a method a route does not take.
    pub fn method_not_allowed() -> ApiError {
        ApiError::new(
            ErrorCode::MethodNotAllowed,
            "this route only answers GET (the service is read-only)",
        )
    }

    /// A 408 for a request that took longer than `limit`.
    pub fn request_timeout(limit: std::time::Duration) -> ApiError {
        ApiError::new(
            ErrorCode::RequestTimeout,
            format!(
                "the request took longer than {} s; narrow the search",
                limit.as_secs()
            ),
        )
    }

    /// A 414 for a query string longer than the service reads.
    pub fn uri_too_long(limit_bytes: usize) -> ApiError {
        ApiError::new(
            ErrorCode::UriTooLong,
            format!("the query string is longer than {limit_bytes} bytes"),
        )
    }

    /// A 413 for a request body larger than the service reads.
    pub fn payload_too_large(limit_bytes: usize) -> ApiError {
        ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!("request bodies are limited to {limit_bytes} bytes (the API reads none)"),
        )
    }

    /// A 500 whose details are logged, never sent.
    pub fn internal(detail: &dyn std::fmt::Display) -> ApiError {
        tracing::error!(%detail, "internal error");
        ApiError::new(ErrorCode::Internal, "internal error; it has been logged")
    }

    /// The status the error is answered with.
    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> ApiError {
        match rejection {
            PathRejection::FailedToDeserializePathParams(_) => ApiError::new(
                ErrorCode::InvalidEncoding,
                "a path segment is not valid UTF-8 once percent-decoded",
            ),
            other => ApiError::internal(&other),
        }
    }
}

impl From<oversight_search::Error> for ApiError {
    fn from(error: oversight_search::Error) -> ApiError {
        match error.error_code() {
            ErrorCode::Internal => ApiError::internal(&error),
            ErrorCode::CorruptIndex => {
                tracing::error!(%error, "corrupt index");
                ApiError::new(
                    ErrorCode::CorruptIndex,
                    format!("{error}; `oversight index --rebuild` rebuilds the index"),
                )
            }
            code => ApiError::new(code, error.to_string()),
        }
    }
}

/// The description of the error codes in the OpenAPI document: each code with its status.
pub fn code_table() -> String {
    let mut table = String::from("The error's code; each is answered with one status:");
    for code in ErrorCode::ALL {
        table.push_str(&format!(
            "\n- `{}` ({}): {}",
            code.as_str(),
            code.status(),
            code.description()
        ));
    }
    table
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: printable(&self.message),
            },
        };
        (status, Json(body)).into_response()
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

    #[test]
    fn engine_errors_keep_their_code_and_corruption_is_a_500_that_says_so() {
        let unknown = ApiError::from(oversight_search::Error::DocumentNotFound("ab".to_string()));
        assert_eq!(
            (unknown.status(), unknown.code),
            (StatusCode::NOT_FOUND, ErrorCode::DocumentNotFound)
        );
        let corrupt = ApiError::from(oversight_search::Error::Corrupt(
            "document ab has no stored metadata".to_string(),
        ));
        assert_eq!(corrupt.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(
            corrupt.message,
            "corrupt stored data: document ab has no stored metadata; `oversight index --rebuild` \
             rebuilds the index"
        );
        let timeout = ApiError::request_timeout(std::time::Duration::from_secs(10));
        assert_eq!(timeout.status(), StatusCode::REQUEST_TIMEOUT);
    }
}
