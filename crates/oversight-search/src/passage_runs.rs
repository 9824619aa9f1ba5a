//! Where a document's passages are in a segment: a run of consecutive passages, found from any one
//! of them with two fast-field reads.
//!
//! The indexer writes a document's passages as one batch, in order from ordinal 0, so they sit
//! next to each other in one segment (merges keep the order). The run of passage `doc` starts at
//! `doc - ordinal` and holds `passages` passages. Collectors and scorers that walk passages in
//! order read this once per document instead of a fast field per passage.

use std::ops::Range;

use oversight_schema::fields::name;
use tantivy::columnar::Column;
use tantivy::{DocId, SegmentReader};

/// The ordinal and passage-count columns of one segment.
pub struct PassageRuns {
    ordinals: Column<u64>,
    passages: Column<u64>,
}

impl PassageRuns {
    /// The columns of `segment`.
    pub fn of(segment: &SegmentReader) -> tantivy::Result<PassageRuns> {
        let fast_fields = segment.fast_fields();
        Ok(PassageRuns {
            ordinals: fast_fields.u64(name::ORDINAL)?,
            passages: fast_fields.u64(name::PASSAGES)?,
        })
    }

    /// The passages of the document that passage `doc` belongs to; `doc` alone when the columns
    /// do not say.
    pub fn run_of(&self, doc: DocId) -> Range<DocId> {
        let as_doc_id = |value: Option<u64>| value.and_then(|value| DocId::try_from(value).ok());
        let (Some(ordinal), Some(passages)) = (
            as_doc_id(self.ordinals.first(doc)),
            as_doc_id(self.passages.first(doc)),
        ) else {
            return doc..doc + 1;
        };
        let first = doc.saturating_sub(ordinal);
        let end = first.saturating_add(passages).max(doc + 1);
        first..end
    }
}
