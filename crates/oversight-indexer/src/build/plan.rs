//! The plan of a run: which documents of the corpus to write (new, or replacing the version
//! indexed), which indexed documents to delete (their files are gone) and how many are unchanged.

use std::collections::{BTreeMap, HashSet};

use oversight_schema::Fields;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, Searcher, TantivyError};

use crate::corpus::CorpusDocument;
use crate::manifest::{Manifest, ManifestEntry};
use crate::{Error, Result};

/// What the published index holds: the ids and the revisions of its live documents.
#[derive(Debug, Default)]
pub struct Indexed {
    /// Document ids.
    pub ids: HashSet<String>,
    /// Document revisions.
    pub revisions: HashSet<String>,
}

impl Indexed {
    /// Reads them from the index.
    pub fn read(searcher: &Searcher, fields: &Fields) -> Result<Indexed> {
        Ok(Indexed {
            ids: alive_terms(searcher, fields.doc_id)?,
            revisions: alive_terms(searcher, fields.revision)?,
        })
    }
}

/// A document to write.
#[derive(Debug, Clone)]
pub struct PlannedWrite {
    /// The document.
    pub document: CorpusDocument,
    /// Its revision.
    pub revision: String,
    /// Whether a version of it is indexed, which the write replaces.
    pub replaces: bool,
}

/// What a run writes and deletes.
#[derive(Debug, Default)]
pub struct Plan {
    /// Documents to write.
    pub to_write: Vec<PlannedWrite>,
    /// Ids of indexed documents whose files are gone.
    pub removed: Vec<String>,
    /// Documents indexed as they are.
    pub unchanged: usize,
}

impl Plan {
    /// Whether the run has nothing to write or delete.
    pub fn is_empty(&self) -> bool {
        self.to_write.is_empty() && self.removed.is_empty()
    }
}

/// Compares the corpus's documents with the indexed ones.
pub fn plan(
    documents: &BTreeMap<String, CorpusDocument>,
    indexed: &Indexed,
    pipeline: &str,
    manifest: &Manifest,
) -> Result<Plan> {
    let mut plan = Plan::default();
    for document in documents.values() {
        let revision = revision(
            document,
            pipeline,
            manifest.entry_for(&document.all_sources()),
        )?;
        if indexed.revisions.contains(&revision) {
            plan.unchanged += 1;
        } else {
            plan.to_write.push(PlannedWrite {
                document: document.clone(),
                revision,
                replaces: indexed.ids.contains(&document.doc_id),
            });
        }
    }
    let mut removed: Vec<String> = indexed
        .ids
        .iter()
        .filter(|doc_id| !documents.contains_key(*doc_id))
        .cloned()
        .collect();
    removed.sort();
    plan.removed = removed;
    Ok(plan)
}

/// The revision of a document: changes when its content, its sources, its near copies, its
/// manifest entry or the pipeline change.
fn revision(
    document: &CorpusDocument,
    pipeline: &str,
    entry: Option<&ManifestEntry>,
) -> Result<String> {
    let mut hasher = blake3::Hasher::new();
    hasher.update(document.doc_id.as_bytes());
    hasher.update(pipeline.as_bytes());
    if let Some(entry) = entry {
        let entry = serde_json::to_string(entry).map_err(|source| Error::Serialization {
            what: "a manifest entry",
            source,
        })?;
        hasher.update(entry.as_bytes());
    }
    for source in &document.sources {
        hasher.update(b"\0");
        hasher.update(source.as_bytes());
    }
    for copy in &document.near_copies {
        hasher.update(b"\x01");
        hasher.update(copy.content_id.as_bytes());
        for source in &copy.sources {
            hasher.update(b"\0");
            hasher.update(source.as_bytes());
        }
    }
    Ok(hasher.finalize().to_hex()[..16].to_string())
}

/// Every term of `field` that at least one live document carries.
fn alive_terms(searcher: &Searcher, field: Field) -> Result<HashSet<String>> {
    let mut terms = HashSet::new();
    for segment_reader in searcher.segment_readers() {
        let inverted_index = segment_reader.inverted_index(field)?;
        let mut stream = inverted_index
            .terms()
            .stream()
            .map_err(TantivyError::from)?;
        while stream.advance() {
            let alive = match segment_reader.alive_bitset() {
                None => true,
                Some(alive_bitset) => {
                    let mut postings = inverted_index
                        .read_postings_from_terminfo(stream.value(), IndexRecordOption::Basic)
                        .map_err(TantivyError::from)?;
                    let mut any_alive = false;
                    while postings.doc() != tantivy::TERMINATED {
                        if alive_bitset.is_alive(postings.doc()) {
                            any_alive = true;
                            break;
                        }
                        postings.advance();
                    }
                    any_alive
                }
            };
            if alive {
                terms.insert(String::from_utf8_lossy(stream.key()).into_owned());
            }
        }
    }
    Ok(terms)
}

#[cfg(test)]
mod tests {
    use oversight_schema::vocab::Vocabulary;

    use super::*;

    fn document(doc_id: &str, sources: &[&str]) -> CorpusDocument {
        CorpusDocument {
            doc_id: doc_id.to_string(),
            sources: sources.iter().map(|source| source.to_string()).collect(),
            near_copies: Vec::new(),
            signatures: Vec::new(),
        }
    }

    fn corpus(documents: &[CorpusDocument]) -> BTreeMap<String, CorpusDocument> {
        documents
            .iter()
            .map(|document| (document.doc_id.clone(), document.clone()))
            .collect()
    }

    #[test]
    fn new_changed_unchanged_and_gone_documents_are_told_apart() {
        let manifest = Manifest::default();
        let kept = document("000000000000000a", &["kept.txt"]);
        let moved = document("000000000000000b", &["moved.txt"]);
        let indexed = Indexed {
            ids: ["000000000000000a", "000000000000000b", "000000000000000c"]
                .map(String::from)
                .into(),
            revisions: [
                revision(&kept, "p1", None).expect("revision"),
                revision(&document("000000000000000b", &["old.txt"]), "p1", None)
                    .expect("revision"),
            ]
            .into(),
        };
        let new = document("000000000000000d", &["new.txt"]);
        let plan = plan(&corpus(&[kept, moved, new]), &indexed, "p1", &manifest).expect("plan");
        assert_eq!(plan.unchanged, 1);
        let written: Vec<(&str, bool)> = plan
            .to_write
            .iter()
            .map(|write| (write.document.doc_id.as_str(), write.replaces))
            .collect();
        assert_eq!(
            written,
            [("000000000000000b", true), ("000000000000000d", false)]
        );
        assert_eq!(plan.removed, ["000000000000000c"]);
        assert!(!plan.is_empty());
    }

    #[test]
    fn a_revision_changes_with_the_pipeline_the_sources_and_the_manifest() {
        let vocabulary = Vocabulary::bundled().expect("vocabulary");
        let manifest = Manifest::parse(
            "[[document]]\nfile = \"a.txt\"\ntitle = \"Minutes\"\n",
            &vocabulary,
        )
        .expect("manifest");
        let one = document("000000000000000a", &["a.txt"]);
        let base = revision(&one, "p1", None).expect("revision");
        assert_eq!(base, revision(&one, "p1", None).expect("revision"));
        assert_ne!(base, revision(&one, "p2", None).expect("revision"));
        assert_ne!(
            base,
            revision(
                &document("000000000000000a", &["a.txt", "b.txt"]),
                "p1",
                None
            )
            .expect("revision")
        );
        let entry = manifest.entry_for(&one.sources);
        assert!(entry.is_some());
        assert_ne!(base, revision(&one, "p1", entry).expect("revision"));
    }
}
