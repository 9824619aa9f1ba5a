//! The document and passage types that the indexer produces and the query service returns.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What kind of document this is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DocType {
    /// An agenda pack or the minutes of a meeting.
    Minutes,
    /// A report to a panel or board.
    Report,
    /// A review, briefing or think-tank or inspectorate paper.
    Thematic,
}

impl DocType {
    /// Every document type, in display order.
    pub const ALL: [DocType; 3] = [DocType::Minutes, DocType::Report, DocType::Thematic];

    /// The slug used in facets, filters and URLs.
    pub fn slug(self) -> &'static str {
        match self {
            DocType::Minutes => "minutes",
            DocType::Report => "report",
            DocType::Thematic => "thematic",
        }
    }

    /// A display label: `Minutes`, `Report`.
    pub fn label(self) -> &'static str {
        match self {
            DocType::Minutes => "Minutes",
            DocType::Report => "Report",
            DocType::Thematic => "Thematic",
        }
    }

    /// The type with this slug.
    pub fn from_slug(slug: &str) -> Option<DocType> {
        DocType::ALL
            .into_iter()
            .find(|doc_type| doc_type.slug() == slug)
    }
}

impl fmt::Display for DocType {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.slug())
    }
}

/// What kind of document this is within its type: a facet under the type, `report/decision`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
pub enum Subtype {
    /// The agenda of a meeting, or its pack of papers, before the meeting.
    #[serde(rename = "minutes/agenda")]
    Agenda,
    /// The record of a meeting: who was there, what was said and resolved.
    #[serde(rename = "minutes/minutes")]
    Minutes,
    /// A decision notice or record of a commissioner or mayor.
    #[serde(rename = "report/decision")]
    Decision,
    /// A police and crime plan.
    #[serde(rename = "report/plan")]
    Plan,
    /// An annual report.
    #[serde(rename = "report/annual-report")]
    AnnualReport,
    /// A report to a panel or board: an update, performance, budget or precept.
    #[serde(rename = "report/update")]
    Update,
    /// An inspection: HMIC, HMICFRS, PEEL, a joint inspection.
    #[serde(rename = "thematic/inspection")]
    Inspection,
    /// A paper of Parliament or the National Audit Office.
    #[serde(rename = "thematic/parliamentary")]
    Parliamentary,
    /// Research or commentary: think tanks, CoPaCC, the APCC, universities.
    #[serde(rename = "thematic/research")]
    Research,
    /// Guidance: the College of Policing, the Home Office.
    #[serde(rename = "thematic/guidance")]
    Guidance,
}

impl Subtype {
    /// Every subtype, in display order (grouped by type).
    pub const ALL: [Subtype; 10] = [
        Subtype::Agenda,
        Subtype::Minutes,
        Subtype::Decision,
        Subtype::Plan,
        Subtype::AnnualReport,
        Subtype::Update,
        Subtype::Inspection,
        Subtype::Parliamentary,
        Subtype::Research,
        Subtype::Guidance,
    ];

    /// The slug used in facets, filters and URLs: the type, a slash and the subtype's own name.
    pub fn slug(self) -> &'static str {
        match self {
            Subtype::Agenda => "minutes/agenda",
            Subtype::Minutes => "minutes/minutes",
            Subtype::Decision => "report/decision",
            Subtype::Plan => "report/plan",
            Subtype::AnnualReport => "report/annual-report",
            Subtype::Update => "report/update",
            Subtype::Inspection => "thematic/inspection",
            Subtype::Parliamentary => "thematic/parliamentary",
            Subtype::Research => "thematic/research",
            Subtype::Guidance => "thematic/guidance",
        }
    }

    /// The subtype with this slug.
    pub fn from_slug(slug: &str) -> Option<Subtype> {
        Subtype::ALL
            .into_iter()
            .find(|subtype| subtype.slug() == slug)
    }

    /// The type the subtype belongs to.
    pub fn doc_type(self) -> DocType {
        match self {
            Subtype::Agenda | Subtype::Minutes => DocType::Minutes,
            Subtype::Decision | Subtype::Plan | Subtype::AnnualReport | Subtype::Update => {
                DocType::Report
            }
            Subtype::Inspection
            | Subtype::Parliamentary
            | Subtype::Research
            | Subtype::Guidance => DocType::Thematic,
        }
    }

    /// A display label: `Decision notice`, `Annual report`.
    pub fn label(self) -> &'static str {
        match self {
            Subtype::Agenda => "Agenda",
            Subtype::Minutes => "Minutes",
            Subtype::Decision => "Decision notice",
            Subtype::Plan => "Police and crime plan",
            Subtype::AnnualReport => "Annual report",
            Subtype::Update => "Report to a panel",
            Subtype::Inspection => "Inspection",
            Subtype::Parliamentary => "Parliamentary paper",
            Subtype::Research => "Research",
            Subtype::Guidance => "Guidance",
        }
    }
}

