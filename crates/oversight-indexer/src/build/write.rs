//! Writing documents: each through the per-file pipeline ([`crate::pipeline`]) into tantivy's
//! queue, in parallel and within a budget of queued bytes. A document that replaces an indexed
//! version deletes it in the same batch as its new passages, so a document that fails (its file
//! changed or became unreadable since the scan) keeps the version already indexed.

use std::path::Path;
use std::sync::{Arc, Mutex};

use oversight_schema::Fields;
use rayon::prelude::*;
use tantivy::indexer::UserOperation;
use tantivy::{Index, IndexWriter, Searcher, TantivyDocument, TantivyError, Term};

use super::IndexOptions;
use super::delete::passages_of;
use super::merge_policy::BoundedMergePolicy;
use super::plan::PlannedWrite;
use super::queue_budget::{QueueBudget, QueuedPassage};
use crate::corpus::SkippedFile;
use crate::near_dup;
use crate::passage_docs::passage_documents;
use crate::pipeline::{Rules, process_file};
use crate::progress::Progress;
use crate::{Error, Result};

/// Bytes of analysed passages that may wait in tantivy's queue at once (see [`QueueBudget`]).
const QUEUED_BYTES_LIMIT: usize = 96 * 1024 * 1024;

/// What writing the planned documents did.
#[derive(Debug, Default, PartialEq)]
pub struct Written {
    /// New documents written.
    pub added: usize,
    /// Documents written in place of their indexed version.
    pub replaced: usize,
    /// Documents written that have at least one passage.
    pub documents_with_passages: usize,
    /// Passages written.
    pub passages: u64,
    /// Passages of the replaced versions, deleted.
    pub replaced_passages: u64,
    /// Documents not written, with the reason; a replaced one keeps its indexed version.
    pub skipped: Vec<SkippedFile>,
}

/// One document's outcome.
enum Outcome {
    Written {
        passages: u64,
        replaced_passages: u64,
    },
    Skipped(SkippedFile),
}

/// What writing a document needs.
pub struct WriteContext<'a, 'r> {
    writer: &'a IndexWriter<QueuedPassage>,
    searcher: &'a Searcher,
    fields: &'a Fields,
    rules: &'a Rules<'r>,
    corpus: &'a Path,
    queue_budget: Arc<QueueBudget>,
}

impl<'a, 'r> WriteContext<'a, 'r> {
    /// Writes through `writer`, replacing versions `searcher` reads.
    pub fn new(
        writer: &'a IndexWriter<QueuedPassage>,
        searcher: &'a Searcher,
        fields: &'a Fields,
        rules: &'a Rules<'r>,
        corpus: &'a Path,
    ) -> WriteContext<'a, 'r> {
        WriteContext {
            writer,
            searcher,
            fields,
            rules,
            corpus,
            queue_budget: QueueBudget::new(QUEUED_BYTES_LIMIT),
        }
    }

    /// Reads, analyses and queues one document (and the deletion of the version it replaces).
    fn write(&self, planned: &PlannedWrite) -> Result<Outcome> {
        let document = &planned.document;
        let Some(first_source) = document.sources.first() else {
            return Ok(Outcome::Written {
                passages: 0,
                replaced_passages: 0,
            });
        };
        let skip = |reason: String| {
            Outcome::Skipped(SkippedFile {
                path: first_source.clone(),
                reason,
            })
        };
        let all_sources = document.all_sources();
        let processed =
            match process_file(&self.corpus.join(first_source), &all_sources, self.rules) {
                Ok(processed) => processed,
                Err(reason) => return Ok(skip(reason.to_string())),
            };
        if processed.content_id != document.doc_id {
            return Ok(skip(
                "changed while being indexed; run `oversight index` again".to_string(),
            ));
        }
        let mut analyzed = processed.document;
        analyzed.meta.near_copies = document.near_copies.clone();
        let mut passages: Vec<TantivyDocument> = passage_documents(
            self.fields,
            self.rules.vocabulary,
            &analyzed,
            &planned.revision,
        )?;
        if let Some(first) = passages.first_mut() {
            first.add_bytes(
                self.fields.contents,
                &near_dup::encode_contents(&document.signatures)?,
            );
        }
        let replaced_passages = if planned.replaces {
            passages_of(self.searcher, self.fields, &document.doc_id)?
        } else {
            0
        };
        let written = passages.len() as u64;
        let reservation = self
            .queue_budget
            .reserve(queued_size(processed.text_bytes, passages.len()));
        // The deletion takes the opstamp before the new passages, so it removes only the old ones.
        let deletion = planned.replaces.then(|| {
            UserOperation::Delete(Term::from_field_text(self.fields.doc_id, &document.doc_id))
        });
        let operations: Vec<UserOperation<QueuedPassage>> = deletion
            .into_iter()
            .chain(passages.into_iter().map(|passage| {
                UserOperation::Add(QueuedPassage::new(passage, Arc::clone(&reservation)))
            }))
            .collect();
        self.writer.run(operations)?;
        Ok(Outcome::Written {
            passages: written,
            replaced_passages,
        })
    }
}

