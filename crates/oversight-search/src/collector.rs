//! The document-grouping collector: one pass over the matching passages that groups them by
//! document, keeps each document's best passages, applies the filters ([`crate::filters`]) and
//! remembers which filters each document fails, so that the hits, the totals and every
//! (disjunctive) facet count come from the same pass.
//!
//! Passages of a document are written in one batch and so live in one segment, next to each other
//! ([`crate::passage_runs::PassageRuns`]): a segment's groups are a list that grows by one whenever
//! a passage lies past the current document's run, and the document key is read once per document,
//! not per passage.
//! Should a document have groups in several segments, [`Collector::merge_fruits`] joins them.

use std::collections::HashSet;
use std::sync::Arc;

use oversight_schema::fields::name;
use rustc_hash::FxHashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::facet_tally::{FacetTally, SegmentTally};
use crate::filters::{
    FILTER_DATE, FILTER_FORCE, FILTER_SUBTYPE, FILTER_THEME, FILTER_TYPE, FilterPlan, PASSES_ALL,
    SegmentFilter, counts, passes_all_but,
};
use crate::segment_cache::{SegmentCache, SegmentColumns};

/// One document's matching passages.
#[derive(Debug, Clone)]
pub struct DocumentGroup {
    /// The document key.
    pub key: u64,
    /// Which filters the document passes.
    pub mask: u8,
    /// The best passage score.
    pub best_score: Score,
    /// How many passages matched.
    pub matched_passages: u64,
    /// The best passages, best first.
    pub top_passages: Vec<(Score, DocAddress)>,
    /// The first day of the document's date, as `yyyymmdd`.
    pub date_start: Option<i64>,
}

/// What one pass of [`GroupingCollector`] gives: the matching documents and the facet counts.
#[derive(Debug, Default)]
pub struct Grouped {
    /// The documents with a matching passage that count anywhere (in the hits or in a facet).
    pub groups: Vec<DocumentGroup>,
    /// Documents per facet value, each facet counting the documents that pass every other filter.
    pub tally: FacetTally,
}

impl DocumentGroup {
    /// Whether the document passes every filter.
    pub fn passes_all(&self) -> bool {
        self.mask == PASSES_ALL
    }
}

/// Groups matching passages by document.
pub struct GroupingCollector {
    /// The filters.
    pub plan: Arc<FilterPlan>,
    /// Whether scores are needed (relevance order).
    pub scoring: bool,
    /// How many passages to keep per document.
    pub passages_per_group: usize,
    /// The columns of the index's segments.
    pub segments: Arc<SegmentCache>,
}

/// The per-segment half of [`GroupingCollector`].
pub struct SegmentGroupingCollector {
    segment_ord: SegmentOrdinal,
    plan: Arc<FilterPlan>,
    passages_per_group: usize,
    columns: Arc<SegmentColumns>,
    filter: SegmentFilter,
    /// The groups in the order their documents were met; the last one is being collected.
    groups: Vec<SegmentGroup>,
    /// The key of the document being collected.
    document_key: u64,
    /// Where the passages of the document being collected end.
    document_end: DocId,
}

struct SegmentGroup {
    key: u64,
    mask: u8,
    first_doc: DocId,
    best_score: Score,
    matched_passages: u64,
    top_passages: Vec<(Score, DocId)>,
}

impl Collector for GroupingCollector {
    type Fruit = Grouped;
    type Child = SegmentGroupingCollector;

