//! The opaque cursor of a concordance page: where the next page starts, for which search, at which
//! version of the index. A cursor is refused when it does not decode, names another search, or was
//! made at another version (the mentions' order may differ there).

use std::hash::{DefaultHasher, Hash, Hasher};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::error::{Error, Result};
use crate::snapshot::IndexVersion;

use super::request::ValidConcordance;

/// The first field of every cursor: the layout of the rest.
const LAYOUT: &str = "c2";

/// Where a page starts in the concordance's order: a mention of one of the matching passages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Position {
    /// The passage, counted in the walk's order of the search's matching passages.
    pub passage: u64,
    /// The mention, counted in the passage.
    pub mark: u64,
}

/// A position in the mentions of one search at one index version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cursor {
    version: IndexVersion,
    search: u64,
    /// The first mention of the page.
    pub position: Position,
}

impl Cursor {
    /// The cursor at `position` in the mentions of `request` at `version`.
    pub fn new(version: &IndexVersion, request: &ValidConcordance, position: Position) -> Cursor {
        Cursor {
            version: version.clone(),
            search: fingerprint(request),
            position,
        }
    }

    /// The cursor as the API gives it: URL-safe base64 of its fields.
    pub fn encode(&self) -> String {
        let text = format!(
            "{LAYOUT}\n{}\n{}\n{:016x}\n{}\n{}",
            self.version.generation,
            self.version.reload,
            self.search,
            self.position.passage,
            self.position.mark
        );
        URL_SAFE_NO_PAD.encode(text)
    }

    /// The position `text` points at, when it is a cursor of `request` at `version`.
    pub fn check(
        text: &str,
        version: &IndexVersion,
        request: &ValidConcordance,
    ) -> Result<Position> {
        let cursor = Cursor::decode(text)
            .ok_or_else(|| invalid("is not a cursor this service gave; start again without it"))?;
        if cursor.search != fingerprint(request) {
            return Err(invalid(
                "belongs to another search (query, filters, scope or sort); start again without it",
            ));
        }
        if cursor.version != *version {
            return Err(invalid(
                "was given by another version of the index, which has changed since; start again \
                 without it",
            ));
        }
        Ok(cursor.position)
    }

    fn decode(text: &str) -> Option<Cursor> {
        let bytes = URL_SAFE_NO_PAD.decode(text.trim()).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let mut fields = text.split('\n');
        if fields.next()? != LAYOUT {
            return None;
        }
        let generation = fields.next()?.to_string();
        let reload = fields.next()?.parse().ok()?;
        let search = u64::from_str_radix(fields.next()?, 16).ok()?;
        let position = Position {
            passage: fields.next()?.parse().ok()?,
            mark: fields.next()?.parse().ok()?,
        };
        if fields.next().is_some() || generation.is_empty() {
            return None;
        }
        Some(Cursor {
            version: IndexVersion { generation, reload },
            search,
            position,
        })
    }
}

/// What a cursor's position depends on: the search and the order (not the context or the limit,
/// which a client may change from page to page).
fn fingerprint(request: &ValidConcordance) -> u64 {
    let search = request.search().request();
    let mut hasher = DefaultHasher::new();
    search.query.hash(&mut hasher);
    search.filters.hash(&mut hasher);
    search.scope.hash(&mut hasher);
    request.sort().hash(&mut hasher);
    hasher.finish()
}

fn invalid(message: &str) -> Error {
    Error::InvalidParameter {
        name: "cursor",
        message: message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use oversight_schema::vocab::Vocabulary;

    use super::*;
    use crate::concordance::request::{ConcordanceRequest, ConcordanceSort};

    fn valid(query: &str, sort: ConcordanceSort) -> ValidConcordance {
        let mut request = ConcordanceRequest::new(query);
        request.sort = sort;
        request
            .validate(&Vocabulary::bundled().expect("vocabulary"))
            .expect("valid")
    }

    fn version(reload: u64) -> IndexVersion {
        IndexVersion {
            generation: "gen-000001".to_string(),
            reload,
        }
    }

    #[test]
    fn a_cursor_reads_back_for_its_search_and_version_only() {
        let request = valid("naloxone", ConcordanceSort::Date);
        let position = Position {
            passage: 200,
            mark: 2,
        };
        let text = Cursor::new(&version(3), &request, position).encode();
        assert_eq!(
            Cursor::check(&text, &version(3), &request).ok(),
            Some(position)
        );
        let refused = |result: Result<Position>| result.err().map(|error| error.to_string());
        assert!(
            refused(Cursor::check(&text, &version(4), &request))
                .is_some_and(|message| message.contains("another version of the index"))
        );
        let other = valid("naloxone", ConcordanceSort::Left);
        assert!(
            refused(Cursor::check(&text, &version(3), &other))
                .is_some_and(|message| message.contains("another search"))
        );
    }

    #[test]
    fn forged_cursors_are_refused() {
        let request = valid("naloxone", ConcordanceSort::Date);
        let forged = [
            "",
            "!!!",
            "bm90IGEgY3Vyc29y",
            &URL_SAFE_NO_PAD.encode("c2\ngen\nx\n0\n1\n0"),
            &URL_SAFE_NO_PAD.encode("c2\ngen-000001\n3\n0\n1"),
            &URL_SAFE_NO_PAD.encode("c1\ngen-000001\n3\n0\n1\n0"),
            &URL_SAFE_NO_PAD.encode([0xff, 0xfe]),
        ];
        for text in forged {
            let message = Cursor::check(text, &version(3), &request)
                .err()
                .map(|error| error.to_string());
            assert!(
                message.is_some_and(|message| message.starts_with("invalid `cursor`")),
                "{text}"
            );
        }
    }
}
