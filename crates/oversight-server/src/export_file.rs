//! The bytes of an export: rows of [`ExportRow`] written as CSV (RFC 4180: a header row, CRLF
//! line ends, fields quoted when they hold a comma, a quote or a line break; optionally after a
//! UTF-8 byte-order mark, which spreadsheets need to read UTF-8) or as NDJSON (one JSON object a
//! line, the same columns as keys). Shared by `GET /api/v1/export` and `oversight export`.

use std::io::{self, Write};

use oversight_search::{ExportLevel, ExportRow, ExportedDocument, ExportedPassage};
use serde::Serialize;

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The columns of a document row.
const DOCUMENT_COLUMNS: [&str; 11] = [
    "doc_id",
    "title",
    "force",
    "force_name",
    "date",
    "type",
    "subtype",
    "themes",
    "source_url",
    "document_url",
    "matched_passages",
];

/// The columns of a passage row: the document's, then the passage's.
const PASSAGE_COLUMNS: [&str; 17] = [
    "doc_id",
    "title",
    "force",
    "force_name",
    "date",
    "type",
    "subtype",
    "themes",
    "source_url",
    "document_url",
    "ordinal",
    "page",
    "item",
    "heading",
    "passage_url",
    "snippet",
    "text",
];

/// How an export is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportFormat {
    /// Comma-separated values with a header row.
    #[default]
    Csv,
    /// One JSON object a line.
    Ndjson,
}

impl ExportFormat {
    /// Parses `csv` or `ndjson` (empty is `csv`).
    pub fn parse(text: &str) -> Result<ExportFormat, oversight_search::Error> {
        match text {
            "" | "csv" => Ok(ExportFormat::Csv),
            "ndjson" => Ok(ExportFormat::Ndjson),
            other => Err(oversight_search::Error::InvalidParameter {
                name: "format",
                message: format!(
                    "`{}` is not a format; use csv or ndjson",
                    other.chars().take(40).collect::<String>()
                ),
            }),
        }
    }

    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Ndjson => "ndjson",
        }
    }

    /// The media type.
    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv; charset=utf-8; header=present",
            ExportFormat::Ndjson => "application/x-ndjson",
        }
    }
}

/// Writes export rows to `W` in one format.
pub enum RowWriter<W: Write> {
    /// CSV, the header row written (boxed: the writer carries its buffer and state).
    Csv(Box<csv::Writer<W>>),
    /// NDJSON.
    Ndjson(W),
}

/// A document row as one flat object.
#[derive(Serialize)]
struct DocumentLine<'a> {
    #[serde(flatten)]
    document: &'a ExportedDocument,
    matched_passages: u64,
}

/// A passage row as one flat object.
#[derive(Serialize)]
struct PassageLine<'a> {
    #[serde(flatten)]
    document: &'a ExportedDocument,
    #[serde(flatten)]
    passage: &'a ExportedPassage,
}

impl<W: Write> RowWriter<W> {
    /// A writer of `level` rows in `format` to `out`, which first gets the byte-order mark when
    /// `bom` (CSV only: a JSON text has none) and the CSV header row.
    pub fn new(
        mut out: W,
        format: ExportFormat,
        level: ExportLevel,
        bom: bool,
    ) -> io::Result<RowWriter<W>> {
        match format {
            ExportFormat::Ndjson => Ok(RowWriter::Ndjson(out)),
            ExportFormat::Csv => {
                if bom {
                    out.write_all(BOM)?;
                }
                let mut csv = csv::WriterBuilder::new()
                    .terminator(csv::Terminator::CRLF)
                    .from_writer(out);
                match level {
                    ExportLevel::Document => {
                        csv.write_record(DOCUMENT_COLUMNS).map_err(io_error)?
                    }
                    ExportLevel::Passage => csv.write_record(PASSAGE_COLUMNS).map_err(io_error)?,
                }
                Ok(RowWriter::Csv(Box::new(csv)))
            }
        }
    }

    /// Writes one row.
    pub fn write(&mut self, row: ExportRow<'_>) -> io::Result<()> {
        match self {
            RowWriter::Ndjson(out) => {
                match row {
                    ExportRow::Document {
                        document,
                        matched_passages,
                    } => serde_json::to_writer(
                        &mut *out,
                        &DocumentLine {
                            document,
                            matched_passages,
                        },
                    ),
                    ExportRow::Passage { document, passage } => {
                        serde_json::to_writer(&mut *out, &PassageLine { document, passage })
                    }
                }
                .map_err(io::Error::from)?;
                out.write_all(b"\n")
            }
            RowWriter::Csv(csv) => {
                match row {
                    ExportRow::Document {
                        document,
                        matched_passages,
                    } => {
                        let mut record = document_fields(document);
                        record.push(matched_passages.to_string());
                        csv.write_record(&record).map_err(io_error)?;
                    }
                    ExportRow::Passage { document, passage } => {
                        let mut record = document_fields(document);
                        record.extend([
                            passage.ordinal.to_string(),
                            optional(passage.page.map(|page| page.to_string())),
                            optional(passage.item.clone()),
                            optional(passage.heading.clone()),
                            passage.passage_url.clone(),
                            passage.snippet.clone(),
                            passage.text.clone(),
                        ]);
                        csv.write_record(&record).map_err(io_error)?;
                    }
                }
                Ok(())
            }
        }
    }

    /// Writes what is buffered and gives the output back.
    pub fn finish(self) -> io::Result<W> {
        match self {
            RowWriter::Ndjson(mut out) => {
                out.flush()?;
                Ok(out)
            }
            RowWriter::Csv(csv) => csv
                .into_inner()
                .map_err(|error| io::Error::new(error.error().kind(), error.to_string())),
        }
    }
}

