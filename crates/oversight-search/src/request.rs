//! A search request: the query, filters, order and paging, with their limits and validation.
//!
//! A [`SearchRequest`] is what a caller asks for, from HTTP parameters, the command line or a test;
//! [`SearchRequest::validate`] checks it once against the limits and the vocabularies and gives a
//! [`ValidSearch`], the only thing the engine answers. Nothing after that checks it again.

use oversight_schema::model::{DocType, Subtype};
use oversight_schema::vocab::Vocabulary;
use oversight_schema::year::{self, InputDateError};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The longest query accepted, in characters.
pub(crate) const MAX_QUERY_CHARS: usize = 1000;
/// The most documents one page can hold.
pub(crate) const MAX_PER_PAGE: usize = 100;
/// The deepest result reachable by paging (`page * per_page`).
pub(crate) const MAX_RESULT_WINDOW: usize = 10_000;
/// The most passages shown per document.
pub(crate) const MAX_PASSAGES_PER_HIT: usize = 20;

/// The order of the results.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, utoipa::ToSchema,
)]
pub enum Sort {
    /// Best match first (for an empty query: newest first).
    #[default]
    #[serde(rename = "relevance")]
    Relevance,
    /// Oldest first.
    #[serde(rename = "date")]
    DateAscending,
    /// Newest first.
    #[serde(rename = "-date")]
    DateDescending,
}

impl Sort {
    /// Parses `relevance`, `date` or `-date`.
    pub fn parse(text: &str) -> Result<Sort> {
        match text {
            "" | "relevance" => Ok(Sort::Relevance),
            "date" => Ok(Sort::DateAscending),
            "-date" => Ok(Sort::DateDescending),
            other => Err(Error::InvalidParameter {
                name: "sort",
                message: format!("`{other}` is not an order; use relevance, date or -date"),
            }),
        }
    }
}

/// Where a query's words must meet.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Anywhere in one document: its passages hold every word between them. Documents where
    /// the words meet in one passage rank first, then those where they meet in neighbouring
    /// passages, then the rest.
    #[default]
    Document,
    /// In one passage.
    Passage,
}

impl Scope {
    /// Parses `document` or `passage`.
    pub fn parse(text: &str) -> Result<Scope> {
        match text {
            "" | "document" => Ok(Scope::Document),
            "passage" => Ok(Scope::Passage),
            other => Err(Error::InvalidParameter {
                name: "scope",
                message: format!("`{other}` is not a scope; use document or passage"),
            }),
        }
    }
}

/// Which documents to keep.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Filters {
    /// Force slugs; a document of any of them matches.
    pub forces: Vec<String>,
    /// Document types; any of them.
    pub doc_types: Vec<DocType>,
    /// Document subtypes; any of them.
    pub subtypes: Vec<Subtype>,
    /// Theme slugs; a document with any of them (or a sub-theme) matches.
    pub themes: Vec<String>,
    /// First year, inclusive.
    pub year_from: Option<u16>,
    /// Last year, inclusive.
    pub year_to: Option<u16>,
    /// First day, as `yyyymmdd`, inclusive.
    pub date_from: Option<i64>,
    /// Last day, as `yyyymmdd`, inclusive.
    pub date_to: Option<i64>,
}

/// A search request.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SearchRequest {
    /// The user's query; empty browses.
    pub query: String,
    /// The filters.
    pub filters: Filters,
    /// The order.
    pub sort: Sort,
    /// Where the query's words must meet.
    pub scope: Scope,
    /// The page, from 1.
    pub page: usize,
    /// Documents per page.
    pub per_page: usize,
    /// Best passages shown per document.
    pub passages_per_hit: usize,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            query: String::new(),
            filters: Filters::default(),
            sort: Sort::Relevance,
            scope: Scope::Document,
            page: 1,
            per_page: 10,
            passages_per_hit: 3,
        }
    }
}

