//! The per-document pipeline: decoded text → blocks → metadata and passages.

use oversight_schema::model::{DocDate, DocumentMeta, Evidence, MetadataEvidence, Passage};

use crate::enrich::themes::ThemeTally;
use crate::enrich::{Enricher, date, title};
use crate::extract;

/// How many leading lines are handed to title detection.
const COVER_LINES: usize = 12;

/// A document ready to be indexed.
#[derive(Debug, Clone)]
pub struct AnalyzedDocument {
    /// Its metadata.
    pub meta: DocumentMeta,
    /// Its passages, in order.
    pub passages: Vec<Passage>,
}

/// Reads metadata and passages out of a document's text.
pub fn analyze(
    enricher: &Enricher,
    doc_id: &str,
    sources: &[String],
    text: &str,
) -> AnalyzedDocument {
    let blocks = extract::parse_blocks(text);
    let (doc_type, doc_type_evidence) = enricher.doc_types.classify(text);
    let forces = enricher.forces.find(text, doc_type);
    let cover = extract::cover_lines(text, COVER_LINES);
    let found_date = date::document_date(text, "");
    let (title, title_evidence) = title::document_title(
        &cover,
        doc_type,
        found_date.as_ref().map(|found| &found.date),
    )
    .unwrap_or_else(|| fallback_title(text, sources));
    let found_date = found_date.or_else(|| date::document_date("", &title));

    let mut passages = crate::split::split(&blocks);
    let mut document_tally = ThemeTally::default();
    for passage in &mut passages {
        let tally = enricher.themes.tally(&passage.text);
        passage.themes = enricher.themes.passage_themes(&tally);
        document_tally.absorb(&tally);
    }
    let themes = enricher.themes.document_themes(&document_tally);
    let date: Option<DocDate> = found_date.as_ref().map(|found| found.date);
    let (force, force_evidence) = match forces.owner {
        Some((slug, evidence)) => (Some(slug), Some(Evidence::from_text(evidence))),
        None => (None, None),
    };
    let meta = DocumentMeta {
        doc_id: doc_id.to_string(),
        title,
        force,
        mentions: forces.mentions,
        date,
        doc_type,
        themes,
        sources: sources.to_vec(),
        evidence: MetadataEvidence {
            title: Evidence::from_text(title_evidence),
            force: force_evidence,
            date: found_date.map(|found| Evidence::from_text(found.evidence)),
            doc_type: Evidence::from_text(doc_type_evidence),
        },
        passage_count: u32::try_from(passages.len()).unwrap_or(u32::MAX),
        text_chars: text.chars().count() as u64,
    };
    AnalyzedDocument { meta, passages }
}

/// With no cover to read, the first words of the text, or else the file name, stand as the title.
fn fallback_title(text: &str, sources: &[String]) -> (String, String) {
    let first_line = text
        .lines()
        .map(extract::clean_line)
        .find(|line| line.chars().any(char::is_alphabetic));
    match first_line {
        Some(line) => {
            let words: Vec<&str> = line.split_whitespace().take(12).collect();
            let mut title = words.join(" ");
            if line.split_whitespace().count() > 12 {
                title.push('…');
            }
            (
                title,
                "the first words of the text (no title found)".to_string(),
            )
        }
        None => {
            let name = sources.first().cloned().unwrap_or_default();
            (
                name,
                "the file name (no title found in the text)".to_string(),
            )
        }
    }
}
