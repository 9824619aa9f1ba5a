//! The controlled vocabularies of `schema/*.toml`: forces, themes, acronyms and document-type rules.
//!
//! The files are compiled into the binary ([`Vocabulary::bundled`]) so that Oversight runs from any
//! directory, and are validated before use.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use crate::{Error, Result};

/// The force facet's value for a document of no force: a national paper, an inspectorate's or
/// Parliament's. Documents are indexed with it, so the force facet adds up to the total and
/// `force=national` selects them.
pub const NATIONAL: &str = "national";
/// How [`NATIONAL`] reads.
pub const NATIONAL_LABEL: &str = "National (no force)";

/// A police force or national policing body.
#[derive(Debug, Clone, Deserialize)]
pub struct Force {
    /// Unique slug: `devon-and-cornwall`.
    pub slug: String,
    /// Official name: `Devon and Cornwall Police`.
    pub name: String,
    /// `territorial`, `national` or `other-uk`.
    pub kind: String,
    /// `england`, `wales`, `scotland`, `northern-ireland` or `uk`.
    pub country: String,
    /// Names of the police force area as documents write them.
    pub areas: Vec<String>,
    /// Whether a bare area name is also a common place or word, and so counts only in a policing phrase.
    #[serde(default)]
    pub ambiguous: bool,
    /// Full names that always identify the force or its governance bodies, former names included.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A phrase and the weight a match of it adds.
#[derive(Debug, Clone, Deserialize)]
pub struct PhraseRule {
    /// The phrase, in natural spelling.
    pub phrase: String,
    /// What one match adds to the score.
    pub weight: f32,
}

/// Thresholds for assigning themes.
#[derive(Debug, Clone, Deserialize)]
pub struct ThemeScoring {
    /// A passage gets a theme when its matches weigh at least this.
    pub passage_min: f32,
    /// A document gets a theme when its matches weigh at least this ...
    pub document_min: f32,
    /// ... and their weight per 10,000 words reaches this.
    pub document_min_per_10k_words: f32,
    /// At most this many themes per document.
    pub max_per_document: usize,
}

/// A theme of the controlled vocabulary.
#[derive(Debug, Clone, Deserialize)]
pub struct Theme {
    /// Unique slug.
    pub slug: String,
    /// Display label.
    pub label: String,
    /// The parent theme's slug, or empty for a top-level theme.
    #[serde(default)]
    pub parent: String,
    /// What the theme covers.
    #[serde(default)]
    pub description: String,
    /// The phrases that earn the theme.
    pub rules: Vec<PhraseRule>,
    /// The facet path, `/parent/slug`; filled in by validation.
    #[serde(skip)]
    pub path: String,
}

/// An acronym and its long forms.
#[derive(Debug, Clone, Deserialize)]
pub struct Acronym {
    /// The acronym: `PCC`.
    pub short: String,
    /// Its long forms: `Police and Crime Commissioner`.
    pub long: Vec<String>,
}

/// Where in its line a document-type phrase must stand to count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Placement {
    /// Anywhere, on word boundaries.
    #[default]
    Anywhere,
    /// At the start of a line, after nothing but numbering, bullets or markup: a heading or an
    /// agenda item, not a word inside a sentence.
    LineStart,
    /// Alone on its line (numbering and a closing colon allowed): `Agenda`, `Foreword`.
    Line,
    /// Anywhere in the cover of the document (its first `cover_chars` characters), on word
    /// boundaries: a body named on the cover publishes the document, one named further on is
    /// only spoken of.
    Cover,
    /// Inside a reference code: a letter right before it and a digit right after, as `/D/` in
    /// `PCC/D/083`.
    Code,
}

/// A document-type phrase, the weight a match of it adds and where it must stand.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeRule {
    /// The phrase, in natural spelling.
    pub phrase: String,
    /// What one match adds to the score.
    pub weight: f32,
    /// Where the phrase must stand.
    #[serde(default)]
    pub at: Placement,
}

