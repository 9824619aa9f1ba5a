//! The engines compared: Oversight itself and its two peers. Each indexes the same generated corpus
//! and answers a [`BenchQuery`] with a full response: the top 10 documents with snippets, the total
//! and facet counts.

pub mod oversight;
pub mod raw_tantivy;
pub mod sqlite;

use std::path::Path;

use crate::Result;
use crate::queries::BenchQuery;

/// Documents in a response page.
pub const TOP_DOCUMENTS: usize = 10;

/// What an engine returned for a query, enough to check engines agree and to keep the work from
/// being optimised away.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryOutcome {
    /// Matching documents (after filters).
    pub total_documents: u64,
    /// Documents on the page.
    pub hits: usize,
    /// Bytes of snippet text built.
    pub snippet_bytes: usize,
    /// Facet values counted.
    pub facet_values: usize,
}

/// An engine with an index open.
pub trait Engine {
    /// Its name in reports.
    fn name(&self) -> &'static str;
    /// Answers a query with a full response.
    fn run(&self, query: &BenchQuery) -> Result<QueryOutcome>;
}

/// The size on disk of everything under `path`, in bytes.
pub fn disk_size(path: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(path) else {
        return std::fs::metadata(path).map_or(0, |meta| meta.len());
    };
    entries
        .filter_map(|entry| entry.ok())
        .map(|entry| {
            let entry_path = entry.path();
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => disk_size(&entry_path),
                Ok(_) => entry.metadata().map_or(0, |meta| meta.len()),
                Err(_) => 0,
            }
        })
        .sum()
}
