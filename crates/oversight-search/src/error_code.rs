//! The one table of error codes: every error the service answers carries one of these codes, with
//! its HTTP status and what it means. The query engine's errors and the HTTP layer's own (routes,
//! encodings, limits) both take their code from here, and the README lists exactly these codes.

use serde::Serialize;

/// Declares [`ErrorCode`] from one row per code: its variant, code, HTTP status and description.
macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident = ($code:literal, $status:literal, $description:literal),)*) => {
        /// A stable, machine-readable error code, as the JSON error body's `code` gives it.
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema,
        )]
        pub enum ErrorCode {
            $($(#[$doc])* #[serde(rename = $code)] $variant,)*
        }

        impl ErrorCode {
            /// Every code, in the table's order.
            pub const ALL: &[ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The code, as clients match on it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }

            /// The HTTP status the service answers with.
            pub fn status(self) -> u16 {
                match self {
                    $(ErrorCode::$variant => $status,)*
                }
            }

            /// What the code means, for people reading the API's description.
            pub fn description(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $description,)*
                }
            }
        }
    };
}

error_codes! {
    /// A parameter is out of range, malformed or repeated.
    InvalidParameter = ("invalid_parameter", 400, "a parameter is out of range, malformed or given twice"),
    /// A filter or `field:value` names a force, type or theme that does not exist.
    UnknownValue = ("unknown_value", 400, "a force, type or theme that does not exist"),
    /// The query string has a parameter the route does not take.
    UnknownParameter = ("unknown_parameter", 400, "a parameter the route does not take"),
    /// The query does not parse.
    MalformedQuery = ("malformed_query", 400, "the query does not parse; the message says where"),
    /// The query parses but asks for something not supported or over a limit.
    UnsupportedQuery = ("unsupported_query", 400, "the query asks for something not supported or over a limit"),
    /// The path or query string is not UTF-8 once percent-decoded.
    InvalidEncoding = ("invalid_encoding", 400, "the path or query string is not UTF-8 once percent-decoded"),
    /// No document has the id.
    DocumentNotFound = ("document_not_found", 404, "no document has this id"),
    /// The document has no passage with the ordinal.
    PassageNotFound = ("passage_not_found", 404, "the document has no passage with this ordinal"),
    /// Nothing answers at the path, or what it names is not served.
    NotFound = ("not_found", 404, "nothing is served at this path"),
    /// The route does not take the method.
    MethodNotAllowed = ("method_not_allowed", 405, "the route only answers GET"),
    /// The request took longer than the service allows.
    RequestTimeout = ("request_timeout", 408, "the request took longer than the service allows"),
    /// The request announces a body larger than the service reads.
    PayloadTooLarge = ("payload_too_large", 413, "the request announces a body larger than the service reads"),
    /// The query string is longer than the service reads.
    UriTooLong = ("uri_too_long", 414, "the query string is longer than the service reads"),
    /// Something failed inside the service; the details are logged, not sent.
    Internal = ("internal", 500, "something failed inside the service; the details are logged"),
    /// The index holds data that does not read back; it needs rebuilding.
    CorruptIndex = ("corrupt_index", 500, "the index holds data that does not read back; rebuild it"),
    /// No index has been published yet.
    NoIndex = ("no_index", 503, "no index has been published yet"),
    /// The published index cannot be opened.
    IndexUnreadable = ("index_unreadable", 503, "the published index cannot be opened"),
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn each_code_serialises_as_itself_with_an_error_status() {
        let mut seen = BTreeSet::new();
        for code in ErrorCode::ALL {
            let json = serde_json::to_value(code).expect("serialises");
            assert_eq!(json.as_str(), Some(code.as_str()));
            assert!((400..600).contains(&code.status()), "{code:?}");
            assert!(!code.description().is_empty());
            assert!(seen.insert(code.as_str()), "{} twice", code.as_str());
        }
    }

    /// The codes the README's HTTP API section lists, in the paragraph on errors.
    fn readme_codes() -> BTreeSet<String> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md");
        let readme = std::fs::read_to_string(path).expect("the workspace README");
        let start = readme
            .find("Every error is")
            .expect("the README's paragraph on errors");
        let paragraph = &readme[start..];
        let paragraph = &paragraph[..paragraph.find("\n\n").unwrap_or(paragraph.len())];
        let paragraph = &paragraph[..paragraph.find("Limits:").unwrap_or(paragraph.len())];
        paragraph
            .split('`')
            .skip(1)
            .step_by(2)
            .filter(|quoted| {
                !quoted.is_empty() && quoted.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
            })
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn the_readme_lists_exactly_these_codes() {
        let table: BTreeSet<String> = ErrorCode::ALL
            .iter()
            .map(|code| code.as_str().to_string())
            .collect();
        assert_eq!(readme_codes(), table);
    }
}
