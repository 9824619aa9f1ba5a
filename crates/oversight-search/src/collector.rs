//! The document-grouping collector: one pass over the matching passages that groups them by
//! document, keeps each document's best passages, applies the filters and remembers which filters
//! each document fails, so that the hits, the totals and every (disjunctive) facet count come from
//! the same pass.
//!
//! Passages of a document are written in one batch and so live in one segment, next to each other;
//! the collector relies on the first and uses the second: a segment's groups are a list that grows
//! by one whenever the document key changes, with no lookup per passage. Should a document's
//! passages not be contiguous, it gets two groups in the list and [`Collector::merge_fruits`]
//! joins them, so the result is the same either way.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use oversight_schema::fields::name;
use rustc_hash::FxHashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::fastfield::FacetReader;
use tantivy::schema::Facet;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

/// The filter groups, one bit each in a document's pass mask.
pub const FILTER_FORCE: u8 = 1;
/// Document types.
pub const FILTER_TYPE: u8 = 1 << 1;
/// Themes.
pub const FILTER_THEME: u8 = 1 << 2;
/// Year and date ranges.
pub const FILTER_DATE: u8 = 1 << 3;
/// A document that passes every filter.
pub const PASSES_ALL: u8 = FILTER_FORCE | FILTER_TYPE | FILTER_THEME | FILTER_DATE;

/// The filters, as facet paths and ranges, resolved per segment.
#[derive(Debug, Clone, Default)]
pub struct FilterPlan {
    /// Accepted force facets (`/warwickshire`); empty means any.
    pub forces: Vec<Facet>,
    /// Accepted type facets.
    pub doc_types: Vec<Facet>,
    /// Accepted theme facets; a sub-theme of one is accepted too.
    pub themes: Vec<Facet>,
    /// Inclusive year range.
    pub years: Option<(u64, u64)>,
    /// Inclusive `yyyymmdd` range a document's date must overlap.
    pub dates: Option<(i64, i64)>,
    /// Keys of documents excluded whole (by a top-level `-term`).
    pub excluded_keys: HashSet<u64>,
}

/// The facet values of a document, as slugs shared with the segment's facet dictionary (so that
/// grouping thousands of documents allocates no strings).
#[derive(Debug, Clone, Default)]
pub struct DocumentFacets {
    /// The force (`warwickshire`), if any.
    pub force: Option<Arc<str>>,
    /// The type (`minutes`).
    pub doc_type: Option<Arc<str>>,
    /// The themes, with every ancestor (`victims`, `restorative-justice`), each once.
    pub themes: Vec<Arc<str>>,
    /// The year.
    pub year: Option<u64>,
    /// The first day of the date, as `yyyymmdd`.
    pub date_start: Option<i64>,
}

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
    /// The document's facet values.
    pub facets: DocumentFacets,
}

impl DocumentGroup {
    /// Whether the document passes every filter.
    pub fn passes_all(&self) -> bool {
        self.mask == PASSES_ALL
    }

    /// Whether the document passes every filter except, perhaps, those of `group`.
    pub fn passes_all_but(&self, group: u8) -> bool {
        self.mask | group == PASSES_ALL
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
}

struct FacetFilter {
    reader: FacetReader,
    accepted: Option<Vec<bool>>,
    /// Per facet ordinal, the slugs of the facet and its ancestors, root first.
    lineages: Vec<Vec<Arc<str>>>,
}

impl FacetFilter {
    fn new(
        segment: &SegmentReader,
        field: &str,
        accepted: &[Facet],
    ) -> tantivy::Result<FacetFilter> {
        let reader = segment.facet_reader(field)?;
        let mut facets = Vec::with_capacity(reader.num_facets());
        let mut facet = Facet::root();
        for ord in 0..reader.num_facets() as u64 {
            reader.facet_from_ord(ord, &mut facet)?;
            facets.push(facet.clone());
        }
        let accepted = (!accepted.is_empty()).then(|| {
            facets
                .iter()
                .map(|facet| {
                    accepted
                        .iter()
                        .any(|wanted| wanted.is_prefix_of(facet) || wanted == facet)
                })
                .collect()
        });
        let mut slugs: HashMap<String, Arc<str>> = HashMap::new();
        let lineages = facets
            .iter()
            .map(|facet| {
                facet
                    .to_path()
                    .into_iter()
                    .map(|slug| {
                        Arc::clone(
                            slugs
                                .entry(slug.to_string())
                                .or_insert_with(|| Arc::from(slug)),
                        )
                    })
                    .collect()
            })
            .collect();
        Ok(FacetFilter {
            reader,
            accepted,
            lineages,
        })
    }

    fn passes(&self, doc: DocId) -> bool {
        match &self.accepted {
            None => true,
            Some(accepted) => self
                .reader
                .facet_ords(doc)
                .any(|ord| accepted.get(ord as usize).copied().unwrap_or(false)),
        }
    }

    /// The lineages of the document's facets.
    fn lineages(&self, doc: DocId) -> impl Iterator<Item = &Vec<Arc<str>>> + '_ {
        self.reader
            .facet_ords(doc)
            .filter_map(|ord| self.lineages.get(ord as usize))
    }

    /// The slug of the document's (first) facet.
    fn slug(&self, doc: DocId) -> Option<Arc<str>> {
        self.lineages(doc)
            .next()
            .and_then(|lineage| lineage.last().cloned())
    }
}

