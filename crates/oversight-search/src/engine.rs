//! The search engine: an open, read-only view of the published index that follows new commits and
//! new generations without failing a request.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Instant;

use oversight_schema::layout::{self, CommitRecord};
use oversight_schema::model::DocumentMeta;
use oversight_schema::vocab::Vocabulary;

use crate::collect::{SearchContext, collect};
use crate::concordance::{self, ConcordanceResponse, ConcordanceRow, ValidConcordance};
use crate::did_you_mean::did_you_mean;
use crate::documents;
use crate::error::{Error, Result};
use crate::export::{Export, ExportLevel, prepare_export};
use crate::query::{Acronyms, QueryCompiler};
use crate::request::{MAX_QUERY_CHARS, ValidSearch};
use crate::respond::respond;
use crate::response::{DocumentText, DocumentView, IndexStats, PassageView, SearchResponse};
use crate::snapshot::{IndexVersion, Snapshot, unreadable};
use crate::suggest::{self, SuggestRequest, SuggestResponse, VocabularyEntries};
use crate::trend_counts::TrendTotals;
use crate::trends::{self, TrendsRequest, TrendsResponse};

/// The engine. Cheap to share behind an `Arc`; every method takes `&self`.
pub struct SearchEngine {
    root: PathBuf,
    vocabulary: Vocabulary,
    acronyms: Acronyms,
    vocabulary_entries: VocabularyEntries,
    current: RwLock<Arc<Snapshot>>,
    trend_totals: TrendTotals,
}

impl SearchEngine {
    /// Opens the index published at `root`.
    pub fn open(root: &Path, vocabulary: Vocabulary) -> Result<SearchEngine> {
        let snapshot = Snapshot::open(root)?;
        let acronyms = Acronyms::new(&vocabulary);
        let vocabulary_entries = VocabularyEntries::new(&vocabulary);
        Ok(SearchEngine {
            root: root.to_path_buf(),
            vocabulary,
            acronyms,
            vocabulary_entries,
            current: RwLock::new(Arc::new(snapshot)),
            trend_totals: TrendTotals::default(),
        })
    }

    /// The vocabularies the engine checks filters against.
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// The generation served now. Requests hold on to it, so a swap never disturbs them.
    pub(crate) fn snapshot(&self) -> Arc<Snapshot> {
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
                let snapshot = Snapshot::open(&self.root)?;
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

    /// Answers a search.
    pub fn search(&self, search: &ValidSearch) -> Result<SearchResponse> {
        self.answer(search, true).map(|(_, response)| response)
    }

    /// The completions of a prefix ([`crate::suggest`]).
    pub fn suggest(&self, request: &SuggestRequest) -> Result<SuggestResponse> {
        self.in_context(|context, _| suggest::suggest(context, &self.vocabulary_entries, request))
    }

    /// The version of the index a request would be answered from now.
    pub fn version(&self) -> IndexVersion {
        let snapshot = self.snapshot();
        snapshot.version(&snapshot.reader.searcher())
    }

    /// Answers a search, with hits or with totals and facet counts only, and says which version
    /// of the index answered it.
    pub fn answer(
        &self,
        search: &ValidSearch,
        include_hits: bool,
    ) -> Result<(IndexVersion, SearchResponse)> {
        let started = Instant::now();
        self.in_context(|context, _| {
            let collected = collect(context, search, search.request().passages_per_hit)?;
            let mut response = respond(context, search, collected, include_hits, started)?;
            if include_hits {
                response.did_you_mean = did_you_mean(context, search)?;
            }
            Ok((context.snapshot.version(context.searcher), response))
        })
    }

    /// Runs `work` over the current generation, with one searcher for all its reads.
    fn in_context<T>(
        &self,
        work: impl FnOnce(&SearchContext<'_>, &Arc<Snapshot>) -> Result<T>,
    ) -> Result<T> {
        let snapshot = self.snapshot();
        let searcher = snapshot.reader.searcher();
        let context = SearchContext {
            snapshot: &snapshot,
            searcher: &searcher,
            vocabulary: &self.vocabulary,
            acronyms: &self.acronyms,
        };
        work(&context, &snapshot)
    }

    /// The export of `search` at `level`, compiled and over the index as it is now; a bad query
    /// is refused here, before any row is written.
    pub fn export(&self, search: &ValidSearch, level: ExportLevel) -> Result<Export> {
        self.in_context(|context, snapshot| {
            prepare_export(context, Arc::clone(snapshot), search, level)
        })
    }

    /// How the queries of `request` compare across years or forces ([`crate::trends`]).
    pub fn trends(&self, request: &TrendsRequest) -> Result<TrendsResponse> {
        self.in_context(|context, _| {
            let version = context.snapshot.version(context.searcher);
            trends::trends(context, &self.trend_totals, &version, request)
        })
    }

    /// One page of the concordance of a search: its mentions in context, with the totals.
    pub fn concordance(&self, request: &ValidConcordance) -> Result<ConcordanceResponse> {
        let started = Instant::now();
        self.in_context(|context, _| {
            let version = context.snapshot.version(context.searcher);
            concordance::page(context, request, &version, started)
        })
    }

    /// Every mention of a search, in the concordance's order, each given to `each` until it
    /// breaks (a client gone): for exports, which take all of them.
    pub fn concordance_rows(
        &self,
        request: &ValidConcordance,
        each: &mut dyn FnMut(ConcordanceRow) -> ControlFlow<()>,
    ) -> Result<()> {
        self.in_context(|context, _| concordance::each_row(context, request, each))
    }

    /// A document's metadata, the names of its slugs and its outline.
    pub fn document(&self, doc_id: &str) -> Result<DocumentView> {
        documents::document(&self.snapshot(), doc_id, &self.vocabulary)
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
        documents::document_text(&snapshot, doc_id, compiled.as_ref(), &self.vocabulary)
    }

    /// One passage of a document, in full.
    pub fn passage(&self, doc_id: &str, ordinal: u64) -> Result<PassageView> {
        documents::passage(&self.snapshot(), doc_id, ordinal, &self.vocabulary)
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
