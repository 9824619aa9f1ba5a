//! The matching passages a concordance reads: every passage the search's query matches in a
//! document that passes every filter and no top-level `-term` excludes, as the grouping collector
//! keeps them, with what ordering them needs (document key, date, ordinal) from fast fields.

use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::filters::{FilterPlan, PASSES_ALL, SegmentFilter};
use crate::segment_cache::{SegmentCache, SegmentColumns};

/// A matching passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MatchingPassage {
    /// Where it is stored.
    pub address: DocAddress,
    /// Its document's first passage.
    pub first: DocAddress,
    /// Its document's key (the first hex digits of its id, so key order is id order).
    pub key: u64,
    /// The first day of its document's date, as `yyyymmdd`.
    pub date_start: Option<i64>,
    /// Its place in its document, from 0.
    pub ordinal: u64,
}

/// Collects the matching passages of documents that pass every filter of `plan`.
pub(crate) struct MatchingPassages {
    /// The filters, with the excluded documents.
    pub plan: Arc<FilterPlan>,
    /// The columns of the index's segments.
    pub segments: Arc<SegmentCache>,
}

/// The document a segment's collector is in.
struct Current {
    key: u64,
    first: DocId,
    end: DocId,
    date_start: Option<i64>,
    kept: bool,
}

/// The per-segment half of [`MatchingPassages`].
pub(crate) struct SegmentMatchingPassages {
    segment_ord: SegmentOrdinal,
    plan: Arc<FilterPlan>,
    columns: Arc<SegmentColumns>,
    filter: SegmentFilter,
    current: Option<Current>,
    found: Vec<MatchingPassage>,
}

impl Collector for MatchingPassages {
    type Fruit = Vec<MatchingPassage>;
    type Child = SegmentMatchingPassages;

    fn for_segment(
        &self,
        segment_ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let columns = self.segments.of(segment)?;
        Ok(SegmentMatchingPassages {
            segment_ord,
            plan: Arc::clone(&self.plan),
            filter: SegmentFilter::new(&self.plan, &columns),
            columns,
            current: None,
            found: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<MatchingPassage>>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentMatchingPassages {
    /// The document of passage `doc`, read once per document as passages arrive in order.
    fn document_of(&mut self, doc: DocId) -> Option<&Current> {
        if self
            .current
            .as_ref()
            .is_none_or(|current| doc >= current.end)
        {
            let key = self.columns.doc_key.first(doc)?;
            let run = self.columns.runs.run_of(doc);
            let kept = !self.plan.excluded_keys.contains(&key)
                && self.filter.mask(&self.columns, doc) == PASSES_ALL;
            self.current = Some(Current {
                key,
                first: run.start,
                end: run.end,
                date_start: self.columns.date_start.first(doc),
                kept,
            });
        }
        self.current.as_ref()
    }
}

impl SegmentCollector for SegmentMatchingPassages {
    type Fruit = Vec<MatchingPassage>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let segment_ord = self.segment_ord;
        let Some(current) = self.document_of(doc) else {
            return;
        };
        if current.kept {
            let passage = MatchingPassage {
                address: DocAddress::new(segment_ord, doc),
                first: DocAddress::new(segment_ord, current.first),
                key: current.key,
                date_start: current.date_start,
                ordinal: u64::from(doc - current.first),
            };
            self.found.push(passage);
        }
    }

    fn harvest(self) -> Vec<MatchingPassage> {
        self.found
    }
}
