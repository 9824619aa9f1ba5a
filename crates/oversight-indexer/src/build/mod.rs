//! Building and publishing the index.
//!
//! A run compares the corpus with the published index by revision (a hash of each document's
//! content, sources and the pipeline that reads it) and writes only what changed: new documents are
//! added, changed ones replaced, removed ones deleted, all in one atomic tantivy commit. When the
//! field layout or the pipeline changed, or on request, it builds a whole new generation beside the
//! published one and publishes it by replacing `CURRENT`. Either way, a run that fails or is killed
//! leaves the published index as it was.
//!
//! The steps, one module each: [`plan`] (what to write and what to delete), [`delete`], [`write`]
//! (documents through [`crate::pipeline`] into tantivy's queue), [`commit`] (with the
//! [`CommitRecord`] of the run) and [`publish`] (a new generation only); [`index_folder`] knows the
//! folder's layout and its lock.

mod commit;
mod delete;
mod index_folder;
mod merge_policy;
mod plan;
mod publish;
mod queue_budget;
mod stored_contents;
mod write;

use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use oversight_schema::layout::CommitRecord;
use oversight_schema::vocab::Vocabulary;
use oversight_schema::{Fields, INDEX_FORMAT_VERSION};
use tantivy::ReloadPolicy;

use crate::corpus::{self, SkippedFile};
use crate::enrich::Enricher;
use crate::manifest::Manifest;
use crate::pipeline::Rules;
use crate::progress::Progress;
use crate::{Error, Result};

pub use index_folder::recorded_corpus;

/// Bump when extraction, enrichment or splitting changes what is indexed for the same text.
const PIPELINE_VERSION: u32 = 7;

/// What an indexing run is asked to do.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// The corpus folder.
    pub corpus: PathBuf,
    /// The index folder (holding `CURRENT` and generations).
    pub index_root: PathBuf,
    /// Build a new generation even if the published one could be updated.
    pub rebuild: bool,
    /// Indexing threads; 0 means one per core.
    pub threads: usize,
    /// Memory for tantivy's indexing buffers, all threads together.
    pub memory_budget_bytes: usize,
    /// The corpus is a default nobody chose: the run then refuses an index built from another
    /// corpus (or from one it did not record) rather than delete that corpus's documents.
    pub corpus_is_default: bool,
}

impl IndexOptions {
    /// Options with the defaults: update in place, all cores, 256 MiB of buffers, the corpus
    /// chosen by the caller.
    pub fn new(corpus: impl Into<PathBuf>, index_root: impl Into<PathBuf>) -> IndexOptions {
        IndexOptions {
            corpus: corpus.into(),
            index_root: index_root.into(),
            rebuild: false,
            threads: 0,
            memory_budget_bytes: 256 * 1024 * 1024,
            corpus_is_default: false,
        }
    }
}

/// What an indexing run did.
#[derive(Debug, Clone)]
pub struct IndexReport {
    /// The generation now published.
    pub generation: String,
    /// Whether a new generation was built.
    pub rebuilt: bool,
    /// Documents added.
    pub added: usize,
    /// Documents replaced because their content, sources or pipeline changed.
    pub updated: usize,
    /// Documents deleted because their files are gone.
    pub removed: usize,
    /// Documents already indexed as they are.
    pub unchanged: usize,
    /// Files not indexed, with the reason.
    pub skipped: Vec<SkippedFile>,
    /// Documents in the published index.
    pub documents: u64,
    /// Passages in the published index.
    pub passages: u64,
    /// Whether anything was committed.
    pub committed: bool,
    /// How long the run took.
    pub elapsed: Duration,
}

/// The fingerprint of everything, besides a document's bytes, that decides what gets indexed.
fn pipeline_fingerprint(vocabulary: &Vocabulary) -> String {
    format!(
        "p{PIPELINE_VERSION}-f{INDEX_FORMAT_VERSION}-v{}",
        vocabulary.fingerprint
    )
}

