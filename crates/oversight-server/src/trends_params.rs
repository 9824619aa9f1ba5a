//! The query string of `/api/v1/trends`: `q` repeated (the queries to compare), `by`, `format`,
//! and the search's filters and `scope`, which are read by the search's own rules
//! ([`SearchParams`]) so that trends take exactly what a search takes. The search's order and
//! paging mean nothing here and are refused like any unknown parameter.

use oversight_schema::vocab::Vocabulary;
use oversight_search::{ErrorCode, TrendsBy, TrendsRequest};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::ApiError;
use crate::params::{SearchParams, decoded_pairs, set_once, unknown_parameter};

/// The parameters of `/api/v1/trends`, documented as the types they hold (read as text and
/// checked, as the search's are).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TrendsParams {
    /// A query to compare (repeatable, at most 5), in the search's language; none, or an empty
    /// one, counts every document.
    pub q: Vec<String>,
    /// The buckets: `year` (default: every year from the first to the last of the filtered
    /// documents, empty ones included, `undated` last), `force`, or `year,force` (a table).
    pub by: Option<String>,
    /// `json` (default) or `csv` (the same rows, one per query and bucket, with a header).
    pub format: Option<String>,
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
    /// Last day (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`), inclusive.
    pub date_to: Option<String>,
    /// Where a query's words must meet: `document` (default) or `passage`, as in search.
    pub scope: Option<String>,
}

/// How the answer is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrendsFormat {
    /// The JSON document.
    Json,
    /// CSV rows with a header.
    Csv,
}

const PARAMETERS: &str =
    "q, by, format, force, type, subtype, theme, year_from, year_to, date_from, date_to, scope";

impl TrendsParams {
    /// Reads a raw query string.
    pub fn parse(raw: Option<&str>) -> Result<TrendsParams, ApiError> {
        let mut params = TrendsParams::default();
        for (key, value) in decoded_pairs(raw)? {
            let single = |slot: &mut Option<String>| set_once(slot, &key, value.clone());
            match key.as_str() {
                "q" => params.q.push(value.clone()),
                "by" => single(&mut params.by)?,
                "format" => single(&mut params.format)?,
                "force" => params.force.push(value.clone()),
                "type" => params.doc_type.push(value.clone()),
                "subtype" => params.subtype.push(value.clone()),
                "theme" => params.theme.push(value.clone()),
                "year_from" => single(&mut params.year_from)?,
                "year_to" => single(&mut params.year_to)?,
                "date_from" => single(&mut params.date_from)?,
                "date_to" => single(&mut params.date_to)?,
                "scope" => single(&mut params.scope)?,
                other => {
                    return Err(unknown_parameter(
                        other,
                        &format!("the parameters are {PARAMETERS}"),
                    ));
                }
            }
        }
        Ok(params)
    }

    /// The trends request these parameters describe, checked against `vocabulary`, and the
    /// format asked for. The filters and scope are read by the search's own rules.
    pub fn into_request(
        self,
        vocabulary: &Vocabulary,
    ) -> Result<(TrendsRequest, TrendsFormat), ApiError> {
        let format = match self.format.as_deref().map(str::trim) {
            None | Some("" | "json") => TrendsFormat::Json,
            Some("csv") => TrendsFormat::Csv,
            Some(other) => {
                let shown: String = other.chars().take(40).collect();
                return Err(ApiError::new(
                    ErrorCode::InvalidParameter,
                    format!("invalid `format`: `{shown}` is not a format; use json or csv"),
                ));
            }
        };
        let by = TrendsBy::parse(self.by.as_deref().unwrap_or(""))?;
        let search = SearchParams {
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
        .into_request()?
        .validate(vocabulary)?;
        let request = TrendsRequest::new(&search, &self.q, by, vocabulary)?;
        Ok((request, format))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(raw: &str) -> Result<(TrendsRequest, TrendsFormat), ApiError> {
        let vocabulary = Vocabulary::bundled().expect("vocabulary");
        TrendsParams::parse(Some(raw))?.into_request(&vocabulary)
    }

    #[test]
    fn queries_repeat_and_filters_go_to_the_search_parser() {
        let (request, format) =
            parsed("q=naloxone&q=%22restorative+justice%22&by=force&format=csv&year_from=2014")
                .expect("valid");
        assert_eq!(
            request.queries().collect::<Vec<_>>(),
            ["naloxone", "\"restorative justice\""]
        );
        assert_eq!(request.by(), TrendsBy::Force);
        assert_eq!(format, TrendsFormat::Csv);
        assert!(parsed("year_from=20x4").is_err());
        assert!(parsed("force=atlantis").is_err());
    }

    #[test]
    fn order_paging_unknown_values_and_repeats_are_refused() {
        for raw in [
            "sort=date",
            "page=2",
            "per_page=5",
            "passages=1",
            "colour=red",
            "by=month",
            "by=year&by=force",
            "format=xml",
            "format=csv&format=json",
            "q=a&q=b&q=c&q=d&q=e&q=f",
            "scope=sentence",
        ] {
            assert!(parsed(raw).is_err(), "{raw}");
        }
        assert!(parsed("q=a&q=b&q=c&q=d&q=e").is_ok());
    }
}
