//! The per-document pipeline: decoded text → blocks → metadata and passages.

use oversight_schema::model::{DocDate, DocumentMeta, Evidence, MetadataEvidence, Passage};

use crate::enrich::themes::ThemeTally;
use crate::enrich::{Enricher, date, themes, title};
use crate::extract;

/// The longest title kept (a "word" of a million characters is no title).
const MAX_TITLE_CHARS: usize = 300;
/// How many leading lines are handed to title detection.
const COVER_LINES: usize = 12;

/// A document ready to be indexed.
#[derive(Debug, Clone)]
pub struct AnalyzedDocument {
    /// Its metadata.
    pub meta: DocumentMeta,
    /// Its passages, in order.
    pub passages: Vec<Passage>,
    /// Why the force and the date won over their runners-up, for `inspect`: not indexed.
    pub runners_up: RunnersUp,
}

/// Why a value won over the next best candidate, when there was one.
#[derive(Debug, Clone, Default)]
pub struct RunnersUp {
    /// The force's margin over the next force.
    pub force: Option<String>,
    /// The date's margin over the next date.
    pub date: Option<String>,
}

/// Reads metadata and passages out of a document's text.
pub fn analyze(
    enricher: &Enricher,
    doc_id: &str,
    sources: &[String],
    text: &str,
) -> AnalyzedDocument {
    let blocks = extract::parse_blocks(text);
    let classified = enricher.doc_types.classify(text);
    let doc_type = classified.doc_type;
    let forces = enricher.forces.find(text, doc_type);
    let cover = extract::cover_lines(text, COVER_LINES);
    let found_date = date::document_date(text, "");
    let (title, title_evidence) = title::document_title(
        &cover,
        doc_type,
        found_date.as_ref().map(|found| &found.date),
    )
    .unwrap_or_else(|| fallback_title(text, sources));
    let title = clip(&title, MAX_TITLE_CHARS);
    let title_evidence = clip(&title_evidence, MAX_TITLE_CHARS);
    let found_date = found_date.or_else(|| date::document_date("", &title));

    let mut passages = crate::split::split(&blocks);
    let mut document_tally = ThemeTally::default();
    for passage in &mut passages {
        let tally = enricher.themes.tally(&passage.text);
        passage.themes = enricher.themes.passage_themes(&tally);
        document_tally.absorb(&tally);
    }
    let whole_items = themes::themes_of_whole_items(&passages);
    let themes = enricher
        .themes
        .document_themes(&document_tally, &whole_items);
    let date: Option<DocDate> = found_date.as_ref().map(|found| found.date);
    let runners_up = RunnersUp {
        force: forces.runner_up,
        date: found_date
            .as_ref()
            .and_then(|found| found.runner_up.clone()),
    };
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
        subtype: classified.subtype,
        themes,
        sources: sources.to_vec(),
        near_copies: Vec::new(),
        source_url: None,
        encoding: None,
        evidence: MetadataEvidence {
            title: Evidence::from_text(title_evidence),
            force: force_evidence,
            date: found_date.map(|found| Evidence::from_text(found.evidence)),
            doc_type: Evidence::from_text(classified.doc_type_evidence),
            subtype: Evidence::from_text(classified.subtype_evidence),
        },
        passage_count: u32::try_from(passages.len()).unwrap_or(u32::MAX),
        text_chars: text.chars().count() as u64,
    };
    AnalyzedDocument {
        meta,
        passages,
        runners_up,
    }
}

/// `text` cut to at most `max_chars` characters, an ellipsis marking the cut.
fn clip(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        None => text.to_string(),
        Some((end, _)) => format!("{}…", &text[..end]),
    }
}

/// With no cover to read, the first words of the text, or else the file name, stand as the title.
fn fallback_title(text: &str, sources: &[String]) -> (String, String) {
    let first_line = text
        .lines()
        .map(extract::clean_line)
        .find(|line| line.chars().any(char::is_alphabetic) && !title::is_chrome(line));
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use oversight_schema::model::DocType;
    use oversight_schema::vocab::Vocabulary;

    use super::*;
    use crate::source::{Format, decode};

    fn analyze_fixture(name: &str, bytes: &[u8]) -> AnalyzedDocument {
        let source = decode(Path::new(name), bytes).expect("decodes");
        let enricher = Enricher::new(&Vocabulary::bundled().expect("vocabulary"));
        analyze(
            &enricher,
            "0000000000000000",
            &[name.to_string()],
            &source.text,
        )
    }

    #[test]
    fn a_moderngov_committee_page_reads_as_minutes_split_into_its_numbered_minutes() {
        let bytes =
            include_bytes!("../../../tests/fixtures/html/moderngov-devon-and-cornwall-panel.html");
        let document = analyze_fixture("agenda.html", bytes);
        let meta = &document.meta;
        assert_eq!(meta.doc_type, DocType::Minutes);
        assert_eq!(meta.force.as_deref(), Some("devon-and-cornwall"));
        assert_eq!(
            meta.date.map(|date| date.iso()).as_deref(),
            Some("2022-02-04")
        );
        assert_eq!(
            meta.title,
            "Devon and Cornwall Police and Crime Panel – 4 February 2022"
        );
        let precept = document
            .passages
            .iter()
            .find(|passage| passage.text.contains("Band D"))
            .expect("the precept minute");
        assert_eq!(
            precept.heading.as_deref(),
            Some("15/21 POLICE AND CRIME COMMISSIONER'S PROPOSED POLICE PRECEPT 2022/23")
        );
        assert!(
            precept.text.contains("£10 a year")
                && precept.text.contains("rural communities & coastal")
        );
        let all_text: String = document
            .passages
            .iter()
            .map(|passage| passage.text.as_str())
            .collect();
        for chrome in [
            "cookies",
            "dataLayer",
            "Council and democracy",
            "Accessibility",
            "Committees",
        ] {
            assert!(!all_text.contains(chrome), "{chrome} leaked into the text");
        }
    }

    #[test]
    fn a_windows_1252_page_decodes_its_pound_signs_and_quotes() {
        let bytes = include_bytes!("../../../tests/fixtures/html/windows-1252-dorset-budget.html");
        let source = decode(Path::new("budget.html"), bytes).expect("decodes");
        assert_eq!(source.format, Format::Html);
        assert!(
            source.text.contains("Commissioner’s budget of £130.2m"),
            "{}",
            source.text
        );
        assert!(source.text.contains("café"));
        let document = analyze_fixture("budget.html", bytes);
        assert_eq!(document.meta.force.as_deref(), Some("dorset"));
        assert_eq!(
            document.meta.date.map(|date| date.iso()).as_deref(),
            Some("2019-03-14")
        );
        assert_eq!(
            document.meta.title,
            "Police and Crime Panel – Budget Monitoring Report"
        );
    }

    #[test]
    fn a_text_that_is_one_huge_word_gets_a_short_title() {
        let enricher = Enricher::new(&Vocabulary::bundled().expect("vocabulary"));
        let word = "x".repeat(1_000_000);
        let analyzed = analyze(
            &enricher,
            "0000000000000000",
            &["word.txt".to_string()],
            &word,
        );
        assert!(analyzed.meta.title.chars().count() <= MAX_TITLE_CHARS + 1);
        assert!(analyzed.meta.title.ends_with('…'));
        assert!(
            analyzed
                .passages
                .iter()
                .all(|passage| passage.text.len() <= 2_000)
        );
    }
}
