//! Building and publishing the index.
//!
//! A run compares the corpus with the published index by revision (a hash of each document's
//! content, sources and the pipeline that reads it) and writes only what changed: new documents are
//! added, changed ones replaced, removed ones deleted, all in one atomic tantivy commit. When the
//! field layout or the pipeline changed, or on request, it builds a whole new generation beside the
//! published one and publishes it by replacing `CURRENT`. Either way, a run that fails or is killed
//! leaves the published index as it was.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use oversight_schema::layout::{self, CURRENT_FILE, CommitRecord};
use oversight_schema::vocab::Vocabulary;
use oversight_schema::{Fields, INDEX_FORMAT_VERSION, analyzer, fields};
use rayon::prelude::*;
use tantivy::collector::Count;
use tantivy::indexer::{NoMergePolicy, UserOperation};
use tantivy::query::TermQuery;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{
    DocSet, Index, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, TantivyError, Term,
};

/// Bytes of analysed passages that may wait in tantivy's queue at once (see [`QueueBudget`]).
const QUEUED_BYTES_LIMIT: usize = 96 * 1024 * 1024;

use crate::analyze::analyze;
use crate::corpus::{self, CorpusDocument, SkippedFile, content_id};
use crate::enrich::Enricher;
use crate::manifest::{self, Manifest, ManifestEntry};
use crate::merge_policy::BoundedMergePolicy;
use crate::near_dup;
use crate::passage_docs::passage_documents;
use crate::progress::Progress;
use crate::queue_budget::{QueueBudget, QueuedPassage};
use crate::source;
use crate::stored_contents;
use crate::{Error, Result};

/// Bump when extraction, enrichment or splitting changes what is indexed for the same text.
const PIPELINE_VERSION: u32 = 6;

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
}

