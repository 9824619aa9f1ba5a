//! `oversight concordance`: every mention of a query in the matching documents, as aligned
//! key-word-in-context lines (the left context right-aligned, so the mentions form a column) or
//! as CSV.

use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;

use anyhow::anyhow;
use oversight_schema::vocab::Vocabulary;
use oversight_search::concordance::{
    ConcordanceRequest, ConcordanceRow, ConcordanceSort, DEFAULT_LIMIT, ValidConcordance,
};
use oversight_search::{Error, SearchEngine};
use oversight_server::concordance_csv::CsvRows;

use super::search_flags::valid_filtered_search;
use crate::cli::ConcordanceArgs;
use crate::plural::counted;

pub fn run(args: &ConcordanceArgs) -> anyhow::Result<()> {
    let vocabulary = Vocabulary::bundled()?;
    let request = valid_concordance(args, &vocabulary)?;
    let engine = SearchEngine::open(&args.location.index, vocabulary)?;
    let mut out = std::io::stdout().lock();
    if args.csv {
        let mut rows = CsvRows::new(&mut out)?;
        let mut failed = None;
        engine.concordance_rows(&request, &mut |row| match rows.write(&row) {
            Ok(()) => ControlFlow::Continue(()),
            Err(error) => {
                failed = Some(error);
                ControlFlow::Break(())
            }
        })?;
        if let Some(error) = failed {
            return Err(error.into());
        }
        rows.flush()?;
        return Ok(());
    }
    let mut rows = Vec::new();
    engine.concordance_rows(&request, &mut |row| {
        rows.push(row);
        ControlFlow::Continue(())
    })?;
    let highlight = if std::io::stdout().is_terminal() {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("**", "**")
    };
    print_lines(&mut out, &args.query, &rows, highlight)?;
    Ok(())
}

/// The request the flags ask for: the search's filters checked as `oversight search` checks
/// them (forces by name, refusals naming the flags), then the concordance's own flags.
fn valid_concordance(
    args: &ConcordanceArgs,
    vocabulary: &Vocabulary,
) -> anyhow::Result<ValidConcordance> {
    let search = valid_filtered_search(&args.query, &args.filters, vocabulary)?;
    let request = ConcordanceRequest {
        search: search.request().clone(),
        context: args.context,
        sort: ConcordanceSort::parse(&args.sort).map_err(in_flag_words)?,
        cursor: None,
        limit: DEFAULT_LIMIT,
    };
    request.validate(vocabulary).map_err(in_flag_words)
}

/// A refusal of a concordance flag, naming the flag.
fn in_flag_words(error: Error) -> anyhow::Error {
    match error {
        Error::InvalidParameter { name: "q", message } => anyhow!("invalid QUERY: {message}"),
        Error::InvalidParameter { name, message } => anyhow!("invalid `--{name}`: {message}"),
        other => other.into(),
    }
}

/// The summary line, then one line per mention: where it is, the left context right-aligned, the
/// mention marked, the right context.
fn print_lines(
    out: &mut impl Write,
    query: &str,
    rows: &[ConcordanceRow],
    (open, close): (&str, &str),
) -> std::io::Result<()> {
    let mut documents: Vec<&str> = rows.iter().map(|row| row.doc_id.as_str()).collect();
    documents.sort_unstable();
    documents.dedup();
    writeln!(
        out,
        "“{query}”: {} in {}",
        counted(rows.len() as u64, "mention"),
        counted(documents.len() as u64, "document")
    )?;
    let width = rows
        .iter()
        .map(|row| row.left.chars().count())
        .max()
        .unwrap_or(0);
    for row in rows {
        let date = row.date.as_deref().unwrap_or("undated");
        let expansion = if row.expansion { " (expansion)" } else { "" };
        writeln!(
            out,
            "{date:<10} {} {:>5}  {:>width$}  {open}{}{close}  {}{expansion}",
            row.doc_id,
            format!("#{}", row.location.ordinal),
            row.left,
            row.matched,
            row.right,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use oversight_search::PassageLocation;

    use super::*;

    fn row(left: &str, matched: &str, right: &str) -> ConcordanceRow {
        ConcordanceRow {
            doc_id: "25322eb33bcda814".to_string(),
            title: "Panel".to_string(),
            force: None,
            force_name: None,
            date: Some("2014-09-26".to_string()),
            location: PassageLocation {
                ordinal: 3,
                item: None,
                heading: None,
                page: None,
            },
            offset: 0,
            left: left.to_string(),
            matched: matched.to_string(),
            right: right.to_string(),
            expansion: false,
            url: String::new(),
        }
    }

    #[test]
    fn the_mentions_line_up_in_one_column() {
        let rows = [
            row("the pilot of", "naloxone", "kits"),
            row("a", "Naloxone", "in custody"),
        ];
        let mut out = Vec::new();
        print_lines(&mut out, "naloxone", &rows, ("[", "]")).expect("printed");
        let text = String::from_utf8(out).expect("UTF-8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "“naloxone”: 2 mentions in 1 document");
        let columns: Vec<usize> = lines[1..]
            .iter()
            .map(|line| line.find('[').expect("a mark"))
            .collect();
        assert_eq!(columns[0], columns[1], "{text}");
        assert!(lines[2].contains("  a  [Naloxone]  in custody"), "{text}");
    }
}
