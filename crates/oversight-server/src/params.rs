//! Query-string parsing for the search routes: repeated keys (`force=a&force=b`), strict UTF-8,
//! unknown parameters refused by name, every value checked before the engine sees it.

use oversight_search::request::{parse_date_bound, parse_doc_types, parse_subtypes, parse_year};
use oversight_search::{ErrorCode, Filters, Scope, SearchRequest, Sort};
use percent_encoding::percent_decode_str;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::ApiError;

/// The longest query string read, in bytes.
pub const MAX_QUERY_STRING_BYTES: usize = 16 * 1024;

/// The parameters of `/api/v1/search` and `/api/v1/facets`. They are read as text and checked
/// here (so that a bad value gets a message saying what to change), and documented as the types
/// they hold.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// The query: every word must occur in the document (see `scope`), its title, labels (force
    /// names, type and subtype) and text; `"exact phrase"`, `"phrase"~3`, `OR`, `-exclude`,
    /// `field:value` (title, heading, item, exact, force, type, subtype, theme, year; a word
    /// before a colon that names no field is a word), `prefix*`, `year:[2014 TO 2017]`. Empty
    /// browses (newest first). At most 1000 characters.
    pub q: Option<String>,
    /// Force slug (repeatable): documents of any of these forces; `national` for documents of no
    /// force.
    #[param(rename = "force")]
    pub force: Vec<String>,
    /// Document type (repeatable): `minutes`, `report`, `thematic`.
    #[param(rename = "type")]
    #[serde(rename = "type")]
    pub doc_type: Vec<String>,
    /// Document subtype (repeatable), written under its type: `minutes/agenda`,
    /// `minutes/minutes`, `report/decision`, `report/plan`, `report/annual-report`,
    /// `report/update`, `thematic/inspection`, `thematic/parliamentary`, `thematic/research`,
    /// `thematic/guidance`.
    pub subtype: Vec<String>,
    /// Theme slug (repeatable); a parent theme includes its sub-themes.
    pub theme: Vec<String>,
    /// First year, inclusive.
    #[param(value_type = Option<u16>, minimum = 1900, maximum = 2100)]
    pub year_from: Option<String>,
    /// Last year, inclusive.
    #[param(value_type = Option<u16>, minimum = 1900, maximum = 2100)]
    pub year_to: Option<String>,
    /// First day (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`), inclusive.
    pub date_from: Option<String>,
    /// Last day (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`), inclusive.
    pub date_to: Option<String>,
    /// `relevance` (default), `date` (oldest first) or `-date` (newest first).
    pub sort: Option<String>,
    /// Where the query's words must meet: `document` (default: anywhere in one document, those
    /// where they meet in one passage first, then in neighbouring passages) or `passage` (in
    /// one passage).
    pub scope: Option<String>,
    /// Page number, from 1 (default 1).
    #[param(value_type = Option<u32>, minimum = 1)]
    pub page: Option<String>,
    /// Documents per page, 1 to 100 (default 10); `page × per_page` at most 10,000.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    pub per_page: Option<String>,
    /// Best passages per document, 0 to 20 (default 3).
    #[param(value_type = Option<u32>, minimum = 0, maximum = 20)]
    pub passages: Option<String>,
}

const PARAMETERS: &str = "q, force, type, subtype, theme, year_from, year_to, date_from, date_to, sort, scope, page, per_page, passages";

impl SearchParams {
    /// Reads a raw query string.
    pub fn parse(raw: Option<&str>) -> Result<SearchParams, ApiError> {
        SearchParams::from_pairs(decoded_pairs(raw)?)
    }

    /// Reads decoded `key=value` pairs.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Result<SearchParams, ApiError> {
        let mut params = SearchParams::default();
        for (key, value) in pairs {
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
                "sort" => &mut params.sort,
                "scope" => &mut params.scope,
                "page" => &mut params.page,
                "per_page" => &mut params.per_page,
                "passages" => &mut params.passages,
                other => {
                    return Err(unknown_parameter(
                        other,
                        &format!("the parameters are {PARAMETERS}"),
                    ));
                }
            };
            set_once(slot, &key, value)?;
        }
        Ok(params)
    }

    /// The search request these parameters describe.
    pub fn into_request(self) -> Result<SearchRequest, ApiError> {
        let present = |value: Option<String>| value.filter(|value| !value.trim().is_empty());
        let doc_types = parse_doc_types(&non_empty(self.doc_type))?;
        let subtypes = parse_subtypes(&non_empty(self.subtype))?;
        let year = |name, value: Option<String>| {
            present(value)
                .map(|value| parse_year(name, &value))
                .transpose()
        };
        let date = |name, value: Option<String>, upper| {
            present(value)
                .map(|value| parse_date_bound(name, &value, upper))
                .transpose()
        };
        let defaults = SearchRequest::default();
        Ok(SearchRequest {
            query: self.q.unwrap_or_default(),
            filters: Filters {
                forces: non_empty(self.force),
                doc_types,
                subtypes,
                themes: non_empty(self.theme),
                year_from: year("year_from", self.year_from)?,
                year_to: year("year_to", self.year_to)?,
                date_from: date("date_from", self.date_from, false)?,
                date_to: date("date_to", self.date_to, true)?,
            },
            sort: Sort::parse(present(self.sort).as_deref().unwrap_or("relevance"))?,
            scope: Scope::parse(present(self.scope).as_deref().unwrap_or("document"))?,
            page: whole_number("page", present(self.page), defaults.page)?,
            per_page: whole_number("per_page", present(self.per_page), defaults.per_page)?,
            passages_per_hit: whole_number(
                "passages",
                present(self.passages),
                defaults.passages_per_hit,
            )?,
        })
    }
}

