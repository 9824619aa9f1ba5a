//! The counts behind trends: a search's matching documents, passages and mentions per year and
//! force, read from the groups [`collect`] gives and the segments' fast fields, and the counts of
//! every document under a filter set, kept per index version ([`TrendTotals`]).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};

use rustc_hash::FxHashMap;
use tantivy::DocId;
use tantivy::schema::Facet;

use crate::collect::{SearchContext, collect};
use crate::error::Result;
use crate::mentions::MentionCounter;
use crate::request::{Filters, ValidSearch};
use crate::segment_cache::SegmentColumns;
use crate::snapshot::IndexVersion;

/// Where a document counts: its year (none when undated) and its force's slug.
pub(crate) type BucketKey = (Option<u16>, Arc<str>);

/// What a search matches in one bucket.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    /// Matching documents.
    pub documents: u64,
    /// Their matching passages.
    pub passages: u64,
    /// The query's mentions in those passages.
    pub mentions: u64,
}

/// A search's tallies by bucket.
pub(crate) type Counts = FxHashMap<BucketKey, Tally>;

/// Counts what `search` matches by year and force; mentions when `mentions` is set (an empty
/// query has none to count).
pub(crate) fn count(
    context: &SearchContext<'_>,
    search: &ValidSearch,
    mentions: bool,
) -> Result<Counts> {
    let passages_per_group = if mentions { usize::MAX } else { 1 };
    let collected = collect(context, search, passages_per_group)?;
    let counter = MentionCounter::new(&context.snapshot.fields, &collected.query.marks);
    let readers = context.searcher.segment_readers();
    let mut segments: Vec<Option<SegmentKeys>> = (0..readers.len()).map(|_| None).collect();
    let mut counts = Counts::default();
    // The counting groups in index order, so that each segment's passages come in order.
    let mut groups: Vec<_> = collected
        .groups
        .iter()
        .filter(|group| group.passes_all())
        .filter_map(|group| Some((*group.top_passages.first()?, group)))
        .collect();
    groups.sort_unstable_by_key(|((_, first), _)| *first);
    // Per segment, each matching passage and the number of the bucket its mentions go to.
    let mut passages: Vec<Vec<(DocId, u32)>> = vec![Vec::new(); readers.len()];
    let mut keys: Vec<BucketKey> = Vec::with_capacity(groups.len());
    for ((_, first), group) in groups {
        let ord = first.segment_ord as usize;
        let (Some(slot), Some(reader)) = (segments.get_mut(ord), readers.get(ord)) else {
            continue;
        };
        let segment_keys = match slot {
            Some(segment_keys) => segment_keys,
            None => slot.insert(SegmentKeys::new(context.snapshot.segments.of(reader)?)),
        };
        let key = segment_keys.key(first.doc_id)?;
        let tally = counts.entry(key.clone()).or_default();
        tally.documents += 1;
        tally.passages += group.matched_passages;
        if mentions && !counter.is_empty() {
            let number = keys.len() as u32;
            for (_, address) in &group.top_passages {
                if let Some(list) = passages.get_mut(address.segment_ord as usize) {
                    list.push((address.doc_id, number));
                }
            }
            keys.push(key);
        }
    }
    let mut found_per_key = vec![0u64; keys.len()];
    for (ord, mut list) in passages.into_iter().enumerate() {
        if list.is_empty() {
            continue;
        }
        // A document's passages are adjacent in its segment: the list is only out of order when
        // one document spans segments.
        if !list.is_sorted() {
            list.sort_unstable();
        }
        let docs: Vec<DocId> = list.iter().map(|(doc, _)| *doc).collect();
        let found = counter.count(&readers[ord], &docs)?;
        for ((_, number), mentions) in list.into_iter().zip(found) {
            found_per_key[number as usize] += mentions;
        }
    }
    for (key, mentions) in keys.into_iter().zip(found_per_key) {
        counts.entry(key).or_default().mentions += mentions;
    }
    Ok(counts)
}

/// The bucket of a segment's passages, with the force slug of each facet ordinal read once.
struct SegmentKeys {
    columns: Arc<SegmentColumns>,
    forces: FxHashMap<u64, Arc<str>>,
}

impl SegmentKeys {
    fn new(columns: Arc<SegmentColumns>) -> SegmentKeys {
        SegmentKeys {
            columns,
            forces: FxHashMap::default(),
        }
    }

