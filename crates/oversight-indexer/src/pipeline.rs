//! The per-file pipeline the build and `oversight inspect` share: read and decode a file
//! ([`crate::source`]), extract its structure, enrich it with metadata and split it into passages
//! ([`crate::analyze`]), then apply what the corpus manifest says about it ([`crate::manifest`]).

use std::path::Path;

use oversight_schema::model::content_id;
use oversight_schema::vocab::Vocabulary;

use crate::analyze::{AnalyzedDocument, analyze};
use crate::enrich::Enricher;
use crate::manifest::{self, Manifest};
use crate::source::{self, Format, SkipReason};

/// What the rules of a run are: the vocabularies, their compiled matchers and the manifest.
pub struct Rules<'a> {
    /// The controlled vocabularies.
    pub vocabulary: &'a Vocabulary,
    /// The enrichment rules compiled from them.
    pub enricher: &'a Enricher,
    /// The corpus manifest (an empty one when there is none).
    pub manifest: &'a Manifest,
}

/// A file as the index holds it.
#[derive(Debug, Clone)]
pub struct ProcessedFile {
    /// The id of the file's content, which is the document's id.
    pub content_id: String,
    /// The format the file was read as.
    pub format: Format,
    /// The length of the decoded text, in bytes.
    pub text_bytes: usize,
    /// The document: metadata with evidence, and its passages.
    pub document: AnalyzedDocument,
}

/// Reads `path` and makes the document the index holds of it: `sources` are the files (relative
/// to the corpus) the document is known by, the first used for the manifest entry and the title of
/// last resort. A file that cannot be indexed gives the reason, as the run reports it.
pub fn process_file(
    path: &Path,
    sources: &[String],
    rules: &Rules<'_>,
) -> Result<ProcessedFile, SkipReason> {
    let (bytes, text) = source::read_source(path)?;
    let id = content_id(&bytes);
    let mut document = analyze(rules.enricher, &id, sources, &text.text);
    document.meta.encoding = text.encoding().map(str::to_string);
    if let Some(entry) = rules.manifest.entry_for(sources) {
        manifest::apply(entry, &mut document.meta, rules.vocabulary);
    }
    Ok(ProcessedFile {
        content_id: id,
        format: text.format,
        text_bytes: text.text.len(),
        document,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PANEL: &str = "Police and Crime Panel\n\nMinutes of the meeting held on 4 February 2022.\n\n\
        1. The panel reviewed the proposed precept of the Devon and Cornwall commissioner.\n";

    #[test]
    fn a_file_becomes_its_document_with_the_manifest_applied() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("panel.txt"), PANEL).expect("write");
        let vocabulary = Vocabulary::bundled().expect("vocabulary");
        let enricher = Enricher::new(&vocabulary);
        let manifest = Manifest::parse(
            "[[document]]\nfile = \"panel.txt\"\ntitle = \"The panel of February\"\n",
            &vocabulary,
        )
        .expect("manifest");
        let rules = Rules {
            vocabulary: &vocabulary,
            enricher: &enricher,
            manifest: &manifest,
        };
        let sources = vec!["panel.txt".to_string()];
        let processed =
            process_file(&dir.path().join("panel.txt"), &sources, &rules).expect("processed");
        assert_eq!(processed.content_id, content_id(PANEL.as_bytes()));
        assert_eq!(processed.format, Format::Text);
        assert_eq!(processed.text_bytes, PANEL.len());
        let meta = &processed.document.meta;
        assert_eq!(meta.doc_id, processed.content_id);
        assert_eq!(meta.sources, sources);
        assert_eq!(meta.encoding.as_deref(), Some("UTF-8"));
        assert_eq!(meta.title, "The panel of February");
        assert_eq!(
            meta.date.map(|date| date.iso()).as_deref(),
            Some("2022-02-04")
        );
        assert!(
            processed
                .document
                .passages
                .iter()
                .any(|passage| passage.text.contains("precept"))
        );
    }

    #[test]
    fn a_file_that_cannot_be_indexed_says_why() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("empty.txt"), " \n").expect("write");
        let vocabulary = Vocabulary::bundled().expect("vocabulary");
        let enricher = Enricher::new(&vocabulary);
        let rules = Rules {
            vocabulary: &vocabulary,
            enricher: &enricher,
            manifest: &Manifest::default(),
        };
        let error = process_file(&dir.path().join("empty.txt"), &[], &rules).err();
        assert_eq!(error, Some(SkipReason::Empty));
    }
}
