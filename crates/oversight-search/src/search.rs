//! Executing a search: compile the query, run the grouping collector once, then count facets,
//! order and page the documents and build their passages' snippets.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use oversight_schema::model::Subtype;
use oversight_schema::vocab::Vocabulary;
use rustc_hash::FxHashMap;
use tantivy::query::Query;
use tantivy::schema::Facet;
use tantivy::schema::Field;
use tantivy::{DocAddress, Score, Searcher, TantivyDocument, Term};

use crate::collector::{DocumentGroup, DocumentKeys, FilterPlan, Grouped, GroupingCollector};
use crate::documents::{document_meta_at, number, text};
use crate::engine::Snapshot;
use crate::facet_tally::FacetTally;
use crate::highlight::{Marker, query_stems};
use crate::query::{Acronyms, QueryCompiler};
use crate::request::{Filters, SearchRequest, Sort};
use crate::response::{DocumentHit, FacetCount, Facets, PassageHit, SearchResponse};
use crate::{Error, Result, segment_pool};

/// The length of a snippet, in bytes of text (as many characters in English), before escaping
/// and marks.
const SNIPPET_BYTES: usize = 240;

pub(crate) fn execute(
    snapshot: &Snapshot,
    searcher: &Searcher,
    vocabulary: &Vocabulary,
    acronyms: &Acronyms,
    request: &SearchRequest,
    include_hits: bool,
) -> Result<SearchResponse> {
    let started = Instant::now();
    request.validate(vocabulary)?;
    let compiler = QueryCompiler::new(&snapshot.fields, vocabulary, acronyms, &snapshot.segments);
    let compiled = compiler.compile(&request.query)?;
    let sort = match request.sort {
        Sort::Relevance if compiled.match_all => Sort::DateDescending,
        other => other,
    };
    let mut plan = filter_plan(&request.filters, vocabulary);
    if let Some(excluded) = &compiled.excluded {
        plan.excluded_keys = searcher.search(&**excluded, &DocumentKeys)?;
    }
    snapshot.segments.keep_only(searcher);
    let collector = GroupingCollector {
        plan: Arc::new(plan),
        scoring: sort == Sort::Relevance,
        passages_per_group: request.passages_per_hit.max(1),
        segments: Arc::clone(&snapshot.segments),
    };
    let Grouped { groups, tally } =
        segment_pool::search(searcher, &*compiled.query, &collector, &snapshot.segments)?;
    let facets = facets(tally, &request.filters, vocabulary);
    let mut matching: Vec<&DocumentGroup> =
        groups.iter().filter(|group| group.passes_all()).collect();
    let total_documents = matching.len() as u64;
    let total_passages = matching.iter().map(|group| group.matched_passages).sum();
    let hits = if include_hits {
        let start = (request.page - 1) * request.per_page;
        order_first(&mut matching, sort, start + request.per_page);
        let mut marker = snippet_marker(searcher, &*compiled.query, snapshot.fields.body)?;
        matching
            .iter()
            .skip(start)
            .take(request.per_page)
            .map(|group| {
                hit(
                    searcher,
                    snapshot,
                    vocabulary,
                    &mut marker,
                    group,
                    request.passages_per_hit,
                )
            })
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
        expansions: compiled.expansions,
        hits,
        facets,
    })
}