    fn key(&mut self, doc: DocId) -> Result<BucketKey> {
        let year = self
            .columns
            .year
            .first(doc)
            .and_then(|year| u16::try_from(year).ok());
        let reader = &self.columns.force.reader;
        let force = match reader.facet_ords(doc).next() {
            None => Arc::from(""),
            Some(ord) => match self.forces.get(&ord) {
                Some(slug) => Arc::clone(slug),
                None => {
                    let mut facet = Facet::root();
                    reader.facet_from_ord(ord, &mut facet)?;
                    let slug: Arc<str> = Arc::from(facet.to_path().first().copied().unwrap_or(""));
                    self.forces.insert(ord, Arc::clone(&slug));
                    slug
                }
            },
        };
        Ok((year, force))
    }
}

/// How many filter sets' totals are kept.
const KEPT_TOTALS: usize = 32;

/// The counts of every document under a filter set (no query), per index version: the
/// denominators of trends, the same for every query compared under those filters.
#[derive(Default)]
pub(crate) struct TrendTotals {
    kept: Mutex<VecDeque<(TotalsKey, Arc<Counts>)>>,
}

/// What the totals depend on: the index version and the filters.
type TotalsKey = (IndexVersion, Filters);

impl TrendTotals {
    /// The totals under `filters` at `version`: kept ones, or those `compute` counts (and that
    /// are then kept).
    pub fn of(
        &self,
        version: &IndexVersion,
        filters: &Filters,
        compute: impl FnOnce() -> Result<Counts>,
    ) -> Result<Arc<Counts>> {
        let key = (version.clone(), filters.clone());
        if let Some(found) = self.find(&key) {
            return Ok(found);
        }
        let counts = Arc::new(compute()?);
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        // Totals of an older version will not be asked for again.
        kept.retain(|((kept_version, _), _)| kept_version == version);
        if kept.len() >= KEPT_TOTALS {
            kept.pop_front();
        }
        kept.push_back((key, Arc::clone(&counts)));
        Ok(counts)
    }

    /// The kept totals for `key`, moved to the back as the most recently used.
    fn find(&self, key: &TotalsKey) -> Option<Arc<Counts>> {
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        let position = kept.iter().position(|(kept_key, _)| kept_key == key)?;
        let entry = kept.remove(position)?;
        let counts = Arc::clone(&entry.1);
        kept.push_back(entry);
        Some(counts)
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    fn version(reload: u64) -> IndexVersion {
        IndexVersion {
            generation: "g1".to_string(),
            reload,
        }
    }

    fn filters(year: u16) -> Filters {
        Filters {
            year_from: Some(year),
            ..Filters::default()
        }
    }

    fn counts(documents: u64) -> Counts {
        let mut counts = Counts::default();
        counts.insert(
            (Some(2014), Arc::from("dorset")),
            Tally {
                documents,
                ..Tally::default()
            },
        );
        counts
    }

    #[test]
    fn totals_are_counted_once_per_version_and_filter_set() {
        let totals = TrendTotals::default();
        let computed = Cell::new(0);
        let compute = |documents| {
            computed.set(computed.get() + 1);
            Ok(counts(documents))
        };
        let first = totals
            .of(&version(1), &filters(2014), || compute(3))
            .expect("totals");
        let again = totals
            .of(&version(1), &filters(2014), || compute(4))
            .expect("totals");
        assert!(Arc::ptr_eq(&first, &again));
        assert_eq!(computed.get(), 1);
        totals
            .of(&version(1), &filters(2015), || compute(5))
            .expect("totals");
        assert_eq!(computed.get(), 2);
        let newer = totals
            .of(&version(2), &filters(2014), || compute(6))
            .expect("totals");
        assert_eq!(computed.get(), 3);
        assert!(!Arc::ptr_eq(&first, &newer));
        assert_eq!(totals.kept.lock().map(|kept| kept.len()).unwrap_or(0), 1);
    }

    #[test]
    fn the_least_recently_used_totals_go_first_when_full() {
        let totals = TrendTotals::default();
        for year in 0..KEPT_TOTALS as u16 {
            totals
                .of(&version(1), &filters(2000 + year), || Ok(counts(1)))
                .expect("totals");
        }
        totals
            .of(&version(1), &filters(2000), || Ok(counts(1)))
            .expect("totals");
        totals
            .of(&version(1), &filters(1999), || Ok(counts(1)))
            .expect("totals");
        let recounted = Cell::new(false);
        totals
            .of(&version(1), &filters(2000), || {
                recounted.set(true);
                Ok(counts(1))
            })
            .expect("totals");
        assert!(
            !recounted.get(),
            "the most recently used totals were let go"
        );
        totals
            .of(&version(1), &filters(2001), || {
                recounted.set(true);
                Ok(counts(1))
            })
            .expect("totals");
        assert!(recounted.get(), "the least recently used totals were kept");
    }
}
