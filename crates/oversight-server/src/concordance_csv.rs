//! The concordance as CSV (RFC 4180, a header row, one record per mention), written the same way
//! by the HTTP route and by `oversight concordance --csv`.

use std::io::Write;

use oversight_search::concordance::ConcordanceRow;

/// The columns, in order.
pub const HEADER: [&str; 15] = [
    "doc_id",
    "title",
    "force",
    "force_name",
    "date",
    "ordinal",
    "page",
    "item",
    "heading",
    "offset",
    "left",
    "match",
    "right",
    "expansion",
    "url",
];

/// Writes mentions as CSV records after the header row.
pub struct CsvRows<W: Write> {
    writer: csv::Writer<W>,
}

impl<W: Write> CsvRows<W> {
    /// A writer into `out` that has written the header row.
    pub fn new(out: W) -> csv::Result<CsvRows<W>> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(HEADER)?;
        Ok(CsvRows { writer })
    }

    /// Writes one mention.
    pub fn write(&mut self, row: &ConcordanceRow) -> csv::Result<()> {
        self.writer.write_record(record(row))
    }

    /// Writes out what is buffered.
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.writer.flush()
    }
}

/// One mention as a CSV record, in the order of [`HEADER`].
fn record(row: &ConcordanceRow) -> [String; 15] {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let number = |value: Option<u64>| value.map_or_else(String::new, |value| value.to_string());
    [
        row.doc_id.clone(),
        row.title.clone(),
        text(&row.force),
        text(&row.force_name),
        text(&row.date),
        row.location.ordinal.to_string(),
        number(row.location.page),
        text(&row.location.item),
        text(&row.location.heading),
        row.offset.to_string(),
        row.left.clone(),
        row.matched.clone(),
        row.right.clone(),
        row.expansion.to_string(),
        row.url.clone(),
    ]
}

#[cfg(test)]
mod tests {
    use oversight_search::PassageLocation;

    use super::*;

    #[test]
    fn fields_with_commas_quotes_and_no_value_are_written_as_rfc_4180_says() {
        let row = ConcordanceRow {
            doc_id: "25322eb33bcda814".to_string(),
            title: "Panel, \"minutes\"".to_string(),
            force: None,
            force_name: None,
            date: Some("2014-09-26".to_string()),
            location: PassageLocation {
                ordinal: 3,
                item: None,
                heading: Some("Item 6".to_string()),
                page: Some(2),
            },
            offset: 40,
            left: "the pilot of".to_string(),
            matched: "naloxone".to_string(),
            right: "kits, in custody".to_string(),
            expansion: false,
            url: "/api/v1/documents/25322eb33bcda814/passages/3".to_string(),
        };
        let mut out = Vec::new();
        let mut rows = CsvRows::new(&mut out).expect("header");
        rows.write(&row).expect("row");
        rows.flush().expect("flush");
        drop(rows);
        let text = String::from_utf8(out).expect("UTF-8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], HEADER.join(","));
        assert_eq!(
            lines[1],
            "25322eb33bcda814,\"Panel, \"\"minutes\"\"\",,,2014-09-26,3,2,,Item 6,40,the pilot of,\
             naloxone,\"kits, in custody\",false,/api/v1/documents/25322eb33bcda814/passages/3"
        );
    }
}
