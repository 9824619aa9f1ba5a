//! The HTTP cases: pathological queries, bad paging, dates and facets, path traversal on every
//! route that takes an id, oversized and malformed requests, and wrong methods on every route.

use crate::client::{get_request, request};
use crate::verdict::Expect;

/// One HTTP case: a name, the raw request and what it must get.
pub struct HttpCase {
    /// What the case tries.
    pub name: String,
    /// The request bytes, sent as they are.
    pub request: Vec<u8>,
    /// The expectation.
    pub expect: Expect,
}

fn get(name: impl Into<String>, target: impl AsRef<[u8]>, expect: Expect) -> HttpCase {
    HttpCase {
        name: name.into(),
        request: get_request(target.as_ref(), &[]),
        expect,
    }
}

const MALFORMED: Expect = Expect::Error(400, "malformed_query");
const UNSUPPORTED: Expect = Expect::Error(400, "unsupported_query");
const INVALID: Expect = Expect::Error(400, "invalid_parameter");
const ENCODING: Expect = Expect::Error(400, "invalid_encoding");
const UNKNOWN_VALUE: Expect = Expect::Error(400, "unknown_value");
const UNKNOWN_PARAMETER: Expect = Expect::Error(400, "unknown_parameter");
const TOO_LARGE: Expect = Expect::Error(413, "payload_too_large");
const NOT_FOUND: Expect = Expect::Error(404, "document_not_found");

/// Queries (the value of `q`, already percent-encoded) and what each gets.
pub fn queries() -> Vec<(String, String, Expect)> {
    let nested = format!("{}budget{}", "%28".repeat(100), "%29".repeat(100));
    let many_terms = vec!["w"; 10_000].join("+");
    let five_hundred_terms = vec!["w"; 500].join("+");
    let long_fuzzy = format!("{}~2", "a".repeat(900));
    let combining = format!("a{}", "%CC%81".repeat(2_000));
    let table: Vec<(&str, String, Expect)> = vec![
        ("unbalanced quote", "%22budget".into(), MALFORMED),
        ("quote at the end", "budget%22".into(), MALFORMED),
        ("open bracket", "%28budget".into(), MALFORMED),
        ("close bracket", "budget%29".into(), MALFORMED),
        ("brackets only", "%28%28%28%28".into(), MALFORMED),
        ("square bracket", "%5B".into(), MALFORMED),
        ("open range", "year:%5B2014".into(), MALFORMED),
        ("range without end", "year:%5B2014+TO".into(), MALFORMED),
        ("range of words", "year:%5Ba+TO+b%5D".into(), UNSUPPORTED),
        ("huge year", "year:99999999999999999999".into(), UNSUPPORTED),
        ("100 nested groups", nested, UNSUPPORTED),
        (
            "10,000 terms",
            many_terms,
            Expect::Error(414, "uri_too_long"),
        ),
        // 500 copies of one word: every word counts toward the limit.
        ("500 terms", five_hundred_terms, UNSUPPORTED),
        ("star alone", "*".into(), Expect::NotServerError),
        ("one-letter prefix", "a*".into(), UNSUPPORTED),
        ("leading star", "*get".into(), Expect::NotServerError),
        ("double star", "**".into(), UNSUPPORTED),
        (
            "two-letter prefix over the vocabulary",
            "co*".into(),
            Expect::Success,
        ),
        (
            "question mark wildcard",
            "bud%3Fet".into(),
            Expect::NotServerError,
        ),
        (
            "fuzzy on a 900-letter term",
            long_fuzzy,
            Expect::NotServerError,
        ),
        (
            "fuzzy distance 100",
            "budget~100".into(),
            Expect::NotServerError,
        ),
        ("regex bomb", "/(a%2B)%2B$/".into(), UNSUPPORTED),
        ("regex of wildcards", "/.*.*.*.*=.*/".into(), UNSUPPORTED),
        ("broken regex", "/%5B/".into(), UNSUPPORTED),
        ("NUL", "budget%00".into(), UNSUPPORTED),
        ("escape character", "%1B%5B31m".into(), UNSUPPORTED),
        ("DEL", "bud%7Fget".into(), UNSUPPORTED),
        ("bell and backspace", "%07%08".into(), UNSUPPORTED),
        ("invalid UTF-8 byte", "%FF%FE".into(), ENCODING),
        ("overlong slash", "%C0%AF".into(), ENCODING),
        ("three-byte overlong slash", "%E0%80%AF".into(), ENCODING),
        ("UTF-16 surrogate", "%ED%A0%80".into(), ENCODING),
        ("five-byte sequence", "%F8%88%80%80%80".into(), ENCODING),
        ("truncated sequence", "%E2%82".into(), ENCODING),
        ("dangling percent", "budget%".into(), Expect::NotServerError),
        (
            "bad percent digits",
            "%ZZbudget".into(),
            Expect::NotServerError,
        ),
        ("2,000 combining accents", combining, INVALID),
        (
            "unknown field",
            "nosuchfield:budget".into(),
            Expect::NotServerError,
        ),
        (
            "unknown force in the query",
            "force:gotham".into(),
            UNKNOWN_VALUE,
        ),
        (
            "unknown type in the query",
            "type:memo".into(),
            UNKNOWN_VALUE,
        ),
        (
            "unknown theme in the query",
            "theme:astrology".into(),
            UNKNOWN_VALUE,
        ),
        ("empty field", "title:".into(), Expect::NotServerError),
        ("colon alone", "%3A".into(), Expect::NotServerError),
        ("minus alone", "-".into(), Expect::NotServerError),
        ("exclusion only", "-budget".into(), Expect::NotServerError),
        (
            "operators only",
            "AND+OR+NOT".into(),
            Expect::NotServerError,
        ),
        ("caret alone", "%5E".into(), MALFORMED),
        ("boost 1e308", "budget%5E1e308".into(), MALFORMED),
        ("negative boost", "budget%5E-1".into(), MALFORMED),
        (
            "huge slop",
            "%22budget+precept%22~99999999999".into(),
            Expect::NotServerError,
        ),
        ("1,001 characters", "b".repeat(1_001), INVALID),
        (
            "right-to-left and emoji",
            "%E2%80%AE%F0%9F%92%A3budget".into(),
            Expect::NotServerError,
        ),
        (
            "script tag",
            "%3Cscript%3Ealert(1)%3C/script%3E".into(),
            Expect::NotServerError,
        ),
    ];
    table
        .into_iter()
        .map(|(name, query, expect)| (name.to_string(), query, expect))
        .collect()
}