impl IndexOptions {
    /// Options with the defaults: update in place, all cores, 256 MiB of buffers.
    pub fn new(corpus: impl Into<PathBuf>, index_root: impl Into<PathBuf>) -> IndexOptions {
        IndexOptions {
            corpus: corpus.into(),
            index_root: index_root.into(),
            rebuild: false,
            threads: 0,
            memory_budget_bytes: 256 * 1024 * 1024,
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
pub fn pipeline_fingerprint(vocabulary: &Vocabulary) -> String {
    format!(
        "p{PIPELINE_VERSION}-f{INDEX_FORMAT_VERSION}-v{}",
        vocabulary.fingerprint
    )
}

/// The revision of a document: changes when its content, its sources, its near copies, its
/// manifest entry or the pipeline change.
fn revision(document: &CorpusDocument, pipeline: &str, entry: Option<&ManifestEntry>) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(document.doc_id.as_bytes());
    hasher.update(pipeline.as_bytes());
    if let Some(entry) = entry {
        hasher.update(serde_json::to_string(entry).unwrap_or_default().as_bytes());
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
    hasher.finalize().to_hex()[..16].to_string()
}

/// Opens (or creates) an index with Oversight's analyzers registered.
fn open_index(path: &Path, create: bool) -> Result<Index> {
    let index = if create {
        Index::builder()
            .schema(Fields::build().schema)
            .settings(fields::index_settings())
            .create_in_dir(path)?
    } else {
        Index::open_in_dir(path)?
    };
    analyzer::register(index.tokenizers());
    Ok(index)
}

/// Indexes the corpus into the index folder and publishes the result.
pub fn run(
    options: &IndexOptions,
    vocabulary: &Vocabulary,
    progress: &dyn Progress,
) -> Result<IndexReport> {
    let started = Instant::now();
    let corpus_files = corpus::list_files(&options.corpus)?;
    let manifest = Manifest::load(&options.corpus, vocabulary)?;
    published_generation(&options.index_root)?;
    let _lock = lock_index_root(&options.index_root)?;
    let published = published_generation(&options.index_root)?;
    let pipeline = pipeline_fingerprint(vocabulary);

    let reusable = match (&published, options.rebuild) {
        (Some((name, path)), false) => {
            reusable_index(path, &pipeline).map(|index| (name.clone(), index))
        }
        _ => None,
    };
    let rebuilt = reusable.is_none();
    let (generation, index) = match reusable {
        Some(found) => found,
        None => {
            let name = next_generation_name(&options.index_root)?;
            let path = options.index_root.join(&name);
            if path.exists() {
                fs::remove_dir_all(&path).map_err(|source| Error::IndexIo {
                    path: path.clone(),
                    source,
                })?;
            }
            fs::create_dir_all(&path).map_err(|source| Error::IndexIo {
                path: path.clone(),
                source,
            })?;
            (name, open_index(&path, true)?)
        }
    };
    let fields = Fields::resolve(index.schema())?;
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let searcher = reader.searcher();
    let indexed_ids = alive_terms(&searcher, fields.doc_id)?;
    let indexed_revisions = alive_terms(&searcher, fields.revision)?;
    let known = stored_contents::read(&searcher, &fields)?;

    progress.phase("reading", corpus_files.len() as u64);
    let scan = corpus::scan(&options.corpus, &known, &|| progress.step())?;

    let mut to_write: Vec<(CorpusDocument, String)> = Vec::new();
    let mut unchanged = 0;
    let mut updated = 0;
    for document in scan.documents.values() {
        let document_revision = revision(
            document,
            &pipeline,
            manifest.entry_for(&document.all_sources()),
        );
        if indexed_revisions.contains(&document_revision) {
            unchanged += 1;
        } else {
            if indexed_ids.contains(&document.doc_id) {
                updated += 1;
            }
            to_write.push((document.clone(), document_revision));
        }
    }
    let removed_ids: Vec<&String> = indexed_ids
        .iter()
        .filter(|doc_id| !scan.documents.contains_key(*doc_id))
        .collect();
    let mut report = IndexReport {
        generation: generation.clone(),
        rebuilt,
        added: to_write.len() - updated,
        updated,
        removed: removed_ids.len(),
        unchanged,
        skipped: scan.skipped,
        documents: indexed_ids.len() as u64,
        passages: searcher.num_docs(),
        committed: false,
        elapsed: Duration::ZERO,
    };
    if to_write.is_empty() && removed_ids.is_empty() && !rebuilt {
        report.elapsed = started.elapsed();
        progress.finish();
        return Ok(report);
    }

    let mut writer = open_writer(&index, options)?;
    if !rebuilt {
        // tantivy publishes a merge of committed segments as soon as it ends, commit or not, and
        // a merge purges deleted passages, which changes scores. An update killed before its
        // commit must leave the served index exactly as it was, so merging waits for the commit.
        writer.set_merge_policy(Box::new(NoMergePolicy));
    }
    let mut deleted_passages = 0u64;
    for doc_id in removed_ids.iter().copied().chain(
        to_write
            .iter()
            .map(|(document, _)| &document.doc_id)
            .filter(|doc_id| indexed_ids.contains(*doc_id)),
    ) {
        let term = Term::from_field_text(fields.doc_id, doc_id);
        deleted_passages += searcher.search(
            &TermQuery::new(term.clone(), IndexRecordOption::Basic),
            &Count,
        )? as u64;
        writer.delete_term(term);
    }

    progress.phase("indexing", to_write.len() as u64);
    let enricher = Enricher::new(vocabulary);
    let context = WriteContext {
        writer: &writer,
        fields: &fields,
        vocabulary,
        enricher: &enricher,
        options,
        manifest: &manifest,
        queue_budget: QueueBudget::new(QUEUED_BYTES_LIMIT),
    };
    let late_skips = Mutex::new(Vec::new());
    let written: Vec<u64> = to_write
        .par_iter()
        .map(|(document, document_revision)| {
            let outcome = context.write(document, document_revision);
            progress.step();
            match outcome {
                Ok(Some(passages)) => Ok(passages),
                Ok(None) => Ok(0),
                Err(WriteError::Skip(skipped)) => {
                    late_skips
                        .lock()
                        .unwrap_or_else(|poisoned| poisoned.into_inner())
                        .push(skipped);
                    Ok(0)
                }
                Err(WriteError::Index(error)) => Err(error),
            }
        })
        .collect::<Result<Vec<u64>>>()
        .map_err(|error| with_thread_cause(&mut writer, error))?;
    let late_skips = late_skips
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let written_documents = written.iter().filter(|passages| **passages > 0).count() as u64;
    report.documents =
        report.documents + written_documents - report.removed as u64 - updated as u64;
    report.passages = report.passages + written.iter().sum::<u64>() - deleted_passages;
    report.added -= late_skips.len().min(report.added);
    report.skipped.extend(late_skips);

    progress.phase("committing", 1);
    let record = CommitRecord {
        format_version: INDEX_FORMAT_VERSION,
        pipeline,
        documents: report.documents,
        passages: report.passages,
        committed_at_unix_seconds: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs()),
    };
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&record.to_payload());
    prepared.commit()?;
    if !rebuilt {
        // An empty commit with the same record lets the merge policy merge the new segments.
        writer.set_merge_policy(Box::new(BoundedMergePolicy::default()));
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&record.to_payload());
        prepared.commit()?;
    }
    writer.wait_merging_threads()?;
    if rebuilt {
        publish(
            &options.index_root,
            &generation,
            published.as_ref().map(|(name, _)| name.as_str()),
        )?;
    }
    progress.step();
    progress.finish();
    report.committed = true;
    report.elapsed = started.elapsed();
    Ok(report)
}

