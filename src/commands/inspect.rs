//! `oversight inspect`: what extraction makes of one file, without touching the index.

use std::io::Write;

use anyhow::{anyhow, bail};
use oversight_indexer::analyze::AnalyzedDocument;
use oversight_indexer::enrich::Enricher;
use oversight_indexer::manifest::Manifest;
use oversight_indexer::pipeline::{Rules, process_file};
use oversight_schema::vocab::Vocabulary;

use crate::cli::InspectArgs;

pub fn run(args: &InspectArgs) -> anyhow::Result<()> {
    if args.file.is_dir() {
        bail!(
            "{} is a folder; inspect reads one file (`oversight index --corpus {}` indexes a folder)",
            args.file.display(),
            args.file.display()
        );
    }
    let vocabulary = Vocabulary::bundled()?;
    let enricher = Enricher::new(&vocabulary);
    let name = args
        .file
        .file_name()
        .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
    let folder = args.file.parent().unwrap_or(std::path::Path::new("."));
    let manifest = Manifest::load(folder, &vocabulary)?;
    let rules = Rules {
        vocabulary: &vocabulary,
        enricher: &enricher,
        manifest: &manifest,
    };
    let document = process_file(&args.file, &[name], &rules)
        .map_err(|reason| anyhow!("{}: {reason}", args.file.display()))?
        .document;
    let mut out = std::io::stdout().lock();
    if args.json {
        let json = serde_json::json!({ "document": document.meta, "passages": document.passages });
        writeln!(out, "{}", serde_json::to_string_pretty(&json)?)?;
    } else {
        print_document(&mut out, &document, &vocabulary)?;
        print_runners_up(&mut out, &document)?;
    }
    Ok(())
}

/// Why the force and the date won over their runners-up.
fn print_runners_up(out: &mut impl Write, document: &AnalyzedDocument) -> std::io::Result<()> {
    if let Some(why) = &document.runners_up.force {
        writeln!(out, "why force: {why}")?;
    }
    if let Some(why) = &document.runners_up.date {
        writeln!(out, "why date:  {why}")?;
    }
    Ok(())
}

/// A force's name for a slug (the slug itself for one the vocabulary does not know).
fn force_name(vocabulary: &Vocabulary, slug: &str) -> String {
    vocabulary
        .force(slug)
        .map_or_else(|| slug.to_string(), |force| force.name.clone())
}

/// A theme's labels along its path: `Victims › Restorative justice`.
fn theme_labels(vocabulary: &Vocabulary, path: &str) -> String {
    path.split('/')
        .filter(|slug| !slug.is_empty())
        .map(|slug| {
            vocabulary
                .theme(slug)
                .map_or_else(|| slug.to_string(), |theme| theme.label.clone())
        })
        .collect::<Vec<_>>()
        .join(" › ")
}

/// The document in readers' words: names and labels, never slugs (`--json` keeps the slugs).
fn print_document(
    out: &mut impl Write,
    document: &AnalyzedDocument,
    vocabulary: &Vocabulary,
) -> std::io::Result<()> {
    let meta = &document.meta;
    let evidence = &meta.evidence;
    writeln!(out, "id:       {}", meta.doc_id)?;
    writeln!(out, "title:    {}  ← {}", meta.title, evidence.title.text)?;
    if let Some(url) = &meta.source_url {
        writeln!(out, "url:      {url}")?;
    }
    let force = meta.force.as_deref().map_or_else(
        || "none (national)".to_string(),
        |slug| force_name(vocabulary, slug),
    );
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
        meta.doc_type.label(),
        evidence.doc_type.text
    )?;
    writeln!(
        out,
        "subtype:  {}  ← {}",
        meta.subtype.label(),
        evidence.subtype.text
    )?;
    let mentions: Vec<String> = meta
        .mentions
        .iter()
        .map(|m| format!("{} ×{}", force_name(vocabulary, &m.force), m.count))
        .collect();
    writeln!(out, "mentions: {}", mentions.join(", "))?;
    for theme in &meta.themes {
        writeln!(
            out,
            "theme:    {} (score {:.1}: {})",
            theme_labels(vocabulary, &theme.path),
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
