//! The security cases: no route writes to the index folder, the default address is loopback,
//! CORS is off even for a foreign `Origin`, every kind of response carries the security headers,
//! and document text that carries markup reaches HTML only escaped.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

use oversight_test_support::oversight_command;
use serde_json::Value;

use crate::client::{Exchange, Response, exchange, get_request, request};
use crate::server::Server;
use crate::verdict::security_headers;

/// Every file under a folder with its size and modification time.
pub type Snapshot = BTreeMap<String, (u64, Option<SystemTime>)>;

/// Lists `folder` recursively.
pub fn snapshot(folder: &Path) -> Snapshot {
    let mut files = BTreeMap::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(current) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                pending.push(path.clone());
            }
            let name = path
                .strip_prefix(folder)
                .unwrap_or(&path)
                .to_string_lossy()
                .into_owned();
            files.insert(name, (meta.len(), meta.modified().ok()));
        }
    }
    files
}

/// Compares two snapshots of the index folder.
pub fn unchanged(before: &Snapshot, after: &Snapshot) -> Result<(), String> {
    if before == after {
        return Ok(());
    }
    let changed: Vec<&String> = before
        .keys()
        .chain(after.keys())
        .filter(|name| before.get(*name) != after.get(*name))
        .collect();
    Err(format!("the index folder changed: {changed:?}"))
}

fn answered(server: &Server, bytes: &[u8]) -> Result<Response, String> {
    match exchange(server.address, bytes) {
        Exchange::Answered(response) => Ok(response),
        other => Err(format!("{other:?}")),
    }
}

/// Checks the headers of one kind of response, and that it has the content type it should.
fn headers_of(
    server: &Server,
    target: &str,
    status: u16,
    kind: &str,
    extra: &[(&str, &str)],
) -> Result<(), String> {
    let response = answered(server, &get_request(target.as_bytes(), extra))?;
    if response.status != status {
        return Err(format!(
            "{target}: expected {status}, got {}",
            response.status
        ));
    }
    let found = response.header("content-type").unwrap_or("");
    if !found.starts_with(kind) {
        return Err(format!("{target}: content type {found}, expected {kind}"));
    }
    security_headers(&response)
}

/// Only `<mark>` and `</mark>` may appear as tags in HTML made from document text.
fn only_marks(html: &str) -> Result<(), String> {
    let stripped = html.replace("<mark>", "").replace("</mark>", "");
    if stripped.contains('<') || stripped.contains('>') {
        return Err(format!("unescaped markup in {html:?}"));
    }
    Ok(())
}

fn escaping(server: &Server) -> Result<(), String> {
    let response = answered(
        server,
        &get_request(b"/api/v1/search?q=zqattack&passages=20", &[]),
    )?;
    let body: Value = serde_json::from_slice(&response.body).map_err(|error| error.to_string())?;
    let hits = body["hits"].as_array().cloned().unwrap_or_default();
    if hits.len() != 2 {
        return Err(format!(
            "expected the 2 attack documents, found {}",
            hits.len()
        ));
    }
    for hit in &hits {
        for passage in hit["passages"].as_array().cloned().unwrap_or_default() {
            only_marks(passage["snippet"].as_str().unwrap_or(""))?;
        }
        let id = hit["doc_id"].as_str().unwrap_or("");
        let target = format!("/api/v1/documents/{id}/text?q=zqattack");
        let text = answered(server, &get_request(target.as_bytes(), &[]))?;
        let view: Value = serde_json::from_slice(&text.body).map_err(|error| error.to_string())?;
        let passages = view["passages"].as_array().cloned().unwrap_or_default();
        if passages.is_empty() {
            return Err(format!("{target}: no passages"));
        }
        let mut marked = false;
        for passage in passages {
            let html = passage["html"].as_str().unwrap_or("");
            only_marks(html)?;
            marked |= html.contains("&lt;");
        }
        if !marked {
            return Err(format!(
                "{target}: the markup of the text is not there, escaped"
            ));
        }
    }
    Ok(())
}

