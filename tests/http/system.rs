//! Health, metrics, the OpenAPI document and the security headers.

use crate::support::{get, get_ok, oneshot};

#[test]
fn healthz_reports_the_served_generation_and_its_size() {
    let health = get_ok("/healthz");
    assert_eq!(health["status"], "ok");
    assert_eq!(health["generation"], "gen-000001");
    assert_eq!(health["documents"], 5);
    assert!(
        health["passages"]
            .as_u64()
            .is_some_and(|passages| passages > 5)
    );
}

#[test]
fn metrics_count_requests_by_route_and_status() {
    get_ok("/api/v1/search?q=budget");
    let _ = get("/api/v1/search?per_page=0");
    let metrics = get("/metrics");
    assert_eq!(metrics.status, 200);
    assert!(
        metrics
            .body
            .contains(r#"http_requests_total{route="/api/v1/search",status="200"}"#),
        "{}",
        metrics.body
    );
    assert!(
        metrics
            .body
            .contains(r#"http_requests_total{route="/api/v1/search",status="400"}"#)
    );
    assert!(
        metrics
            .body
            .contains("http_request_duration_seconds_bucket")
    );
}

#[test]
fn openapi_lists_every_route_and_the_search_parameters() {
    let document = get_ok("/api/v1/openapi.json");
    let paths = document["paths"].as_object().expect("paths");
    for path in [
        "/api/v1/search",
        "/api/v1/facets",
        "/api/v1/documents/{id}",
        "/api/v1/documents/{id}/passages/{n}",
        "/healthz",
        "/metrics",
    ] {
        assert!(
            paths.contains_key(path),
            "{path} missing from {:?}",
            paths.keys().collect::<Vec<_>>()
        );
    }
    let parameters: Vec<&str> = document["paths"]["/api/v1/search"]["get"]["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .filter_map(|parameter| parameter["name"].as_str())
        .collect();
    for name in [
        "q",
        "force",
        "type",
        "theme",
        "year_from",
        "year_to",
        "date_from",
        "date_to",
        "sort",
        "page",
        "per_page",
        "passages",
    ] {
        assert!(
            parameters.contains(&name),
            "{name} missing from {parameters:?}"
        );
    }
    assert!(document["components"]["schemas"]["SearchResponse"].is_object());
    // Every schema a route refers to is in the document (schemathesis found `Health` missing).
    assert!(document["components"]["schemas"]["Health"].is_object());
}

#[test]
fn responses_carry_security_headers() {
    let reply = get("/api/v1/search?q=police");
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(reply.header("referrer-policy"), Some("no-referrer"));
    assert!(
        reply
            .header("content-security-policy")
            .is_some_and(|policy| policy.contains("default-src 'self'"))
    );
    assert_eq!(
        reply.header("access-control-allow-origin"),
        None,
        "CORS is off"
    );
}

#[test]
fn responses_are_compressed_when_the_client_accepts_gzip() {
    let reply = oneshot(
        "GET",
        "/api/v1/search?q=police",
        &[("accept-encoding", "gzip")],
    );
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-encoding"), Some("gzip"));
}
