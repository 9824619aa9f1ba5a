//! Reading stored passages back: a document's metadata and outline, one passage in full.

use oversight_schema::Fields;
use oversight_schema::model::DocumentMeta;
use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use crate::engine::Snapshot;
use crate::highlight::{Marker, query_stems};
use crate::query::CompiledQuery;
use crate::response::{DocumentText, DocumentView, OutlineEntry, PassageText, PassageView};
use crate::{Error, Result};

/// Document ids are 16 lower-case hex digits; anything else names no document.
pub fn is_valid_doc_id(doc_id: &str) -> bool {
    doc_id.len() == 16
        && doc_id
            .bytes()
            .all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte))
}

fn doc_id_query(fields: &Fields, doc_id: &str) -> TermQuery {
    TermQuery::new(
        Term::from_field_text(fields.doc_id, doc_id),
        IndexRecordOption::Basic,
    )
}

fn passage_query(fields: &Fields, doc_id: &str, ordinal: u64) -> BooleanQuery {
    let ordinal_query = TermQuery::new(
        Term::from_field_u64(fields.ordinal, ordinal),
        IndexRecordOption::Basic,
    );
    BooleanQuery::new(vec![
        (
            Occur::Must,
            Box::new(doc_id_query(fields, doc_id)) as Box<dyn Query>,
        ),
        (Occur::Must, Box::new(ordinal_query)),
    ])
}

/// The stored passage `ordinal` of a document.
pub fn stored_passage(
    searcher: &Searcher,
    fields: &Fields,
    doc_id: &str,
    ordinal: u64,
) -> Result<Option<TantivyDocument>> {
    let top = searcher.search(
        &passage_query(fields, doc_id, ordinal),
        &TopDocs::with_limit(1).order_by_score(),
    )?;
    match top.first() {
        Some((_, address)) => Ok(Some(searcher.doc(*address)?)),
        None => Ok(None),
    }
}

/// The metadata of a document, stored on its first passage.
pub fn document_meta(
    searcher: &Searcher,
    fields: &Fields,
    doc_id: &str,
) -> Result<Option<DocumentMeta>> {
    let Some(first) = stored_passage(searcher, fields, doc_id, 0)? else {
        return Ok(None);
    };
    parse_meta(&first, fields, doc_id).map(Some)
}

/// The metadata of document `doc_id`, read from `first`, the address of its first passage as
/// `PassageRuns` finds it next to one of its passages; found by id if that passage is another
/// document's.
pub fn document_meta_at(
    searcher: &Searcher,
    fields: &Fields,
    doc_id: &str,
    first: DocAddress,
) -> Result<Option<DocumentMeta>> {
    let stored: TantivyDocument = searcher.doc(first)?;
    if text(&stored, fields.doc_id).as_deref() == Some(doc_id) {
        return parse_meta(&stored, fields, doc_id).map(Some);
    }
    document_meta(searcher, fields, doc_id)
}

fn parse_meta(first: &TantivyDocument, fields: &Fields, doc_id: &str) -> Result<DocumentMeta> {
    let json = text(first, fields.document)
        .ok_or_else(|| Error::Corrupt(format!("document {doc_id} has no stored metadata")))?;
    serde_json::from_str(&json)
        .map_err(|error| Error::Corrupt(format!("metadata of document {doc_id}: {error}")))
}

/// A stored text field.
pub fn text(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|value| value.as_str())
        .map(str::to_string)
}

/// A stored `u64` field.
pub fn number(doc: &TantivyDocument, field: Field) -> Option<u64> {
    doc.get_first(field).and_then(|value| value.as_u64())
}

/// The stored facets of a field, as their last path segment (the slug).
pub fn facet_slugs(doc: &TantivyDocument, field: Field) -> Vec<String> {
    doc.get_all(field)
        .filter_map(|value| {
            value
                .as_facet()
                .map(|facet| facet.rsplit('/').next().unwrap_or(facet).to_string())
        })
        .collect()
}

/// A document's metadata alone, or `DocumentNotFound`.
pub(crate) fn meta(snapshot: &Snapshot, doc_id: &str) -> Result<DocumentMeta> {
    if !is_valid_doc_id(doc_id) {
        return Err(Error::DocumentNotFound(doc_id.chars().take(40).collect()));
    }
    let searcher = snapshot.reader.searcher();
    document_meta(&searcher, &snapshot.fields, doc_id)?
        .ok_or_else(|| Error::DocumentNotFound(doc_id.to_string()))
}

