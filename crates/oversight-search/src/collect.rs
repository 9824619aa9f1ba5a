//! The first step of answering a search: compile the query and run the grouping collector once,
//! giving the matching documents with their best passages and the facet tally. It orders, pages
//! and reads nothing stored; [`crate::respond`] does that for a search response.
//!
//! Anything that needs the documents a search matches calls [`collect`] on a [`ValidSearch`] and
//! reads the [`Collected`]: a search response, and equally a count per year for trends, every
//! matching document for an export or a document's neighbours. A walk over single passages (a
//! concordance) calls [`prepare`] instead, runs [`Prepared::query`] with its own collector and
//! tests each passage with a [`crate::filters::SegmentFilter`] of [`Prepared::plan`], so that it
//! keeps exactly the documents the search keeps.

use std::sync::Arc;

use oversight_schema::vocab::Vocabulary;
use tantivy::Searcher;

use crate::collector::{DocumentGroup, DocumentKeys, Grouped, GroupingCollector};
use crate::error::Result;
use crate::facet_tally::FacetTally;
use crate::filters::FilterPlan;
use crate::query::{Acronyms, CompiledQuery, QueryCompiler};
use crate::request::{Sort, ValidSearch};
use crate::segment_pool;
use crate::snapshot::Snapshot;

/// What a search is run over: a generation, one searcher of it (so every read sees one state of
/// the index) and the vocabularies queries are compiled with.
pub(crate) struct SearchContext<'a> {
    /// The generation.
    pub snapshot: &'a Snapshot,
    /// The searcher every read of the search uses.
    pub searcher: &'a Searcher,
    /// Forces, themes and types that filters and `field:value` name.
    pub vocabulary: &'a Vocabulary,
    /// The acronyms queries expand.
    pub acronyms: &'a Acronyms,
}

/// A search ready to run: its query compiled, its filters resolved.
pub(crate) struct Prepared {
    /// The compiled query.
    pub query: CompiledQuery,
    /// The filters, with the keys of the documents a top-level `-term` excludes.
    pub plan: Arc<FilterPlan>,
    /// The order the search asks for, relevance turned into newest first when the query browses.
    pub sort: Sort,
}

/// The documents a search matches, before any order or page.
pub(crate) struct Collected {
    /// The compiled query (its words mark snippets and passages).
    pub query: CompiledQuery,
    /// The order the search asks for, relevance turned into newest first when the query browses.
    pub sort: Sort,
    /// Every document with a matching passage that counts anywhere, in no order: those passing
    /// every filter ([`DocumentGroup::passes_all`], the search's results) and those failing one
    /// filter group, which count in that group's facet only.
    pub groups: Vec<DocumentGroup>,
    /// Documents per facet value, each facet counted with every filter but its own.
    pub tally: FacetTally,
}

/// Compiles the query of `search` and resolves its filters, finding the documents its top-level
/// `-terms` exclude.
pub(crate) fn prepare(context: &SearchContext<'_>, search: &ValidSearch) -> Result<Prepared> {
    let request = search.request();
    let snapshot = context.snapshot;
    let compiler = QueryCompiler::new(
        &snapshot.fields,
        context.vocabulary,
        context.acronyms,
        &snapshot.segments,
    )
    .with_scope(request.scope);
    let query = compiler.compile(&request.query)?;
    let sort = match request.sort {
        Sort::Relevance if query.match_all => Sort::DateDescending,
        other => other,
    };
    let mut plan = FilterPlan::new(&request.filters, context.vocabulary);
    if let Some(excluded) = &query.excluded {
        plan.excluded_keys = context.searcher.search(&**excluded, &DocumentKeys)?;
    }
    Ok(Prepared {
        query,
        plan: Arc::new(plan),
        sort,
    })
}

/// Runs `search` once over every segment: its matching documents, each with up to
/// `passages_per_group` best passages (scored only when the order is relevance), and the facet
/// tally.
pub(crate) fn collect(
    context: &SearchContext<'_>,
    search: &ValidSearch,
    passages_per_group: usize,
) -> Result<Collected> {
    let Prepared { query, plan, sort } = prepare(context, search)?;
    let SearchContext {
        snapshot, searcher, ..
    } = *context;
    snapshot.segments.keep_only(searcher);
    let collector = GroupingCollector {
        plan,
        scoring: sort == Sort::Relevance,
        passages_per_group: passages_per_group.max(1),
        segments: Arc::clone(&snapshot.segments),
    };
    let Grouped { groups, tally } =
        segment_pool::search(searcher, &*query.query, &collector, &snapshot.segments)?;
    Ok(Collected {
        query,
        sort,
        groups,
        tally,
    })
}
