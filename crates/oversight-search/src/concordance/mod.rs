//! The concordance of a search: every mention of its query in every matching document, one row
//! each, with the words around it (key word in context), in date, document or KWIC order, paged
//! with a cursor or given whole.
//!
//! A mention is what the reading view marks ([`crate::highlight`]): an occurrence of a word
//! searched for, of a phrase whole, of the words of a proximity window, of an acronym or its long
//! form (flagged as an expansion). The passages read are those the search keeps
//! ([`passages`]: the matching passages of the documents passing every filter; in document scope
//! the passages that hold one of the query's clauses), so a concordance lists the mentions of
//! exactly the search's documents.

mod cursor;
mod passages;
mod request;
mod response;
mod walk;
mod words;

use std::ops::ControlFlow;
use std::time::Instant;

pub use request::{
    ConcordanceRequest, ConcordanceSort, DEFAULT_CONTEXT_WORDS, DEFAULT_LIMIT, MAX_CONTEXT_WORDS,
    MAX_LIMIT, ValidConcordance,
};
pub use response::{ConcordanceResponse, ConcordanceRow};

use crate::collect::SearchContext;
use crate::error::{Error, Result};
use crate::response::Interpretation;
use crate::snapshot::IndexVersion;
use cursor::Cursor;
use walk::{PassageMentions, Walk};
use words::sort_key;

/// How many mentions, passages and documents a walk met.
#[derive(Default)]
struct Totals {
    mentions: u64,
    passages: u64,
    documents: u64,
    last_key: Option<u64>,
}

impl Totals {
    fn count(&mut self, passage: &PassageMentions) {
        self.mentions += passage.marks.len() as u64;
        self.passages += 1;
        if self.last_key != Some(passage.key) {
            self.documents += 1;
            self.last_key = Some(passage.key);
        }
    }
}

/// One page of the concordance of `request`, answered at `version`.
pub(crate) fn page(
    context: &SearchContext<'_>,
    request: &ValidConcordance,
    version: &IndexVersion,
    started: Instant,
) -> Result<ConcordanceResponse> {
    let position = match request.cursor() {
        Some(text) => Cursor::check(text, version, request)?,
        None => 0,
    };
    let window = position..position.saturating_add(request.limit() as u64);
    let mut walk = Walk::start(context, request.search(), request.sort())?;
    let mut totals = Totals::default();
    let mut mentions = Vec::new();
    match request.sort() {
        ConcordanceSort::Date | ConcordanceSort::Document => {
            walk.for_each(|passage| {
                for mark in 0..passage.marks.len() {
                    let number = totals.mentions + mark as u64;
                    if window.contains(&number) {
                        mentions.extend(passage.row(mark, request.context()));
                    }
                }
                totals.count(passage);
                ControlFlow::Continue(())
            })?;
        }
        ConcordanceSort::Left | ConcordanceSort::Right => {
            let all = sorted_rows(&mut walk, request, &mut totals)?;
            mentions = all
                .into_iter()
                .skip(usize::try_from(window.start).unwrap_or(usize::MAX))
                .take(request.limit())
                .collect();
        }
    }
    if position > totals.mentions {
        return Err(Error::InvalidParameter {
            name: "cursor",
            message: "points past the last mention; start again without it".to_string(),
        });
    }
    let next_cursor =
        (window.end < totals.mentions).then(|| Cursor::new(version, request, window.end).encode());
    let search = request.search().request();
    Ok(ConcordanceResponse {
        query: search.query.clone(),
        total_mentions: totals.mentions,
        total_documents: totals.documents,
        total_passages: totals.passages,
        context: request.context(),
        sort: request.sort(),
        limit: request.limit(),
        expansions: walk.query.expansions.clone(),
        interpretation: Interpretation {
            scope: search.scope,
            colons_read_as_text: walk.query.colons_read_as_text.clone(),
        },
        took_ms: (started.elapsed().as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0,
        mentions,
        next_cursor,
    })
}

/// Calls `each` with every mention of `request`, in its order (the cursor and limit are not
/// used), until `each` breaks. The date and document orders give each row as its passage is
/// read; the left and right orders sort them all first.
pub(crate) fn each_row(
    context: &SearchContext<'_>,
    request: &ValidConcordance,
    each: &mut dyn FnMut(ConcordanceRow) -> ControlFlow<()>,
) -> Result<()> {
    let mut walk = Walk::start(context, request.search(), request.sort())?;
    match request.sort() {
        ConcordanceSort::Date | ConcordanceSort::Document => walk.for_each(|passage| {
            for mark in 0..passage.marks.len() {
                if let Some(row) = passage.row(mark, request.context()) {
                    each(row)?;
                }
            }
            ControlFlow::Continue(())
        }),
        ConcordanceSort::Left | ConcordanceSort::Right => {
            let mut totals = Totals::default();
            for row in sorted_rows(&mut walk, request, &mut totals)? {
                if each(row).is_break() {
                    break;
                }
            }
            Ok(())
        }
    }
}

/// Every row of the walk, sorted by the words on the side `request` orders by; rows with the same
/// words keep the date order.
fn sorted_rows(
    walk: &mut Walk<'_>,
    request: &ValidConcordance,
    totals: &mut Totals,
) -> Result<Vec<ConcordanceRow>> {
    let left = request.sort() == ConcordanceSort::Left;
    let mut keyed: Vec<(Vec<String>, ConcordanceRow)> = Vec::new();
    walk.for_each(|passage| {
        for mark in 0..passage.marks.len() {
            if let Some(row) = passage.row(mark, request.context()) {
                let key = if left {
                    sort_key(&row.left, true)
                } else {
                    sort_key(&row.right, false)
                };
                keyed.push((key, row));
            }
        }
        totals.count(passage);
        ControlFlow::Continue(())
    })?;
    keyed.sort_by(|(left, _), (right, _)| left.cmp(right));
    Ok(keyed.into_iter().map(|(_, row)| row).collect())
}