fn filter_plan(filters: &Filters, vocabulary: &Vocabulary) -> FilterPlan {
    let slug_facet = |slug: &str| Facet::from_path([slug]);
    FilterPlan {
        forces: filters.forces.iter().map(|slug| slug_facet(slug)).collect(),
        doc_types: filters
            .doc_types
            .iter()
            .map(|doc_type| slug_facet(doc_type.slug()))
            .collect(),
        subtypes: filters
            .subtypes
            .iter()
            .map(|subtype| slug_facet(subtype.slug()))
            .collect(),
        themes: filters
            .themes
            .iter()
            .filter_map(|slug| vocabulary.theme(slug))
            .map(|theme| Facet::from_path(theme.path.split('/').filter(|part| !part.is_empty())))
            .collect(),
        years: (filters.year_from.is_some() || filters.year_to.is_some()).then(|| {
            (
                filters.year_from.map_or(0, u64::from),
                filters.year_to.map_or(u64::MAX, u64::from),
            )
        }),
        dates: (filters.date_from.is_some() || filters.date_to.is_some()).then(|| {
            (
                filters.date_from.unwrap_or(i64::MIN),
                filters.date_to.unwrap_or(i64::MAX),
            )
        }),
        excluded_keys: Default::default(),
    }
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

/// The marker of a query's words in `field`, each weighted by its rarity for choosing snippets.
fn snippet_marker(searcher: &Searcher, query: &dyn Query, field: Field) -> Result<Marker> {
    let mut weights: Vec<(String, Score)> = Vec::new();
    for stem in query_stems(query, field) {
        let doc_freq = searcher.doc_freq(&Term::from_field_text(field, &stem))?;
        if doc_freq > 0 {
            weights.push((stem, 1.0 / (1.0 + doc_freq as Score)));
        }
    }
    Ok(Marker::new(weights))
}

/// A document's score: its best passage, nudged up by how many passages match.
fn document_score(group: &DocumentGroup) -> f32 {
    group.best_score * (1.0 + 0.1 * (group.matched_passages as f32).ln())
}

/// The four facets of a response from the documents counted per value.
fn facets(tally: FacetTally, filters: &Filters, vocabulary: &Vocabulary) -> Facets {
    let FacetTally {
        forces,
        doc_types,
        subtypes,
        themes,
        years,
    } = tally;
    let force_label = |slug: &str| {
        vocabulary
            .force(slug)
            .map_or_else(|| slug.to_string(), |force| force.name.clone())
    };
    let theme_label = |slug: &str| {
        vocabulary
            .theme(slug)
            .map_or_else(|| slug.to_string(), |theme| theme.label.clone())
    };
    let type_label = |slug: &str| {
        let mut label = slug.to_string();
        if let Some(first) = label.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        label
    };
    let selected_types: Vec<String> = filters
        .doc_types
        .iter()
        .map(|doc_type| doc_type.slug().to_string())
        .collect();
    let selected_subtypes: Vec<String> = filters
        .subtypes
        .iter()
        .map(|subtype| subtype.slug().to_string())
        .collect();
    let subtype_label = |slug: &str| {
        Subtype::from_slug(slug)
            .map_or_else(|| slug.to_string(), |subtype| subtype.label().to_string())
    };
    let mut year_counts: Vec<FacetCount> = years
        .into_iter()
        .map(|(year, count)| {
            let in_range = filters.year_from.is_none_or(|from| u64::from(from) <= year)
                && filters.year_to.is_none_or(|to| year <= u64::from(to));
            let selected = (filters.year_from.is_some() || filters.year_to.is_some()) && in_range;
            FacetCount {
                value: year.to_string(),
                label: year.to_string(),
                count,
                selected,
            }
        })
        .collect();
    year_counts.sort_by(|left, right| left.value.cmp(&right.value));
    Facets {
        force: facet_counts(forces, &filters.forces, force_label),
        year: year_counts,
        doc_type: facet_counts(doc_types, &selected_types, type_label),
        subtype: facet_counts(subtypes, &selected_subtypes, subtype_label),
        theme: facet_counts(themes, &filters.themes, theme_label),
    }
}

/// Facet counts, most documents first, with selected values listed even when none match.
fn facet_counts(
    counts: FxHashMap<Arc<str>, u64>,
    selected: &[String],
    label: impl Fn(&str) -> String,
) -> Vec<FacetCount> {
    let mut counts: HashMap<String, u64> = counts
        .into_iter()
        .map(|(slug, count)| (slug.to_string(), count))
        .collect();
    for value in selected {
        counts.entry(value.clone()).or_insert(0);
    }
    let mut facet_counts: Vec<FacetCount> = counts
        .into_iter()
        .map(|(value, count)| FacetCount {
            label: label(&value),
            selected: selected.contains(&value),
            value,
            count,
        })
        .collect();
    facet_counts.sort_by(|left, right| {
        right
            .count
            .cmp(&left.count)
            .then(left.label.cmp(&right.label))
    });
    facet_counts
}

fn hit(
    searcher: &Searcher,
    snapshot: &Snapshot,
    vocabulary: &Vocabulary,
    marker: &mut Marker,
    group: &DocumentGroup,
    passages_per_hit: usize,
) -> Result<DocumentHit> {
    let fields = &snapshot.fields;
    let mut doc_id = None;
    let mut passages = Vec::new();
    for (score, address) in group.top_passages.iter().take(passages_per_hit.max(1)) {
        let stored: TantivyDocument = searcher.doc(*address)?;
        if doc_id.is_none() {
            doc_id =
                Some(text(&stored, fields.doc_id).ok_or_else(|| {
                    Error::Corrupt("a passage without a document id".to_string())
                })?);
        }
        if passages.len() < passages_per_hit {
            let body = text(&stored, fields.body).unwrap_or_default();
            passages.push(PassageHit {
                ordinal: number(&stored, fields.ordinal).unwrap_or_default(),
                item: text(&stored, fields.item),
                heading: text(&stored, fields.heading),
                page: number(&stored, fields.page),
                snippet: snippet_html(marker, &body),
                score: *score,
            });
        }
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
    let meta = document_meta_at(searcher, fields, &doc_id, first)?
        .ok_or_else(|| Error::Corrupt(format!("document {doc_id} has no first passage")))?;
    let force_name = meta
        .force
        .as_deref()
        .and_then(|slug| vocabulary.force(slug))
        .map(|force| force.name.clone());
    Ok(DocumentHit {
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
fn snippet_html(marker: &mut Marker, body: &str) -> String {
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
