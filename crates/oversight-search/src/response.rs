//! The shapes of the answers: search responses, document hits, passages, facet counts and the
//! document view. They serialise to the JSON the HTTP API and `oversight search --json` return.

use oversight_schema::model::{DatePrecision, DocType, DocumentMeta, Subtype};
use serde::Serialize;

use crate::citation::Citation;
use crate::did_you_mean::DidYouMean;
use crate::labels::DocumentLabels;
use crate::query::Expansion;
use crate::request::{Scope, Sort};

/// The answer to a search request.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SearchResponse {
    /// The query as given.
    pub query: String,
    /// Documents matching the query and filters.
    pub total_documents: u64,
    /// Passages matching the query and filters.
    pub total_passages: u64,
    /// Time spent in the engine, in milliseconds.
    pub took_ms: f64,
    /// The page returned, from 1.
    pub page: usize,
    /// Documents per page.
    pub per_page: usize,
    /// The order applied (an empty query in relevance order browses newest first).
    pub sort: Sort,
    /// Acronym expansions applied to the query.
    pub expansions: Vec<Expansion>,
    /// How the query was read.
    pub interpretation: Interpretation,
    /// The documents of this page.
    pub hits: Vec<DocumentHit>,
    /// Document counts per facet value.
    pub facets: Facets,
    /// The query with its misspelt words corrected, when the correction finds documents.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub did_you_mean: Option<DidYouMean>,
}

/// How a query was read, beyond its words.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Interpretation {
    /// Where the words had to meet: in one document (the default) or in one passage.
    pub scope: Scope,
    /// Words written before a colon that names no field (`Re:` in `Re: precept`), searched as
    /// words.
    pub colons_read_as_text: Vec<String>,
}

/// The answer to a facets request: the totals and facet counts of a search, without its hits.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FacetsResponse {
    /// The query as given.
    pub query: String,
    /// Documents matching the query and filters.
    pub total_documents: u64,
    /// Passages matching the query and filters.
    pub total_passages: u64,
    /// Time spent in the engine, in milliseconds.
    pub took_ms: f64,
    /// Acronym expansions applied to the query.
    pub expansions: Vec<Expansion>,
    /// Document counts per facet value.
    pub facets: Facets,
}

impl From<SearchResponse> for FacetsResponse {
    fn from(response: SearchResponse) -> FacetsResponse {
        FacetsResponse {
            query: response.query,
            total_documents: response.total_documents,
            total_passages: response.total_passages,
            took_ms: response.took_ms,
            expansions: response.expansions,
            facets: response.facets,
        }
    }
}

/// A matching document.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DocumentHit {
    /// The document's id.
    pub doc_id: String,
    /// The API address of the document: `/api/v1/documents/{doc_id}`.
    pub url: String,
    /// Its title.
    pub title: String,
    /// The force slug, if the document belongs to one.
    pub force: Option<String>,
    /// The force's name.
    pub force_name: Option<String>,
    /// The date in ISO form at its precision (`2014-09-26`, `2014-06`, `2020`).
    pub date: Option<String>,
    /// The date as people write it (`26 September 2014`).
    pub date_text: Option<String>,
    /// How precise the date is.
    pub date_precision: Option<DatePrecision>,
    /// The document type.
    #[serde(rename = "type")]
    pub doc_type: DocType,
    /// The document subtype, under its type: `report/decision`.
    pub subtype: Subtype,
    /// Theme slugs, strongest first.
    pub themes: Vec<String>,
    /// The files the document was read from.
    pub sources: Vec<String>,
    /// Where the document was published, when known.
    pub source_url: Option<String>,
    /// Relevance score (0 when sorted by date).
    pub score: f32,
    /// How many of its passages match.
    pub matched_passages: u64,
    /// Its best passages.
    pub passages: Vec<PassageHit>,
}

/// A matching passage of a hit.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PassageHit {
    /// Where the passage is in its document.
    #[serde(flatten)]
    pub location: PassageLocation,
    /// The API address of the passage in full: `/api/v1/documents/{doc_id}/passages/{ordinal}`.
    pub url: String,
    /// An HTML snippet of about 240 characters, the part of the passage with the most of the
    /// query's words: document text escaped, matches wrapped in `<mark>`, "…" where the passage
    /// goes on.
    pub snippet: String,
    /// The passage's relevance score.
    pub score: f32,
}