enum WriteError {
    Skip(SkippedFile),
    Index(Error),
}

/// What writing a document needs.
struct WriteContext<'a> {
    writer: &'a IndexWriter<QueuedPassage>,
    fields: &'a Fields,
    vocabulary: &'a Vocabulary,
    enricher: &'a Enricher,
    options: &'a IndexOptions,
    manifest: &'a Manifest,
    queue_budget: Arc<QueueBudget>,
}

impl WriteContext<'_> {
    /// Reads, analyses and adds one document; returns how many passages it added.
    fn write(
        &self,
        document: &CorpusDocument,
        document_revision: &str,
    ) -> std::result::Result<Option<u64>, WriteError> {
        let Some(first_source) = document.sources.first() else {
            return Ok(None);
        };
        let skip = |reason: String| {
            WriteError::Skip(SkippedFile {
                path: first_source.clone(),
                reason,
            })
        };
        let (bytes, text) = source::read_source(&self.options.corpus.join(first_source))
            .map_err(|reason| skip(reason.to_string()))?;
        if content_id(&bytes) != document.doc_id {
            return Err(skip(
                "changed while being indexed; run `oversight index` again".to_string(),
            ));
        }
        let all_sources = document.all_sources();
        let mut analyzed = analyze(self.enricher, &document.doc_id, &all_sources, &text.text);
        analyzed.meta.near_copies = document.near_copies.clone();
        if let Some(entry) = self.manifest.entry_for(&all_sources) {
            manifest::apply(entry, &mut analyzed.meta, self.vocabulary);
        }
        let mut documents: Vec<TantivyDocument> =
            passage_documents(self.fields, self.vocabulary, &analyzed, document_revision);
        if let Some(first) = documents.first_mut() {
            first.add_bytes(
                self.fields.contents,
                &near_dup::encode_contents(&document.signatures),
            );
        }
        let passages = documents.len() as u64;
        let reservation = self
            .queue_budget
            .reserve(queued_size(&text.text, documents.len()));
        let operations: Vec<UserOperation<QueuedPassage>> = documents
            .into_iter()
            .map(|passage| {
                UserOperation::Add(QueuedPassage::new(passage, Arc::clone(&reservation)))
            })
            .collect();
        self.writer
            .run(operations)
            .map_err(|error| WriteError::Index(error.into()))?;
        Ok(Some(passages))
    }
}

/// The memory a document's passages take while queued: the text twice (stemmed and exact fields)
/// and, per passage, its metadata.
fn queued_size(text: &str, passages: usize) -> usize {
    const PER_PASSAGE_BYTES: usize = 1024;
    2 * text.len() + passages * PER_PASSAGE_BYTES
}

