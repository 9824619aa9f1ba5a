//! The concordance's hostile cases: its own parameters out of range or of the wrong kind, forged
//! cursors, parameters of the search it does not take, and the search's bad queries and filters
//! through its route.

use crate::client::get_request;
use crate::http_cases::HttpCase;
use crate::verdict::Expect;

const INVALID: Expect = Expect::Error(400, "invalid_parameter");
const UNKNOWN_PARAMETER: Expect = Expect::Error(400, "unknown_parameter");

/// Every concordance case.
pub fn cases() -> Vec<HttpCase> {
    let forged_layout = "YzIKZ2VuCjEKMDAwMDAwMDAwMDAwMDAwMAox";
    let table: Vec<(&str, String, Expect)> = vec![
        ("no query", "".into(), INVALID),
        ("blank query", "q=%20%20".into(), INVALID),
        ("context 51", "q=budget&context=51".into(), INVALID),
        ("negative context", "q=budget&context=-1".into(), INVALID),
        (
            "context past u64",
            "q=budget&context=18446744073709551616".into(),
            INVALID,
        ),
        ("context in words", "q=budget&context=ten".into(), INVALID),
        ("limit 0", "q=budget&limit=0".into(), INVALID),
        ("limit 1001", "q=budget&limit=1001".into(), INVALID),
        ("unknown sort", "q=budget&sort=random".into(), INVALID),
        ("search's sort", "q=budget&sort=-date".into(), INVALID),
        ("unknown format", "q=budget&format=xlsx".into(), INVALID),
        (
            "repeated format",
            "q=budget&format=csv&format=json".into(),
            INVALID,
        ),
        (
            "cursor of garbage",
            "q=budget&cursor=%21%21%21".into(),
            INVALID,
        ),
        (
            "cursor not base64 text",
            "q=budget&cursor=__8".into(),
            INVALID,
        ),
        (
            "cursor of another layout",
            format!("q=budget&cursor={forged_layout}"),
            INVALID,
        ),
        (
            "cursor of another search and version",
            "q=budget&cursor=YzEKbm8tc3VjaC1nZW5lcmF0aW9uCjEKMDAwMDAwMDAwMDAwMDAwMAox".into(),
            INVALID,
        ),
        (
            "20,000-character cursor",
            format!("q=budget&cursor={}", "A".repeat(20_000)),
            Expect::Error(414, "uri_too_long"),
        ),
        ("NUL cursor", "q=budget&cursor=%00".into(), INVALID),
        (
            "cursor with csv",
            "q=budget&format=csv&cursor=x".into(),
            Expect::Success,
        ),
        ("search's page", "q=budget&page=2".into(), UNKNOWN_PARAMETER),
        (
            "search's per_page",
            "q=budget&per_page=5".into(),
            UNKNOWN_PARAMETER,
        ),
        (
            "unknown parameter",
            "q=budget&colour=red".into(),
            UNKNOWN_PARAMETER,
        ),
        (
            "unbalanced quote",
            "q=%22budget".into(),
            Expect::Error(400, "malformed_query"),
        ),
        (
            "unbalanced quote as csv",
            "q=%22budget&format=csv".into(),
            Expect::Error(400, "malformed_query"),
        ),
        (
            "one-letter prefix",
            "q=a*".into(),
            Expect::Error(400, "unsupported_query"),
        ),
        (
            "unknown force",
            "q=budget&force=gotham".into(),
            Expect::Error(400, "unknown_value"),
        ),
        (
            "years reversed",
            "q=budget&year_from=2018&year_to=2014".into(),
            INVALID,
        ),
        ("unknown scope", "q=budget&scope=sentence".into(), INVALID),
        (
            "invalid UTF-8",
            "q=%FF%FE".into(),
            Expect::Error(400, "invalid_encoding"),
        ),
        (
            "a common word, every mention",
            "q=the&limit=1000&context=50".into(),
            Expect::Success,
        ),
        (
            "a common word as csv",
            "q=the&format=csv&sort=left".into(),
            Expect::Success,
        ),
        (
            "only an exclusion",
            "q=-budget".into(),
            Expect::NotServerError,
        ),
    ];
    table
        .into_iter()
        .map(|(name, params, expect)| HttpCase {
            name: format!("concordance: {name}"),
            request: get_request(format!("/api/v1/concordance?{params}").as_bytes(), &[]),
            expect,
        })
        .collect()
}
