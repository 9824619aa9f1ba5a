//! The response cache: recent search and facet answers, keyed by the normalized request and the
//! index version that answered it, so that a new commit or generation is never answered from an
//! entry of the previous one. Entries of older versions are dropped when a newer one is first
//! seen, so memory does not grow with every publication until the capacity is reached.

use std::future::Future;
use std::sync::{Arc, Mutex};

use oversight_search::{IndexVersion, SearchResponse, ValidSearch};
use quick_cache::sync::Cache;

/// How many answers are kept unless `oversight serve --cache-entries` says otherwise (a full answer
/// is 10–40 KB, so about 40 MB at most).
pub const DEFAULT_CACHE_ENTRIES: usize = 1024;

/// Which answer a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Answer {
    /// A page of hits with totals and facets (`/search`).
    Hits,
    /// Totals and facets only (`/facets`).
    FacetsOnly,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    answer: Answer,
    version: IndexVersion,
    search: ValidSearch,
}

/// How an answer was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// Kept, or computed by a concurrent request for the same answer.
    Hit,
    /// Computed for this request.
    Miss,
    /// Computed: the cache is disabled.
    Uncached,
}

/// A bounded cache of answers; with a capacity of 0 it keeps nothing.
pub struct ResponseCache {
    entries: Option<Cache<Key, Arc<SearchResponse>>>,
    newest_version: Mutex<Option<IndexVersion>>,
}

impl ResponseCache {
    /// A cache of at most `capacity` answers.
    pub fn new(capacity: usize) -> ResponseCache {
        ResponseCache {
            entries: (capacity > 0).then(|| Cache::new(capacity)),
            newest_version: Mutex::new(None),
        }
    }

    /// Drops every entry when `version` is newer than any seen before: the index moved on, and
    /// answers of older versions can no longer be asked for.
    fn forget_older_than(&self, entries: &Cache<Key, Arc<SearchResponse>>, version: &IndexVersion) {
        let mut newest = self
            .newest_version
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let order = |version: &IndexVersion| (version.generation.clone(), version.reload);
        if newest
            .as_ref()
            .is_none_or(|newest| order(version) > order(newest))
        {
            if newest.is_some() {
                entries.clear();
            }
            *newest = Some(version.clone());
        }
    }