fn open_writer(index: &Index, options: &IndexOptions) -> Result<IndexWriter<QueuedPassage>> {
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
fn with_thread_cause<D: tantivy::Document>(writer: &mut IndexWriter<D>, error: Error) -> Error {
    match error {
        Error::Tantivy(TantivyError::ErrorInThread(_)) => match writer.prepare_commit() {
            Err(cause) => Error::Tantivy(cause),
            Ok(_) => error,
        },
        other => other,
    }
}

/// The published generation, after checking that the folder is an Oversight index (or can become
/// one: missing, empty, or holding only unpublished generations of an interrupted first run).
fn published_generation(root: &Path) -> Result<Option<(String, PathBuf)>> {
    if !root.exists() {
        fs::create_dir_all(root).map_err(|source| Error::IndexIo {
            path: root.to_path_buf(),
            source,
        })?;
        return Ok(None);
    }
    if !root.is_dir() {
        return Err(Error::NotAnIndex(root.to_path_buf()));
    }
    match layout::current_generation(root) {
        Ok(Some(found)) => Ok(Some(found)),
        Ok(None) => {
            let entries = fs::read_dir(root).map_err(|source| Error::IndexIo {
                path: root.to_path_buf(),
                source,
            })?;
            for entry in entries {
                let entry = entry.map_err(|source| Error::IndexIo {
                    path: root.to_path_buf(),
                    source,
                })?;
                let name = entry.file_name().to_string_lossy().to_string();
                let ours = layout::generation_number(&name).is_some()
                    || name == temporary_current_name()
                    || name == LOCK_FILE;
                if !ours {
                    return Err(Error::NotAnIndex(root.to_path_buf()));
                }
            }
            Ok(None)
        }
        Err(_) => Err(Error::NotAnIndex(root.to_path_buf())),
    }
}

/// The published index, if it can be updated in place: readable, same layout, same pipeline.
fn reusable_index(path: &Path, pipeline: &str) -> Option<Index> {
    let index = open_index(path, false).ok()?;
    Fields::resolve(index.schema()).ok()?;
    let metas = index.load_metas().ok()?;
    let record = CommitRecord::parse(metas.payload.as_deref()?)?;
    (record.format_version == INDEX_FORMAT_VERSION && record.pipeline == pipeline).then_some(index)
}

fn next_generation_name(root: &Path) -> Result<String> {
    let entries = fs::read_dir(root).map_err(|source| Error::IndexIo {
        path: root.to_path_buf(),
        source,
    })?;
    let highest = entries
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| layout::generation_number(&entry.file_name().to_string_lossy()))
        .max()
        .unwrap_or(0);
    Ok(layout::generation_name(highest + 1))
}

/// The lock file that keeps two indexing runs of one index folder apart.
const LOCK_FILE: &str = ".oversight-index.lock";

/// Locks the whole index folder for this run (released when the returned file is dropped, or when
/// the process dies), so that two runs never build generations side by side.
fn lock_index_root(root: &Path) -> Result<fs::File> {
    let path = root.join(LOCK_FILE);
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|source| Error::IndexIo { path, source })?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => Err(Error::Locked(root.to_path_buf())),
        Err(fs::TryLockError::Error(source)) => Err(Error::IndexIo {
            path: root.join(LOCK_FILE),
            source,
        }),
    }
}

fn temporary_current_name() -> String {
    format!("{CURRENT_FILE}.tmp")
}

/// Points `CURRENT` at `generation` atomically, then deletes every generation but it and `previous`.
fn publish(root: &Path, generation: &str, previous: Option<&str>) -> Result<()> {
    let io_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::IndexIo { path, source }
    };
    let temporary = root.join(temporary_current_name());
    let mut file = fs::File::create(&temporary).map_err(io_error(&temporary))?;
    file.write_all(format!("{generation}\n").as_bytes())
        .map_err(io_error(&temporary))?;
    file.sync_all().map_err(io_error(&temporary))?;
    let current = root.join(CURRENT_FILE);
    fs::rename(&temporary, &current).map_err(io_error(&current))?;
    if let Ok(directory) = fs::File::open(root) {
        directory.sync_all().map_err(io_error(root))?;
    }
    let entries = fs::read_dir(root).map_err(io_error(root))?;
    for entry in entries.filter_map(|entry| entry.ok()) {
        let name = entry.file_name().to_string_lossy().to_string();
        let stale = layout::generation_number(&name).is_some()
            && name != generation
            && Some(name.as_str()) != previous;
        if stale {
            fs::remove_dir_all(entry.path()).map_err(io_error(&entry.path()))?;
        }
    }
    Ok(())
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

/// Counts of passages per document id, for reports and tests.
pub fn passages_per_document(searcher: &Searcher, fields: &Fields) -> Result<HashMap<String, u64>> {
    let mut counts = HashMap::new();
    for doc_id in alive_terms(searcher, fields.doc_id)? {
        let term = Term::from_field_text(fields.doc_id, &doc_id);
        let count = searcher.search(&TermQuery::new(term, IndexRecordOption::Basic), &Count)?;
        counts.insert(doc_id, count as u64);
    }
    Ok(counts)
}