/// The rules that recognise one subtype (and, summed with its siblings', its type).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubtypeRules {
    /// The subtype's slug (`report/decision`).
    pub slug: String,
    /// What its cues are called in evidence: `decision-notice`.
    pub cues: String,
    /// Whether this is the subtype of its type when none of the type's cues matched.
    #[serde(default)]
    pub default: bool,
    /// Phrases whose matches vote for the subtype.
    pub rules: Vec<TypeRule>,
}

/// One feature of a document structure, found by any of its phrases.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StructureFeature {
    /// What the feature is called in evidence: `apologies`.
    pub name: String,
    /// The phrases that show it.
    pub phrases: Vec<String>,
    /// Where they must stand.
    #[serde(default)]
    pub at: Placement,
}

/// A layout made of several distinct features (a meeting's header, apologies, declarations of
/// interest): when enough of them are present it outweighs any single phrase.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Structure {
    /// What the structure is called in evidence: `meeting layout`.
    pub name: String,
    /// The type (`minutes`) or subtype (`report/decision`) it votes for.
    pub target: String,
    /// How many distinct features must be present for the structure to count.
    pub min_features: usize,
    /// What each present feature adds once the structure counts.
    pub weight: f32,
    /// The features.
    pub features: Vec<StructureFeature>,
}

/// How document types are scored.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocTypeScoring {
    /// Matches in the head of the document count this many times.
    pub head_multiplier: f32,
    /// How many characters from the start count as the head.
    pub head_chars: usize,
    /// How many characters from the start count as the cover, for phrases placed there.
    pub cover_chars: usize,
    /// Matches of one rule beyond this many, in the head and in the rest each, add nothing: many
    /// repeats of a generic phrase do not outweigh a strong one.
    pub max_matches: u32,
    /// The type chosen when no rule matches.
    pub default: String,
}

#[derive(Deserialize)]
struct ForcesFile {
    force: Vec<Force>,
}

#[derive(Deserialize)]
struct ThemesFile {
    scoring: ThemeScoring,
    theme: Vec<Theme>,
}

#[derive(Deserialize)]
struct AcronymsFile {
    acronym: Vec<Acronym>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DocTypesFile {
    scoring: DocTypeScoring,
    subtype: Vec<SubtypeRules>,
    #[serde(default)]
    structure: Vec<Structure>,
}

/// All vocabularies, validated.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    /// Police forces and national bodies.
    pub forces: Vec<Force>,
    /// Theme thresholds.
    pub theme_scoring: ThemeScoring,
    /// Themes, with their facet paths.
    pub themes: Vec<Theme>,
    /// Acronyms for query expansion.
    pub acronyms: Vec<Acronym>,
    /// Document-type scoring.
    pub doc_type_scoring: DocTypeScoring,
    /// Document-type rules, per subtype.
    pub subtypes: Vec<SubtypeRules>,
    /// Document structures that vote for a type or subtype.
    pub structures: Vec<Structure>,
    /// A fingerprint of the vocabulary text: metadata must be recomputed when it changes.
    pub fingerprint: String,
}

const BUNDLED_FORCES: &str = include_str!("../../../schema/forces.toml");
const BUNDLED_THEMES: &str = include_str!("../../../schema/themes.toml");
const BUNDLED_ACRONYMS: &str = include_str!("../../../schema/acronyms.toml");
const BUNDLED_DOC_TYPES: &str = include_str!("../../../schema/doc_types.toml");

impl Vocabulary {
    /// The vocabularies compiled into this build.
    pub fn bundled() -> Result<Vocabulary> {
        Vocabulary::parse(
            BUNDLED_FORCES,
            BUNDLED_THEMES,
            BUNDLED_ACRONYMS,
            BUNDLED_DOC_TYPES,
        )
    }

