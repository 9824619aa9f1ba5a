//! A search request: the query, filters, order and paging, with their limits and validation.

use oversight_schema::model::{DocDate, DocType, Subtype};
use oversight_schema::vocab::Vocabulary;
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;
/// The most documents one page can hold.
pub const MAX_PER_PAGE: usize = 100;
/// The deepest result reachable by paging (`page * per_page`).
pub const MAX_RESULT_WINDOW: usize = 10_000;
/// The most passages shown per document.
pub const MAX_PASSAGES_PER_HIT: usize = 20;

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

impl Filters {
    /// Whether a date or year range is set.
    pub fn has_date_range(&self) -> bool {
        self.year_from.is_some()
            || self.year_to.is_some()
            || self.date_from.is_some()
            || self.date_to.is_some()
    }
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

    /// Checks every limit and filter value, saying what to change when something is wrong.
    pub fn validate(&self, vocabulary: &Vocabulary) -> Result<()> {
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
            if vocabulary.force(force).is_none() {
                return Err(unknown_value(
                    "force",
                    force,
                    vocabulary.forces.iter().map(|force| force.slug.as_str()),
                ));
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
        Ok(())
    }
}

fn invalid(name: &'static str, message: String) -> Result<()> {
    Err(Error::InvalidParameter { name, message })
}

/// An unknown value, with the closest known value as a hint.
pub fn unknown_value<'a>(
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
    slugs
        .iter()
        .map(|slug| {
            DocType::from_slug(slug).ok_or_else(|| {
                unknown_value(
                    "type",
                    slug,
                    DocType::ALL.iter().map(|doc_type| doc_type.slug()),
                )
            })
        })
        .collect()
}

/// Parses subtype slugs (`report/decision`), refusing an unknown one with the closest known one.
pub fn parse_subtypes(slugs: &[String]) -> Result<Vec<Subtype>> {
    slugs
        .iter()
        .map(|slug| {
            Subtype::from_slug(slug).ok_or_else(|| {
                unknown_value(
                    "subtype",
                    slug,
                    Subtype::ALL.iter().map(|subtype| subtype.slug()),
                )
            })
        })
        .collect()
}

/// Parses a year parameter.
pub fn parse_year(name: &'static str, text: &str) -> Result<u16> {
    text.trim()
        .parse::<u16>()
        .ok()
        .filter(|year| (1900..=2100).contains(year))
        .ok_or_else(|| Error::InvalidParameter {
            name,
            message: format!("`{}` is not a year between 1900 and 2100", truncate(text)),
        })
}

/// Parses a date parameter (`2014-09-26`, `2014-09` or `2014`) into the first (or, for an upper
/// bound, the last) day it covers, as `yyyymmdd`.
pub fn parse_date_bound(name: &'static str, text: &str, upper: bool) -> Result<i64> {
    let error = || Error::InvalidParameter {
        name,
        message: format!(
            "`{}` is not a date; use YYYY-MM-DD, YYYY-MM or YYYY",
            truncate(text)
        ),
    };
    let parts: Vec<&str> = text.trim().split('-').collect();
    let number =
        |part: Option<&&str>, range: std::ops::RangeInclusive<i64>| -> Result<Option<i64>> {
            match part {
                None => Ok(None),
                Some(part) => part
                    .parse::<i64>()
                    .ok()
                    .filter(|value| range.contains(value))
                    .map(Some)
                    .ok_or_else(error),
            }
        };
    if parts.len() > 3
        || parts
            .iter()
            .any(|part| part.is_empty() || !part.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(error());
    }
    let year = number(parts.first(), 1900..=2100)?.ok_or_else(error)?;
    let month = number(parts.get(1), 1..=12)?;
    let day = number(parts.get(2), 1..=31)?;
    if let (Some(month), Some(day)) = (month, day)
        && day > DocDate::days_in_month(year, month)
    {
        return Err(error());
    }
    let month = month.unwrap_or(if upper { 12 } else { 1 });
    let day = day.unwrap_or(if upper { 31 } else { 1 });
    Ok(year * 10_000 + month * 100 + day)
}

fn truncate(text: &str) -> String {
    text.chars().take(40).collect()
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
