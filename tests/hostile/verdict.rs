//! What a hostile case expects and how an answer is judged: never a 5xx, a hang or a crash; an
//! error is a 4xx carrying the one JSON error shape, with a short message that holds no control
//! characters and no file-system path of the server; every answer the service itself writes
//! carries the security headers and no CORS grant.

use crate::client::{Exchange, Response};

/// The slowest answer accepted for any single hostile request.
pub const ANSWER_LIMIT: std::time::Duration = std::time::Duration::from_secs(5);
/// The longest error message accepted, in characters (a message must not carry a whole input).
pub const MESSAGE_LIMIT: usize = 400;

/// What one HTTP case expects.
#[derive(Debug, Clone, Copy)]
pub enum Expect {
    /// This exact 4xx status with this error code.
    Error(u16, &'static str),
    /// 200: hostile-looking but valid input.
    Success,
    /// Refused at the protocol level, before the application: a 4xx (with or without a JSON
    /// body) or a closed connection; never a 5xx.
    Rejected,
    /// Any non-5xx answer (valid input that only stresses limits).
    NotServerError,
}

/// The server paths that must never appear in an answer.
pub struct Secrets {
    /// Folders of the server (its temporary root, the index).
    pub paths: Vec<String>,
}

/// Judges an exchange against an expectation.
pub fn judge(exchange: &Exchange, expect: Expect, secrets: &Secrets) -> Result<(), String> {
    let response = match (exchange, expect) {
        (Exchange::Answered(response), _) => response,
        (Exchange::Closed, Expect::Rejected) => return Ok(()),
        (Exchange::Closed, _) => return Err("the connection closed without an answer".into()),
        (Exchange::Failed(error), _) => return Err(error.clone()),
    };
    if response.status >= 500 {
        return Err(format!(
            "{} answered: {}",
            response.status,
            short(&response.text())
        ));
    }
    if response.elapsed > ANSWER_LIMIT {
        return Err(format!("took {:?}", response.elapsed));
    }
    common(response, secrets)?;
    match expect {
        Expect::Error(status, code) => {
            if response.status != status {
                return Err(format!(
                    "expected {status}, got {}: {}",
                    response.status,
                    short(&response.text())
                ));
            }
            error_shape(response, Some(code))
        }
        Expect::Success => {
            if response.status == 200 {
                Ok(())
            } else {
                Err(format!(
                    "expected 200, got {}: {}",
                    response.status,
                    short(&response.text())
                ))
            }
        }
        Expect::Rejected => {
            if !(400..500).contains(&response.status) {
                return Err(format!("expected a refusal, got {}", response.status));
            }
            if is_json(response) {
                error_shape(response, None)
            } else {
                Ok(())
            }
        }
        Expect::NotServerError => {
            if response.status >= 400 && is_json(response) {
                error_shape(response, None)
            } else {
                Ok(())
            }
        }
    }
}

/// Checks that hold for every answer.
fn common(response: &Response, secrets: &Secrets) -> Result<(), String> {
    let text = response.text();
    for path in &secrets.paths {
        if text.contains(path.as_str()) {
            return Err(format!("the answer leaks the server path {path}"));
        }
    }
    if text.contains("root:x:0:0") {
        return Err("the answer holds /etc/passwd".into());
    }
    if response.header("access-control-allow-origin").is_some() {
        return Err("the answer grants CORS".into());
    }
    // Answers written by the application (they have a content type) carry the security headers;
    // bare protocol refusals by the HTTP layer have neither.
    if response.header("content-type").is_some() {
        security_headers(response)?;
    }
    Ok(())
}

/// The three security headers every response of the application carries.
pub fn security_headers(response: &Response) -> Result<(), String> {
    let csp = response.header("content-security-policy").unwrap_or("");
    if !csp.contains("default-src 'self'") {
        return Err(format!(
            "no content-security-policy (status {})",
            response.status
        ));
    }
    if response.header("x-content-type-options") != Some("nosniff") {
        return Err(format!(
            "no x-content-type-options (status {})",
            response.status
        ));
    }
    if response.header("referrer-policy") != Some("no-referrer") {
        return Err(format!("no referrer-policy (status {})", response.status));
    }
    Ok(())
}

fn is_json(response: &Response) -> bool {
    response
        .header("content-type")
        .is_some_and(|kind| kind.starts_with("application/json"))
}

/// The `{"error": {"code", "message"}}` shape with a safe message.
fn error_shape(response: &Response, code: Option<&str>) -> Result<(), String> {
    if !is_json(response) {
        return Err(format!(
            "a {} error that is not JSON ({:?}): {}",
            response.status,
            response.header("content-type"),
            short(&response.text())
        ));
    }
    let body: serde_json::Value = serde_json::from_slice(&response.body)
        .map_err(|error| format!("an error body that does not parse ({error})"))?;
    let found = body["error"]["code"]
        .as_str()
        .ok_or_else(|| format!("an error without a code: {body}"))?;
    let message = body["error"]["message"]
        .as_str()
        .ok_or_else(|| format!("an error without a message: {body}"))?;
    if let Some(code) = code
        && found != code
    {
        return Err(format!("expected code {code}, got {found}: {message}"));
    }
    if message.trim().is_empty() {
        return Err("an empty error message".into());
    }
    if message.chars().count() > MESSAGE_LIMIT {
        return Err(format!(
            "a message of {} characters echoes too much",
            message.chars().count()
        ));
    }
    if message.chars().any(char::is_control) {
        return Err(format!(
            "a message with raw control characters: {message:?}"
        ));
    }
    Ok(())
}

/// The start of a text, for failure messages.
pub fn short(text: &str) -> String {
    let cut: String = text.chars().take(200).collect();
    cut.escape_debug().to_string()
}