/// Parameters other than `q` and what each gets.
fn parameters() -> Vec<(&'static str, &'static str, Expect)> {
    vec![
        ("page 0", "page=0", INVALID),
        ("negative page", "page=-1", INVALID),
        ("page in scientific notation", "page=1e3", INVALID),
        ("page past u64", "page=18446744073709551616", INVALID),
        (
            "page past the 10,000 window",
            "page=101&per_page=100",
            INVALID,
        ),
        ("per_page 101", "per_page=101", INVALID),
        ("per_page 0", "per_page=0", INVALID),
        ("passages 21", "passages=21", INVALID),
        ("negative passages", "passages=-1", INVALID),
        ("blank page", "page=%20%20", Expect::Success),
        ("year 0", "year_from=0", Expect::NotServerError),
        ("negative year", "year_from=-2014", INVALID),
        ("year 99999", "year_from=99999", INVALID),
        ("fractional year", "year_from=2014.5", INVALID),
        ("years reversed", "year_from=2018&year_to=2014", INVALID),
        // Day numbers are checked against 31, not the month (reported).
        (
            "30 February",
            "date_from=2014-02-30",
            Expect::NotServerError,
        ),
        ("month 0", "date_from=2014-00-01", INVALID),
        ("seven-digit year", "date_from=9999999-01-01", INVALID),
        ("month 13", "date_to=2014-13", INVALID),
        ("dates reversed", "date_from=2020&date_to=2010", INVALID),
        ("NUL date", "date_from=%00", INVALID),
        ("unknown force", "force=gotham", UNKNOWN_VALUE),
        (
            "traversal as a force",
            "force=..%2F..%2Fetc%2Fpasswd",
            UNKNOWN_VALUE,
        ),
        (
            "traversal as a theme",
            "theme=%2Fvictims%2F..%2F..",
            UNKNOWN_VALUE,
        ),
        ("unknown type", "type=memo", UNKNOWN_VALUE),
        ("unknown sort", "sort=random", INVALID),
        ("unknown parameter", "colour=red", UNKNOWN_PARAMETER),
        ("bracketed parameter", "q%5B%5D=budget", UNKNOWN_PARAMETER),
        ("upper-case parameter", "Q=budget", UNKNOWN_PARAMETER),
        ("repeated q", "q=a&q=b", INVALID),
        ("bare key", "q", Expect::Success),
        ("ampersands only", "&&&&", Expect::Success),
        ("empty key", "=budget", UNKNOWN_PARAMETER),
        (
            "200 forces",
            "force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset&force=dorset",
            Expect::Success,
        ),
    ]
}

