//! The Oversight query engine.
//!
//! It opens a published index read-only ([`SearchEngine`], over one generation at a time, a
//! `snapshot`) and answers searches. A [`SearchRequest`] is checked once into a [`ValidSearch`]
//! (`request`); answering it is two steps:
//!
//! - **collect** (`collect`): compile the query (`query`: tantivy's grammar, Oversight's fields
//!   and acronyms), resolve the filters (`filters`) and run the grouping collector (`collector`)
//!   once, which gives every matching document with its best passages and the disjunctive facet
//!   tally (`facet_tally`). Whatever needs the documents a search matches starts here.
//! - **respond** (`respond`): order and page the documents, read their stored passages
//!   (`stored`) into highlighted snippets (`highlight`, marking the patterns of `mark_pattern`)
//!   and label the facets (`facets`).
//!
//! `export` walks every matching passage or document of a search into a sink, in index order.
//! `concordance` lists every mention of a search's query in its context (a walk over single
//! passages, from `collect::prepare`).
//!
//! `documents` reads a document's metadata, outline, text and passages back; `labels` names the
//! slugs of both answers; `links` gives the API addresses answers link to. `trends` compares
//! queries across years and forces from what collect gives (`trend_counts`), their mentions
//! counted from the index's positions (`mentions`).
//!
//! `suggest` completes a prefix from the vocabulary and the index's words (`index_words`, the
//! unstemmed body's term dictionary); `did_you_mean` offers a search again with its misspelt
//! words replaced by close common ones.
#![warn(missing_docs)]

mod citation;
mod collect;
mod collector;
pub mod concordance;
mod did_you_mean;
mod document_match;
mod document_wide;
mod documents;
mod engine;
mod error;
mod error_code;
mod export;
mod facet_tally;
mod facets;
mod filters;
mod highlight;
mod index_words;
mod labels;
pub mod links;
mod mark_pattern;
mod mentions;
mod passage_runs;
pub mod query;
mod read_only;
pub mod request;
mod respond;
mod response;
mod segment_cache;
mod segment_pool;
mod snapshot;
mod stored;
pub mod suggest;
#[cfg(test)]
mod test_index;
mod trend_counts;
pub mod trends;
mod vocabulary_view;

pub use citation::Citation;
pub use did_you_mean::DidYouMean;
pub use engine::SearchEngine;
pub use error::{Error, ErrorKind, Result};
pub use error_code::ErrorCode;
pub use export::{
    Export, ExportLevel, ExportRow, ExportSummary, ExportedDocument, ExportedPassage,
};
pub use labels::DocumentLabels;
pub use query::Expansion;
pub use request::{Filters, Scope, SearchRequest, Sort, ValidSearch};
pub use response::{
    DocumentHit, DocumentText, DocumentView, FacetCount, Facets, FacetsResponse, IndexStats,
    Interpretation, OutlineEntry, PassageHit, PassageLocation, PassageText, PassageView,
    SearchResponse,
};
pub use snapshot::IndexVersion;
pub use suggest::{SuggestRequest, SuggestResponse, Suggestion, SuggestionKind};
pub use trends::{TrendBucket, TrendSeries, TrendsBy, TrendsRequest, TrendsResponse};
pub use vocabulary_view::{
    AcronymEntry, ForceEntry, SubtypeEntry, ThemeNode, TypeEntry, VocabularyView,
};
