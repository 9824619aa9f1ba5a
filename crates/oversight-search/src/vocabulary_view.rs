//! The controlled vocabulary as a client reads it: the slugs a filter takes and the names they
//! stand for, so that filters can be built without guessing.

use oversight_schema::model::{DocType, Subtype};
use oversight_schema::vocab::{Theme, Vocabulary};
use serde::Serialize;

/// Forces, document types, themes and acronyms, as `GET /api/v1/vocabulary` answers them.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VocabularyView {
    /// Police forces and national policing bodies, in the vocabulary's order.
    pub forces: Vec<ForceEntry>,
    /// Document types, each with its subtypes.
    pub types: Vec<TypeEntry>,
    /// Top-level themes, each with its narrower themes.
    pub themes: Vec<ThemeNode>,
    /// Acronyms and the long forms a search for them also finds.
    pub acronyms: Vec<AcronymEntry>,
}

/// A force or national body.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ForceEntry {
    /// The slug the `force` filter takes: `devon-and-cornwall`.
    pub slug: String,
    /// Its official name: `Devon and Cornwall Police`.
    pub name: String,
    /// Full names that also identify it or its governance bodies, former names included.
    pub aliases: Vec<String>,
    /// The names of its police force area as documents write them; empty for a national body.
    pub areas: Vec<String>,
    /// `england`, `wales`, `scotland`, `northern-ireland` or `uk`.
    pub region: String,
    /// `territorial`, `national` or `other-uk`.
    pub kind: String,
    /// Whether it is a national body rather than a force with a police area.
    pub national: bool,
}

/// A document type and its subtypes.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TypeEntry {
    /// The slug the `type` filter takes: `minutes`.
    pub slug: String,
    /// How it reads: `Minutes`.
    pub label: String,
    /// Its subtypes.
    pub subtypes: Vec<SubtypeEntry>,
}

/// A document subtype.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SubtypeEntry {
    /// The slug the `subtype` filter takes: `report/decision`.
    pub slug: String,
    /// How it reads: `Decision notice`.
    pub label: String,
}

/// A theme and the narrower themes under it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ThemeNode {
    /// The slug the `theme` filter takes.
    pub slug: String,
    /// How it reads.
    pub label: String,
    /// Its facet path, `/parent/slug`.
    pub path: String,
    /// What it covers.
    pub description: String,
    /// Its narrower themes.
    #[schema(no_recursion)]
    pub children: Vec<ThemeNode>,
}

/// An acronym and its expansions.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AcronymEntry {
    /// The acronym as documents write it: `PCC`.
    pub short: String,
    /// Its long forms: `Police and Crime Commissioner`.
    pub long: Vec<String>,
}

/// The `kind` of a national body in the forces vocabulary.
const NATIONAL_KIND: &str = "national";

impl VocabularyView {
    /// The view of `vocabulary`.
    pub fn of(vocabulary: &Vocabulary) -> VocabularyView {
        let forces = vocabulary
            .forces
            .iter()
            .map(|force| ForceEntry {
                slug: force.slug.clone(),
                name: force.name.clone(),
                aliases: force.aliases.clone(),
                areas: force.areas.clone(),
                region: force.country.clone(),
                kind: force.kind.clone(),
                national: force.kind == NATIONAL_KIND,
            })
            .collect();
        let types = DocType::ALL
            .iter()
            .map(|&doc_type| TypeEntry {
                slug: doc_type.slug().to_string(),
                label: doc_type.label().to_string(),
                subtypes: Subtype::ALL
                    .iter()
                    .filter(|subtype| subtype.doc_type() == doc_type)
                    .map(|subtype| SubtypeEntry {
                        slug: subtype.slug().to_string(),
                        label: subtype.label().to_string(),
                    })
                    .collect(),
            })
            .collect();
        let acronyms = vocabulary
            .acronyms
            .iter()
            .map(|acronym| AcronymEntry {
                short: acronym.short.clone(),
                long: acronym.long.clone(),
            })
            .collect();
        VocabularyView {
            forces,
            types,
            themes: children_of(&vocabulary.themes, ""),
            acronyms,
        }
    }
}

/// The themes whose parent is `parent` (top-level ones for the empty slug), each with its own.
/// Validation has refused cycles, so the recursion ends.
fn children_of(themes: &[Theme], parent: &str) -> Vec<ThemeNode> {
    themes
        .iter()
        .filter(|theme| theme.parent == parent)
        .map(|theme| ThemeNode {
            slug: theme.slug.clone(),
            label: theme.label.clone(),
            path: theme.path.clone(),
            description: theme.description.clone(),
            children: children_of(themes, &theme.slug),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flatten<'a>(nodes: &'a [ThemeNode], out: &mut Vec<&'a ThemeNode>) {
        for node in nodes {
            out.push(node);
            flatten(&node.children, out);
        }
    }

    #[test]
    fn every_theme_appears_once_under_its_parent() {
        let vocabulary = Vocabulary::bundled().expect("bundled vocabulary");
        let view = VocabularyView::of(&vocabulary);
        let mut nodes = Vec::new();
        flatten(&view.themes, &mut nodes);
        assert_eq!(nodes.len(), vocabulary.themes.len());
        for theme in &vocabulary.themes {
            let node = nodes
                .iter()
                .find(|node| node.slug == theme.slug)
                .expect("theme in the tree");
            assert_eq!(node.path, theme.path);
            assert!(node.path.ends_with(&format!("/{}", theme.slug)));
        }
        assert!(
            view.themes
                .iter()
                .all(|node| node.path.matches('/').count() == 1)
        );
    }

    #[test]
    fn every_subtype_sits_under_its_type_and_national_bodies_are_flagged() {
        let vocabulary = Vocabulary::bundled().expect("bundled vocabulary");
        let view = VocabularyView::of(&vocabulary);
        let subtypes: usize = view.types.iter().map(|entry| entry.subtypes.len()).sum();
        assert_eq!(subtypes, Subtype::ALL.len());
        for entry in &view.types {
            for subtype in &entry.subtypes {
                assert!(subtype.slug.starts_with(&format!("{}/", entry.slug)));
            }
        }
        for (force, entry) in vocabulary.forces.iter().zip(&view.forces) {
            assert_eq!(entry.national, force.kind == "national", "{}", force.slug);
        }
        assert!(view.forces.iter().any(|entry| entry.national));
        assert!(view.forces.iter().any(|entry| !entry.national));
    }
}
