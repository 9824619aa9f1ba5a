//! Searching a generation's segments side by side when a search is big enough to gain from it.
//!
//! A search that visits hundreds of thousands of passages is shared out on a pool of one thread per
//! core. The parts are segments, with the large ones cut at document boundaries into parts of at
//! most a `2 × cores`-th of the passages, largest first: a segment holding most of the passages
//! (a merged index is often one segment; tantivy's default merges left one with 56% of the 1 GiB
//! benchmark corpus) would alone keep one core busy while the other idles. For a
//! small search the hand-over to the pool costs more than it saves (at 100 MiB, the median full
//! search went from 3.4 to 4.0 ms), and under concurrent load it only adds work, so searches whose
//! terms have fewer postings than [`PARALLEL_FROM_POSTINGS`] stay on the caller's thread.

use std::ops::Range;
use std::sync::LazyLock;
use std::thread;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{EnableScoring, Query, Weight};
use tantivy::{DocId, Executor, Searcher, SegmentOrdinal};

use crate::segment_cache::SegmentCache;

/// How many postings a search's terms must have in all for its segments to be searched in
/// parallel; a search without terms (everything, or a year range) counts every passage.
pub const PARALLEL_FROM_POSTINGS: u64 = 200_000;

/// One thread per core, shared by every search and generation of the process, with its number of
/// threads; `None` on one core or where the pool cannot be made.
static POOL: LazyLock<Option<(Executor, usize)>> = LazyLock::new(|| {
    let threads = thread::available_parallelism().map_or(1, usize::from);
    if threads < 2 {
        return None;
    }
    match Executor::multi_thread(threads, "oversight-segments-") {
        Ok(executor) => Some((executor, threads)),
        Err(error) => {
            tracing::warn!(%error, "searching segments one after the other");
            None
        }
    }
});

/// A part of a search: the passages `docs` of one segment, whole documents only.
struct Part {
    segment_ord: SegmentOrdinal,
    docs: Range<DocId>,
}

/// `searcher.search(query, collector)`, on the pool when the search is big and has passages to
/// share out; `segments` says where the documents of each segment begin.
pub fn search<C: Collector>(
    searcher: &Searcher,
    query: &dyn Query,
    collector: &C,
    segments: &SegmentCache,
) -> tantivy::Result<C::Fruit> {
    let pool = POOL
        .as_ref()
        .filter(|_| searcher.num_docs() > 1)
        .filter(|_| expected_postings(searcher, query) >= PARALLEL_FROM_POSTINGS);
    let Some((pool, threads)) = pool else {
        return searcher.search(query, collector);
    };
    search_on(pool, *threads, searcher, query, collector, segments)
}

/// The search of [`search`], shared out on `pool` of `threads` threads.
fn search_on<C: Collector>(
    pool: &Executor,
    threads: usize,
    searcher: &Searcher,
    query: &dyn Query,
    collector: &C,
    segments: &SegmentCache,
) -> tantivy::Result<C::Fruit> {
    let scoring = if collector.requires_scoring() {
        EnableScoring::enabled_from_searcher(searcher)
    } else {
        EnableScoring::disabled_from_searcher(searcher)
    };
    let weight = query.weight(scoring)?;
    let parts = parts(searcher, segments, threads)?;
    let fruits = pool.map(
        |part| collect_part(searcher, &*weight, collector, part),
        parts.into_iter(),
    )?;
    collector.merge_fruits(fruits)
}

/// The parts of a search over `searcher`'s segments, largest first: each segment, cut at
/// document boundaries into parts of at most a `2 × threads`-th of all passages (a document
/// longer than that is one part).
fn parts(
    searcher: &Searcher,
    segments: &SegmentCache,
    threads: usize,
) -> tantivy::Result<Vec<Part>> {
    let all: u64 = searcher
        .segment_readers()
        .iter()
        .map(|segment| u64::from(segment.max_doc()))
        .sum();
    let most = DocId::try_from(all.div_ceil(2 * threads as u64))
        .unwrap_or(DocId::MAX)
        .max(1);
    let mut parts = Vec::new();
    for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
        let segment_ord = segment_ord as SegmentOrdinal;
        let max_doc = segment.max_doc();
        let runs = &segments.of(segment)?.runs;
        let mut start = 0;
        while start < max_doc {
            let mut end = start.saturating_add(most).min(max_doc);
            if end < max_doc {
                let document = runs.run_of(end);
                end = if document.start > start {
                    document.start
                } else {
                    document.end.min(max_doc)
                };
            }
            parts.push(Part {
                segment_ord,
                docs: start..end,
            });
            start = end;
        }
    }
    parts.sort_by_key(|part| std::cmp::Reverse(part.docs.len()));
    Ok(parts)
}

/// The fruit of one part: its segment's collector fed the live matching passages of `part.docs`.
fn collect_part<C: Collector>(
    searcher: &Searcher,
    weight: &dyn Weight,
    collector: &C,
    part: Part,
) -> tantivy::Result<<C::Child as SegmentCollector>::Fruit> {
    let segment = searcher.segment_reader(part.segment_ord);
    let mut part_collector = collector.for_segment(part.segment_ord, segment)?;
    let mut scorer = weight.scorer(segment, 1.0)?;
    let mut doc = scorer.doc();
    if doc < part.docs.start {
        doc = scorer.seek(part.docs.start);
    }
    let scoring = collector.requires_scoring();
    let alive = segment.alive_bitset();
    while doc < part.docs.end {
        if alive.is_none_or(|alive| alive.is_alive(doc)) {
            let score = if scoring { scorer.score() } else { 0.0 };
            part_collector.collect(doc, score);
        }
        doc = scorer.advance();
    }
    Ok(part_collector.harvest())
}

