//! A raw HTTP/1.1 client over `TcpStream`: sends bytes exactly as written (invalid UTF-8,
//! overlong encodings, oversized headers, wrong framing) and reads the whole answer with a
//! deadline, so that a hang is a failure and not a stuck test.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// The longest any one exchange may take before it counts as a hang.
pub const EXCHANGE_LIMIT: Duration = Duration::from_secs(15);

/// A response, read whole.
#[derive(Debug, Clone)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The headers, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked.
    pub body: Vec<u8>,
    /// How long the exchange took.
    pub elapsed: Duration,
}

impl Response {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The body as text (lossy).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// What an exchange came to.
#[derive(Debug)]
pub enum Exchange {
    /// The server answered.
    Answered(Response),
    /// The server closed the connection without an answer.
    Closed,
    /// Something failed: a hang past the limit, an unreadable answer.
    Failed(String),
}

/// A GET request for `target` (written as is) with `Connection: close` and extra header lines.
pub fn get_request(target: &[u8], extra_headers: &[(&str, &str)]) -> Vec<u8> {
    request(b"GET", target, extra_headers, b"")
}

/// A request with any method, target, headers and body (a `Content-Length` is added for a body).
pub fn request(method: &[u8], target: &[u8], headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::new();
    bytes.extend_from_slice(method);
    bytes.push(b' ');
    bytes.extend_from_slice(target);
    bytes.extend_from_slice(b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    for (name, value) in headers {
        bytes.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    if !body.is_empty() {
        bytes.extend_from_slice(format!("Content-Length: {}\r\n", body.len()).as_bytes());
    }
    bytes.extend_from_slice(b"\r\n");
    bytes.extend_from_slice(body);
    bytes
}

/// Sends `bytes` and reads the answer until the server closes the connection.
pub fn exchange(address: SocketAddr, bytes: &[u8]) -> Exchange {
    let started = Instant::now();
    let mut stream = match TcpStream::connect_timeout(&address, EXCHANGE_LIMIT) {
        Ok(stream) => stream,
        Err(error) => return Exchange::Failed(format!("connect: {error}")),
    };
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    let _ = stream.set_write_timeout(Some(EXCHANGE_LIMIT));
    // The server may answer (and close) before it has read everything, e.g. an oversized body.
    let _ = stream.write_all(bytes);
    let mut answer = Vec::new();
    let mut chunk = [0u8; 64 * 1024];
    loop {
        if started.elapsed() > EXCHANGE_LIMIT {
            return Exchange::Failed(format!("no complete answer after {EXCHANGE_LIMIT:?}"));
        }
        match stream.read(&mut chunk) {
            Ok(0) => break,
            Ok(read) => answer.extend_from_slice(&chunk[..read]),
            Err(error)
                if matches!(
                    error.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(error) if answer.is_empty() => {
                return match error.kind() {
                    std::io::ErrorKind::ConnectionReset => Exchange::Closed,
                    _ => Exchange::Failed(format!("read: {error}")),
                };
            }
            Err(_) => break,
        }
    }
    if answer.is_empty() {
        return Exchange::Closed;
    }
    match parse(&answer) {
        Ok(mut response) => {
            response.elapsed = started.elapsed();
            Exchange::Answered(response)
        }
        Err(error) => Exchange::Failed(error),
    }
}

fn parse(answer: &[u8]) -> Result<Response, String> {
    let split = answer
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .ok_or_else(|| "an answer without the end of its headers".to_string())?;
    let head = String::from_utf8_lossy(&answer[..split]);
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("bad status line `{status_line}`"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_lowercase(), value.trim().to_string()))
        .collect();
    let raw_body = &answer[split + 4..];
    let chunked = headers
        .iter()
        .any(|(name, value)| name == "transfer-encoding" && value.contains("chunked"));
    let body = if chunked {
        dechunk(raw_body)?
    } else {
        raw_body.to_vec()
    };
    Ok(Response {
        status,
        headers,
        body,
        elapsed: Duration::ZERO,
    })
}

fn dechunk(mut raw: &[u8]) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    loop {
        let line_end = raw
            .windows(2)
            .position(|window| window == b"\r\n")
            .ok_or_else(|| "a chunk without a size line".to_string())?;
        let size_text = String::from_utf8_lossy(&raw[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| format!("bad chunk size `{size_text}`"))?;
        raw = &raw[line_end + 2..];
        if size == 0 {
            return Ok(body);
        }
        if raw.len() < size + 2 {
            return Err("a truncated chunk".to_string());
        }
        body.extend_from_slice(&raw[..size]);
        raw = &raw[size + 2..];
    }
}