impl SearchRequest {
    /// A request for `query` with the defaults.
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            ..SearchRequest::default()
        }
    }

    /// Checks every limit and filter value, saying what to change when something is wrong, and
    /// gives the request as one the engine answers.
    pub fn validate(&self, vocabulary: &Vocabulary) -> Result<ValidSearch> {
        let query_chars = self.query.chars().count();
        if query_chars > MAX_QUERY_CHARS {
            return Err(Error::InvalidParameter {
                name: "q",
                message: format!(
                    "the query has {query_chars} characters; the limit is {MAX_QUERY_CHARS}"
                ),
            });
        }
        if self.page == 0 {
            return invalid("page", "pages count from 1".to_string());
        }
        if !(1..=MAX_PER_PAGE).contains(&self.per_page) {
            return invalid("per_page", format!("must be between 1 and {MAX_PER_PAGE}"));
        }
        if self.page.saturating_mul(self.per_page) > MAX_RESULT_WINDOW {
            return invalid(
                "page",
                format!(
                    "page × per_page may not exceed {MAX_RESULT_WINDOW}; narrow the search instead"
                ),
            );
        }
        if self.passages_per_hit > MAX_PASSAGES_PER_HIT {
            return invalid(
                "passages",
                format!("must be between 0 and {MAX_PASSAGES_PER_HIT}"),
            );
        }
        for force in &self.filters.forces {
            if !vocabulary.is_force_value(force) {
                return Err(unknown_value("force", force, vocabulary.force_values()));
            }
        }
        for theme in &self.filters.themes {
            if vocabulary.theme(theme).is_none() {
                return Err(unknown_value(
                    "theme",
                    theme,
                    vocabulary.themes.iter().map(|theme| theme.slug.as_str()),
                ));
            }
        }
        let filters = &self.filters;
        for (name, value) in [
            ("year_from", filters.year_from),
            ("year_to", filters.year_to),
        ] {
            if let Some(value) = value {
                year::check_year(value).map_err(|error| invalid_date(name, error))?;
            }
        }
        if let (Some(from), Some(to)) = (filters.year_from, filters.year_to)
            && from > to
        {
            return invalid("year_from", format!("{from} is after year_to {to}"));
        }
        if let (Some(from), Some(to)) = (filters.date_from, filters.date_to)
            && from > to
        {
            return invalid("date_from", "is after date_to".to_string());
        }
        Ok(ValidSearch {
            request: self.clone(),
        })
    }
}

/// A search request that passed [`SearchRequest::validate`]: every limit kept, every filter value
/// known. It cannot be built or changed otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ValidSearch {
    request: SearchRequest,
}

impl ValidSearch {
    /// The request, as validated.
    pub fn request(&self) -> &SearchRequest {
        &self.request
    }
}

fn invalid(name: &'static str, message: String) -> Result<ValidSearch> {
    Err(Error::InvalidParameter { name, message })
}

/// A refused year or date as the error of parameter `name`.
fn invalid_date(name: &'static str, error: InputDateError) -> Error {
    Error::InvalidParameter {
        name,
        message: error.to_string(),
    }
}

/// An unknown value, with the closest known value as a hint.
pub(crate) fn unknown_value<'a>(
    facet: &'static str,
    value: &str,
    known: impl Iterator<Item = &'a str>,
) -> Error {
    let wanted = value.to_lowercase();
    let closest = known
        .filter(|candidate| {
            candidate.contains(&wanted)
                || wanted.contains(candidate)
                || shares_prefix(candidate, &wanted)
        })
        .min_by_key(|candidate| candidate.len().abs_diff(wanted.len()));
    let hint = closest.map_or_else(String::new, |closest| {
        format!("; did you mean `{closest}`?")
    });
    Error::UnknownValue {
        facet,
        value: value.chars().take(100).collect(),
        hint,
    }
}

fn shares_prefix(left: &str, right: &str) -> bool {
    left.chars()
        .zip(right.chars())
        .take_while(|(a, b)| a == b)
        .count()
        >= 4
}

/// Parses document-type slugs, refusing an unknown one with the closest known type.
pub fn parse_doc_types(slugs: &[String]) -> Result<Vec<DocType>> {
    parse_slugs(
        "type",
        slugs,
        DocType::from_slug,
        DocType::ALL.map(DocType::slug),
    )
}

