//! Oversight itself, in process: the indexer's build entry point (as `oversight index` calls it) and
//! the query engine's `SearchEngine::search` with the request the HTTP API makes (10 documents,
//! 3 passages each with snippets, four disjunctive facets).

use std::path::Path;

use oversight_indexer::{IndexOptions, IndexReport, Silent};
use oversight_schema::vocab::Vocabulary;
use oversight_search::{Filters, SearchEngine, SearchRequest};

use crate::engines::{Engine, QueryOutcome};
use crate::queries::BenchQuery;
use crate::{Error, Result};

/// Oversight's engine with an index open.
pub struct OversightEngine {
    engine: SearchEngine,
}

/// Indexes the corpus folder into a fresh index at `index_root` with `threads` threads (0: one per
/// core), exactly as `oversight index --rebuild` does.
pub fn build(corpus_dir: &Path, index_root: &Path, threads: usize) -> Result<IndexReport> {
    if index_root.exists() {
        std::fs::remove_dir_all(index_root).map_err(|source| Error::Io {
            path: index_root.to_path_buf(),
            source,
        })?;
    }
    let vocabulary = Vocabulary::bundled()?;
    let mut options = IndexOptions::new(corpus_dir, index_root);
    options.rebuild = true;
    options.threads = threads;
    Ok(oversight_indexer::run(&options, &vocabulary, &Silent)?)
}

/// Opens the index published at `index_root`.
pub fn open(index_root: &Path) -> Result<OversightEngine> {
    let vocabulary = Vocabulary::bundled()?;
    Ok(OversightEngine {
        engine: SearchEngine::open(index_root, vocabulary)?,
    })
}

/// The request the HTTP API builds for a query of the mix.
pub fn request(query: &BenchQuery) -> SearchRequest {
    let mut request = SearchRequest::new(query.text());
    if let Some(filter) = &query.filter {
        request.filters = Filters {
            forces: vec![filter.force.clone()],
            year_from: Some(filter.year_from),
            year_to: Some(filter.year_to),
            ..Filters::default()
        };
    }
    request
}

impl OversightEngine {
    /// The query engine.
    pub fn engine(&self) -> &SearchEngine {
        &self.engine
    }
}

impl Engine for OversightEngine {
    fn name(&self) -> &'static str {
        "oversight"
    }

    fn run(&self, query: &BenchQuery) -> Result<QueryOutcome> {
        let search = request(query).validate(self.engine.vocabulary())?;
        let response = self.engine.search(&search)?;
        let facets = &response.facets;
        Ok(QueryOutcome {
            total_documents: response.total_documents,
            hits: response.hits.len(),
            snippet_bytes: response
                .hits
                .iter()
                .flat_map(|hit| &hit.passages)
                .map(|passage| passage.snippet.len())
                .sum(),
            facet_values: facets.force.len()
                + facets.year.len()
                + facets.doc_type.len()
                + facets.theme.len(),
        })
    }
}