pub(crate) fn document(snapshot: &Snapshot, doc_id: &str) -> Result<DocumentView> {
    let meta = meta(snapshot, doc_id)?;
    let searcher = snapshot.reader.searcher();
    let fields = &snapshot.fields;
    let addresses = searcher.search(&doc_id_query(fields, doc_id), &DocSetCollector)?;
    let mut addresses: Vec<DocAddress> = addresses.into_iter().collect();
    addresses.sort();
    let mut outline = Vec::with_capacity(addresses.len());
    for address in addresses {
        let stored: TantivyDocument = searcher.doc(address)?;
        outline.push(OutlineEntry {
            ordinal: number(&stored, fields.ordinal).unwrap_or_default(),
            item: text(&stored, fields.item),
            heading: text(&stored, fields.heading),
            page: number(&stored, fields.page),
            chars: text(&stored, fields.body).map_or(0, |body| body.chars().count() as u64),
        });
    }
    outline.sort_by_key(|entry| entry.ordinal);
    Ok(DocumentView {
        document: meta,
        outline,
        original_url: None,
    })
}

/// Every passage of a document, in order, as HTML with the words the query searches for marked.
pub(crate) fn document_text(
    snapshot: &Snapshot,
    doc_id: &str,
    query: Option<&CompiledQuery>,
) -> Result<DocumentText> {
    if !is_valid_doc_id(doc_id) {
        return Err(Error::DocumentNotFound(doc_id.chars().take(40).collect()));
    }
    let searcher = snapshot.reader.searcher();
    let fields = &snapshot.fields;
    let addresses = searcher.search(&doc_id_query(fields, doc_id), &DocSetCollector)?;
    if addresses.is_empty() {
        return Err(Error::DocumentNotFound(doc_id.to_string()));
    }
    let mut marker = Marker::of_stems(
        query
            .map(|compiled| query_stems(&*compiled.query, fields.body))
            .unwrap_or_default(),
    );
    let mut passages = Vec::with_capacity(addresses.len());
    for address in addresses {
        let stored: TantivyDocument = searcher.doc(address)?;
        let body = text(&stored, fields.body).unwrap_or_default();
        passages.push(PassageText {
            ordinal: number(&stored, fields.ordinal).unwrap_or_default(),
            item: text(&stored, fields.item),
            heading: text(&stored, fields.heading),
            page: number(&stored, fields.page),
            html: marker.highlight(&body),
        });
    }
    passages.sort_by_key(|passage| passage.ordinal);
    let matches = passages
        .iter()
        .map(|passage| passage.html.matches("<mark>").count() as u64)
        .sum();
    Ok(DocumentText {
        doc_id: doc_id.to_string(),
        matches,
        passages,
    })
}

pub(crate) fn passage(snapshot: &Snapshot, doc_id: &str, ordinal: u64) -> Result<PassageView> {
    if !is_valid_doc_id(doc_id) {
        return Err(Error::DocumentNotFound(doc_id.chars().take(40).collect()));
    }
    let searcher = snapshot.reader.searcher();
    let fields = &snapshot.fields;
    let Some(stored) = stored_passage(&searcher, fields, doc_id, ordinal)? else {
        let count =
            searcher.search(&doc_id_query(fields, doc_id), &tantivy::collector::Count)? as u64;
        if count == 0 {
            return Err(Error::DocumentNotFound(doc_id.to_string()));
        }
        return Err(Error::PassageNotFound {
            doc_id: doc_id.to_string(),
            ordinal,
            count,
        });
    };
    Ok(PassageView {
        doc_id: doc_id.to_string(),
        ordinal,
        item: text(&stored, fields.item),
        heading: text(&stored, fields.heading),
        page: number(&stored, fields.page),
        themes: facet_slugs(&stored, fields.passage_theme),
        text: text(&stored, fields.body).unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_ids_are_sixteen_hex_digits() {
        assert!(is_valid_doc_id("25322eb33bcda814"));
        assert!(!is_valid_doc_id("../../etc/passwd"));
        assert!(!is_valid_doc_id("25322EB33BCDA814"));
        assert!(!is_valid_doc_id(""));
    }
}