    fn parse(forces: &str, themes: &str, acronyms: &str, doc_types: &str) -> Result<Vocabulary> {
        let forces_file: ForcesFile = parse_toml("forces", forces)?;
        let themes_file: ThemesFile = parse_toml("themes", themes)?;
        let acronyms_file: AcronymsFile = parse_toml("acronyms", acronyms)?;
        let doc_types_file: DocTypesFile = parse_toml("doc_types", doc_types)?;
        let mut hasher = blake3::Hasher::new();
        for text in [forces, themes, acronyms, doc_types] {
            hasher.update(text.as_bytes());
        }
        let vocabulary = Vocabulary {
            forces: forces_file.force,
            theme_scoring: themes_file.scoring,
            themes: with_theme_paths(themes_file.theme)?,
            acronyms: acronyms_file.acronym,
            doc_type_scoring: doc_types_file.scoring,
            subtypes: doc_types_file.subtype,
            structures: doc_types_file.structure,
            fingerprint: hasher.finalize().to_hex()[..16].to_string(),
        };
        vocabulary.validate()?;
        Ok(vocabulary)
    }

    fn validate(&self) -> Result<()> {
        unique(
            "forces",
            self.forces.iter().map(|force| force.slug.as_str()),
        )?;
        unique(
            "themes",
            self.themes.iter().map(|theme| theme.slug.as_str()),
        )?;
        for force in &self.forces {
            if force.areas.is_empty() && force.aliases.is_empty() {
                return Err(invalid(
                    "forces",
                    format!("force `{}` has no names", force.slug),
                ));
            }
        }
        self.validate_doc_types()?;
        Ok(())
    }

    fn validate_doc_types(&self) -> Result<()> {
        use crate::model::{DocType, Subtype};
        unique(
            "doc_types",
            self.subtypes.iter().map(|rules| rules.slug.as_str()),
        )?;
        for rules in &self.subtypes {
            if Subtype::from_slug(&rules.slug).is_none() {
                return Err(invalid(
                    "doc_types",
                    format!("unknown subtype `{}`", rules.slug),
                ));
            }
        }
        for doc_type in DocType::ALL {
            let defaults = self
                .subtypes
                .iter()
                .filter(|rules| rules.default)
                .filter_map(|rules| Subtype::from_slug(&rules.slug))
                .filter(|subtype| subtype.doc_type() == doc_type)
                .count();
            if defaults != 1 {
                return Err(invalid(
                    "doc_types",
                    format!("type `{doc_type}` needs exactly one default subtype, has {defaults}"),
                ));
            }
        }
        for structure in &self.structures {
            if DocType::from_slug(&structure.target).is_none()
                && Subtype::from_slug(&structure.target).is_none()
            {
                return Err(invalid(
                    "doc_types",
                    format!(
                        "structure `{}` votes for unknown `{}`",
                        structure.name, structure.target
                    ),
                ));
            }
        }
        if DocType::from_slug(&self.doc_type_scoring.default).is_none() {
            return Err(invalid(
                "doc_types",
                "the default type is unknown".to_string(),
            ));
        }
        Ok(())
    }

    /// The subtype a document of `doc_type` has when none of the type's subtypes is recognised.
    pub fn default_subtype(
        &self,
        doc_type: crate::model::DocType,
    ) -> Option<crate::model::Subtype> {
        self.subtypes
            .iter()
            .filter(|rules| rules.default)
            .filter_map(|rules| crate::model::Subtype::from_slug(&rules.slug))
            .find(|subtype| subtype.doc_type() == doc_type)
    }

    /// The force with this slug.
    pub fn force(&self, slug: &str) -> Option<&Force> {
        self.forces.iter().find(|force| force.slug == slug)
    }

    /// Whether `slug` is a value of the force facet: a force's slug or [`NATIONAL`].
    pub fn is_force_value(&self, slug: &str) -> bool {
        slug == NATIONAL || self.force(slug).is_some()
    }

    /// The values of the force facet: every force's slug, then [`NATIONAL`].
    pub fn force_values(&self) -> impl Iterator<Item = &str> {
        self.forces
            .iter()
            .map(|force| force.slug.as_str())
            .chain([NATIONAL])
    }

    /// How people read a value of the force facet: the force's name, or [`NATIONAL_LABEL`].
    pub fn force_label(&self, slug: &str) -> Option<&str> {
        if slug == NATIONAL {
            return Some(NATIONAL_LABEL);
        }
        self.force(slug).map(|force| force.name.as_str())
    }

