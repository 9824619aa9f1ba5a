//! The shapes of a concordance answer: one row per mention, and a page of rows with the totals.

use serde::Serialize;

use crate::query::Expansion;
use crate::response::{Interpretation, PassageLocation};

use super::request::ConcordanceSort;

/// One mention of the query, in its context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ConcordanceRow {
    /// The document's id.
    pub doc_id: String,
    /// Its title.
    pub title: String,
    /// The force slug, if the document belongs to one.
    pub force: Option<String>,
    /// The force's name.
    pub force_name: Option<String>,
    /// The document's date in ISO form at its precision (`2014-09-26`, `2014-06`, `2020`).
    pub date: Option<String>,
    /// Where the passage is in its document.
    #[serde(flatten)]
    pub location: PassageLocation,
    /// Where the mention starts in the passage's text, in bytes.
    pub offset: u64,
    /// The words before the mention (`context` of them at most), one space apart.
    pub left: String,
    /// The mention as written: a phrase whole, its whitespace as one space.
    #[serde(rename = "match")]
    pub matched: String,
    /// The words after the mention.
    pub right: String,
    /// Whether the mention is there only as an acronym's expansion (the long form of `PCC`
    /// searched for, or the other way round).
    pub expansion: bool,
    /// The API address of the passage in full: `/api/v1/documents/{doc_id}/passages/{ordinal}`.
    pub url: String,
}

/// A page of a concordance.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ConcordanceResponse {
    /// The query as given.
    pub query: String,
    /// Mentions of the query in the matching documents.
    pub total_mentions: u64,
    /// Documents with at least one mention.
    pub total_documents: u64,
    /// Passages with at least one mention.
    pub total_passages: u64,
    /// Words of context on each side.
    pub context: usize,
    /// The order of the mentions.
    pub sort: ConcordanceSort,
    /// The most mentions a page holds.
    pub limit: usize,
    /// Acronym expansions applied to the query.
    pub expansions: Vec<Expansion>,
    /// How the query was read.
    pub interpretation: Interpretation,
    /// Time spent in the engine, in milliseconds.
    pub took_ms: f64,
    /// The mentions of this page.
    pub mentions: Vec<ConcordanceRow>,
    /// The cursor of the next page; none on the last. It holds while the index does not change.
    pub next_cursor: Option<String>,
}
