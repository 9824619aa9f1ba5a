//! Searching a generation's segments side by side when a search is big enough to gain from it.
//!
//! A search that visits hundreds of thousands of passages over several segments takes the time of
//! its largest segment on a pool of one thread per core, rather than of all of them in turn. For a
//! small search the hand-over to the pool costs more than it saves (at 100 MiB, the median full
//! search went from 3.4 to 4.0 ms), and under concurrent load it only adds work, so searches whose
//! terms have fewer postings than [`PARALLEL_FROM_POSTINGS`] stay on the caller's thread.

use std::sync::LazyLock;
use std::thread;

use tantivy::collector::Collector;
use tantivy::query::{EnableScoring, Query};
use tantivy::{Executor, Searcher};

/// How many postings a search's terms must have in all for its segments to be searched in
/// parallel; a search without terms (everything, or a year range) counts every passage.
pub const PARALLEL_FROM_POSTINGS: u64 = 200_000;

/// One thread per core, shared by every search and generation of the process; `None` on one core
/// or where the pool cannot be made.
static POOL: LazyLock<Option<Executor>> = LazyLock::new(|| {
    let threads = thread::available_parallelism().map_or(1, usize::from);
    if threads < 2 {
        return None;
    }
    match Executor::multi_thread(threads, "oversight-segments-") {
        Ok(executor) => Some(executor),
        Err(error) => {
            tracing::warn!(%error, "searching segments one after the other");
            None
        }
    }
});

/// `searcher.search(query, collector)`, on the pool when the search is big and has segments to
/// share out.
pub fn search<C: Collector>(
    searcher: &Searcher,
    query: &dyn Query,
    collector: &C,
) -> tantivy::Result<C::Fruit> {
    let pool = POOL
        .as_ref()
        .filter(|_| searcher.segment_readers().len() > 1)
        .filter(|_| expected_postings(searcher, query) >= PARALLEL_FROM_POSTINGS);
    let Some(pool) = pool else {
        return searcher.search(query, collector);
    };
    let scoring = if collector.requires_scoring() {
        EnableScoring::enabled_from_searcher(searcher)
    } else {
        EnableScoring::disabled_from_searcher(searcher)
    };
    searcher.search_with_executor(query, collector, pool, scoring)
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
