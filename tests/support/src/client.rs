//! A small HTTP client for the tests: a request as written, its answer read whole whatever its
//! status.

use std::time::Duration;

use serde_json::Value;

/// How long one exchange may take before the test fails.
const EXCHANGE_LIMIT: Duration = Duration::from_secs(30);

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(EXCHANGE_LIMIT))
        .build()
        .into()
}

/// An HTTP response, read whole.
#[derive(Debug, Clone)]
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// The body.
    pub body: String,
    /// The response headers, names lower-cased.
    pub headers: Vec<(String, String)>,
}

impl Reply {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {}", self.body))
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

fn headers_of(response: &ureq::http::Response<ureq::Body>) -> Vec<(String, String)> {
    response
        .headers()
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_lowercase(),
                value.to_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// The body as text; bytes that are not UTF-8 (a compressed body) become U+FFFD.
fn text(response: &mut ureq::http::Response<ureq::Body>) -> Result<String, ureq::Error> {
    let bytes = response.body_mut().read_to_vec()?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// `GET`, or `None` when nothing answers (yet).
pub fn try_request(base: &str, path_and_query: &str) -> Option<Reply> {
    let mut response = agent()
        .get(&format!("{base}{path_and_query}"))
        .call()
        .ok()?;
    let status = response.status().as_u16();
    let headers = headers_of(&response);
    let body = text(&mut response).ok()?;
    Some(Reply {
        status,
        body,
        headers,
    })
}

/// Sends `method` to `base` + `path_and_query` exactly as written.
pub fn request(method: &str, base: &str, path_and_query: &str) -> Reply {
    request_with_header(method, base, path_and_query, None)
}

/// Sends `method` with one extra request header.
pub fn request_with_header(
    method: &str,
    base: &str,
    path_and_query: &str,
    header: Option<(&str, &str)>,
) -> Reply {
    let url = format!("{base}{path_and_query}");
    let agent = agent();
    let response = match (method, header) {
        ("GET", Some((name, value))) => agent.get(&url).header(name, value).call(),
        ("GET", None) => agent.get(&url).call(),
        ("POST", _) => agent.post(&url).send_empty(),
        ("DELETE", _) => agent.delete(&url).call(),
        (other, _) => panic!("method {other} not supported by the test client"),
    };
    let mut response = response.unwrap_or_else(|error| panic!("{method} {url}: {error}"));
    let status = response.status().as_u16();
    let headers = headers_of(&response);
    let body = text(&mut response).unwrap_or_else(|error| panic!("{method} {url}: body: {error}"));
    Reply {
        status,
        body,
        headers,
    }
}

/// `GET` of a binary body: the status, the headers (names lower-cased) and the bytes.
pub fn get_bytes(base: &str, path_and_query: &str) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let url = format!("{base}{path_and_query}");
    let mut response = agent()
        .get(&url)
        .call()
        .unwrap_or_else(|error| panic!("GET {url}: {error}"));
    let headers = headers_of(&response);
    let bytes = response
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_vec()
        .unwrap_or_else(|error| panic!("GET {url}: body: {error}"));
    (response.status().as_u16(), headers, bytes)
}