/// Parses subtype slugs (`report/decision`), refusing an unknown one with the closest known one.
pub fn parse_subtypes(slugs: &[String]) -> Result<Vec<Subtype>> {
    parse_slugs(
        "subtype",
        slugs,
        Subtype::from_slug,
        Subtype::ALL.map(Subtype::slug),
    )
}

/// Parses the slugs of parameter `name` with `from_slug`, naming the closest of `known` when one
/// is unknown.
fn parse_slugs<T, const N: usize>(
    name: &'static str,
    slugs: &[String],
    from_slug: impl Fn(&str) -> Option<T>,
    known: [&'static str; N],
) -> Result<Vec<T>> {
    slugs
        .iter()
        .map(|slug| from_slug(slug).ok_or_else(|| unknown_value(name, slug, known.into_iter())))
        .collect()
}

/// Parses a year parameter.
pub fn parse_year(name: &'static str, text: &str) -> Result<u16> {
    year::parse_year(text.trim()).map_err(|error| invalid_date(name, error))
}

/// Parses a date parameter (`2014-09-26`, `2014-09` or `2014`) into the first (or, for an upper
/// bound, the last) day it covers, as `yyyymmdd`.
pub fn parse_date_bound(name: &'static str, text: &str, upper: bool) -> Result<i64> {
    let date = year::parse_date(text.trim()).map_err(|error| invalid_date(name, error))?;
    Ok(if upper {
        date.end_key()
    } else {
        date.start_key()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Vocabulary {
        Vocabulary::bundled().expect("vocabulary")
    }

    #[test]
    fn absurd_paging_is_refused_with_the_limit() {
        let mut request = SearchRequest::new("budget");
        request.per_page = 100_000;
        let message = request
            .validate(&vocabulary())
            .err()
            .map(|error| error.to_string());
        assert_eq!(
            message.as_deref(),
            Some("invalid `per_page`: must be between 1 and 100")
        );
        request.per_page = 100;
        request.page = 101;
        assert!(request.validate(&vocabulary()).is_err());
        request.page = 0;
        assert!(request.validate(&vocabulary()).is_err());
    }

    #[test]
    fn unknown_force_suggests_a_known_one() {
        let mut request = SearchRequest::new("");
        request.filters.forces = vec!["warwick".to_string()];
        let message = request
            .validate(&vocabulary())
            .err()
            .map(|error| error.to_string());
        assert_eq!(
            message.as_deref(),
            Some("unknown force `warwick`; did you mean `warwickshire`?")
        );
    }

    #[test]
    fn dates_parse_at_any_precision() {
        assert_eq!(
            parse_date_bound("date_from", "2014-09-26", false).ok(),
            Some(20140926)
        );
        assert_eq!(
            parse_date_bound("date_from", "2014-09", false).ok(),
            Some(20140901)
        );
        assert_eq!(
            parse_date_bound("date_to", "2014", true).ok(),
            Some(20141231)
        );
        assert!(parse_date_bound("date_to", "2014-13", true).is_err());
        assert!(parse_date_bound("date_to", "yesterday", true).is_err());
    }

    #[test]
    fn a_valid_search_is_the_request_as_given() {
        let mut request = SearchRequest::new("budget");
        request.filters.forces = vec!["warwickshire".to_string()];
        request.filters.year_from = Some(2014);
        let search = request.validate(&vocabulary()).expect("valid");
        assert_eq!(search.request(), &request);
    }

    #[test]
    fn years_set_directly_are_held_to_the_same_range() {
        let mut request = SearchRequest::new("");
        request.filters.year_to = Some(1800);
        let message = request
            .validate(&vocabulary())
            .err()
            .map(|error| error.to_string());
        assert_eq!(
            message.as_deref(),
            Some("invalid `year_to`: `1800` is not a year between 1900 and 2100")
        );
    }

    #[test]
    fn sort_names_parse() {
        assert_eq!(Sort::parse("-date").ok(), Some(Sort::DateDescending));
        assert!(Sort::parse("random").is_err());
    }

    #[test]
    fn years_outside_the_range_are_refused() {
        assert_eq!(parse_year("year_from", "2014").ok(), Some(2014));
        assert!(parse_year("year_from", "14").is_err());
        assert!(parse_year("year_from", "abc").is_err());
    }
}