/// Document counts per facet value. Counts are disjunctive: each facet is counted with every
/// filter applied except its own.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct Facets {
    /// Per force.
    pub force: Vec<FacetCount>,
    /// Per year, in year order.
    pub year: Vec<FacetCount>,
    /// Per document type.
    #[serde(rename = "type")]
    pub doc_type: Vec<FacetCount>,
    /// Per document subtype (`report/decision`; its type's count is in `type`).
    pub subtype: Vec<FacetCount>,
    /// Per theme (a document with a sub-theme counts for its parent too).
    pub theme: Vec<FacetCount>,
}

/// One facet value and how many documents have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FacetCount {
    /// The value, as filters take it (a slug or a year).
    pub value: String,
    /// A label for people.
    pub label: String,
    /// Matching documents with this value.
    pub count: u64,
    /// Whether a filter selects this value.
    pub selected: bool,
}

/// Where a passage is in its document; flattened into every answer that shows a passage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PassageLocation {
    /// The passage's position in the document, from 0.
    pub ordinal: u64,
    /// The agenda item or top-level section.
    pub item: Option<String>,
    /// The nearest heading.
    pub heading: Option<String>,
    /// The page of the original file, when known.
    pub page: Option<u64>,
}

/// A document with the outline of its passages.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DocumentView {
    /// Everything known about the document, with evidence.
    pub document: DocumentMeta,
    /// The names of the force, forces named, type, subtype and themes in `document`.
    pub labels: DocumentLabels,
    /// Its passages, in order, without their text.
    pub outline: Vec<OutlineEntry>,
    /// Where the service serves the original file (open a PDF at a page with `#page=N`); absent
    /// when the service has no corpus folder or the file is gone.
    pub original_url: Option<String>,
    /// How to cite the document.
    pub citation: Citation,
}

/// One passage in a document's outline.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OutlineEntry {
    /// Where the passage is in its document.
    #[serde(flatten)]
    pub location: PassageLocation,
    /// How many characters of text the passage has.
    pub chars: u64,
}

/// One passage in full.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PassageView {
    /// The document's id.
    pub doc_id: String,
    /// Where the passage is in its document.
    #[serde(flatten)]
    pub location: PassageLocation,
    /// The passage's themes (slugs, the last part of their path: `restorative-justice`).
    pub themes: Vec<String>,
    /// The full text.
    pub text: String,
    /// How to cite the passage.
    pub citation: Citation,
}

/// A document's full text, passage by passage, for reading.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DocumentText {
    /// The document's id.
    pub doc_id: String,
    /// How many matches are marked: the `<mark>` elements of the passages (an occurrence of a
    /// phrase is one).
    pub matches: u64,
    /// Every passage, in order.
    pub passages: Vec<PassageText>,
}

/// One passage as HTML: text escaped, query matches in `<mark>`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PassageText {
    /// Where the passage is in its document.
    #[serde(flatten)]
    pub location: PassageLocation,
    /// The text, HTML-escaped, with matches marked.
    pub html: String,
    /// How to cite the passage, as its own route says.
    pub citation: Citation,
}

/// What the service says about the index it serves.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IndexStats {
    /// The published generation.
    pub generation: String,
    /// Documents.
    pub documents: u64,
    /// Passages.
    pub passages: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passage_location_is_flattened_into_the_passage_it_locates() {
        let hit = PassageHit {
            location: PassageLocation {
                ordinal: 3,
                item: Some("Item 6".to_string()),
                heading: None,
                page: Some(2),
            },
            url: "/api/v1/documents/25322eb33bcda814/passages/3".to_string(),
            snippet: "the <mark>precept</mark>".to_string(),
            score: 1.5,
        };
        let json = serde_json::to_value(&hit).expect("serialises");
        assert_eq!(
            json,
            serde_json::json!({
                "ordinal": 3,
                "item": "Item 6",
                "heading": null,
                "page": 2,
                "url": "/api/v1/documents/25322eb33bcda814/passages/3",
                "snippet": "the <mark>precept</mark>",
                "score": 1.5,
            })
        );
    }
}