/// The postings the query's terms have in all, or every passage for a query without terms.
fn expected_postings(searcher: &Searcher, query: &dyn Query) -> u64 {
    let mut terms = 0;
    let mut postings = 0;
    query.query_terms(&mut |term, _| {
        terms += 1;
        postings += searcher.doc_freq(term).unwrap_or(0);
    });
    if terms == 0 {
        searcher.num_docs()
    } else {
        postings
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use oversight_schema::Fields;
    use tantivy::query::{AllQuery, TermQuery};
    use tantivy::schema::{Facet, IndexRecordOption};
    use tantivy::{Index, TantivyDocument, Term};

    use super::*;
    use crate::collector::{Grouped, GroupingCollector};
    use crate::filters::FilterPlan;
    use crate::test_index;

    /// Two segments of 40 documents of 1 to 7 passages each, with a force and a year, "budget" in
    /// every third passage.
    fn index() -> Index {
        let (fields, index, mut writer) = test_index::in_memory();
        let mut passage_number = 0u64;
        for key in 0..80u64 {
            let passages = key % 7 + 1;
            for ordinal in 0..passages {
                let mut passage = TantivyDocument::new();
                passage.add_u64(fields.doc_key, key);
                passage.add_u64(fields.ordinal, ordinal);
                passage.add_u64(fields.passages, passages);
                passage.add_u64(fields.year, 2012 + key % 5);
                passage.add_facet(
                    fields.force,
                    Facet::from_path([["dorset", "kent"][key as usize % 2]]),
                );
                let body = if passage_number.is_multiple_of(3) {
                    "the budget"
                } else {
                    "the panel"
                };
                passage.add_text(fields.body, body);
                writer.add_document(passage).expect("add");
                passage_number += 1;
            }
            if key == 39 {
                writer.commit().expect("commit");
            }
        }
        writer.commit().expect("commit");
        index
    }

    #[test]
    fn parts_cover_every_passage_once_cut_at_document_starts_largest_first() {
        let index = index();
        let searcher = index.reader().expect("reader").searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        let cache = SegmentCache::default();
        let parts = parts(&searcher, &cache, 2).expect("parts");
        let all: u32 = searcher
            .segment_readers()
            .iter()
            .map(|segment| segment.max_doc())
            .sum();
        assert!(parts.len() >= 4, "{} parts", parts.len());
        assert!(
            parts
                .windows(2)
                .all(|pair| pair[0].docs.len() >= pair[1].docs.len())
        );
        for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
            let mut own: Vec<Range<DocId>> = parts
                .iter()
                .filter(|part| part.segment_ord as usize == segment_ord)
                .map(|part| part.docs.clone())
                .collect();
            own.sort_by_key(|docs| docs.start);
            let ordinals = segment.fast_fields().u64("ordinal").expect("ordinals");
            let mut next = 0;
            for docs in own {
                assert_eq!(docs.start, next, "a gap or an overlap");
                assert_eq!(ordinals.first(docs.start), Some(0), "cut inside a document");
                assert!(
                    docs.len() <= all.div_ceil(4) as usize + 6,
                    "{docs:?} too long"
                );
                next = docs.end;
            }
            assert_eq!(next, segment.max_doc());
        }
    }

    /// Each document (key, passages, scores and top passages) and the force counts, in order.
    type Summary = (Vec<(u64, u64, String)>, Vec<(String, u64)>);

    fn summary(grouped: Grouped) -> Summary {
        let mut groups: Vec<(u64, u64, String)> = grouped
            .groups
            .iter()
            .map(|group| {
                let top = format!("{:?} {:?}", group.best_score, group.top_passages);
                (group.key, group.matched_passages, top)
            })
            .collect();
        groups.sort();
        let mut forces: Vec<(String, u64)> = grouped
            .tally
            .forces
            .iter()
            .map(|(slug, count)| (slug.to_string(), *count))
            .collect();
        forces.sort();
        (groups, forces)
    }

    #[test]
    fn the_pool_finds_what_one_thread_finds() {
        let index = index();
        let searcher = index.reader().expect("reader").searcher();
        let fields = Fields::build();
        let budget = TermQuery::new(
            Term::from_field_text(fields.body, "budget"),
            IndexRecordOption::WithFreqs,
        );
        let pool = Executor::multi_thread(2, "test-parts-").expect("pool");
        let years = FilterPlan {
            years: Some((2013, 2015)),
            ..FilterPlan::default()
        };
        for (query, scoring, plan) in [
            (&budget as &dyn Query, true, years),
            (&AllQuery, false, FilterPlan::default()),
        ] {
            let segments = Arc::new(SegmentCache::default());
            let collector = GroupingCollector {
                plan: Arc::new(plan),
                scoring,
                passages_per_group: 2,
                segments: Arc::clone(&segments),
            };
            let alone = searcher.search(query, &collector).expect("search");
            let shared = search_on(&pool, 2, &searcher, query, &collector, &segments)
                .expect("search on the pool");
            let (alone, shared) = (summary(alone), summary(shared));
            assert!(alone.0.len() > 20, "{} documents", alone.0.len());
            assert_eq!(alone, shared);
        }
    }
}