/// Writes every planned document in parallel; stops at the first error of the index itself.
pub fn write_all(
    context: &WriteContext<'_, '_>,
    planned: &[PlannedWrite],
    progress: &dyn Progress,
) -> Result<Written> {
    let written = Mutex::new(Written::default());
    planned.par_iter().try_for_each(|planned| {
        let outcome = context.write(planned);
        progress.step();
        let mut written = written
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match outcome? {
            Outcome::Written {
                passages,
                replaced_passages,
            } => {
                if planned.replaces {
                    written.replaced += 1;
                } else {
                    written.added += 1;
                }
                if passages > 0 {
                    written.documents_with_passages += 1;
                }
                written.passages += passages;
                written.replaced_passages += replaced_passages;
            }
            Outcome::Skipped(skipped) => written.skipped.push(skipped),
        }
        Ok::<(), Error>(())
    })?;
    let mut written = written
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    // Parallel writes end in any order; the report lists skipped files in path order.
    written
        .skipped
        .sort_by(|left, right| left.path.cmp(&right.path));
    Ok(written)
}

/// The memory a document's passages take while queued: the text twice (stemmed and exact fields)
/// and, per passage, its metadata.
fn queued_size(text_bytes: usize, passages: usize) -> usize {
    const PER_PASSAGE_BYTES: usize = 1024;
    2 * text_bytes + passages * PER_PASSAGE_BYTES
}

/// The writer of a run, with its threads and memory as `options` ask.
pub fn open_writer(index: &Index, options: &IndexOptions) -> Result<IndexWriter<QueuedPassage>> {
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, |cores| cores.get()),
        threads => threads,
    };
    let minimum = 16 * 1024 * 1024 * threads;
    let writer = index
        .writer_with_num_threads(threads, options.memory_budget_bytes.max(minimum))
        .map_err(|error| match error {
            TantivyError::LockFailure(..) => Error::Locked(options.index_root.clone()),
            other => Error::Tantivy(other),
        })?;
    writer.set_merge_policy(Box::new(BoundedMergePolicy::default()));
    Ok(writer)
}

/// Tantivy answers a run on a writer whose indexing thread failed with "an index writer was
/// killed" and keeps the thread's own error (a full disk, say) until the threads are joined.
/// Preparing a commit joins them and returns that error; nothing is committed, as the prepared
/// commit, if any, is dropped unused.
pub fn with_thread_cause<D: tantivy::Document>(writer: &mut IndexWriter<D>, error: Error) -> Error {
    match error {
        Error::Tantivy(TantivyError::ErrorInThread(_)) => match writer.prepare_commit() {
            Err(cause) => Error::Tantivy(cause),
            Ok(_) => error,
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use oversight_schema::vocab::Vocabulary;

    use super::*;
    use crate::build::delete::tests::index_with;
    use crate::corpus::CorpusDocument;
    use crate::enrich::Enricher;
    use crate::manifest::Manifest;
    use oversight_schema::model::content_id;

    const MINUTES: &str = "Police and Crime Panel\n\nMinutes of the meeting held on 4 February 2022.\n\n\
        1. The panel reviewed the proposed precept of the commissioner.\n";

    fn planned(doc_id: &str, source: &str, replaces: bool) -> PlannedWrite {
        PlannedWrite {
            document: CorpusDocument {
                doc_id: doc_id.to_string(),
                sources: vec![source.to_string()],
                near_copies: Vec::new(),
                signatures: vec![(doc_id.to_string(), None)],
            },
            revision: "r2".to_string(),
            replaces,
        }
    }

    #[test]
    fn a_replacement_deletes_its_old_version_and_a_failed_one_keeps_it() {
        let corpus = tempfile::tempdir().expect("temp dir");
        std::fs::write(corpus.path().join("minutes.txt"), MINUTES).expect("write");
        std::fs::write(corpus.path().join("changed.txt"), "another text").expect("write");
        let minutes = content_id(MINUTES.as_bytes());
        let changed = content_id(b"the text at the scan");
        let (index, fields) = index_with(&[(&minutes, 2), (&changed, 3)]);
        let searcher = index.reader().expect("reader").searcher();
        let writer: IndexWriter<QueuedPassage> = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        let vocabulary = Vocabulary::bundled().expect("vocabulary");
        let enricher = Enricher::new(&vocabulary);
        let manifest = Manifest::default();
        let rules = Rules {
            vocabulary: &vocabulary,
            enricher: &enricher,
            manifest: &manifest,
        };
        let context = WriteContext::new(&writer, &searcher, &fields, &rules, corpus.path());
        let plan = [
            planned(&minutes, "minutes.txt", true),
            planned(&changed, "changed.txt", true),
            planned("00000000000000ff", "missing.txt", false),
        ];
        let written = write_all(&context, &plan, &crate::progress::Silent).expect("written");
        assert_eq!((written.added, written.replaced), (0, 1));
        assert_eq!(written.documents_with_passages, 1);
        assert_eq!(written.replaced_passages, 2);
        assert!(written.passages >= 1);
        let skipped: Vec<&str> = written
            .skipped
            .iter()
            .map(|file| file.path.as_str())
            .collect();
        assert_eq!(skipped, ["changed.txt", "missing.txt"]);
        assert_eq!(
            written.skipped[0].reason,
            "changed while being indexed; run `oversight index` again"
        );

        let mut writer = writer;
        writer.commit().expect("commit");
        let after = index.reader().expect("reader").searcher();
        assert_eq!(
            passages_of(&after, &fields, &minutes).expect("count"),
            written.passages
        );
        assert_eq!(
            passages_of(&after, &fields, &changed).expect("count"),
            3,
            "kept"
        );
    }

    #[test]
    fn queued_size_grows_with_the_text_and_the_passages() {
        assert!(queued_size(10, 1) < queued_size(20, 1));
        assert!(queued_size(10, 1) < queued_size(10, 2));
    }
}
