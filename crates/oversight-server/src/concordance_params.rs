//! The query string of `/api/v1/concordance`: the search's query, filters and scope, read by the
//! search's own checks ([`crate::params::SearchParams::into_request`]), and the concordance's own parameters
//! (`context`, `sort`, `cursor`, `limit`, `format`), checked here.

use oversight_search::ErrorCode;
use oversight_search::concordance::{
    ConcordanceRequest, ConcordanceSort, DEFAULT_CONTEXT_WORDS, DEFAULT_LIMIT,
};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::ApiError;
use crate::params::{SearchParams, decoded_pairs, set_once, unknown_parameter};

/// The parameters of `/api/v1/concordance`, documented as the types they hold.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConcordanceParams {
    /// The query whose mentions to list, in the search's syntax (required). A mention is what
    /// the reading view marks: a word searched for, a phrase whole, the words of a proximity
    /// window, an acronym or its long form.
    #[param(required = true, min_length = 1, max_length = 1000)]
    pub q: Option<String>,
    /// Force slug (repeatable), as in search.
    pub force: Vec<String>,
    /// Document type (repeatable), as in search.
    #[param(rename = "type")]
    #[serde(rename = "type")]
    pub doc_type: Vec<String>,
    /// Document subtype (repeatable), as in search.
    pub subtype: Vec<String>,
    /// Theme slug (repeatable), as in search.
    pub theme: Vec<String>,
    /// First year, inclusive.
    #[param(value_type = Option<u16>, minimum = 1900, maximum = 2100)]
    pub year_from: Option<String>,
    /// Last year, inclusive.
    #[param(value_type = Option<u16>, minimum = 1900, maximum = 2100)]
    pub year_to: Option<String>,
    /// First day (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`), inclusive.
    pub date_from: Option<String>,
    /// Last day, inclusive.
    pub date_to: Option<String>,
    /// `document` (default: the passages of the matching documents that hold one of the
    /// query's clauses) or `passage` (the passages that hold them all).
    pub scope: Option<String>,
    /// Words of context on each side of a mention, 0 to 50 (default 10).
    #[param(value_type = Option<u32>, minimum = 0, maximum = 50)]
    pub context: Option<String>,
    /// `date` (default: oldest document first, then document, passage, place), `document` (by
    /// title), `left` or `right` (by the words nearest the match on that side, case-folded).
    pub sort: Option<String>,
    /// Where the page starts: the `next_cursor` of the previous page, valid while the index
    /// does not change.
    pub cursor: Option<String>,
    /// Mentions per page, 1 to 1000 (default 100).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000)]
    pub limit: Option<String>,
    /// `json` (default: one page) or `csv` (every mention, streamed, with a header row).
    pub format: Option<String>,
}

const PARAMETERS: &str = "q, force, type, subtype, theme, year_from, year_to, date_from, date_to, scope, context, sort, cursor, limit, format";

/// How the concordance is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One page, as JSON.
    Json,
    /// Every mention, as streamed CSV.
    Csv,
}

/// The concordance a query string asks for, and in which format.
pub fn parse(raw: Option<&str>) -> Result<(ConcordanceRequest, Format), ApiError> {
    let mut params = ConcordanceParams::default();
    for (key, value) in decoded_pairs(raw)? {
        let slot = match key.as_str() {
            "force" => {
                params.force.push(value);
                continue;
            }
            "type" => {
                params.doc_type.push(value);
                continue;
            }
            "subtype" => {
                params.subtype.push(value);
                continue;
            }
            "theme" => {
                params.theme.push(value);
                continue;
            }
            "q" => &mut params.q,
            "year_from" => &mut params.year_from,
            "year_to" => &mut params.year_to,
            "date_from" => &mut params.date_from,
            "date_to" => &mut params.date_to,
            "scope" => &mut params.scope,
            "context" => &mut params.context,
            "sort" => &mut params.sort,
            "cursor" => &mut params.cursor,
            "limit" => &mut params.limit,
            "format" => &mut params.format,
            other => {
                return Err(unknown_parameter(
                    other,
                    &format!("the parameters are {PARAMETERS}"),
                ));
            }
        };
        set_once(slot, &key, value)?;
    }
    params.into_request()
}

impl ConcordanceParams {
    /// The request these parameters describe: the search part checked as the search checks it.
    fn into_request(self) -> Result<(ConcordanceRequest, Format), ApiError> {
        let search = SearchParams {
            q: self.q,
            force: self.force,
            doc_type: self.doc_type,
            subtype: self.subtype,
            theme: self.theme,
            year_from: self.year_from,
            year_to: self.year_to,
            date_from: self.date_from,
            date_to: self.date_to,
            scope: self.scope,
            ..SearchParams::default()
        }
        .into_request()?;
        let present = |value: Option<String>| value.filter(|value| !value.trim().is_empty());
        let format = match present(self.format).as_deref().map(str::trim) {
            None | Some("json") => Format::Json,
            Some("csv") => Format::Csv,
            Some(other) => {
                let shown: String = other.chars().take(40).collect();
                return Err(ApiError::new(
                    ErrorCode::InvalidParameter,
                    format!("invalid `format`: `{shown}` is not a format; use json or csv"),
                ));
            }
        };
        let request = ConcordanceRequest {
            search,
            context: whole_number("context", present(self.context), DEFAULT_CONTEXT_WORDS)?,
            sort: ConcordanceSort::parse(present(self.sort).as_deref().unwrap_or("date").trim())?,
            cursor: present(self.cursor),
            limit: whole_number("limit", present(self.limit), DEFAULT_LIMIT)?,
        };
        Ok((request, format))
    }
}

fn whole_number(
    name: &'static str,
    value: Option<String>,
    default: usize,
) -> Result<usize, ApiError> {
    match value {
        None => Ok(default),
        Some(text) => text.trim().parse::<usize>().map_err(|_| {
            let shown: String = text.chars().take(40).collect();
            ApiError::new(
                ErrorCode::InvalidParameter,
                format!("invalid `{name}`: `{shown}` is not a whole number"),
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_filters_and_the_concordance_parameters_are_read() {
        let (request, format) = parse(Some(
            "q=naloxone&force=warwickshire&scope=passage&context=5&sort=left&limit=20&format=csv",
        ))
        .expect("parses");
        assert_eq!(request.search.query, "naloxone");
        assert_eq!(request.search.filters.forces, ["warwickshire"]);
        assert_eq!(
            (request.context, request.sort, request.limit, format),
            (5, ConcordanceSort::Left, 20, Format::Csv)
        );
    }

    #[test]
    fn search_only_parameters_and_bad_values_are_refused() {
        for raw in [
            "q=a&page=2",
            "q=a&per_page=10",
            "q=a&passages=3",
            "q=a&sort=relevance",
            "q=a&format=xml",
            "q=a&context=-1",
            "q=a&limit=ten",
            "q=a&cursor=x&cursor=y",
            "q=a&q=b",
            "q=a&year_from=20x4",
        ] {
            assert!(parse(Some(raw)).is_err(), "{raw}");
        }
    }
}
