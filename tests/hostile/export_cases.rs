//! The export route's hostile cases: unknown formats and levels, paging and ordering (which an
//! export does not take), repeated and malformed export parameters, and the search's own bad
//! queries and filters, each a JSON 4xx before any row is written; hostile but valid queries are
//! streamed, never a 5xx.

use crate::client::get_request;
use crate::http_cases::HttpCase;
use crate::verdict::Expect;

const INVALID: Expect = Expect::Error(400, "invalid_parameter");

/// Every export case.
pub fn cases() -> Vec<HttpCase> {
    let table: Vec<(&str, String, Expect)> = vec![
        ("unknown format", "format=xlsx".into(), INVALID),
        ("format in capitals", "format=CSV".into(), INVALID),
        ("format with a NUL", "format=csv%00".into(), INVALID),
        ("unknown level", "level=sentence".into(), INVALID),
        (
            "4,000-character level",
            format!("level={}", "a".repeat(4_000)),
            INVALID,
        ),
        ("bom not a boolean", "bom=1".into(), INVALID),
        ("format twice", "format=csv&format=ndjson".into(), INVALID),
        ("level twice", "level=passage&level=passage".into(), INVALID),
        ("bom twice", "bom=true&bom=true".into(), INVALID),
        ("a page", "page=2".into(), INVALID),
        ("a page size", "per_page=100000".into(), INVALID),
        ("passages per hit", "passages=20".into(), INVALID),
        ("an order", "sort=-date".into(), INVALID),
        (
            "unknown parameter",
            "colour=red".into(),
            Expect::Error(400, "unknown_parameter"),
        ),
        (
            "unknown force",
            "force=atlantis".into(),
            Expect::Error(400, "unknown_value"),
        ),
        ("unknown scope", "scope=sentence".into(), INVALID),
        ("year out of range", "year_from=99999".into(), INVALID),
        (
            "unbalanced quote",
            "q=%22budget".into(),
            Expect::Error(400, "malformed_query"),
        ),
        (
            "100 nested groups",
            format!("q={}budget{}", "%28".repeat(100), "%29".repeat(100)),
            Expect::Error(400, "unsupported_query"),
        ),
        (
            "invalid UTF-8",
            "q=%FF%FE".into(),
            Expect::Error(400, "invalid_encoding"),
        ),
        (
            "a 20,000-byte query string",
            format!("q={}", "a".repeat(20_000)),
            Expect::Error(414, "uri_too_long"),
        ),
        (
            "everything as NDJSON",
            "format=ndjson".into(),
            Expect::Success,
        ),
        (
            "script in the query, with a BOM",
            "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E&bom=true".into(),
            Expect::NotServerError,
        ),
        (
            "line breaks and quotes in the query",
            "q=%22budget%0D%0A%22%2C%22&level=document".into(),
            Expect::NotServerError,
        ),
        ("star", "q=*&format=ndjson".into(), Expect::NotServerError),
    ];
    table
        .into_iter()
        .map(|(name, params, expect)| HttpCase {
            name: format!("export: {name}"),
            request: get_request(format!("/api/v1/export?{params}").as_bytes(), &[]),
            expect,
        })
        .collect()
}
