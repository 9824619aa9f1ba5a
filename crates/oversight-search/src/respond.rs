//! The second step of answering a search: from what [`crate::collect`] collected, the search
//! response — the documents in order, one page of them with their best passages as highlighted
//! snippets, the totals and the labelled facets.

use std::time::Instant;

use rustc_hash::FxHashMap;
use tantivy::schema::Field;
use tantivy::{DocAddress, Score, TantivyDocument, Term};

use crate::collect::{Collected, SearchContext};
use crate::collector::DocumentGroup;
use crate::document_match::BEST_FOR_A_CLAUSE_BONUS;
use crate::error::{Error, Result};
use crate::facets::facets;
use crate::highlight::Marker;
use crate::links;
use crate::mark_pattern::MarkPattern;
use crate::request::{Sort, ValidSearch};
use crate::response::{DocumentHit, Interpretation, PassageHit, SearchResponse};
use crate::stored;

/// The length of a snippet, in bytes of text (as many characters in English), before escaping
/// and marks.
const SNIPPET_BYTES: usize = 240;

/// The response to `search` from what it collected: with its page of hits when `include_hits`,
/// totals and facets only otherwise. `took_ms` counts from `started`.
pub(crate) fn respond(
    context: &SearchContext<'_>,
    search: &ValidSearch,
    collected: Collected,
    include_hits: bool,
    started: Instant,
) -> Result<SearchResponse> {
    let request = search.request();
    let Collected {
        query,
        sort,
        groups,
        tally,
    } = collected;
    let mut matching: Vec<&DocumentGroup> =
        groups.iter().filter(|group| group.passes_all()).collect();
    let total_documents = matching.len() as u64;
    let total_passages = matching.iter().map(|group| group.matched_passages).sum();
    let hits = if include_hits {
        let start = (request.page - 1) * request.per_page;
        order_first(&mut matching, sort, start + request.per_page);
        let fields = &context.snapshot.fields;
        let mut marker = snippet_marker(context, &query.marks, fields.body)?;
        matching
            .iter()
            .skip(start)
            .take(request.per_page)
            .map(|group| hit(context, &mut marker, group, request.passages_per_hit))
            .collect::<Result<Vec<_>>>()?
    } else {
        Vec::new()
    };
    Ok(SearchResponse {
        query: request.query.clone(),
        total_documents,
        total_passages,
        took_ms: (started.elapsed().as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0,
        page: request.page,
        per_page: request.per_page,
        sort,
        expansions: query.expansions,
        interpretation: Interpretation {
            scope: request.scope,
            colons_read_as_text: query.colons_read_as_text,
        },
        hits,
        facets: facets(tally, &request.filters, context.vocabulary),
        did_you_mean: None,
    })
}

/// Puts the first `count` groups in `sort` order at the front of `groups` (and drops the rest):
/// a page of hits needs its own and those of the pages before, not the order of every match.
fn order_first(groups: &mut Vec<&DocumentGroup>, sort: Sort, count: usize) {
    let by_sort = |left: &&DocumentGroup, right: &&DocumentGroup| match sort {
        Sort::Relevance => document_score(right)
            .total_cmp(&document_score(left))
            .then(left.key.cmp(&right.key)),
        Sort::DateAscending => {
            let left_date = left.date_start.unwrap_or(i64::MAX);
            let right_date = right.date_start.unwrap_or(i64::MAX);
            left_date.cmp(&right_date).then(left.key.cmp(&right.key))
        }
        Sort::DateDescending => {
            let left_date = left.date_start.unwrap_or(i64::MIN);
            let right_date = right.date_start.unwrap_or(i64::MIN);
            right_date.cmp(&left_date).then(left.key.cmp(&right.key))
        }
    };
    if count == 0 {
        groups.clear();
        return;
    }
    if count < groups.len() {
        groups.select_nth_unstable_by(count - 1, by_sort);
        groups.truncate(count);
    }
    groups.sort_by(by_sort);
}

/// The marker of a query's patterns in `field`, each weighted by its rarity for choosing snippets:
/// a phrase by its rarest word. A pattern with a word that `field` never holds is left out.
pub(crate) fn snippet_marker(
    context: &SearchContext<'_>,
    patterns: &[MarkPattern],
    field: Field,
) -> Result<Marker> {
    let mut doc_freqs: FxHashMap<&str, u64> = FxHashMap::default();
    let mut weights: Vec<(MarkPattern, Score)> = Vec::new();
    for pattern in patterns {
        let mut rarest = u64::MAX;
        for stem in pattern.stems() {
            let doc_freq = match doc_freqs.get(stem.as_str()) {
                Some(&known) => known,
                None => {
                    let counted = context
                        .searcher
                        .doc_freq(&Term::from_field_text(field, stem))?;
                    doc_freqs.insert(stem, counted);
                    counted
                }
            };
            rarest = rarest.min(doc_freq);
        }
        if (1..u64::MAX).contains(&rarest) {
            weights.push((pattern.clone(), 1.0 / (1.0 + rarest as Score)));
        }
    }
    Ok(Marker::new(weights))
}

/// A document's score: its best passage, nudged up by how many passages match.
fn document_score(group: &DocumentGroup) -> f32 {
    // The closeness bonus of a document-wide match orders tiers; only the words' score within a
    // tier grows with the number of matching passages.
    let tier = (group.best_score / BEST_FOR_A_CLAUSE_BONUS).floor() * BEST_FOR_A_CLAUSE_BONUS;
    let words = group.best_score - tier;
    tier + words * (1.0 + 0.1 * (group.matched_passages as f32).ln())
}

fn hit(
    context: &SearchContext<'_>,
    marker: &mut Marker,
    group: &DocumentGroup,
    passages_per_hit: usize,
) -> Result<DocumentHit> {
    let SearchContext {
        snapshot,
        searcher,
        vocabulary,
        ..
    } = *context;
    let fields = &snapshot.fields;
    let mut doc_id = None;
    let mut passages = Vec::new();
    for (score, address) in group.top_passages.iter().take(passages_per_hit.max(1)) {
        let passage: TantivyDocument = searcher.doc(*address)?;
        let id = match doc_id.take() {
            Some(id) => id,
            None => stored::doc_id(&passage, fields)?,
        };
        if passages.len() < passages_per_hit {
            let location = stored::location(&passage, fields)?;
            passages.push(PassageHit {
                url: links::passage_url(&id, location.ordinal),
                location,
                snippet: snippet_html(marker, &stored::body(&passage, fields)?),
                score: *score,
            });
        }
        doc_id = Some(id);
    }
    let (Some(doc_id), Some((_, address))) = (doc_id, group.top_passages.first()) else {
        return Err(Error::Corrupt(
            "a matching document without a matching passage".to_string(),
        ));
    };
    let segment = snapshot
        .segments
        .of(searcher.segment_reader(address.segment_ord))?;
    let first = DocAddress::new(
        address.segment_ord,
        segment.runs.run_of(address.doc_id).start,
    );
    let meta = stored::document_meta_at(searcher, fields, &doc_id, first)?
        .ok_or_else(|| Error::Corrupt(format!("document {doc_id} has no first passage")))?;
    let force_name = meta
        .force
        .as_deref()
        .and_then(|slug| vocabulary.force(slug))
        .map(|force| force.name.clone());
    Ok(DocumentHit {
        url: links::document_url(&doc_id),
        doc_id,
        title: meta.title,
        force: meta.force,
        force_name,
        date: meta.date.map(|date| date.iso()),
        date_text: meta.date.map(|date| date.to_string()),
        date_precision: meta.date.map(|date| date.precision()),
        doc_type: meta.doc_type,
        subtype: meta.subtype,
        themes: meta.themes.into_iter().map(|theme| theme.theme).collect(),
        sources: meta.sources,
        source_url: meta.source_url,
        score: if group.best_score.is_finite() {
            document_score(group)
        } else {
            0.0
        },
        matched_passages: group.matched_passages,
        passages,
    })
}

/// The passage's best window with matches marked; its opening when no query word is in it.
pub(crate) fn snippet_html(marker: &mut Marker, body: &str) -> String {
    if let Some(snippet) = marker.snippet(body, SNIPPET_BYTES) {
        return snippet;
    }
    let opening = &body[..body.floor_char_boundary(SNIPPET_BYTES.min(body.len()))];
    let ellipsis = if opening.len() < body.len() {
        "…"
    } else {
        ""
    };
    format!("{}{ellipsis}", html_escape::encode_text(opening))
}