    /// The theme with this slug.
    pub fn theme(&self, slug: &str) -> Option<&Theme> {
        self.themes.iter().find(|theme| theme.slug == slug)
    }
}

fn parse_toml<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Result<T> {
    toml::from_str(text).map_err(|error| invalid(name, describe_toml_error(text, &error)))
}

/// A TOML error on one line: its message and the line it points at.
pub fn describe_toml_error(text: &str, error: &toml::de::Error) -> String {
    let message = error.message().trim().replace('\n', " ");
    match error.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("{message} (line {line})")
        }
        None => message,
    }
}

fn invalid(name: &str, message: String) -> Error {
    Error::VocabularyParse {
        name: name.to_string(),
        message,
    }
}

fn unique<'a>(name: &str, slugs: impl Iterator<Item = &'a str>) -> Result<()> {
    let mut seen = HashSet::new();
    for slug in slugs {
        if !seen.insert(slug) {
            return Err(invalid(name, format!("slug `{slug}` is used twice")));
        }
    }
    Ok(())
}

/// Fills in each theme's facet path from its ancestors, refusing unknown parents and cycles.
fn with_theme_paths(mut themes: Vec<Theme>) -> Result<Vec<Theme>> {
    let parents: HashMap<String, String> = themes
        .iter()
        .map(|theme| (theme.slug.clone(), theme.parent.clone()))
        .collect();
    for theme in &mut themes {
        let mut chain = vec![theme.slug.clone()];
        let mut parent = theme.parent.clone();
        while !parent.is_empty() {
            if chain.contains(&parent) || chain.len() > parents.len() {
                return Err(invalid(
                    "themes",
                    format!("theme `{}` is its own ancestor", theme.slug),
                ));
            }
            let grandparent = parents.get(&parent).ok_or_else(|| {
                invalid(
                    "themes",
                    format!("theme `{}` has unknown parent `{parent}`", theme.slug),
                )
            })?;
            chain.push(parent.clone());
            parent = grandparent.clone();
        }
        chain.reverse();
        theme.path = format!("/{}", chain.join("/"));
    }
    Ok(themes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_vocabularies_are_valid() {
        let vocabulary = Vocabulary::bundled().unwrap_or_else(|error| panic!("{error}"));
        assert!(
            vocabulary
                .themes
                .iter()
                .all(|theme| theme.path.starts_with('/'))
        );
        assert!(!vocabulary.acronyms.is_empty());
        assert!(!vocabulary.subtypes.is_empty());
        assert_eq!(
            vocabulary.fingerprint.len(),
            16,
            "{}",
            vocabulary.fingerprint
        );
    }

    #[test]
    fn bundled_forces_include_the_43_territorial_forces() {
        let vocabulary = Vocabulary::bundled().expect("bundled vocabulary");
        let territorial = vocabulary
            .forces
            .iter()
            .filter(|force| force.kind == "territorial")
            .count();
        assert_eq!(territorial, 43);
    }

    #[test]
    fn theme_paths_follow_parents() {
        let themes = vec![
            Theme {
                slug: "victims".into(),
                label: "Victims".into(),
                parent: String::new(),
                description: String::new(),
                rules: vec![],
                path: String::new(),
            },
            Theme {
                slug: "restorative-justice".into(),
                label: "Restorative justice".into(),
                parent: "victims".into(),
                description: String::new(),
                rules: vec![],
                path: String::new(),
            },
        ];
        let themes = with_theme_paths(themes).expect("valid hierarchy");
        assert_eq!(themes[1].path, "/victims/restorative-justice");
    }

    #[test]
    fn unknown_parent_is_refused() {
        let themes = vec![Theme {
            slug: "orphan".into(),
            label: "Orphan".into(),
            parent: "nobody".into(),
            description: String::new(),
            rules: vec![],
            path: String::new(),
        }];
        let error = with_theme_paths(themes)
            .err()
            .map(|error| error.to_string());
        assert_eq!(
            error.as_deref(),
            Some("invalid vocabulary themes: theme `orphan` has unknown parent `nobody`")
        );
    }
}
