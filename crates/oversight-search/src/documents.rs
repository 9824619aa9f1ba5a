//! The document views: a document's metadata and outline, its text with a query's matches marked,
//! one passage in full.

use oversight_schema::model::DocumentMeta;
use oversight_schema::vocab::Vocabulary;
use tantivy::collector::{Count, DocSetCollector};
use tantivy::{DocAddress, TantivyDocument};

use crate::citation::Citation;
use crate::error::{Error, Result};
use crate::highlight::Marker;
use crate::labels::DocumentLabels;
use crate::query::CompiledQuery;
use crate::response::{DocumentText, DocumentView, OutlineEntry, PassageText, PassageView};
use crate::snapshot::Snapshot;
use crate::stored::{self, document_meta, document_passages, facet_slugs, stored_passage};

/// Document ids are 16 lower-case hex digits; anything else names no document.
fn is_valid_doc_id(doc_id: &str) -> bool {
    doc_id.len() == 16
        && doc_id
            .bytes()
            .all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte))
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

/// A document's metadata, the names of its slugs and its outline.
pub(crate) fn document(
    snapshot: &Snapshot,
    doc_id: &str,
    vocabulary: &Vocabulary,
) -> Result<DocumentView> {
    let meta = meta(snapshot, doc_id)?;
    let searcher = snapshot.reader.searcher();
    let fields = &snapshot.fields;
    let addresses = searcher.search(&document_passages(fields, doc_id), &DocSetCollector)?;
    let mut addresses: Vec<DocAddress> = addresses.into_iter().collect();
    addresses.sort();
    let mut outline = Vec::with_capacity(addresses.len());
    for address in addresses {
        let stored: TantivyDocument = searcher.doc(address)?;
        outline.push(OutlineEntry {
            location: stored::location(&stored, fields)?,
            chars: stored::body(&stored, fields)?.chars().count() as u64,
        });
    }
    outline.sort_by_key(|entry| entry.location.ordinal);
    Ok(DocumentView {
        labels: DocumentLabels::of(&meta, vocabulary),
        citation: Citation::of(&meta, vocabulary, None),
        document: meta,
        outline,
        original_url: None,
    })
}

/// Every passage of a document, in order, as HTML with the query's matches marked: its words, each
/// occurrence of a phrase as one mark, the words of its proximity windows.
pub(crate) fn document_text(
    snapshot: &Snapshot,
    doc_id: &str,
    query: Option<&CompiledQuery>,
    vocabulary: &Vocabulary,
) -> Result<DocumentText> {
    if !is_valid_doc_id(doc_id) {
        return Err(Error::DocumentNotFound(doc_id.chars().take(40).collect()));
    }
    let searcher = snapshot.reader.searcher();
    let fields = &snapshot.fields;
    let addresses = searcher.search(&document_passages(fields, doc_id), &DocSetCollector)?;
    if addresses.is_empty() {
        return Err(Error::DocumentNotFound(doc_id.to_string()));
    }
    let meta = meta(snapshot, doc_id)?;
    let mut marker = Marker::of_patterns(query.map_or(&[], |compiled| &compiled.marks));
    let mut passages = Vec::with_capacity(addresses.len());
    for address in addresses {
        let stored: TantivyDocument = searcher.doc(address)?;
        let location = stored::location(&stored, fields)?;
        passages.push(PassageText {
            citation: Citation::of(&meta, vocabulary, Some(&location)),
            location,
            html: marker.highlight(&stored::body(&stored, fields)?),
        });
    }
    passages.sort_by_key(|passage| passage.location.ordinal);
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

pub(crate) fn passage(
    snapshot: &Snapshot,
    doc_id: &str,
    ordinal: u64,
    vocabulary: &Vocabulary,
) -> Result<PassageView> {
    if !is_valid_doc_id(doc_id) {
        return Err(Error::DocumentNotFound(doc_id.chars().take(40).collect()));
    }
    let searcher = snapshot.reader.searcher();
    let fields = &snapshot.fields;
    let Some(stored) = stored_passage(&searcher, fields, doc_id, ordinal)? else {
        let count = searcher.search(&document_passages(fields, doc_id), &Count)? as u64;
        if count == 0 {
            return Err(Error::DocumentNotFound(doc_id.to_string()));
        }
        return Err(Error::PassageNotFound {
            doc_id: doc_id.to_string(),
            ordinal,
            count,
        });
    };
    let location = stored::location(&stored, fields)?;
    let meta = meta(snapshot, doc_id)?;
    Ok(PassageView {
        doc_id: doc_id.to_string(),
        citation: Citation::of(&meta, vocabulary, Some(&location)),
        location,
        themes: facet_slugs(&stored, fields.passage_theme),
        text: stored::body(&stored, fields)?,
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
