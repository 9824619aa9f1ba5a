//! `oversight inspect`: what extraction makes of one file, without touching the index.

use std::io::Write;

use anyhow::anyhow;
use oversight_indexer::analyze::{AnalyzedDocument, analyze};
use oversight_indexer::corpus::content_id;
use oversight_indexer::enrich::{Enricher, date};
use oversight_indexer::manifest::{self, Manifest};
use oversight_indexer::source;
use oversight_schema::vocab::Vocabulary;

use crate::cli::InspectArgs;

pub fn run(args: &InspectArgs) -> anyhow::Result<()> {
    let (bytes, text) = source::read_source(&args.file)
        .map_err(|reason| anyhow!("{}: {reason}", args.file.display()))?;
    let vocabulary = Vocabulary::bundled()?;
    let enricher = Enricher::new(&vocabulary);
    let name = args
        .file
        .file_name()
        .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
    let mut document = analyze(
        &enricher,
        &content_id(&bytes),
        std::slice::from_ref(&name),
        &text.text,
    );
    let folder = args.file.parent().unwrap_or(std::path::Path::new("."));
    let manifest = Manifest::load(folder, &vocabulary)?;
    if let Some(entry) = manifest.entry_for(&[name]) {
        manifest::apply(entry, &mut document.meta, &vocabulary);
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        let json = serde_json::json!({ "document": document.meta, "passages": document.passages });
        writeln!(out, "{}", serde_json::to_string_pretty(&json)?)?;
    } else {
        print_document(&mut out, &document)?;
        print_runners_up(&mut out, &enricher, &text.text, &document)?;
    }
    Ok(())
}

/// Why the force and the date won over their runners-up.
fn print_runners_up(
    out: &mut impl Write,
    enricher: &Enricher,
    text: &str,
    document: &AnalyzedDocument,
) -> std::io::Result<()> {
    let forces = enricher.forces.find(text, document.meta.doc_type);
    if let Some(why) = forces.runner_up {
        writeln!(out, "why force: {why}")?;
    }
    if let Some(why) = date::document_date(text, "").and_then(|found| found.runner_up) {
        writeln!(out, "why date:  {why}")?;
    }
    Ok(())
}

fn print_document(out: &mut impl Write, document: &AnalyzedDocument) -> std::io::Result<()> {
    let meta = &document.meta;
    let evidence = &meta.evidence;
    writeln!(out, "id:       {}", meta.doc_id)?;
    writeln!(out, "title:    {}  ← {}", meta.title, evidence.title.text)?;
    if let Some(url) = &meta.source_url {
        writeln!(out, "url:      {url}")?;
    }
    let force = meta.force.as_deref().unwrap_or("none (national)");
    let force_evidence = evidence
        .force
        .as_ref()
        .map_or("no force claims the document", |e| e.text.as_str());
    writeln!(out, "force:    {force}  ← {force_evidence}")?;
    let date = meta.date.map_or_else(
        || "unknown".to_string(),
        |date| format!("{date} ({})", date.iso()),
    );
    let date_evidence = evidence
        .date
        .as_ref()
        .map_or("no date found", |e| e.text.as_str());
    writeln!(out, "date:     {date}  ← {date_evidence}")?;
    writeln!(
        out,
        "type:     {}  ← {}",
        meta.doc_type, evidence.doc_type.text
    )?;
    let mentions: Vec<String> = meta
        .mentions
        .iter()
        .map(|m| format!("{} ×{}", m.force, m.count))
        .collect();
    writeln!(out, "mentions: {}", mentions.join(", "))?;
    for theme in &meta.themes {
        writeln!(
            out,
            "theme:    {} (score {:.1}: {})",
            theme.path,
            theme.score,
            theme.matched.join(", ")
        )?;
    }
    writeln!(out, "passages: {}", document.passages.len())?;
    for passage in &document.passages {
        let location: Vec<&str> = [passage.item.as_deref(), passage.heading.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        let preview: String = passage
            .text
            .chars()
            .take(70)
            .collect::<String>()
            .replace('\n', " / ");
        let page = passage
            .page
            .map(|page| format!("p. {page} | "))
            .unwrap_or_default();
        writeln!(
            out,
            "  [{:>3}] {page}{} | {preview}",
            passage.ordinal,
            location.join(" › ")
        )?;
    }
    Ok(())
}
