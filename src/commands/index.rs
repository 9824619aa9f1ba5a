//! `oversight index`: build or update the index and print a summary.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use oversight_indexer::{IndexOptions, IndexReport};
use oversight_schema::vocab::Vocabulary;

use crate::cli::{DEFAULT_CORPUS, IndexArgs};
use crate::plural::counted;
use crate::progress_bar::IndexingBar;

pub fn run(args: &IndexArgs) -> anyhow::Result<()> {
    let report = index(args)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&report_json(&report))?
        )?;
    } else {
        print_summary(&mut out, &report)?;
    }
    Ok(())
}

/// Runs the indexer with the options of `args`.
pub fn index(args: &IndexArgs) -> anyhow::Result<IndexReport> {
    let vocabulary = Vocabulary::bundled().context("the bundled vocabularies are invalid")?;
    let corpus = args.corpus.as_deref().unwrap_or(Path::new(DEFAULT_CORPUS));
    let mut options = IndexOptions::new(corpus, &args.location.index);
    options.corpus_is_default = args.corpus.is_none();
    options.rebuild = args.rebuild;
    options.threads = args.threads;
    let bar = IndexingBar::new();
    let report = oversight_indexer::run(&options, &vocabulary, &bar)?;
    Ok(report)
}

fn print_summary(out: &mut impl Write, report: &IndexReport) -> std::io::Result<()> {
    let action = if !report.committed {
        "index already up to date"
    } else if report.rebuilt {
        "built"
    } else {
        "updated"
    };
    writeln!(
        out,
        "{action}: generation {}: {}, {} ({} added, {} updated, {} removed, {} unchanged) in {:.2}s",
        report.generation,
        counted(report.documents, "document"),
        counted(report.passages, "passage"),
        report.added,
        report.updated,
        report.removed,
        report.unchanged,
        report.elapsed.as_secs_f64()
    )?;
    if !report.skipped.is_empty() {
        let skipped = counted(report.skipped.len() as u64, "file");
        writeln!(out, "skipped {skipped}:")?;
        for skipped in &report.skipped {
            writeln!(out, "  {}: {}", skipped.path, skipped.reason)?;
        }
    }
    Ok(())
}

fn report_json(report: &IndexReport) -> serde_json::Value {
    serde_json::json!({
        "generation": report.generation,
        "rebuilt": report.rebuilt,
        "committed": report.committed,
        "documents": report.documents,
        "passages": report.passages,
        "added": report.added,
        "updated": report.updated,
        "removed": report.removed,
        "unchanged": report.unchanged,
        "skipped": report.skipped.iter().map(|skipped| serde_json::json!({
            "path": skipped.path,
            "reason": skipped.reason,
        })).collect::<Vec<_>>(),
        "elapsed_seconds": report.elapsed.as_secs_f64(),
    })
}