/// Ids that try to climb out of the index, or are merely absurd, and whether they decode to
/// UTF-8 (an id that does is looked up and not found; one that does not is refused first).
fn hostile_ids() -> Vec<(&'static str, String, bool)> {
    vec![
        ("dot-dot-slash", "..%2F..%2F..%2Fetc%2Fpasswd".into(), true),
        (
            "encoded dots",
            "%2e%2e%2f%2e%2e%2fetc%2fpasswd".into(),
            true,
        ),
        (
            "double-encoded",
            "%252e%252e%252fetc%252fpasswd".into(),
            true,
        ),
        ("backslashes", "..%5C..%5Cwindows%5Cwin.ini".into(), true),
        ("overlong dots", "%C0%AE%C0%AE%C0%AF".into(), false),
        ("NUL", "0123456789abcdef%00".into(), true),
        ("invalid UTF-8", "%FF%FE".into(), false),
        ("not hex", "0123456789abcdeg".into(), true),
        ("4,000 characters", "a".repeat(4_000), true),
        ("script", "%3Cscript%3Ealert(1)%3C%2Fscript%3E".into(), true),
    ]
}

/// Every case, given the id of a real document.
pub fn cases(real_id: &str) -> Vec<HttpCase> {
    let mut cases = Vec::new();
    for (name, query, expect) in queries() {
        cases.push(get(
            format!("search q: {name}"),
            format!("/api/v1/search?q={query}"),
            expect,
        ));
    }
    for (name, query, expect) in queries().into_iter().step_by(4) {
        cases.push(get(
            format!("facets q: {name}"),
            format!("/api/v1/facets?q={query}"),
            expect,
        ));
        // The text route parses `q` as the search does, to mark the query's words.
        cases.push(get(
            format!("document text q: {name}"),
            format!("/api/v1/documents/{real_id}/text?q={query}"),
            expect,
        ));
    }
    for (name, params, expect) in parameters() {
        cases.push(get(
            format!("search: {name}"),
            format!("/api/v1/search?{params}"),
            expect,
        ));
    }
    cases.push(get(
        "facets: page past u64",
        "/api/v1/facets?page=18446744073709551616",
        INVALID,
    ));
    cases.push(get(
        "document text: unknown parameter",
        format!("/api/v1/documents/{real_id}/text?colour=red"),
        UNKNOWN_PARAMETER,
    ));
    cases.push(get(
        "document text: repeated q",
        format!("/api/v1/documents/{real_id}/text?q=a&q=b"),
        INVALID,
    ));
    cases.extend(crate::export_cases::cases());
    cases.extend(crate::trends_cases::cases());
    cases.extend(crate::concordance_cases::cases());
    cases.extend(crate::vocabulary_cases::cases());
    cases.extend(crate::suggest_cases::cases());
    cases.extend(traversal(real_id));
    cases.extend(oversized_and_malformed());
    cases.extend(wrong_methods(real_id));
    cases
}

