//! The names people read for the slugs documents carry (force names, type, subtype and theme
//! labels), shared by the facets and the document view so that both say the same.

use std::collections::BTreeMap;

use oversight_schema::model::{DocType, DocumentMeta, Subtype};
use oversight_schema::vocab::Vocabulary;
use serde::Serialize;

/// A force's name (`Devon and Cornwall Police`, or the label of `national`), or its slug when the
/// vocabulary has no such force.
pub(crate) fn force_name(vocabulary: &Vocabulary, slug: &str) -> String {
    vocabulary
        .force_label(slug)
        .map_or_else(|| slug.to_string(), str::to_string)
}

/// A theme's label, or its slug when the vocabulary has no such theme.
pub(crate) fn theme_label(vocabulary: &Vocabulary, slug: &str) -> String {
    vocabulary
        .theme(slug)
        .map_or_else(|| slug.to_string(), |theme| theme.label.clone())
}

/// A document type's label (`Minutes`), or its slug when it is no type.
pub(crate) fn type_label(slug: &str) -> String {
    DocType::from_slug(slug)
        .map_or_else(|| slug.to_string(), |doc_type| doc_type.label().to_string())
}

/// A subtype's label (`Decision notice`), or its slug when it is no subtype.
pub(crate) fn subtype_label(slug: &str) -> String {
    Subtype::from_slug(slug).map_or_else(|| slug.to_string(), |subtype| subtype.label().to_string())
}

/// The names of the slugs in one document's metadata, so that a reader sees names, not slugs.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct DocumentLabels {
    /// The name of its force and of every force it names, by slug.
    pub forces: BTreeMap<String, String>,
    /// Its type's label.
    pub doc_type: String,
    /// Its subtype's label.
    pub subtype: String,
    /// The label of each of its themes, by slug.
    pub themes: BTreeMap<String, String>,
}

impl DocumentLabels {
    /// The labels of `meta`'s slugs.
    pub(crate) fn of(meta: &DocumentMeta, vocabulary: &Vocabulary) -> DocumentLabels {
        let forces = meta
            .force
            .iter()
            .chain(meta.mentions.iter().map(|mention| &mention.force))
            .map(|slug| (slug.clone(), force_name(vocabulary, slug)))
            .collect();
        let themes = meta
            .themes
            .iter()
            .map(|theme| (theme.theme.clone(), theme_label(vocabulary, &theme.theme)))
            .collect();
        DocumentLabels {
            forces,
            doc_type: type_label(DocType::slug(meta.doc_type)),
            subtype: meta.subtype.label().to_string(),
            themes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_s_slugs_are_named() {
        let vocabulary = Vocabulary::bundled().expect("vocabulary");
        let evidence = r#"{"text": "", "origin": "text"}"#;
        let meta: DocumentMeta = serde_json::from_str(&format!(
            r#"{{"doc_id": "25322eb33bcda814", "title": "A panel", "force": "devon-and-cornwall",
                "mentions": [{{"force": "west-mercia", "count": 2}}], "date": null,
                "doc_type": "report", "subtype": "report/decision",
                "themes": [{{"theme": "restorative-justice", "path": "/victims/restorative-justice",
                             "score": 1.0, "matched": []}}],
                "sources": [], "evidence": {{"title": {evidence}, "doc_type": {evidence},
                "subtype": {evidence}}}, "passage_count": 1, "text_chars": 1}}"#
        ))
        .expect("metadata");
        let labels = DocumentLabels::of(&meta, &vocabulary);
        let name = |slug: &str| vocabulary.force(slug).map(|force| force.name.as_str());
        assert_eq!(
            labels.forces.get("devon-and-cornwall").map(String::as_str),
            name("devon-and-cornwall")
        );
        assert_eq!(
            labels.forces.get("west-mercia").map(String::as_str),
            name("west-mercia")
        );
        assert_eq!(labels.doc_type, "Report");
        assert_eq!(labels.subtype, Subtype::Decision.label());
        let theme = vocabulary
            .theme("restorative-justice")
            .map(|theme| theme.label.as_str());
        assert_eq!(
            labels.themes.get("restorative-justice").map(String::as_str),
            theme
        );
        assert_ne!(theme, Some("restorative-justice"), "a label, not the slug");
    }

    #[test]
    fn unknown_slugs_are_shown_as_they_are() {
        let vocabulary = Vocabulary::bundled().expect("vocabulary");
        assert_eq!(force_name(&vocabulary, "gotham"), "gotham");
        assert_eq!(theme_label(&vocabulary, "nothing"), "nothing");
        assert_eq!(subtype_label("report/nothing"), "report/nothing");
        assert_eq!(type_label("minutes"), "Minutes");
    }
}
