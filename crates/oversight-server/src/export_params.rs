//! The parameters of `/api/v1/export`: the search's query, filters and `scope`, read by the
//! search's own parser ([`SearchParams`]), and the export's `format`, `level` and `bom`. Paging
//! and ordering do not apply (an export has every match, in index order) and are refused.

use oversight_search::{ErrorCode, ExportLevel, ValidSearch};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::ApiError;
use crate::export_file::ExportFormat;
use crate::params::{SearchParams, decoded_pairs, set_once, unknown_parameter};

/// The search parameters an export does not take.
const NOT_FOR_EXPORTS: [&str; 4] = ["page", "per_page", "passages", "sort"];

/// The search parameters an export takes, read by the search's parser.
const SEARCH_PARAMETERS: [&str; 10] = [
    "q",
    "force",
    "type",
    "subtype",
    "theme",
    "year_from",
    "year_to",
    "date_from",
    "date_to",
    "scope",
];

/// Every parameter of the route, as a refusal of another lists them.
const PARAMETERS: &str = "q, force, type, subtype, theme, year_from, year_to, date_from, date_to, scope, format, level, bom";

/// The parameters of `/api/v1/export`, documented as the types they hold.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// The query, as in `/api/v1/search`; empty exports everything. At most 1000 characters.
    pub q: Option<String>,
    /// Force slug (repeatable), as in `/api/v1/search`.
    #[param(rename = "force")]
    pub force: Vec<String>,
    /// Document type (repeatable): `minutes`, `report`, `thematic`.
    #[param(rename = "type")]
    #[serde(rename = "type")]
    pub doc_type: Vec<String>,
    /// Document subtype (repeatable), written under its type (`report/decision`).
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
    /// Where the query's words must meet: `document` (default) or `passage`.
    pub scope: Option<String>,
    /// `csv` (default: RFC 4180 with a header row) or `ndjson` (one JSON object a line).
    pub format: Option<String>,
    /// `passage` (default: a row per matching passage) or `document` (a row per matching
    /// document).
    pub level: Option<String>,
    /// `true` starts a CSV file with a UTF-8 byte-order mark, for spreadsheets (default
    /// `false`).
    #[param(value_type = Option<bool>)]
    pub bom: Option<String>,
}

/// An export request, checked.
pub struct ExportRequest {
    /// The search whose matches are exported.
    pub search: ValidSearch,
    /// How the rows are written.
    pub format: ExportFormat,
    /// What a row is.
    pub level: ExportLevel,
    /// Whether a CSV file starts with a byte-order mark.
    pub bom: bool,
}

impl ExportRequest {
    /// Reads a raw query string, the search's part checked against `vocabulary`.
    pub fn parse(
        raw: Option<&str>,
        vocabulary: &oversight_schema::vocab::Vocabulary,
    ) -> Result<ExportRequest, ApiError> {
        let (mut format, mut level, mut bom) = (None, None, None);
        let mut search_pairs = Vec::new();
        for (key, value) in decoded_pairs(raw)? {
            let slot = match key.as_str() {
                "format" => &mut format,
                "level" => &mut level,
                "bom" => &mut bom,
                name if NOT_FOR_EXPORTS.contains(&name) => {
                    return Err(ApiError::new(
                        ErrorCode::InvalidParameter,
                        format!(
                            "`{name}` does not apply to an export, which has every match in index order"
                        ),
                    ));
                }
                name if SEARCH_PARAMETERS.contains(&name) => {
                    search_pairs.push((key, value));
                    continue;
                }
                other => {
                    return Err(unknown_parameter(
                        other,
                        &format!("the parameters are {PARAMETERS}"),
                    ));
                }
            };
            set_once(slot, &key, value)?;
        }
        let search = SearchParams::from_pairs(search_pairs)?
            .into_request()?
            .validate(vocabulary)?;
        Ok(ExportRequest {
            search,
            format: ExportFormat::parse(format.as_deref().unwrap_or("").trim())?,
            level: ExportLevel::parse(level.as_deref().unwrap_or("").trim())?,
            bom: match bom.as_deref().map(str::trim) {
                None | Some("" | "false") => false,
                Some("true") => true,
                Some(other) => {
                    return Err(ApiError::new(
                        ErrorCode::InvalidParameter,
                        format!(
                            "invalid `bom`: `{}` is not true or false",
                            other.chars().take(40).collect::<String>()
                        ),
                    ));
                }
            },
        })
    }

