//! The HTTP cases of `/api/v1/trends`: the pathological queries of the search as one of its
//! queries, too many queries, unknown buckets and formats, the search's order and paging (which
//! trends do not take), repeated and bad filters.

use crate::client::get_request;
use crate::http_cases::{HttpCase, queries};
use crate::verdict::Expect;

const INVALID: Expect = Expect::Error(400, "invalid_parameter");
const UNKNOWN_PARAMETER: Expect = Expect::Error(400, "unknown_parameter");

fn get(name: String, target: String, expect: Expect) -> HttpCase {
    HttpCase {
        name,
        request: get_request(target.as_bytes(), &[]),
        expect,
    }
}

/// Parameters of trends and what each gets.
fn parameters() -> Vec<(&'static str, String, Expect)> {
    let six: String = (0..6).map(|n| format!("q=word{n}&")).collect();
    let sixty_words = vec!["budget"; 60].join("+");
    let five_long: String = (0..5).map(|_| format!("q={sixty_words}&")).collect();
    vec![
        ("six queries", six, INVALID),
        ("five queries of sixty words", five_long, Expect::Success),
        ("1000 queries", "q=a&".repeat(1000), INVALID),
        ("unknown bucket", "by=month".into(), INVALID),
        (
            "buckets the other way round",
            "by=force,year".into(),
            INVALID,
        ),
        ("empty bucket", "by=".into(), Expect::Success),
        ("bucket twice", "by=year&by=force".into(), INVALID),
        (
            "bucket of 10,000 bytes",
            format!("by={}", "y".repeat(10_000)),
            INVALID,
        ),
        ("unknown format", "format=xml".into(), INVALID),
        ("format twice", "format=csv&format=csv".into(), INVALID),
        (
            "csv",
            "q=budget&format=csv&by=year%2Cforce".into(),
            Expect::Success,
        ),
        ("search order", "sort=date".into(), UNKNOWN_PARAMETER),
        ("search paging", "page=2".into(), UNKNOWN_PARAMETER),
        ("search passages", "passages=3".into(), UNKNOWN_PARAMETER),
        ("unknown parameter", "colour=red".into(), UNKNOWN_PARAMETER),
        ("unknown scope", "scope=sentence".into(), INVALID),
        (
            "unknown force",
            "force=atlantis".into(),
            Expect::Error(400, "unknown_value"),
        ),
        ("year past the range", "year_from=99999".into(), INVALID),
        (
            "years the wrong way round",
            "year_from=2018&year_to=2014".into(),
            INVALID,
        ),
        (
            "year twice",
            "year_from=2014&year_from=2015".into(),
            INVALID,
        ),
        ("bad date", "date_to=2014-13-01".into(), INVALID),
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

/// Every trends case.
pub fn cases() -> Vec<HttpCase> {
    let mut cases = Vec::new();
    for (name, query, expect) in queries().into_iter().step_by(3) {
        cases.push(get(
            format!("trends q: {name}"),
            format!("/api/v1/trends?q=budget&q={query}"),
            expect,
        ));
    }
    for (name, params, expect) in parameters() {
        cases.push(get(
            format!("trends: {name}"),
            format!("/api/v1/trends?{params}"),
            expect,
        ));
    }
    cases
}