    fn for_segment(
        &self,
        segment_ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let columns = self.segments.of(segment)?;
        Ok(SegmentGroupingCollector {
            segment_ord,
            plan: Arc::clone(&self.plan),
            passages_per_group: self.passages_per_group,
            filter: SegmentFilter::new(&self.plan, &columns),
            columns,
            groups: Vec::new(),
            document_key: 0,
            document_end: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        self.scoring
    }

    fn merge_fruits(&self, segment_fruits: Vec<Grouped>) -> tantivy::Result<Grouped> {
        let mut merged: FxHashMap<u64, DocumentGroup> = FxHashMap::default();
        let mut tally = FacetTally::default();
        for fruit in segment_fruits {
            tally.add(fruit.tally);
            for group in fruit.groups {
                match merged.get_mut(&group.key) {
                    None => {
                        merged.insert(group.key, group);
                    }
                    Some(existing) => {
                        existing.best_score = existing.best_score.max(group.best_score);
                        existing.matched_passages += group.matched_passages;
                        existing.top_passages.extend(group.top_passages);
                        existing.top_passages.sort_by(compare_passages);
                        existing.top_passages.truncate(self.passages_per_group);
                    }
                }
            }
        }
        Ok(Grouped {
            groups: merged.into_values().collect(),
            tally,
        })
    }
}

fn compare_passages(left: &(Score, DocAddress), right: &(Score, DocAddress)) -> std::cmp::Ordering {
    right.0.total_cmp(&left.0).then(left.1.cmp(&right.1))
}

impl SegmentGroupingCollector {
    /// Adds a passage of document `key`.
    fn add(&mut self, doc: DocId, key: u64, score: Score) {
        let same_document = self.groups.last().is_some_and(|group| group.key == key);
        if !same_document {
            // An excluded document gets a group failing every filter, which counts nowhere.
            let mask = if self.plan.excluded_keys.contains(&key) {
                0
            } else {
                self.filter.mask(&self.columns, doc)
            };
            self.groups.push(SegmentGroup {
                key,
                mask,
                first_doc: doc,
                best_score: score,
                matched_passages: 0,
                top_passages: Vec::new(),
            });
        }
        let passages_per_group = self.passages_per_group;
        let Some(group) = self.groups.last_mut() else {
            return;
        };
        // Documents failing two filter groups count nowhere: skip their bookkeeping.
        if !counts(group.mask) {
            return;
        }
        group.matched_passages += 1;
        group.best_score = group.best_score.max(score);
        let top = &mut group.top_passages;
        if top.len() < passages_per_group || top.last().is_some_and(|(worst, _)| score > *worst) {
            let position = top.partition_point(|(other, _)| *other >= score);
            top.insert(position, (score, doc));
            top.truncate(passages_per_group);
        }
    }
}

impl SegmentCollector for SegmentGroupingCollector {
    type Fruit = Grouped;

    fn collect(&mut self, doc: DocId, score: Score) {
        if doc >= self.document_end {
            let Some(key) = self.columns.doc_key.first(doc) else {
                return;
            };
            self.document_key = key;
            self.document_end = self.columns.runs.run_of(doc).end;
        }
        self.add(doc, self.document_key, score);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        for &doc in docs {
            self.collect(doc, 0.0);
        }
    }

    fn harvest(self) -> Grouped {
        let segment_ord = self.segment_ord;
        let columns = self.columns.facets();
        let mut tally = SegmentTally::new(&columns);
        let mut groups = Vec::with_capacity(self.groups.len());
        for group in self.groups.iter().filter(|group| counts(group.mask)) {
            let doc = group.first_doc;
            if passes_all_but(group.mask, FILTER_FORCE) {
                tally.count_force(&columns, doc);
            }
            if passes_all_but(group.mask, FILTER_TYPE) {
                tally.count_doc_type(&columns, doc);
            }
            if passes_all_but(group.mask, FILTER_SUBTYPE) {
                tally.count_subtype(&columns, doc);
            }
            if passes_all_but(group.mask, FILTER_THEME) {
                tally.count_themes(&columns, doc);
            }
            if passes_all_but(group.mask, FILTER_DATE)
                && let Some(year) = self.columns.year.first(doc)
            {
                tally.count_year(year);
            }
            groups.push(DocumentGroup {
                key: group.key,
                mask: group.mask,
                best_score: group.best_score,
                matched_passages: group.matched_passages,
                top_passages: group
                    .top_passages
                    .iter()
                    .map(|(score, doc)| (*score, DocAddress::new(segment_ord, *doc)))
                    .collect(),
                date_start: self.columns.date_start.first(doc),
            });
        }
        Grouped {
            groups,
            tally: tally.named(&columns),
        }
    }
}

/// Collects the keys of the documents that have a matching passage.
pub struct DocumentKeys;

/// The per-segment half of [`DocumentKeys`].
pub struct SegmentDocumentKeys {
    doc_key: Column<u64>,
    keys: HashSet<u64>,
}

impl Collector for DocumentKeys {
    type Fruit = HashSet<u64>;
    type Child = SegmentDocumentKeys;

    fn for_segment(
        &self,
        _segment_ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        Ok(SegmentDocumentKeys {
            doc_key: segment.fast_fields().u64(name::DOC_KEY)?,
            keys: HashSet::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segment_fruits: Vec<HashSet<u64>>) -> tantivy::Result<HashSet<u64>> {
        Ok(segment_fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegmentDocumentKeys {
    type Fruit = HashSet<u64>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(key) = self.doc_key.first(doc) {
            self.keys.insert(key);
        }
    }

    fn harvest(self) -> HashSet<u64> {
        self.keys
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_failing_one_filter_counts_for_that_facet_only() {
        let group = DocumentGroup {
            key: 1,
            mask: PASSES_ALL & !FILTER_FORCE,
            best_score: 1.0,
            matched_passages: 1,
            top_passages: Vec::new(),
            date_start: None,
        };
        assert!(!group.passes_all());
        assert!(passes_all_but(group.mask, FILTER_FORCE));
        assert!(!passes_all_but(group.mask, FILTER_TYPE));
    }
}