    /// The name of the file, saying the query, the level and the day: `oversight-restorative-
    /// justice-passages-2026-12-02.csv`, `oversight-everything-documents-….ndjson`.
    pub fn file_name(&self, today: &str) -> String {
        let mut words = String::new();
        for c in self.search.request().query.chars() {
            if c.is_ascii_alphanumeric() {
                words.push(c.to_ascii_lowercase());
            } else if !words.is_empty() && !words.ends_with('-') {
                words.push('-');
            }
            if words.len() >= MAX_NAME_WORDS_BYTES {
                break;
            }
        }
        let words = words.trim_end_matches('-');
        let words = if words.is_empty() {
            "everything"
        } else {
            words
        };
        let level = match self.level {
            ExportLevel::Passage => "passages",
            ExportLevel::Document => "documents",
        };
        format!(
            "oversight-{words}-{level}-{today}.{}",
            self.format.extension()
        )
    }
}

/// The longest the query's part of a file name grows, in bytes.
const MAX_NAME_WORDS_BYTES: usize = 60;

/// Today's date in UTC, `YYYY-MM-DD`.
pub fn today() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    civil_date(seconds / 86_400)
}

/// The date `days` days after 1970-01-01, in the proleptic Gregorian calendar (Howard
/// Hinnant's `civil_from_days`).
fn civil_date(days: u64) -> String {
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use oversight_schema::vocab::Vocabulary;

    use super::*;

    fn parse(raw: &str) -> Result<ExportRequest, ApiError> {
        let vocabulary = Vocabulary::bundled().expect("vocabulary");
        ExportRequest::parse(Some(raw), &vocabulary)
    }

    #[test]
    fn the_search_parameters_pass_through_and_the_export_ones_are_read() {
        let request =
            parse("q=precept&force=dorset&format=ndjson&level=document&bom=true&scope=passage")
                .expect("valid");
        assert_eq!(request.search.request().query, "precept");
        assert_eq!(request.search.request().filters.forces, ["dorset"]);
        assert_eq!(
            request.search.request().scope,
            oversight_search::Scope::Passage
        );
        assert_eq!(
            (request.format, request.level, request.bom),
            (ExportFormat::Ndjson, ExportLevel::Document, true)
        );
        let defaults = parse("").expect("valid");
        assert_eq!(
            (defaults.format, defaults.level, defaults.bom),
            (ExportFormat::Csv, ExportLevel::Passage, false)
        );
    }

    #[test]
    fn bad_values_paging_and_repeats_are_refused() {
        for raw in [
            "format=xlsx",
            "level=sentence",
            "bom=yes",
            "page=2",
            "per_page=5",
            "sort=date",
            "format=csv&format=csv",
            "colour=red",
            "force=atlantis",
        ] {
            assert!(parse(raw).is_err(), "{raw}");
        }
    }

    #[test]
    fn an_unknown_parameter_is_refused_with_the_routes_own_list() {
        let message = parse("colour=red")
            .err()
            .map(|error| format!("{error:?}"))
            .unwrap_or_default();
        assert!(message.contains("UnknownParameter"), "{message}");
        assert!(message.contains("scope, format, level, bom"), "{message}");
        assert!(!message.contains("per_page"), "{message}");
    }

    #[test]
    fn the_file_name_says_the_query_level_and_day() {
        let name = |raw: &str| parse(raw).expect("valid").file_name("2026-12-02");
        assert_eq!(
            name("q=%22Restorative+Justice%22+%E2%82%AC"),
            "oversight-restorative-justice-passages-2026-12-02.csv"
        );
        assert_eq!(
            name("format=ndjson&level=document"),
            "oversight-everything-documents-2026-12-02.ndjson"
        );
        let long = name(&format!("q={}", "word+".repeat(100)));
        assert!(long.len() < 100, "{long}");
    }

    #[test]
    fn civil_dates_are_counted_from_the_epoch() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(civil_date(20_789), "2026-12-02");
        assert_eq!(civil_date(20_819), "2027-01-01");
    }
}
