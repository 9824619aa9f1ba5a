//! A concordance request: the search whose mentions to list, how many words of context, the
//! order and the page, with their limits and validation.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::request::{SearchRequest, ValidSearch};
use oversight_schema::vocab::Vocabulary;

/// The context given when none is asked for, in words on each side.
pub const DEFAULT_CONTEXT_WORDS: usize = 10;
/// The most words of context on each side.
pub const MAX_CONTEXT_WORDS: usize = 50;
/// The mentions of a page when no limit is asked for.
pub const DEFAULT_LIMIT: usize = 100;
/// The most mentions one page holds.
pub const MAX_LIMIT: usize = 1000;

/// The order of a concordance's mentions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ConcordanceSort {
    /// Oldest document first (undated last), then by document id, passage and place in it.
    #[default]
    Date,
    /// By document title (case-folded), then as `date` within a document.
    Document,
    /// By the words left of the match, nearest first, case-folded.
    Left,
    /// By the words right of the match, nearest first, case-folded.
    Right,
}

impl ConcordanceSort {
    /// Parses `date`, `document`, `left` or `right`.
    pub fn parse(text: &str) -> Result<ConcordanceSort> {
        match text {
            "" | "date" => Ok(ConcordanceSort::Date),
            "document" => Ok(ConcordanceSort::Document),
            "left" => Ok(ConcordanceSort::Left),
            "right" => Ok(ConcordanceSort::Right),
            other => Err(Error::InvalidParameter {
                name: "sort",
                message: format!(
                    "`{}` is not a concordance order; use date, document, left or right",
                    other.chars().take(40).collect::<String>()
                ),
            }),
        }
    }

    /// The order's name, as `sort=` takes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ConcordanceSort::Date => "date",
            ConcordanceSort::Document => "document",
            ConcordanceSort::Left => "left",
            ConcordanceSort::Right => "right",
        }
    }
}

/// What a caller asks a concordance for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ConcordanceRequest {
    /// The search: its query, filters and scope (its order and paging are not used).
    pub search: SearchRequest,
    /// Words of context on each side of a mention.
    pub context: usize,
    /// The order of the mentions.
    pub sort: ConcordanceSort,
    /// Where the page starts: a cursor a previous page gave, or the first page.
    pub cursor: Option<String>,
    /// The most mentions on the page.
    pub limit: usize,
}

impl ConcordanceRequest {
    /// A request for the mentions of `query` with the defaults.
    pub fn new(query: impl Into<String>) -> ConcordanceRequest {
        ConcordanceRequest {
            search: SearchRequest::new(query),
            context: DEFAULT_CONTEXT_WORDS,
            sort: ConcordanceSort::Date,
            cursor: None,
            limit: DEFAULT_LIMIT,
        }
    }

    /// Checks the query, filters and limits, saying what to change when something is wrong. The
    /// cursor is checked against the index when the concordance is answered.
    pub fn validate(&self, vocabulary: &Vocabulary) -> Result<ValidConcordance> {
        if self.search.query.trim().is_empty() {
            return Err(Error::InvalidParameter {
                name: "q",
                message: "a concordance lists the mentions of a query; give one".to_string(),
            });
        }
        if self.context > MAX_CONTEXT_WORDS {
            return Err(Error::InvalidParameter {
                name: "context",
                message: format!("must be between 0 and {MAX_CONTEXT_WORDS} words"),
            });
        }
        if !(1..=MAX_LIMIT).contains(&self.limit) {
            return Err(Error::InvalidParameter {
                name: "limit",
                message: format!("must be between 1 and {MAX_LIMIT}"),
            });
        }
        let search = SearchRequest {
            query: self.search.query.clone(),
            filters: self.search.filters.clone(),
            scope: self.search.scope,
            ..SearchRequest::default()
        }
        .validate(vocabulary)?;
        Ok(ValidConcordance {
            search,
            context: self.context,
            sort: self.sort,
            cursor: self.cursor.clone(),
            limit: self.limit,
        })
    }
}

/// A concordance request that passed [`ConcordanceRequest::validate`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ValidConcordance {
    search: ValidSearch,
    context: usize,
    sort: ConcordanceSort,
    cursor: Option<String>,
    limit: usize,
}

impl ValidConcordance {
    /// The search whose mentions are listed.
    pub fn search(&self) -> &ValidSearch {
        &self.search
    }

    /// Words of context on each side.
    pub fn context(&self) -> usize {
        self.context
    }

    /// The order.
    pub fn sort(&self) -> ConcordanceSort {
        self.sort
    }

    /// The cursor, as given.
    pub fn cursor(&self) -> Option<&str> {
        self.cursor.as_deref()
    }

    /// The most mentions on a page.
    pub fn limit(&self) -> usize {
        self.limit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Vocabulary {
        Vocabulary::bundled().expect("vocabulary")
    }

    fn refusal(request: &ConcordanceRequest) -> Option<String> {
        request
            .validate(&vocabulary())
            .err()
            .map(|error| error.to_string())
    }

    #[test]
    fn context_and_limit_are_held_to_their_ranges() {
        let mut request = ConcordanceRequest::new("naloxone");
        assert!(request.validate(&vocabulary()).is_ok());
        request.context = MAX_CONTEXT_WORDS + 1;
        assert_eq!(
            refusal(&request).as_deref(),
            Some("invalid `context`: must be between 0 and 50 words")
        );
        request.context = 0;
        request.limit = 0;
        assert_eq!(
            refusal(&request).as_deref(),
            Some("invalid `limit`: must be between 1 and 1000")
        );
    }

    #[test]
    fn an_empty_query_or_a_bad_filter_is_refused() {
        assert!(
            refusal(&ConcordanceRequest::new("  "))
                .is_some_and(|message| message.starts_with("invalid `q`"))
        );
        let mut request = ConcordanceRequest::new("naloxone");
        request.search.filters.forces = vec!["atlantis".to_string()];
        assert!(refusal(&request).is_some_and(|message| message.contains("unknown force")));
    }

    #[test]
    fn orders_parse_by_name() {
        for sort in [
            ConcordanceSort::Date,
            ConcordanceSort::Document,
            ConcordanceSort::Left,
            ConcordanceSort::Right,
        ] {
            assert_eq!(ConcordanceSort::parse(sort.as_str()).ok(), Some(sort));
        }
        assert!(ConcordanceSort::parse("relevance").is_err());
    }
}