impl fmt::Display for Subtype {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.slug())
    }
}

/// How precise a document's date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    /// A day: `26 September 2014`.
    Day,
    /// A month: `June 2014`.
    Month,
    /// A year: `2020`.
    Year,
}

/// A date as precise as the text allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DocDate {
    /// The year.
    pub year: u16,
    /// The month, 1 to 12, when known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub month: Option<u8>,
    /// The day of the month, when known (only with a month).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub day: Option<u8>,
}

/// The English month names, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl DocDate {
    /// How many days `month` (1–12) of `year` has; 0 for a month that does not exist.
    pub fn days_in_month(year: i64, month: i64) -> i64 {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            1..=12 => 31,
            _ => 0,
        }
    }

    /// How precise the date is.
    pub fn precision(&self) -> DatePrecision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => DatePrecision::Day,
            (Some(_), None) => DatePrecision::Month,
            _ => DatePrecision::Year,
        }
    }

    /// The first day the date covers, as `yyyymmdd`.
    pub fn start_key(&self) -> i64 {
        let month = i64::from(self.month.unwrap_or(1));
        let day = i64::from(self.day.unwrap_or(1));
        i64::from(self.year) * 10_000 + month * 100 + day
    }

    /// The last day the date covers, as `yyyymmdd` (day 31 stands for any month's end).
    pub fn end_key(&self) -> i64 {
        let month = i64::from(self.month.unwrap_or(12));
        let day = i64::from(self.day.unwrap_or(31));
        i64::from(self.year) * 10_000 + month * 100 + day
    }

    /// ISO 8601 at the date's precision: `2014-09-26`, `2014-06` or `2020`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(month), Some(day)) => format!("{:04}-{month:02}-{day:02}", self.year),
            (Some(month), None) => format!("{:04}-{month:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }
}

impl fmt::Display for DocDate {
    /// British form: `26 September 2014`, `June 2014` or `2020`.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let month_name = self
            .month
            .and_then(|month| MONTH_NAMES.get(usize::from(month).wrapping_sub(1)));
        match (self.day, month_name) {
            (Some(day), Some(month)) => write!(formatter, "{day} {month} {}", self.year),
            (None, Some(month)) => write!(formatter, "{month} {}", self.year),
            _ => write!(formatter, "{}", self.year),
        }
    }
}

/// Where a metadata value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Read from the document's own text.
    Text,
    /// Given by the corpus manifest.
    Manifest,
}

/// Why a metadata value is what it is: the text it was read from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Evidence {
    /// The snippet of document text (or the manifest entry) the value was read from.
    pub text: String,
    /// Where the value came from.
    pub origin: Origin,
}

impl Evidence {
    /// Evidence read from the document's text.
    pub fn from_text(text: impl Into<String>) -> Evidence {
        Evidence {
            text: text.into(),
            origin: Origin::Text,
        }
    }

    /// Evidence given by the corpus manifest.
    pub fn from_manifest(text: impl Into<String>) -> Evidence {
        Evidence {
            text: text.into(),
            origin: Origin::Manifest,
        }
    }
}

/// A force named in a document, and how often.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ForceMention {
    /// The force's slug.
    pub force: String,
    /// How many times it is named.
    pub count: u32,
}

/// A theme assigned to a document or passage, with the rule matches that earned it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ThemeScore {
    /// The theme's slug.
    pub theme: String,
    /// The theme's path in the hierarchy, as a facet: `/victims/restorative-justice`.
    pub path: String,
    /// The sum of the weights of the matched phrases.
    pub score: f32,
    /// The phrases that matched, most weighty first.
    pub matched: Vec<String>,
}

/// The evidence behind each metadata value of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct MetadataEvidence {
    /// Where the title was read.
    pub title: Evidence,
    /// Where the owning force was read, if any.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub force: Option<Evidence>,
    /// Where the date was read, if any.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date: Option<Evidence>,
    /// Why the document has its type.
    pub doc_type: Evidence,
    /// Why the document has its subtype.
    pub subtype: Evidence,
}