/// The one parameter `name` of a query string that takes only it (empty when absent).
pub fn single_query_parameter(raw: Option<&str>, name: &str) -> Result<String, ApiError> {
    let mut value = None;
    for (key, text) in decoded_pairs(raw)? {
        if key != name {
            return Err(unknown_parameter(
                &key,
                &format!("this route takes only `{name}`"),
            ));
        }
        set_once(&mut value, name, text)?;
    }
    Ok(value.unwrap_or_default())
}

/// Refuses any query parameter, for a route that takes none.
pub fn no_parameters(raw: Option<&str>) -> Result<(), ApiError> {
    match decoded_pairs(raw)?.into_iter().next() {
        None => Ok(()),
        Some((key, _)) => Err(unknown_parameter(&key, "this route takes none")),
    }
}

/// The `key=value` pairs of a raw query string, percent-decoded, in order: refused when the string
/// is longer than [`MAX_QUERY_STRING_BYTES`] or a key or value is not UTF-8.
pub(crate) fn decoded_pairs(raw: Option<&str>) -> Result<Vec<(String, String)>, ApiError> {
    let raw = raw.unwrap_or("");
    if raw.len() > MAX_QUERY_STRING_BYTES {
        return Err(ApiError::uri_too_long(MAX_QUERY_STRING_BYTES));
    }
    raw.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            Ok((decode(key)?, decode(value)?))
        })
        .collect()
}

/// Puts `value` in `slot`, refusing a second value of parameter `name`.
pub(crate) fn set_once(
    slot: &mut Option<String>,
    name: &str,
    value: String,
) -> Result<(), ApiError> {
    if slot.replace(value).is_some() {
        return Err(ApiError::new(
            ErrorCode::InvalidParameter,
            format!("`{name}` is given more than once"),
        ));
    }
    Ok(())
}

/// The refusal of parameter `name`, which the route does not take; `taken` says what it takes.
pub(crate) fn unknown_parameter(name: &str, taken: &str) -> ApiError {
    let shown: String = name.chars().take(40).collect();
    ApiError::new(
        ErrorCode::UnknownParameter,
        format!("unknown parameter `{shown}`; {taken}"),
    )
}

fn non_empty(values: Vec<String>) -> Vec<String> {
    values
        .into_iter()
        .filter(|value| !value.trim().is_empty())
        .collect()
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

/// Percent-decodes a key or value (`+` is a space), refusing bytes that are not UTF-8.
pub(crate) fn decode(text: &str) -> Result<String, ApiError> {
    let spaced = text.replace('+', " ");
    percent_decode_str(&spaced)
        .decode_utf8()
        .map(|decoded| decoded.into_owned())
        .map_err(|_| {
            ApiError::new(
                ErrorCode::InvalidEncoding,
                "the query string is not valid UTF-8 once percent-decoded",
            )
        })
}

#[cfg(test)]
mod tests {
    use oversight_schema::model::{DocType, Subtype};

    use super::*;

    #[test]
    fn repeated_filters_accumulate() {
        let params = SearchParams::parse(Some(
            "q=budget+precept&force=warwickshire&force=dorset&type=minutes",
        ))
        .expect("parses");
        assert_eq!(params.q.as_deref(), Some("budget precept"));
        assert_eq!(params.force, vec!["warwickshire", "dorset"]);
        let request = params.into_request().expect("valid");
        assert_eq!(request.filters.doc_types, vec![DocType::Minutes]);
    }

    #[test]
    fn subtypes_repeat_and_unknown_ones_are_refused() {
        let request = SearchParams::parse(Some(
            "subtype=report%2Fdecision&subtype=thematic/inspection",
        ))
        .and_then(SearchParams::into_request)
        .expect("valid");
        assert_eq!(
            request.filters.subtypes,
            vec![Subtype::Decision, Subtype::Inspection]
        );
        let refused = SearchParams::parse(Some("subtype=decision"))
            .and_then(SearchParams::into_request)
            .err()
            .map(|error| format!("{error:?}"))
            .unwrap_or_default();
        assert!(refused.contains("unknown subtype `decision`"), "{refused}");
    }

    #[test]
    fn invalid_utf8_and_unknown_parameters_are_refused() {
        assert!(SearchParams::parse(Some("q=%FF%FE")).is_err());
        assert!(SearchParams::parse(Some("q=%C0%AF")).is_err());
        assert!(SearchParams::parse(Some("colour=red")).is_err());
        assert!(SearchParams::parse(Some("q=a&q=b")).is_err());
    }

    #[test]
    fn negative_and_non_numeric_pages_are_refused() {
        for raw in [
            "page=-1",
            "per_page=ten",
            "passages=1e3",
            "year_from=20x4",
            "date_to=2014-13-01",
        ] {
            let result = SearchParams::parse(Some(raw)).and_then(SearchParams::into_request);
            assert!(result.is_err(), "{raw}");
        }
    }

    #[test]
    fn empty_values_mean_unset() {
        let request = SearchParams::parse(Some("q=&force=&year_from=&sort="))
            .and_then(SearchParams::into_request)
            .expect("valid");
        assert!(request.filters.forces.is_empty());
        assert_eq!(request.filters.year_from, None);
    }
}
