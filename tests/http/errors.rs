//! Every malformed or out-of-range request answers 4xx with the one JSON error shape.

use crate::support::{Reply, get, oneshot};

fn assert_error(reply: &Reply, status: u16, code: &str) {
    assert_eq!(reply.status, status, "{}", reply.body);
    let body = reply.json();
    assert_eq!(body["error"]["code"], code, "{}", reply.body);
    let message = body["error"]["message"].as_str().unwrap_or("");
    assert!(!message.is_empty());
    assert!(!message.contains("/tmp/"), "leaks a path: {message}");
}

#[test]
fn bad_parameters_are_400_with_a_code_and_a_message() {
    let cases = [
        ("/api/v1/search?year_from=20x4", "invalid_parameter"),
        (
            "/api/v1/search?year_from=2018&year_to=2014",
            "invalid_parameter",
        ),
        ("/api/v1/search?per_page=100000", "invalid_parameter"),
        ("/api/v1/search?per_page=0", "invalid_parameter"),
        ("/api/v1/search?page=-1", "invalid_parameter"),
        ("/api/v1/search?page=0", "invalid_parameter"),
        (
            "/api/v1/search?page=99999999999999999999999",
            "invalid_parameter",
        ),
        ("/api/v1/search?page=200&per_page=100", "invalid_parameter"),
        ("/api/v1/search?passages=500", "invalid_parameter"),
        ("/api/v1/search?sort=random", "invalid_parameter"),
        ("/api/v1/search?date_from=2014-13-40", "invalid_parameter"),
        ("/api/v1/search?force=gotham", "unknown_value"),
        ("/api/v1/search?type=memo", "unknown_value"),
        ("/api/v1/search?theme=astrology", "unknown_value"),
        ("/api/v1/search?colour=red", "unknown_parameter"),
        ("/api/v1/search?q=a&q=b", "invalid_parameter"),
        ("/api/v1/search?q=%22unbalanced", "malformed_query"),
        ("/api/v1/search?q=(budget", "malformed_query"),
        ("/api/v1/search?q=/ab.*/", "unsupported_query"),
        ("/api/v1/search?q=a*", "unsupported_query"),
        ("/api/v1/search?q=force:gotham", "unknown_value"),
        ("/api/v1/search?q=%FF%FE", "invalid_encoding"),
        ("/api/v1/search?q=%C0%AF", "invalid_encoding"),
        ("/api/v1/facets?per_page=100000", "invalid_parameter"),
    ];
    for (path, code) in cases {
        let reply = get(path);
        assert_error(&reply, 400, code);
    }
}

#[test]
fn a_ten_kilobyte_query_is_refused_with_the_limit() {
    let query = "budget ".repeat(1500);
    let reply = get(&format!(
        "/api/v1/search?q={}",
        query.trim().replace(' ', "+")
    ));
    assert_error(&reply, 400, "invalid_parameter");
    assert!(
        reply.json()["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("limit is 1000")
    );
}

#[test]
fn an_oversized_query_string_is_414() {
    let reply = get(&format!("/api/v1/search?q={}", "a".repeat(20_000)));
    assert_error(&reply, 414, "uri_too_long");
}

#[test]
fn deep_nesting_and_many_terms_are_refused() {
    let nested = format!("{}budget{}", "(".repeat(100), ")".repeat(100));
    assert_error(
        &get(&format!("/api/v1/search?q={nested}")),
        400,
        "unsupported_query",
    );
    let words: Vec<String> = (0..200).map(|number| format!("w{number}")).collect();
    assert_error(
        &get(&format!("/api/v1/search?q={}", words.join("+"))),
        400,
        "unsupported_query",
    );
}

#[test]
fn unknown_routes_wrong_methods_and_bad_ids_are_json_errors() {
    assert_error(&get("/api/v1/nothing"), 404, "not_found");
    assert_error(
        &oneshot("POST", "/api/v1/search", &[]),
        405,
        "method_not_allowed",
    );
    assert_error(
        &oneshot("DELETE", "/api/v1/documents/0123456789abcdef", &[]),
        405,
        "method_not_allowed",
    );
    assert_error(
        &get("/api/v1/documents/0123456789abcdef"),
        404,
        "document_not_found",
    );
    assert_error(
        &get("/api/v1/documents/..%2F..%2Fetc%2Fpasswd"),
        404,
        "document_not_found",
    );
    assert_error(
        &get("/api/v1/documents/0123456789abcdef/passages/x"),
        400,
        "invalid_parameter",
    );
}
