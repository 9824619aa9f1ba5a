//! The HTTP cases of `/api/v1/suggest`: prefixes too long or holding control characters, bad and
//! repeated limits, unknown parameters, and the search's pathological queries as prefixes (none
//! may give a 5xx). The search's own cases also check `did_you_mean`, which every search with
//! words computes.

use crate::client::get_request;
use crate::http_cases::{HttpCase, queries};
use crate::verdict::Expect;

const INVALID: Expect = Expect::Error(400, "invalid_parameter");

fn get(name: String, target: String, expect: Expect) -> HttpCase {
    HttpCase {
        name,
        request: get_request(target.as_bytes(), &[]),
        expect,
    }
}

/// Parameters of suggest and what each gets.
fn parameters() -> Vec<(&'static str, String, Expect)> {
    vec![
        (
            "prefix of 10,000 characters",
            format!("q={}", "a".repeat(10_000)),
            INVALID,
        ),
        (
            "prefix of 101 characters",
            format!("q={}", "a".repeat(101)),
            INVALID,
        ),
        (
            "prefix of 100 characters",
            format!("q={}", "a".repeat(100)),
            Expect::Success,
        ),
        (
            "prefix of 10,000 encoded accents",
            format!("q={}", "%C3%A9".repeat(10_000)),
            Expect::Error(414, "uri_too_long"),
        ),
        (
            "prefix of 2,000 combining accents",
            format!("q=a{}", "%CC%81".repeat(2_000)),
            INVALID,
        ),
        ("control characters", "q=%01%02%03".into(), INVALID),
        ("NUL", "q=vic%00".into(), INVALID),
        ("tab", "q=vic%09".into(), INVALID),
        ("new line", "q=vic%0A".into(), INVALID),
        ("DEL", "q=%7F".into(), INVALID),
        ("empty prefix", "q=".into(), Expect::Success),
        ("no prefix", "limit=5".into(), Expect::Success),
        ("punctuation only", "q=%21%3F%2A%22".into(), Expect::Success),
        ("emoji", "q=%F0%9F%91%AE".into(), Expect::Success),
        ("one letter", "q=p&limit=50".into(), Expect::Success),
        ("digits", "q=20".into(), Expect::Success),
        ("query syntax", "q=title%3Avic*".into(), Expect::Success),
        ("prefix twice", "q=a&q=b".into(), INVALID),
        ("limit 0", "q=a&limit=0".into(), INVALID),
        ("limit 51", "q=a&limit=51".into(), INVALID),
        ("negative limit", "q=a&limit=-1".into(), INVALID),
        (
            "limit past u64",
            "q=a&limit=99999999999999999999999".into(),
            INVALID,
        ),
        ("limit in words", "q=a&limit=ten".into(), INVALID),
        ("limit twice", "limit=1&limit=2".into(), INVALID),
        (
            "unknown parameter",
            "prefix=vic".into(),
            Expect::Error(400, "unknown_parameter"),
        ),
        (
            "invalid UTF-8",
            "q=%FF%FE".into(),
            Expect::Error(400, "invalid_encoding"),
        ),
        (
            "invalid UTF-8 in a key",
            "%FF=1".into(),
            Expect::Error(400, "invalid_encoding"),
        ),
    ]
}

/// Every suggest case.
pub fn cases() -> Vec<HttpCase> {
    let mut cases = Vec::new();
    for (name, query, _) in queries() {
        cases.push(get(
            format!("suggest q: {name}"),
            format!("/api/v1/suggest?q={query}"),
            Expect::NotServerError,
        ));
    }
    for (name, params, expect) in parameters() {
        cases.push(get(
            format!("suggest: {name}"),
            format!("/api/v1/suggest?{params}"),
            expect,
        ));
    }
    cases
}