fn traversal(real_id: &str) -> Vec<HttpCase> {
    let mut cases = Vec::new();
    for (name, id, utf8) in hostile_ids() {
        let (missing, number) = if utf8 {
            (NOT_FOUND, INVALID)
        } else {
            (ENCODING, ENCODING)
        };
        cases.push(get(
            format!("document id: {name}"),
            format!("/api/v1/documents/{id}"),
            missing,
        ));
        cases.push(get(
            format!("passage id: {name}"),
            format!("/api/v1/documents/{id}/passages/0"),
            missing,
        ));
        cases.push(get(
            format!("text id: {name}"),
            format!("/api/v1/documents/{id}/text"),
            missing,
        ));
        cases.push(get(
            format!("passage number: {name}"),
            format!("/api/v1/documents/{real_id}/passages/{id}"),
            number,
        ));
        // The page is the same static shell for any id; it reads no file.
        cases.push(get(
            format!("document page: {name}"),
            format!("/documents/{id}"),
            Expect::NotServerError,
        ));
        cases.push(get(
            format!("asset: {name}"),
            format!("/assets/{id}"),
            Expect::Error(404, "not_found"),
        ));
    }
    for (name, target) in [
        (
            "raw dot-dot on documents",
            "/api/v1/documents/../../../../etc/passwd",
        ),
        ("raw dot-dot on assets", "/assets/../../../../etc/passwd"),
        ("raw dot-dot to the manifest", "/assets/../Cargo.toml"),
        (
            "encoded dot-dot on assets",
            "/assets/%2e%2e/%2e%2e/Cargo.toml",
        ),
        ("double slash", "//etc/passwd"),
        (
            "absolute-form target",
            "http://169.254.169.254/latest/meta-data/",
        ),
    ] {
        cases.push(get(name, target, Expect::Error(404, "not_found")));
    }
    for (name, number, expect) in [
        ("passage -1", "-1", INVALID),
        ("passage past u64", "18446744073709551616", INVALID),
        (
            "passage 99999",
            "99999",
            Expect::Error(404, "passage_not_found"),
        ),
        ("passage 1e3", "1e3", INVALID),
    ] {
        cases.push(get(
            name,
            format!("/api/v1/documents/{real_id}/passages/{number}"),
            expect,
        ));
    }
    cases.push(get(
        "unknown document",
        "/api/v1/documents/0123456789abcdef",
        NOT_FOUND,
    ));
    cases
}

