//! Conversion of an analysed document into the tantivy documents of its passages.

use oversight_schema::Fields;
use oversight_schema::vocab::{NATIONAL, Vocabulary};
use tantivy::TantivyDocument;
use tantivy::schema::Facet;

use crate::analyze::AnalyzedDocument;
use crate::{Error, Result};

/// One tantivy document per passage, each carrying the parent document's metadata; the first also
/// holds the title and the labels (searched on every passage through the search crate's
/// document-wide query) and stores the whole metadata as JSON.
pub fn passage_documents(
    fields: &Fields,
    vocabulary: &Vocabulary,
    document: &AnalyzedDocument,
    revision: &str,
) -> Result<Vec<TantivyDocument>> {
    let meta = &document.meta;
    let doc_key = Fields::doc_key_of(&meta.doc_id)
        .ok_or_else(|| Error::InvalidContentId(meta.doc_id.clone()))?;
    let meta_json = serde_json::to_string(meta).map_err(|source| Error::Serialization {
        what: "a document's metadata",
        source,
    })?;
    let passages = document.passages.len() as u64;
    let force = Facet::from_path([meta.force.as_deref().unwrap_or(NATIONAL)]);
    let labels = labels(vocabulary, document);
    Ok(document
        .passages
        .iter()
        .map(|passage| {
            let mut doc = TantivyDocument::default();
            doc.add_text(fields.doc_id, &meta.doc_id);
            doc.add_u64(fields.doc_key, doc_key);
            doc.add_text(fields.revision, revision);
            doc.add_u64(fields.ordinal, u64::from(passage.ordinal));
            doc.add_u64(fields.passages, passages);
            if let Some(item) = &passage.item {
                doc.add_text(fields.item, item);
            }
            if let Some(heading) = &passage.heading {
                doc.add_text(fields.heading, heading);
            }
            doc.add_text(fields.body, &passage.text);
            doc.add_text(fields.body_exact, &passage.text);
            doc.add_facet(fields.force, force.clone());
            for mention in &meta.mentions {
                doc.add_facet(fields.mentions, Facet::from_path([mention.force.as_str()]));
            }
            doc.add_facet(fields.doc_type, Facet::from_path([meta.doc_type.slug()]));
            doc.add_facet(fields.subtype, Facet::from_path([meta.subtype.slug()]));
            for theme in &meta.themes {
                doc.add_facet(fields.theme, theme_facet(&theme.path));
            }
            for slug in &passage.themes {
                if let Some(theme) = vocabulary.theme(slug) {
                    doc.add_facet(fields.passage_theme, theme_facet(&theme.path));
                }
            }
            if let Some(date) = &meta.date {
                doc.add_u64(fields.year, u64::from(date.year));
                doc.add_i64(fields.date_start, date.start_key());
                doc.add_i64(fields.date_end, date.end_key());
            }
            if let Some(page) = passage.page {
                doc.add_u64(fields.page, u64::from(page));
            }
            if passage.ordinal == 0 {
                doc.add_text(fields.title, &meta.title);
                for label in &labels {
                    doc.add_text(fields.labels, label);
                }
                doc.add_text(fields.document, &meta_json);
            }
            doc
        })
        .collect())
}

/// The document's labels in words: its force's name, areas and aliases (none for a national
/// document), its type and its subtype's label.
fn labels<'a>(vocabulary: &'a Vocabulary, document: &AnalyzedDocument) -> Vec<&'a str> {
    let meta = &document.meta;
    let mut labels: Vec<&str> = Vec::new();
    if let Some(force) = meta
        .force
        .as_deref()
        .and_then(|slug| vocabulary.force(slug))
    {
        labels.push(&force.name);
        labels.extend(force.areas.iter().map(String::as_str));
        labels.extend(force.aliases.iter().map(String::as_str));
    }
    labels.push(meta.doc_type.label());
    labels.push(meta.subtype.label());
    labels
}

/// The facet of a theme path such as `/victims/restorative-justice`.
fn theme_facet(path: &str) -> Facet {
    Facet::from_path(path.split('/').filter(|segment| !segment.is_empty()))
}
