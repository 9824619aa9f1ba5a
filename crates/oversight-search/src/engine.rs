//! The search engine: an open, read-only view of the published index that follows new commits and
//! new generations without failing a request.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use oversight_schema::layout::{self, CommitRecord};
use oversight_schema::model::DocumentMeta;
use oversight_schema::vocab::Vocabulary;
use oversight_schema::{Fields, INDEX_FORMAT_VERSION, analyzer};
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher};

use crate::query::{Acronyms, QueryCompiler};
use crate::request::{MAX_QUERY_CHARS, SearchRequest};
use crate::response::{DocumentText, DocumentView, IndexStats, PassageView, SearchResponse};
use crate::segment_cache::SegmentCache;
use crate::{Error, Result, documents, read_only, search};

/// One opened generation of the index.
pub struct Snapshot {
    /// The generation's name.
    pub generation: String,
    /// The tantivy index.
    pub index: Index,
    /// A reader that reloads on every commit.
    pub reader: IndexReader,
    /// The field handles.
    pub fields: Fields,
    /// The columns of the generation's segments, opened once each.
    pub segments: Arc<SegmentCache>,
}

/// Which state of the index answers: the published generation and the reader's reload of it (a
/// commit into the generation reloads the reader). Answers at one version are the same answers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IndexVersion {
    /// The generation's name.
    pub generation: String,
    /// The reader's reload within the generation.
    pub reload: u64,
}

impl Snapshot {
    fn version(&self, searcher: &Searcher) -> IndexVersion {
        IndexVersion {
            generation: self.generation.clone(),
            reload: searcher.generation().generation_id(),
        }
    }
}

/// The engine. Cheap to share behind an `Arc`; every method takes `&self`.
pub struct SearchEngine {
    root: PathBuf,
    vocabulary: Vocabulary,
    acronyms: Acronyms,
    current: RwLock<Arc<Snapshot>>,
}

impl SearchEngine {
    /// Opens the index published at `root`.
    pub fn open(root: &Path, vocabulary: Vocabulary) -> Result<SearchEngine> {
        let snapshot = open_snapshot(root)?;
        let acronyms = Acronyms::new(&vocabulary);
        Ok(SearchEngine {
            root: root.to_path_buf(),
            vocabulary,
            acronyms,
            current: RwLock::new(Arc::new(snapshot)),
        })
    }

