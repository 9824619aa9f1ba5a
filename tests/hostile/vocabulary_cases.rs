//! The HTTP cases of `/api/v1/vocabulary`, which takes no parameters: any parameter, empty,
//! repeated, long or badly encoded, is refused with a JSON error.

use crate::client::get_request;
use crate::http_cases::HttpCase;
use crate::verdict::Expect;

const UNKNOWN_PARAMETER: Expect = Expect::Error(400, "unknown_parameter");

/// Every vocabulary case.
pub fn cases() -> Vec<HttpCase> {
    let long_key = "k".repeat(10_000);
    let parameters: Vec<(&str, String, Expect)> = vec![
        ("no parameters", String::new(), Expect::Success),
        ("a lone ampersand", "&".into(), Expect::Success),
        ("unknown parameter", "colour=red".into(), UNKNOWN_PARAMETER),
        ("a search's query", "q=victims".into(), UNKNOWN_PARAMETER),
        ("a filter", "force=dorset".into(), UNKNOWN_PARAMETER),
        ("a key without a value", "q".into(), UNKNOWN_PARAMETER),
        ("an empty key", "=1".into(), UNKNOWN_PARAMETER),
        (
            "a key of 10,000 bytes",
            format!("{long_key}=1"),
            UNKNOWN_PARAMETER,
        ),
        (
            "invalid UTF-8 in a key",
            "%FF=1".into(),
            Expect::Error(400, "invalid_encoding"),
        ),
    ];
    parameters
        .into_iter()
        .map(|(name, params, expect)| HttpCase {
            name: format!("vocabulary: {name}"),
            request: get_request(format!("/api/v1/vocabulary?{params}").as_bytes(), &[]),
            expect,
        })
        .collect()
}