    /// The answer to `search` at `version`: the one kept, or else the one `compute` gives, kept
    /// when it was computed at `version` (an index changed meanwhile answers only this request).
    /// Concurrent requests for an answer being computed wait for it rather than compute it again.
    /// Says whether the answer was kept (or computed by another request).
    pub async fn get_or_compute<E, F, Fut>(
        &self,
        answer: Answer,
        version: IndexVersion,
        search: ValidSearch,
        compute: F,
    ) -> Result<(Arc<SearchResponse>, Lookup), E>
    where
        F: FnOnce(ValidSearch) -> Fut,
        Fut: Future<Output = Result<(IndexVersion, SearchResponse), E>>,
    {
        let Some(entries) = &self.entries else {
            let (_, response) = compute(search).await?;
            return Ok((Arc::new(response), Lookup::Uncached));
        };
        self.forget_older_than(entries, &version);
        let key = Key {
            answer,
            version,
            search,
        };
        match entries.get_value_or_guard_async(&key).await {
            Ok(kept) => Ok((kept, Lookup::Hit)),
            Err(placeholder) => {
                let (computed_at, response) = compute(key.search.clone()).await?;
                let response = Arc::new(response);
                if computed_at == key.version {
                    // Refused only when the placeholder was removed meanwhile: nothing to keep.
                    let _ = placeholder.insert(Arc::clone(&response));
                }
                Ok((response, Lookup::Miss))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use oversight_schema::vocab::Vocabulary;
    use oversight_search::{Facets, Interpretation, Scope, SearchRequest, Sort};

    use super::*;

    fn version(generation: &str, reload: u64) -> IndexVersion {
        IndexVersion {
            generation: generation.to_string(),
            reload,
        }
    }

    /// The answer a computation at `at` gives, its total telling computations apart.
    fn computed(at: &IndexVersion, total: u64) -> (IndexVersion, SearchResponse) {
        let response = SearchResponse {
            query: "police".to_string(),
            total_documents: total,
            total_passages: total,
            took_ms: 1.0,
            page: 1,
            per_page: 10,
            sort: Sort::Relevance,
            expansions: Vec::new(),
            interpretation: Interpretation {
                scope: Scope::Document,
                colons_read_as_text: Vec::new(),
            },
            hits: Vec::new(),
            facets: Facets::default(),
            did_you_mean: None,
        };
        (at.clone(), response)
    }

    /// Looks `at` up in `cache`; a computation answers at `computed_at` with the next count.
    async fn look_up(
        cache: &ResponseCache,
        at: &IndexVersion,
        computed_at: &IndexVersion,
        computations: &AtomicUsize,
    ) -> (u64, Lookup) {
        let (response, lookup) = cache
            .get_or_compute(
                Answer::Hits,
                at.clone(),
                SearchRequest::new("police")
                    .validate(&Vocabulary::bundled().expect("vocabulary"))
                    .expect("a valid search"),
                |_| async {
                    let count = computations.fetch_add(1, Ordering::SeqCst) as u64 + 1;
                    Ok::<_, ()>(computed(computed_at, count))
                },
            )
            .await
            .expect("computed");
        (response.total_documents, lookup)
    }

    #[tokio::test]
    async fn a_repeated_request_is_answered_from_the_cache() {
        let cache = ResponseCache::new(8);
        let at = version("gen-000001", 0);
        let computations = AtomicUsize::new(0);
        assert_eq!(
            look_up(&cache, &at, &at, &computations).await,
            (1, Lookup::Miss)
        );
        assert_eq!(
            look_up(&cache, &at, &at, &computations).await,
            (1, Lookup::Hit)
        );
        assert_eq!(computations.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_new_generation_or_reload_is_not_answered_from_an_old_entry() {
        let cache = ResponseCache::new(8);
        let computations = AtomicUsize::new(0);
        let old = version("gen-000001", 0);
        look_up(&cache, &old, &old, &computations).await;
        for newer in [version("gen-000002", 0), version("gen-000001", 1)] {
            let (total, lookup) = look_up(&cache, &newer, &newer, &computations).await;
            assert_eq!(lookup, Lookup::Miss);
            assert_ne!(total, 1, "answered from the old entry");
        }
    }

    #[tokio::test]
    async fn entries_of_older_versions_are_dropped_when_a_newer_one_is_seen() {
        let cache = ResponseCache::new(8);
        let computations = AtomicUsize::new(0);
        let old = version("gen-000001", 3);
        let new = version("gen-000002", 0);
        look_up(&cache, &old, &old, &computations).await;
        look_up(&cache, &new, &new, &computations).await;
        assert_eq!(cache.entries.as_ref().map(Cache::len), Some(1));
        // A request that took the old version before the swap does not flip the cache back.
        let (_, late) = look_up(&cache, &old, &old, &computations).await;
        let (_, current) = look_up(&cache, &new, &new, &computations).await;
        assert_eq!((late, current), (Lookup::Miss, Lookup::Hit));
    }

    #[tokio::test]
    async fn an_answer_computed_at_another_version_is_not_kept() {
        let cache = ResponseCache::new(8);
        let computations = AtomicUsize::new(0);
        let asked = version("gen-000001", 0);
        let newer = version("gen-000002", 0);
        look_up(&cache, &asked, &newer, &computations).await;
        let (_, lookup) = look_up(&cache, &asked, &asked, &computations).await;
        assert_eq!(lookup, Lookup::Miss);
    }

    #[tokio::test]
    async fn a_cache_of_zero_entries_keeps_nothing() {
        let cache = ResponseCache::new(0);
        let at = version("gen-000001", 0);
        let computations = AtomicUsize::new(0);
        assert_eq!(
            look_up(&cache, &at, &at, &computations).await,
            (1, Lookup::Uncached)
        );
        assert_eq!(
            look_up(&cache, &at, &at, &computations).await,
            (2, Lookup::Uncached)
        );
    }
}