fn cors(server: &Server, real_id: &str) -> Result<(), String> {
    let origin = [("origin", "https://evil.example")];
    for target in [
        "/api/v1/search?q=budget".to_string(),
        "/api/v1/facets".to_string(),
        format!("/api/v1/documents/{real_id}"),
        "/healthz".to_string(),
        "/api/v1/nothing".to_string(),
    ] {
        let response = answered(server, &get_request(target.as_bytes(), &origin))?;
        if response.header("access-control-allow-origin").is_some() {
            return Err(format!("{target} grants CORS"));
        }
    }
    let preflight = request(
        b"OPTIONS",
        b"/api/v1/search",
        &[
            ("origin", "https://evil.example"),
            ("access-control-request-method", "GET"),
        ],
        b"",
    );
    let response = answered(server, &preflight)?;
    if response.header("access-control-allow-origin").is_some()
        || response.header("access-control-allow-methods").is_some()
    {
        return Err("a CORS preflight is granted".into());
    }
    Ok(())
}

fn loopback_default() -> Result<(), String> {
    let output = oversight_command()
        .args(["serve", "--help"])
        .output()
        .map_err(|error| error.to_string())?;
    let help = String::from_utf8_lossy(&output.stdout);
    let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
    if help.contains("[default: 127.0.0.1:") {
        Ok(())
    } else {
        Err(format!(
            "serve --help does not default to loopback:\n{help}"
        ))
    }
}

/// Every security case; returns (name, outcome) pairs.
pub fn run(server: &Server, real_id: &str) -> Vec<(String, Result<(), String>)> {
    let page = format!("/documents/{real_id}");
    let document = format!("/api/v1/documents/{real_id}");
    let gzip = [("accept-encoding", "gzip")];
    vec![
        (
            "security: serve binds loopback by default".into(),
            loopback_default(),
        ),
        ("security: CORS is off".into(), cors(server, real_id)),
        (
            "security: markup in documents is escaped".into(),
            escaping(server),
        ),
        (
            "headers: JSON 200".into(),
            headers_of(
                server,
                "/api/v1/search?q=budget",
                200,
                "application/json",
                &[],
            ),
        ),
        (
            "headers: gzip JSON".into(),
            headers_of(
                server,
                "/api/v1/search?q=budget",
                200,
                "application/json",
                &gzip,
            ),
        ),
        (
            "headers: document JSON".into(),
            headers_of(server, &document, 200, "application/json", &[]),
        ),
        (
            "headers: 400 error".into(),
            headers_of(server, "/api/v1/search?q=%22", 400, "application/json", &[]),
        ),
        (
            "headers: 404 error".into(),
            headers_of(server, "/nothing", 404, "application/json", &[]),
        ),
        (
            "headers: 414 error".into(),
            headers_of(
                server,
                &format!("/api/v1/search?q={}", "a".repeat(17_000)),
                414,
                "application/json",
                &[],
            ),
        ),
        (
            "headers: search page".into(),
            headers_of(server, "/", 200, "text/html", &[]),
        ),
        (
            "headers: document page".into(),
            headers_of(server, &page, 200, "text/html", &[]),
        ),
        (
            "headers: script".into(),
            headers_of(server, "/assets/app.js", 200, "text/javascript", &[]),
        ),
        (
            "headers: query script".into(),
            headers_of(server, "/assets/query.js", 200, "text/javascript", &[]),
        ),
        (
            "headers: style sheet".into(),
            headers_of(server, "/assets/app.css", 200, "text/css", &[]),
        ),
        (
            "headers: metrics".into(),
            headers_of(server, "/metrics", 200, "text/plain", &[]),
        ),
        (
            "headers: OpenAPI".into(),
            headers_of(server, "/api/v1/openapi.json", 200, "application/json", &[]),
        ),
        (
            "headers: health".into(),
            headers_of(server, "/healthz", 200, "application/json", &[]),
        ),
    ]
}