fn oversized_and_malformed() -> Vec<HttpCase> {
    let big = "x".repeat(64 * 1024);
    let huge = "x".repeat(1024 * 1024);
    let many_headers: Vec<(String, String)> = (0..2_000)
        .map(|number| (format!("x-h{number}"), "v".to_string()))
        .collect();
    let many_headers: Vec<(&str, &str)> = many_headers
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    let megabyte = vec![b'a'; 1024 * 1024];
    let raw = |name: &str, bytes: &[u8], expect| HttpCase {
        name: name.to_string(),
        request: bytes.to_vec(),
        expect,
    };
    vec![
        HttpCase {
            name: "64 KB header".into(),
            request: get_request(b"/api/v1/search?q=budget", &[("x-big", &big)]),
            expect: Expect::NotServerError,
        },
        HttpCase {
            name: "1 MB header".into(),
            request: get_request(b"/api/v1/search?q=budget", &[("x-big", &huge)]),
            expect: Expect::Rejected,
        },
        HttpCase {
            name: "2,000 headers".into(),
            request: get_request(b"/healthz", &many_headers),
            expect: Expect::Rejected,
        },
        HttpCase {
            name: "1 MB body on GET search".into(),
            request: request(b"GET", b"/api/v1/search?q=budget", &[], &megabyte),
            expect: TOO_LARGE,
        },
        HttpCase {
            name: "1 MB body on POST search".into(),
            request: request(b"POST", b"/api/v1/search", &[], &megabyte),
            expect: TOO_LARGE,
        },
        HttpCase {
            name: "10 GB announced body".into(),
            request: get_request(
                b"/api/v1/search?q=budget",
                &[("content-length", "10737418240")],
            ),
            expect: TOO_LARGE,
        },
        HttpCase {
            name: "negative content length".into(),
            request: get_request(b"/healthz", &[("content-length", "-1")]),
            expect: Expect::Rejected,
        },
        HttpCase {
            // RFC 9112 lets a server read the chunked framing and ignore the length, as hyper does.
            name: "content length and chunked (smuggling)".into(),
            request: get_request(
                b"/healthz",
                &[("content-length", "4"), ("transfer-encoding", "chunked")],
            ),
            expect: Expect::NotServerError,
        },
        HttpCase {
            name: "20 KB query string".into(),
            request: get_request(
                format!("/api/v1/search?q={}", "a".repeat(20_000)).as_bytes(),
                &[],
            ),
            expect: Expect::Error(414, "uri_too_long"),
        },
        HttpCase {
            name: "100 KB path".into(),
            request: get_request(format!("/{}", "a".repeat(100_000)).as_bytes(), &[]),
            expect: Expect::Rejected,
        },
        raw(
            "raw invalid UTF-8 in the target",
            b"GET /api/v1/search?q=\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            Expect::Rejected,
        ),
        raw(
            "raw control characters in the target",
            b"GET /api/v1/search?q=\x01\x02 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            Expect::Rejected,
        ),
        raw(
            "binary garbage",
            b"\x00\x01\x02\x03\xff\r\n\r\n",
            Expect::Rejected,
        ),
        raw(
            "HTTP/0.9 request",
            b"GET /healthz\r\n\r\n",
            Expect::Rejected,
        ),
        raw(
            "HTTP/2 preface on HTTP/1",
            b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
            Expect::Rejected,
        ),
        raw(
            "unknown HTTP version",
            b"GET /healthz HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n",
            Expect::Rejected,
        ),
        raw(
            "header without colon",
            b"GET /healthz HTTP/1.1\r\nHost: x\r\nbroken header\r\nConnection: close\r\n\r\n",
            Expect::Rejected,
        ),
        raw(
            "HTTP/1.0 without Host",
            b"GET /healthz HTTP/1.0\r\n\r\n",
            Expect::Success,
        ),
        raw(
            "asterisk target",
            b"OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            Expect::NotServerError,
        ),
    ]
}

fn wrong_methods(real_id: &str) -> Vec<HttpCase> {
    let routes = [
        "/api/v1/search".to_string(),
        "/api/v1/facets".to_string(),
        "/api/v1/export".to_string(),
        "/api/v1/trends".to_string(),
        "/api/v1/concordance".to_string(),
        "/api/v1/vocabulary".to_string(),
        format!("/api/v1/documents/{real_id}"),
        format!("/api/v1/documents/{real_id}/passages/0"),
        format!("/api/v1/documents/{real_id}/text"),
        "/api/v1/openapi.json".to_string(),
        "/healthz".to_string(),
        "/metrics".to_string(),
        "/".to_string(),
        format!("/documents/{real_id}"),
        "/assets/app.js".to_string(),
        "/assets/query.js".to_string(),
        "/assets/export.js".to_string(),
        "/assets/concordance.js".to_string(),
        "/concordance".to_string(),
        "/assets/app.css".to_string(),
    ];
    let mut cases = Vec::new();
    for route in &routes {
        for method in ["POST", "PUT", "DELETE", "PATCH"] {
            cases.push(HttpCase {
                name: format!("{method} {route}"),
                request: request(method.as_bytes(), route.as_bytes(), &[], b"{}"),
                expect: Expect::Error(405, "method_not_allowed"),
            });
        }
    }
    for method in ["OPTIONS", "TRACE", "FOO"] {
        cases.push(HttpCase {
            name: format!("{method} /api/v1/search"),
            request: request(method.as_bytes(), b"/api/v1/search", &[], b""),
            expect: Expect::Error(405, "method_not_allowed"),
        });
    }
    cases
}