/// Indexes the corpus into the index folder and publishes the result.
pub fn run(
    options: &IndexOptions,
    vocabulary: &Vocabulary,
    progress: &dyn Progress,
) -> Result<IndexReport> {
    let started = Instant::now();
    let corpus_files = corpus::list_files(&options.corpus)?;
    let corpus_path = index_folder::canonical_corpus(&options.corpus)?;
    let manifest = Manifest::load(&options.corpus, vocabulary)?;
    index_folder::published_generation(&options.index_root)?;
    let _lock = index_folder::lock(&options.index_root)?;
    let published = index_folder::published_generation(&options.index_root)?;
    if options.corpus_is_default && published.is_some() {
        let recorded = index_folder::recorded_corpus(&options.index_root)?;
        if recorded.as_deref() != Some(corpus_path.as_str()) {
            return Err(Error::OtherCorpus {
                index: options.index_root.clone(),
                recorded,
                corpus: options.corpus.clone(),
            });
        }
    }
    let pipeline = pipeline_fingerprint(vocabulary);
    let target = index_folder::target(
        &options.index_root,
        published.as_ref(),
        &pipeline,
        options.rebuild,
    )?;
    let fields = Fields::resolve(target.index.schema())?;
    let reader = target
        .index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let searcher = reader.searcher();
    let indexed = plan::Indexed::read(&searcher, &fields)?;
    let known = stored_contents::read(&searcher, &fields)?;

    progress.phase("reading", corpus_files.len() as u64);
    let scan = corpus::scan(&options.corpus, &known, &|| progress.step())?;
    let plan = plan::plan(&scan.documents, &indexed, &pipeline, &manifest)?;

    let mut report = IndexReport {
        generation: target.generation.clone(),
        rebuilt: target.rebuilt,
        added: 0,
        updated: 0,
        removed: plan.removed.len(),
        unchanged: plan.unchanged,
        skipped: scan.skipped,
        documents: indexed.ids.len() as u64,
        passages: searcher.num_docs(),
        committed: false,
        elapsed: Duration::ZERO,
    };
    if plan.is_empty() && !target.rebuilt {
        report.elapsed = started.elapsed();
        progress.finish();
        return Ok(report);
    }

    let mut writer = write::open_writer(&target.index, options)?;
    if !target.rebuilt {
        commit::hold_merges(&writer);
    }
    let deleted_passages = delete::delete_removed(&writer, &searcher, &fields, &plan.removed)?;

    progress.phase("indexing", plan.to_write.len() as u64);
    let enricher = Enricher::new(vocabulary);
    let rules = Rules {
        vocabulary,
        enricher: &enricher,
        manifest: &manifest,
    };
    let context = write::WriteContext::new(&writer, &searcher, &fields, &rules, &options.corpus);
    let written = write::write_all(&context, &plan.to_write, progress)
        .map_err(|error| write::with_thread_cause(&mut writer, error))?;
    report.added = written.added;
    report.updated = written.replaced;
    report.documents = report.documents + written.documents_with_passages as u64
        - report.removed as u64
        - written.replaced as u64;
    report.passages =
        report.passages + written.passages - deleted_passages - written.replaced_passages;
    report.skipped.extend(written.skipped);

    progress.phase("committing", 1);
    let record = CommitRecord {
        format_version: INDEX_FORMAT_VERSION,
        pipeline,
        documents: report.documents,
        passages: report.passages,
        committed_at_unix_seconds: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs()),
        corpus: Some(corpus_path),
    };
    commit::commit(writer, &record, target.rebuilt)?;
    if target.rebuilt {
        publish::publish(
            &options.index_root,
            &target.generation,
            published.as_ref().map(|(name, _)| name.as_str()),
        )?;
    }
    progress.step();
    progress.finish();
    report.committed = true;
    report.elapsed = started.elapsed();
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;

    const MINUTES: &str = "Police and Crime Panel\n\nMinutes of the meeting held on 4 February 2022.\n\n\
        1. The panel reviewed the proposed precept of the commissioner.\n";

    #[test]
    fn a_default_corpus_never_updates_an_index_built_from_another() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (first, second) = (dir.path().join("first"), dir.path().join("second"));
        for corpus in [&first, &second] {
            std::fs::create_dir(corpus).expect("corpus");
        }
        std::fs::write(first.join("minutes.txt"), MINUTES).expect("write");
        let vocabulary = Vocabulary::bundled().expect("vocabulary");
        let index = dir.path().join("index");
        let built = run(&IndexOptions::new(&first, &index), &vocabulary, &Silent).expect("built");
        assert_eq!(built.documents, 1);
        assert_eq!(
            recorded_corpus(&index).expect("readable"),
            Some(
                first
                    .canonicalize()
                    .expect("canonical")
                    .to_string_lossy()
                    .into_owned()
            )
        );

        let mut by_default = IndexOptions::new(&second, &index);
        by_default.corpus_is_default = true;
        let refused = run(&by_default, &vocabulary, &Silent).err();
        assert!(
            matches!(&refused, Some(Error::OtherCorpus { recorded: Some(path), .. }) if path.ends_with("first")),
            "{refused:?}"
        );
        let mut same_by_default = IndexOptions::new(&first, &index);
        same_by_default.corpus_is_default = true;
        let unchanged = run(&same_by_default, &vocabulary, &Silent).expect("the recorded corpus");
        assert_eq!((unchanged.documents, unchanged.committed), (1, false));

        let chosen =
            run(&IndexOptions::new(&second, &index), &vocabulary, &Silent).expect("chosen");
        assert_eq!((chosen.removed, chosen.documents), (1, 0));
    }
}