    /// The vocabularies the engine checks filters against.
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// The generation served now. Requests hold on to it, so a swap never disturbs them.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        let guard = self
            .current
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        Arc::clone(&guard)
    }

    /// Opens a newly published generation, if there is one; returns whether it switched. Commits
    /// into the served generation need no call: its reader follows them by itself.
    pub fn refresh(&self) -> Result<bool> {
        let served = self.snapshot().generation.clone();
        let published = layout::current_generation(&self.root)
            .map_err(|error| unreadable(&self.root, error.to_string()))?;
        match published {
            Some((name, _)) if name != served => {
                let snapshot = open_snapshot(&self.root)?;
                let mut guard = self
                    .current
                    .write()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                *guard = Arc::new(snapshot);
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// Answers a search request.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResponse> {
        self.answer(request, true).map(|(_, response)| response)
    }

    /// Answers a search request with totals and facet counts only (no hits), for filter sidebars.
    pub fn facets(&self, request: &SearchRequest) -> Result<SearchResponse> {
        self.answer(request, false).map(|(_, response)| response)
    }

    /// The version of the index a request would be answered from now.
    pub fn version(&self) -> IndexVersion {
        let snapshot = self.snapshot();
        snapshot.version(&snapshot.reader.searcher())
    }

    /// Answers a search request, with hits or with totals and facet counts only, and says which
    /// version of the index answered it.
    pub fn answer(
        &self,
        request: &SearchRequest,
        include_hits: bool,
    ) -> Result<(IndexVersion, SearchResponse)> {
        let snapshot = self.snapshot();
        let searcher = snapshot.reader.searcher();
        let response = search::execute(
            &snapshot,
            &searcher,
            &self.vocabulary,
            &self.acronyms,
            request,
            include_hits,
        )?;
        Ok((snapshot.version(&searcher), response))
    }

    /// A document's metadata and outline.
    pub fn document(&self, doc_id: &str) -> Result<DocumentView> {
        documents::document(&self.snapshot(), doc_id)
    }

    /// A document's metadata alone (no outline).
    pub fn document_meta(&self, doc_id: &str) -> Result<DocumentMeta> {
        documents::meta(&self.snapshot(), doc_id)
    }

    /// A document's passages as HTML, with the words `query` searches for marked.
    pub fn document_text(&self, doc_id: &str, query: &str) -> Result<DocumentText> {
        let query_chars = query.chars().count();
        if query_chars > MAX_QUERY_CHARS {
            return Err(Error::InvalidParameter {
                name: "q",
                message: format!(
                    "the query has {query_chars} characters; the limit is {MAX_QUERY_CHARS}"
                ),
            });
        }
        let snapshot = self.snapshot();
        let compiled = if query.trim().is_empty() {
            None
        } else {
            let compiler = QueryCompiler::new(
                &snapshot.fields,
                &self.vocabulary,
                &self.acronyms,
                &snapshot.segments,
            );
            Some(compiler.compile(query)?)
        };
        documents::document_text(&snapshot, doc_id, compiled.as_ref())
    }

    /// One passage of a document, in full.
    pub fn passage(&self, doc_id: &str, ordinal: u64) -> Result<PassageView> {
        documents::passage(&self.snapshot(), doc_id, ordinal)
    }

    /// The served generation and its size.
    pub fn stats(&self) -> IndexStats {
        let snapshot = self.snapshot();
        let searcher = snapshot.reader.searcher();
        let record = snapshot
            .index
            .load_metas()
            .ok()
            .and_then(|metas| metas.payload)
            .and_then(|payload| CommitRecord::parse(&payload));
        IndexStats {
            generation: snapshot.generation.clone(),
            documents: record.map_or(0, |record| record.documents),
            passages: searcher.num_docs(),
        }
    }
}

fn unreadable(root: &Path, message: String) -> Error {
    Error::IndexUnreadable {
        path: root.to_path_buf(),
        message,
    }
}

/// Refuses an index written in another field layout: its fields may resolve while meaning
/// something else (format 4 added the pairs of common words to the same fields), and its answers
/// would be quietly wrong.
fn check_format(root: &Path, index: &Index) -> Result<()> {
    let metas = index
        .load_metas()
        .map_err(|error| unreadable(root, error.to_string()))?;
    let format = metas
        .payload
        .as_deref()
        .and_then(CommitRecord::parse)
        .map(|record| record.format_version);
    match format {
        Some(INDEX_FORMAT_VERSION) => Ok(()),
        Some(other) => Err(unreadable(
            root,
            format!(
                "it was written in index format {other} and this version reads format \
                 {INDEX_FORMAT_VERSION}; `oversight index` rebuilds it"
            ),
        )),
        None => Err(unreadable(
            root,
            "its last commit does not say which index format it is in; `oversight index \
             --rebuild` rebuilds it"
                .to_string(),
        )),
    }
}

fn open_snapshot(root: &Path) -> Result<Snapshot> {
    let (generation, path) = layout::current_generation(root)
        .map_err(|error| unreadable(root, error.to_string()))?
        .ok_or_else(|| Error::NoIndex(root.to_path_buf()))?;
    let index =
        read_only::open_index(&path).map_err(|error| unreadable(root, error.to_string()))?;
    analyzer::register(index.tokenizers());
    // The format first: an older index may lack a field, and its version says why.
    check_format(root, &index)?;
    let fields =
        Fields::resolve(index.schema()).map_err(|error| unreadable(root, error.to_string()))?;
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::OnCommitWithDelay)
        .try_into()
        .map_err(|error: tantivy::TantivyError| unreadable(root, error.to_string()))?;
    Ok(Snapshot {
        generation,
        index,
        reader,
        fields,
        segments: Arc::default(),
    })
}