/// The per-segment half of [`GroupingCollector`].
pub struct SegmentGroupingCollector {
    segment_ord: SegmentOrdinal,
    plan: Arc<FilterPlan>,
    passages_per_group: usize,
    doc_key: Column<u64>,
    year: Column<u64>,
    date_start: Column<i64>,
    date_end: Column<i64>,
    force: FacetFilter,
    doc_type: FacetFilter,
    theme: FacetFilter,
    /// The groups in the order their documents were met; the last one is being collected.
    groups: Vec<SegmentGroup>,
    /// Document keys of a block of passages (non-scoring collection).
    block_keys: Vec<Option<u64>>,
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
    type Fruit = Vec<DocumentGroup>;
    type Child = SegmentGroupingCollector;

    fn for_segment(
        &self,
        segment_ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let fast_fields = segment.fast_fields();
        Ok(SegmentGroupingCollector {
            segment_ord,
            plan: Arc::clone(&self.plan),
            passages_per_group: self.passages_per_group,
            doc_key: fast_fields.u64(name::DOC_KEY)?,
            year: fast_fields.u64(name::YEAR)?,
            date_start: fast_fields.i64(name::DATE_START)?,
            date_end: fast_fields.i64(name::DATE_END)?,
            force: FacetFilter::new(segment, name::FORCE, &self.plan.forces)?,
            doc_type: FacetFilter::new(segment, name::DOC_TYPE, &self.plan.doc_types)?,
            theme: FacetFilter::new(segment, name::THEME, &self.plan.themes)?,
            groups: Vec::new(),
            block_keys: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.scoring
    }

    fn merge_fruits(
        &self,
        segment_fruits: Vec<Vec<DocumentGroup>>,
    ) -> tantivy::Result<Vec<DocumentGroup>> {
        let mut merged: FxHashMap<u64, DocumentGroup> = FxHashMap::default();
        for group in segment_fruits.into_iter().flatten() {
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
        Ok(merged.into_values().collect())
    }
}

fn compare_passages(left: &(Score, DocAddress), right: &(Score, DocAddress)) -> std::cmp::Ordering {
    right.0.total_cmp(&left.0).then(left.1.cmp(&right.1))
}

impl SegmentGroupingCollector {
    fn mask(&self, doc: DocId) -> u8 {
        let plan = &self.plan;
        let mut mask = 0;
        if self.force.passes(doc) {
            mask |= FILTER_FORCE;
        }
        if self.doc_type.passes(doc) {
            mask |= FILTER_TYPE;
        }
        if self.theme.passes(doc) {
            mask |= FILTER_THEME;
        }
        let year_passes = plan.years.is_none_or(|(from, to)| {
            self.year
                .first(doc)
                .is_some_and(|year| (from..=to).contains(&year))
        });
        let date_passes = plan.dates.is_none_or(|(from, to)| {
            let start = self.date_start.first(doc);
            let end = self.date_end.first(doc);
            matches!((start, end), (Some(start), Some(end)) if end >= from && start <= to)
        });
        if year_passes && date_passes {
            mask |= FILTER_DATE;
        }
        mask
    }
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
                self.mask(doc)
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

/// Whether a document with this pass mask counts anywhere: in the hits (it passes every filter) or
/// in the facet counts of the one filter group it fails.
fn counts(mask: u8) -> bool {
    (PASSES_ALL & !mask).count_ones() <= 1
}

impl SegmentCollector for SegmentGroupingCollector {
    type Fruit = Vec<DocumentGroup>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if let Some(key) = self.doc_key.first(doc) {
            self.add(doc, key, score);
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        let mut keys = std::mem::take(&mut self.block_keys);
        keys.clear();
        keys.resize(docs.len(), None);
        self.doc_key.first_vals(docs, &mut keys);
        for (doc, key) in docs.iter().zip(&keys) {
            if let Some(key) = key {
                self.add(*doc, *key, 0.0);
            }
        }
        self.block_keys = keys;
    }

    fn harvest(self) -> Vec<DocumentGroup> {
        let segment_ord = self.segment_ord;
        self.groups
            .iter()
            .filter(|group| counts(group.mask))
            .map(|group| {
                let doc = group.first_doc;
                let mut themes: Vec<Arc<str>> = Vec::new();
                for lineage in self.theme.lineages(doc) {
                    for slug in lineage {
                        if !themes.contains(slug) {
                            themes.push(Arc::clone(slug));
                        }
                    }
                }
                DocumentGroup {
                    key: group.key,
                    mask: group.mask,
                    best_score: group.best_score,
                    matched_passages: group.matched_passages,
                    top_passages: group
                        .top_passages
                        .iter()
                        .map(|(score, doc)| (*score, DocAddress::new(segment_ord, *doc)))
                        .collect(),
                    facets: DocumentFacets {
                        force: self.force.slug(doc),
                        doc_type: self.doc_type.slug(doc),
                        themes,
                        year: self.year.first(doc),
                        date_start: self.date_start.first(doc),
                    },
                }
            })
            .collect()
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
            facets: DocumentFacets::default(),
        };
        assert!(!group.passes_all());
        assert!(group.passes_all_but(FILTER_FORCE));
        assert!(!group.passes_all_but(FILTER_TYPE));
    }
}