/// Everything known about one document, as stored in the index and returned by the API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DocumentMeta {
    /// Stable id: derived from the content, so it survives renames.
    pub doc_id: String,
    /// The document's own title.
    pub title: String,
    /// The slug of the force area the document belongs to; none for national documents.
    pub force: Option<String>,
    /// Every force the text names, most named first.
    pub mentions: Vec<ForceMention>,
    /// The document's date, as precise as the text allows.
    pub date: Option<DocDate>,
    /// The kind of document.
    pub doc_type: DocType,
    /// The kind of document within its type.
    pub subtype: Subtype,
    /// The document's themes, strongest first.
    pub themes: Vec<ThemeScore>,
    /// The files (paths relative to the corpus) this document was read from.
    pub sources: Vec<String>,
    /// Other files with nearly the same text (another format or a re-saved copy of the same
    /// document), which are indexed as this document rather than again.
    #[serde(default)]
    pub near_copies: Vec<NearCopy>,
    /// Where the document was published, when the corpus manifest says.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source_url: Option<String>,
    /// The character encoding the file's text was read in (`UTF-8`, or a legacy one such as
    /// `windows-1252`), so that the original is served labelled as it was read; none for a PDF.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub encoding: Option<String>,
    /// The evidence for title, force, date and type.
    pub evidence: MetadataEvidence,
    /// How many passages the document was split into.
    pub passage_count: u32,
    /// How many characters of text the document has.
    pub text_chars: u64,
}

/// The id of a document or content with these bytes: the first 16 hex digits of their BLAKE3 hash.
pub fn content_id(bytes: &[u8]) -> String {
    id_of_hash(&blake3::hash(bytes))
}

/// The [`content_id`] of what `reader` holds, read in chunks rather than into memory at once.
pub fn content_id_of_reader(reader: impl std::io::Read) -> std::io::Result<String> {
    let mut hasher = blake3::Hasher::new();
    hasher.update_reader(reader)?;
    Ok(id_of_hash(&hasher.finalize()))
}

fn id_of_hash(hash: &blake3::Hash) -> String {
    hash.to_hex()[..16].to_string()
}

/// The largest file the indexer reads; larger ones are skipped, so no document holds one.
pub const MAX_SOURCE_BYTES: u64 = 256 * 1024 * 1024;

/// Files whose text is nearly that of a document, such as the HTML page of a PDF report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NearCopy {
    /// The id of the copy's own content (as a document id would be).
    pub content_id: String,
    /// The files with that content, relative to the corpus.
    pub sources: Vec<String>,
    /// The estimated share of five-word sequences the two texts have in common, from 0 to 1.
    pub similarity: f32,
}

/// A passage: the unit of indexing, a section, agenda item, minute or page of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Passage {
    /// Position in the document, from 0.
    pub ordinal: u32,
    /// The agenda item or top-level section the passage belongs to.
    pub item: Option<String>,
    /// The nearest heading above the passage.
    pub heading: Option<String>,
    /// The passage's text.
    pub text: String,
    /// The page of the original file, when known.
    pub page: Option<u32>,
    /// The passage's own themes (slugs).
    pub themes: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_content_read_in_chunks_has_the_id_of_its_bytes() {
        let bytes = vec![7u8; 100_000];
        let read = content_id_of_reader(bytes.as_slice()).expect("reads");
        assert_eq!(read, content_id(&bytes));
        assert_ne!(read, content_id(b"other"));
        assert_eq!(read.len(), 16);
    }

    #[test]
    fn dates_print_at_their_precision() {
        let day = DocDate {
            year: 2014,
            month: Some(9),
            day: Some(26),
        };
        let month = DocDate {
            year: 2014,
            month: Some(6),
            day: None,
        };
        let year = DocDate {
            year: 2020,
            month: None,
            day: None,
        };
        assert_eq!(day.to_string(), "26 September 2014");
        assert_eq!(month.iso(), "2014-06");
        assert_eq!(year.precision(), DatePrecision::Year);
        assert_eq!((month.start_key(), month.end_key()), (20140601, 20140631));
    }

    #[test]
    fn months_have_their_days_and_leap_years_their_29th() {
        assert_eq!(DocDate::days_in_month(2014, 2), 28);
        assert_eq!(DocDate::days_in_month(2016, 2), 29);
        assert_eq!(DocDate::days_in_month(1900, 2), 28);
        assert_eq!(DocDate::days_in_month(2000, 2), 29);
        assert_eq!(DocDate::days_in_month(2014, 9), 30);
        assert_eq!(DocDate::days_in_month(2014, 13), 0);
    }

    #[test]
    fn doc_type_slugs_round_trip() {
        for doc_type in DocType::ALL {
            assert_eq!(DocType::from_slug(doc_type.slug()), Some(doc_type));
        }
        assert_eq!(DocType::from_slug("memo"), None);
    }

    #[test]
    fn subtype_slugs_round_trip_and_start_with_their_type() {
        for subtype in Subtype::ALL {
            assert_eq!(Subtype::from_slug(subtype.slug()), Some(subtype));
            let (doc_type, _) = subtype.slug().split_once('/').expect("a type and a name");
            assert_eq!(doc_type, subtype.doc_type().slug());
            let json = serde_json::to_string(&subtype).expect("serializes");
            assert_eq!(json, format!("\"{}\"", subtype.slug()));
        }
        assert_eq!(Subtype::from_slug("decision"), None);
    }
}