/// The document's columns as CSV fields; themes joined by `;`, absent values empty.
fn document_fields(document: &ExportedDocument) -> Vec<String> {
    vec![
        document.doc_id.clone(),
        document.title.clone(),
        optional(document.force.clone()),
        optional(document.force_name.clone()),
        optional(document.date.clone()),
        document.doc_type.slug().to_string(),
        document.subtype.slug().to_string(),
        document.themes.join(";"),
        optional(document.source_url.clone()),
        document.document_url.clone(),
    ]
}

/// A CSV error as the I/O error it wraps, so that a closed pipe or a gone client keeps its kind.
fn io_error(error: csv::Error) -> io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(error) => error,
        other => io::Error::other(format!("{other:?}")),
    }
}

fn optional(value: Option<String>) -> String {
    value.unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use oversight_schema::model::{DocType, Subtype};

    use super::*;

    fn document() -> ExportedDocument {
        ExportedDocument {
            doc_id: "25322eb33bcda814".to_string(),
            title: "Panel, \"budget\" and\nprecept".to_string(),
            force: Some("dorset".to_string()),
            force_name: Some("Dorset Police".to_string()),
            date: Some("2014-09-26".to_string()),
            doc_type: DocType::Minutes,
            subtype: Subtype::Minutes,
            themes: vec!["victims".to_string(), "custody".to_string()],
            source_url: None,
            document_url: "/api/v1/documents/25322eb33bcda814".to_string(),
        }
    }

    fn passage() -> ExportedPassage {
        ExportedPassage {
            ordinal: 3,
            page: Some(2),
            item: None,
            heading: Some("Budget".to_string()),
            passage_url: "/api/v1/documents/25322eb33bcda814/passages/3".to_string(),
            snippet: "the <mark>precept</mark> rose".to_string(),
            text: "The precept rose, by 2%.".to_string(),
        }
    }

    fn written(format: ExportFormat, level: ExportLevel, bom: bool) -> Vec<u8> {
        let (document, passage) = (document(), passage());
        let mut writer = RowWriter::new(Vec::new(), format, level, bom).expect("a writer");
        let row = match level {
            ExportLevel::Document => ExportRow::Document {
                document: &document,
                matched_passages: 7,
            },
            ExportLevel::Passage => ExportRow::Passage {
                document: &document,
                passage: &passage,
            },
        };
        writer.write(row).expect("a row");
        writer.finish().expect("finished")
    }

    #[test]
    fn csv_has_a_header_crlf_line_ends_and_quotes_what_needs_it() {
        let text = String::from_utf8(written(ExportFormat::Csv, ExportLevel::Passage, false))
            .expect("UTF-8");
        let (header, row) = text.split_once("\r\n").expect("two lines");
        assert_eq!(header, PASSAGE_COLUMNS.join(","));
        assert!(
            row.starts_with("25322eb33bcda814,\"Panel, \"\"budget\"\" and\nprecept\",dorset,"),
            "{row}"
        );
        assert!(row.ends_with(",\"The precept rose, by 2%.\"\r\n"), "{row}");
        assert!(
            row.contains(",victims;custody,,/api/v1/documents/"),
            "{row}"
        );
        assert!(row.contains(",3,2,,Budget,"), "{row}");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let records: Vec<csv::StringRecord> = reader
            .records()
            .collect::<Result<_, _>>()
            .expect("reads back");
        assert_eq!(records.len(), 1);
        assert_eq!(&records[0][1], "Panel, \"budget\" and\nprecept");
        assert_eq!(records[0].len(), PASSAGE_COLUMNS.len());
    }

    #[test]
    fn the_bom_comes_first_only_when_asked() {
        let with = written(ExportFormat::Csv, ExportLevel::Document, true);
        let without = written(ExportFormat::Csv, ExportLevel::Document, false);
        assert_eq!(&with[..3], BOM);
        assert_eq!(&with[3..], &without[..]);
        assert!(without.starts_with(b"doc_id,title,"));
        let ndjson = written(ExportFormat::Ndjson, ExportLevel::Document, true);
        assert_eq!(ndjson.first(), Some(&b'{'));
    }

    #[test]
    fn ndjson_is_one_flat_object_a_line_with_the_csv_columns() {
        for (level, columns) in [
            (ExportLevel::Passage, &PASSAGE_COLUMNS[..]),
            (ExportLevel::Document, &DOCUMENT_COLUMNS[..]),
        ] {
            let text =
                String::from_utf8(written(ExportFormat::Ndjson, level, false)).expect("UTF-8");
            assert_eq!(text.matches('\n').count(), 1, "{text}");
            let object: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            let keys: Vec<&str> = object
                .as_object()
                .expect("an object")
                .keys()
                .map(String::as_str)
                .collect();
            let mut expected = columns.to_vec();
            expected.sort_unstable();
            let mut keys = keys;
            keys.sort_unstable();
            assert_eq!(keys, expected);
            assert_eq!(object["themes"], serde_json::json!(["victims", "custody"]));
            assert_eq!(object["source_url"], serde_json::Value::Null);
        }
    }

    #[test]
    fn unknown_formats_are_refused() {
        assert_eq!(ExportFormat::parse("").ok(), Some(ExportFormat::Csv));
        assert_eq!(
            ExportFormat::parse("ndjson").ok(),
            Some(ExportFormat::Ndjson)
        );
        assert!(ExportFormat::parse("xlsx").is_err());
        assert!(ExportFormat::parse("CSV").is_err());
    }
}
