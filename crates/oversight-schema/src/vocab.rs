//! The controlled vocabularies of `schema/*.toml`: forces, themes, acronyms and document-type rules.
//!
//! The files are compiled into the binary ([`Vocabulary::bundled`]) so that Oversight runs from any
//! directory, and are validated before use.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use crate::{Error, Result};

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

/// The rules that recognise one document type.
#[derive(Debug, Clone, Deserialize)]
pub struct DocTypeRules {
    /// The type's slug (`minutes`, `report`, `thematic`).
    pub slug: String,
    /// Phrases whose matches vote for the type.
    pub rules: Vec<PhraseRule>,
}

/// How document types are scored.
#[derive(Debug, Clone, Deserialize)]
pub struct DocTypeScoring {
    /// Matches in the head of the document count this many times.
    pub head_multiplier: f32,
    /// How many characters from the start count as the head.
    pub head_chars: usize,
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
struct DocTypesFile {
    scoring: DocTypeScoring,
    doc_type: Vec<DocTypeRules>,
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
    /// Document-type rules.
    pub doc_types: Vec<DocTypeRules>,
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
            doc_types: doc_types_file.doc_type,
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
        for doc_type in &self.doc_types {
            if crate::model::DocType::from_slug(&doc_type.slug).is_none() {
                return Err(invalid(
                    "doc_types",
                    format!("unknown document type `{}`", doc_type.slug),
                ));
            }
        }
        if crate::model::DocType::from_slug(&self.doc_type_scoring.default).is_none() {
            return Err(invalid(
                "doc_types",
                "the default type is unknown".to_string(),
            ));
        }
        Ok(())
    }

    /// The force with this slug.
    pub fn force(&self, slug: &str) -> Option<&Force> {
        self.forces.iter().find(|force| force.slug == slug)
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
        let vocabulary = Vocabulary::bundled();
        assert!(vocabulary.is_ok(), "{:?}", vocabulary.err());
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
