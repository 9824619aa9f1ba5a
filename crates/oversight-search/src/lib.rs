//! The Oversight query engine.
//!
//! It opens a published index read-only ([`SearchEngine`]) and answers [`SearchRequest`]s: the
//! user's query is compiled by [`query`] (tantivy's grammar, Oversight's fields and acronyms), one
//! pass of the [`collector`] groups matching passages by document and applies the filters, and the
//! response carries the page of documents with their best passages as highlighted snippets, the
//! totals and disjunctive facet counts. [`documents`] reads a document's metadata, outline and
//! passages back.
#![warn(missing_docs)]

pub mod collector;
mod document_wide;
pub mod documents;
mod engine;
mod error;
mod facet_tally;
mod highlight;
mod passage_runs;
pub mod query;
mod read_only;
pub mod request;
pub mod response;
mod search;
mod segment_cache;
mod segment_pool;
#[cfg(test)]
mod test_index;

pub use engine::{IndexVersion, SearchEngine, Snapshot};
pub use error::{Error, ErrorKind, Result};
pub use request::{Filters, SearchRequest, Sort};
pub use response::{
    DocumentHit, DocumentText, DocumentView, FacetCount, Facets, IndexStats, PassageHit,
    PassageText, PassageView, SearchResponse,
};
pub use segment_cache::SegmentCache;
