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

/// The most mentions the left and right orders sort: they hold every row at once.
pub const MAX_SORTED_MENTIONS: u64 = 200_000;

use crate::collect::SearchContext;
use crate::error::{Error, Result};
use crate::response::Interpretation;
use crate::snapshot::IndexVersion;
use cursor::{Cursor, Position};
use walk::Walk;
use words::sort_key;

/// One page of the concordance of `request`, answered at `version`.
pub(crate) fn page(
    context: &SearchContext<'_>,
    request: &ValidConcordance,
    version: &IndexVersion,
    started: Instant,
) -> Result<ConcordanceResponse> {
    let position = match request.cursor() {
        Some(text) => Cursor::check(text, version, request)?,
        None => Position::default(),
    };
    let mut walk = Walk::start(context, request.search(), request.sort())?;
    let (total_passages, total_documents) = walk.passages_and_documents();
    if position.passage > total_passages {
        return Err(past_the_end());
    }
    let total_mentions = walk.mentions()?;
    let limit = request.limit();
    let mut mentions = Vec::with_capacity(limit.min(MAX_LIMIT));
    let mut next = None;
    match request.sort() {
        ConcordanceSort::Date | ConcordanceSort::Document => {
            // Only the passages of the page are read: from the cursor's passage until the mention
            // after the page's last is found.
            let start = usize::try_from(position.passage).unwrap_or(usize::MAX);
            walk.for_each_from(start, |number, passage| {
                let first = if number == start {
                    usize::try_from(position.mark).unwrap_or(usize::MAX)
                } else {
                    0
                };
                for mark in first..passage.marks.len() {
                    if mentions.len() == limit {
                        next = Some(Position {
                            passage: number as u64,
                            mark: mark as u64,
                        });
                        return ControlFlow::Break(());
                    }
                    mentions.extend(passage.row(mark, request.context()));
                }
                ControlFlow::Continue(())
            })?;
        }
        ConcordanceSort::Left | ConcordanceSort::Right => {
            refuse_unsortable(total_mentions)?;
            // A sorted order has no passage to resume from: the position counts mentions.
            let skip = usize::try_from(position.mark).unwrap_or(usize::MAX);
            let all = sorted_rows(&mut walk, request)?;
            if position.passage != 0 || skip > all.len() {
                return Err(past_the_end());
            }
            if all.len() > skip.saturating_add(limit) {
                next = Some(Position {
                    passage: 0,
                    mark: (skip + limit) as u64,
                });
            }
            mentions = all.into_iter().skip(skip).take(limit).collect();
        }
    }
    let next_cursor = next.map(|position| Cursor::new(version, request, position).encode());
    let search = request.search().request();
    Ok(ConcordanceResponse {
        query: search.query.clone(),
        total_mentions,
        total_documents,
        total_passages,
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
            refuse_unsortable(walk.mentions()?)?;
            for row in sorted_rows(&mut walk, request)? {
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
fn sorted_rows(walk: &mut Walk<'_>, request: &ValidConcordance) -> Result<Vec<ConcordanceRow>> {
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
        ControlFlow::Continue(())
    })?;
    keyed.sort_by(|(left, _), (right, _)| left.cmp(right));
    Ok(keyed.into_iter().map(|(_, row)| row).collect())
}

/// Refuses to sort more mentions by their context than [`MAX_SORTED_MENTIONS`]: every row must
/// be held to sort them, where the date and document orders read a page's passages only.
fn refuse_unsortable(mentions: u64) -> Result<()> {
    if mentions > MAX_SORTED_MENTIONS {
        return Err(Error::UnsupportedQuery(format!(
            "{mentions} mentions are too many to sort by their context (at most \
             {MAX_SORTED_MENTIONS}); narrow the search, or sort by date or document"
        )));
    }
    Ok(())
}

fn past_the_end() -> Error {
    Error::InvalidParameter {
        name: "cursor",
        message: "points past the last mention; start again without it".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn the_context_orders_refuse_more_mentions_than_they_hold() {
        assert!(refuse_unsortable(MAX_SORTED_MENTIONS).is_ok());
        let refused = refuse_unsortable(MAX_SORTED_MENTIONS + 1).err();
        assert_eq!(
            refused.as_ref().map(Error::error_code),
            Some(ErrorCode::UnsupportedQuery)
        );
        assert!(
            refused.is_some_and(|error| error.to_string().contains("sort by date")),
            "the refusal says what to do instead"
        );
    }
}
