//! Reading what a passage stores: its text fields, its numbers, its location in the document and,
//! on a document's first passage, the document's metadata. Stored data that does not read back is
//! [`Error::Corrupt`], never a default.

use oversight_schema::Fields;
use oversight_schema::model::DocumentMeta;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, Field, IndexRecordOption, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use crate::error::{Error, Result};
use crate::response::PassageLocation;

/// A stored text field.
pub(crate) fn text(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|value| value.as_str())
        .map(str::to_string)
}

/// A stored `u64` field.
pub(crate) fn number(doc: &TantivyDocument, field: Field) -> Option<u64> {
    doc.get_first(field).and_then(|value| value.as_u64())
}

/// The stored facets of a field, as their last path segment (the slug).
pub(crate) fn facet_slugs(doc: &TantivyDocument, field: Field) -> Vec<String> {
    doc.get_all(field)
        .filter_map(|value| value.as_facet())
        .filter_map(leaf_slug)
        .collect()
}

/// The last part of a stored facet. tantivy stores a facet encoded, its parts joined by a NUL
/// rather than `/`, so the encoded text is decoded into its path, never shown as it is.
fn leaf_slug(encoded: &str) -> Option<String> {
    let facet = Facet::from_encoded(encoded.as_bytes().to_vec()).ok()?;
    facet.to_path().last().map(|part| (*part).to_string())
}

/// The document id a passage stores; every passage has one.
pub(crate) fn doc_id(doc: &TantivyDocument, fields: &Fields) -> Result<String> {
    text(doc, fields.doc_id)
        .ok_or_else(|| Error::Corrupt("a passage without a document id".to_string()))
}

/// The text of a passage; every passage has one.
pub(crate) fn body(doc: &TantivyDocument, fields: &Fields) -> Result<String> {
    text(doc, fields.body).ok_or_else(|| corrupt_passage(doc, fields, "no stored text"))
}

/// Where a passage is in its document. The ordinal is stored on every passage; item, heading and
/// page only where the document has them.
pub(crate) fn location(doc: &TantivyDocument, fields: &Fields) -> Result<PassageLocation> {
    let ordinal = number(doc, fields.ordinal)
        .ok_or_else(|| corrupt_passage(doc, fields, "no stored ordinal"))?;
    Ok(PassageLocation {
        ordinal,
        item: text(doc, fields.item),
        heading: text(doc, fields.heading),
        page: number(doc, fields.page),
    })
}

/// A passage that lacks what every passage stores, named by its document when it says which.
fn corrupt_passage(doc: &TantivyDocument, fields: &Fields, lacking: &str) -> Error {
    let owner = text(doc, fields.doc_id).unwrap_or_else(|| "of no document".to_string());
    Error::Corrupt(format!("a passage of document {owner} has {lacking}"))
}

/// The query for every passage of document `doc_id`.
pub(crate) fn document_passages(fields: &Fields, doc_id: &str) -> TermQuery {
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
            Box::new(document_passages(fields, doc_id)) as Box<dyn Query>,
        ),
        (Occur::Must, Box::new(ordinal_query)),
    ])
}

/// The stored passage `ordinal` of a document.
pub(crate) fn stored_passage(
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
pub(crate) fn document_meta(
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
pub(crate) fn document_meta_at(
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

#[cfg(test)]
mod tests {
    use super::*;

    fn passage(fields: &Fields) -> TantivyDocument {
        let mut doc = TantivyDocument::new();
        doc.add_text(fields.doc_id, "25322eb33bcda814");
        doc.add_text(fields.body, "The panel noted the precept.");
        doc.add_text(fields.heading, "Budget");
        doc
    }

    #[test]
    fn stored_facets_read_as_their_slugs_without_separators() {
        let fields = Fields::build();
        let mut doc = passage(&fields);
        doc.add_facet(
            fields.passage_theme,
            Facet::from_path(["governance", "public-engagement"]),
        );
        doc.add_facet(fields.passage_theme, Facet::from_path(["custody"]));
        assert_eq!(
            facet_slugs(&doc, fields.passage_theme),
            ["public-engagement", "custody"]
        );
    }

    #[test]
    fn a_passage_location_reads_what_is_stored() {
        let fields = Fields::build();
        let mut doc = passage(&fields);
        doc.add_u64(fields.ordinal, 4);
        doc.add_u64(fields.page, 12);
        let location = location(&doc, &fields).expect("a location");
        assert_eq!(
            (
                location.ordinal,
                location.item,
                location.heading.as_deref(),
                location.page
            ),
            (4, None, Some("Budget"), Some(12))
        );
    }

    #[test]
    fn a_passage_without_an_ordinal_or_text_is_corrupt_not_passage_zero() {
        let fields = Fields::build();
        let message = location(&passage(&fields), &fields)
            .err()
            .map(|error| error.to_string());
        assert_eq!(
            message.as_deref(),
            Some(
                "corrupt stored data: a passage of document 25322eb33bcda814 has no stored ordinal"
            )
        );
        let mut without_text = TantivyDocument::new();
        without_text.add_u64(fields.ordinal, 0);
        assert!(matches!(
            body(&without_text, &fields),
            Err(Error::Corrupt(message)) if message.contains("of no document has no stored text")
        ));
    }
}
