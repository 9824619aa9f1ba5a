//! The optional corpus manifest, `manifest.toml` at the top of the corpus: per file, metadata that
//! adds to or corrects what extraction read from the text. Values it sets keep the manifest as
//! their evidence, so the API and the page say where each value came from.
//!
//! ```toml
//! [[document]]
//! file = "003_4c84c7b52ec6327e.txt"          # path relative to the corpus
//! source_url = "https://democracy.warwickshire.gov.uk/..."
//! title = "Warwickshire Police and Crime Panel, 26 September 2014"
//! date = "2014-09-26"                        # YYYY, YYYY-MM or YYYY-MM-DD
//! force = "warwickshire"                     # a force slug, or "none" for a national document
//! type = "minutes"                           # minutes, report or thematic
//! subtype = "minutes/minutes"                # one of the type's subtypes; it implies the type
//! themes = ["custody"]                       # added to the themes found in the text
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use oversight_schema::model::{DocDate, DocType, DocumentMeta, Evidence, Subtype, ThemeScore};
use oversight_schema::vocab::{Vocabulary, describe_toml_error};
use oversight_schema::year;
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// The manifest's file name, at the top of the corpus folder.
pub(crate) const MANIFEST_FILE: &str = "manifest.toml";

/// What the manifest says about one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ManifestEntry {
    /// The file, relative to the corpus folder.
    pub file: String,
    /// Where the document was published.
    pub source_url: Option<String>,
    /// The title.
    pub title: Option<String>,
    /// The date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: Option<String>,
    /// A force slug, or `none` for a national document.
    pub force: Option<String>,
    /// The document type.
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    /// The subtype (`report/decision`), which must be one of the type's when both are given.
    pub subtype: Option<String>,
    /// Themes to add.
    #[serde(default)]
    pub themes: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    #[serde(default)]
    document: Vec<ManifestEntry>,
}

/// The manifest of a corpus, checked against the vocabularies.
#[derive(Debug, Clone, Default)]
pub struct Manifest {
    entries: BTreeMap<String, ManifestEntry>,
}

impl Manifest {
    /// Reads `manifest.toml` from the corpus folder; no file is an empty manifest.
    pub fn load(corpus: &Path, vocabulary: &Vocabulary) -> Result<Manifest> {
        let path = corpus.join(MANIFEST_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Manifest::default());
            }
            Err(error) => return Err(invalid(format!("cannot read it: {error}"))),
        };
        Manifest::parse(&text, vocabulary)
    }

    /// Parses and checks a manifest.
    pub fn parse(text: &str, vocabulary: &Vocabulary) -> Result<Manifest> {
        let file: ManifestFile =
            toml::from_str(text).map_err(|error| invalid(describe_toml_error(text, &error)))?;
        let mut entries = BTreeMap::new();
        for entry in file.document {
            check(&entry, vocabulary)?;
            if entries.insert(entry.file.clone(), entry.clone()).is_some() {
                return Err(invalid(format!("`{}` has two entries", entry.file)));
            }
        }
        Ok(Manifest { entries })
    }

    /// The entry for a document read from these files (the first that has one).
    pub(crate) fn entry_for(&self, sources: &[String]) -> Option<&ManifestEntry> {
        sources.iter().find_map(|source| self.entries.get(source))
    }
}

fn invalid(message: String) -> Error {
    Error::Manifest(message)
}

fn check(entry: &ManifestEntry, vocabulary: &Vocabulary) -> Result<()> {
    let context = |message: String| invalid(format!("entry for `{}`: {message}", entry.file));
    if let Some(url) = &entry.source_url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        return Err(context(format!(
            "source_url `{url}` is not an http(s) address"
        )));
    }
    if let Some(date) = &entry.date {
        parse_date(date)
            .ok_or_else(|| context(format!("date `{date}` is not YYYY, YYYY-MM or YYYY-MM-DD")))?;
    }
    if let Some(force) = &entry.force
        && force != "none"
        && vocabulary.force(force).is_none()
    {
        let hint = vocabulary
            .closest_force(force)
            .map_or_else(String::new, |closest| {
                format!("; did you mean `{}`?", closest.slug)
            });
        return Err(context(format!("unknown force `{force}`{hint}")));
    }
    if let Some(doc_type) = &entry.doc_type
        && DocType::from_slug(doc_type).is_none()
    {
        return Err(context(format!(
            "unknown type `{doc_type}`; use minutes, report or thematic"
        )));
    }
    if let Some(subtype) = &entry.subtype {
        let known = Subtype::from_slug(subtype).ok_or_else(|| {
            let slugs: Vec<&str> = Subtype::ALL.iter().map(|subtype| subtype.slug()).collect();
            context(format!(
                "unknown subtype `{subtype}`; use {}",
                slugs.join(", ")
            ))
        })?;
        if let Some(doc_type) = entry.doc_type.as_deref().and_then(DocType::from_slug)
            && known.doc_type() != doc_type
        {
            return Err(context(format!(
                "subtype `{subtype}` is not of type `{doc_type}`"
            )));
        }
    }
    for theme in &entry.themes {
        if vocabulary.theme(theme).is_none() {
            return Err(context(format!("unknown theme `{theme}`")));
        }
    }
    Ok(())
}

/// A manifest date, read as every date a person types is ([`oversight_schema::year`]).
fn parse_date(text: &str) -> Option<DocDate> {
    year::parse_date(text).ok()
}

/// Applies an entry to a document's metadata, each value it sets with the manifest as evidence.
pub(crate) fn apply(entry: &ManifestEntry, meta: &mut DocumentMeta, vocabulary: &Vocabulary) {
    let evidence = || Evidence::from_manifest(format!("{MANIFEST_FILE}, entry for {}", entry.file));
    if let Some(url) = &entry.source_url {
        meta.source_url = Some(url.clone());
    }
    if let Some(title) = &entry.title {
        meta.title = title.clone();
        meta.evidence.title = evidence();
    }
    if let Some(date) = entry.date.as_deref().and_then(parse_date) {
        meta.date = Some(date);
        meta.evidence.date = Some(evidence());
    }
    if let Some(force) = &entry.force {
        meta.force = (force != "none").then(|| force.clone());
        meta.evidence.force = Some(evidence());
    }
    if let Some(doc_type) = entry.doc_type.as_deref().and_then(DocType::from_slug) {
        meta.doc_type = doc_type;
        meta.evidence.doc_type = evidence();
        if meta.subtype.doc_type() != doc_type
            && let Some(subtype) = vocabulary.default_subtype(doc_type)
        {
            meta.subtype = subtype;
            meta.evidence.subtype = Evidence::from_manifest(format!(
                "the default subtype of type {doc_type}, which {MANIFEST_FILE} sets for {}",
                entry.file
            ));
        }
    }
    if let Some(subtype) = entry.subtype.as_deref().and_then(Subtype::from_slug) {
        meta.subtype = subtype;
        meta.evidence.subtype = evidence();
        meta.doc_type = subtype.doc_type();
        meta.evidence.doc_type = evidence();
    }
    for slug in &entry.themes {
        if meta.themes.iter().any(|theme| &theme.theme == slug) {
            continue;
        }
        if let Some(theme) = vocabulary.theme(slug) {
            meta.themes.push(ThemeScore {
                theme: slug.clone(),
                path: theme.path.clone(),
                score: 0.0,
                matched: vec![MANIFEST_FILE.to_string()],
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Vocabulary {
        Vocabulary::bundled().expect("vocabulary")
    }

    #[test]
    fn a_manifest_parses_and_finds_entries_by_any_source() {
        let manifest = Manifest::parse(
            "[[document]]\nfile = \"a.txt\"\ndate = \"2014-09\"\nforce = \"none\"\ntype = \"thematic\"\nthemes = [\"victims\"]\n",
            &vocabulary(),
        )
        .expect("valid");
        let sources = vec!["b.txt".to_string(), "a.txt".to_string()];
        assert_eq!(
            manifest
                .entry_for(&sources)
                .map(|entry| entry.file.as_str()),
            Some("a.txt")
        );
        assert!(manifest.entry_for(&["c.txt".to_string()]).is_none());
    }

    #[test]
    fn bad_values_are_refused_with_the_file_named() {
        let cases = [
            (
                "[[document]]\nfile = \"a.txt\"\nforce = \"gotham\"\n",
                "entry for `a.txt`: unknown force `gotham`",
            ),
            (
                "[[document]]\nfile = \"a.txt\"\nforce = \"Warwickshir\"\n",
                "entry for `a.txt`: unknown force `Warwickshir`; did you mean `warwickshire`?",
            ),
            (
                "[[document]]\nfile = \"a.txt\"\ndate = \"26/09/2014\"\n",
                "entry for `a.txt`: date `26/09/2014` is not YYYY, YYYY-MM or YYYY-MM-DD",
            ),
            (
                "[[document]]\nfile = \"a.txt\"\nsource_url = \"javascript:alert(1)\"\n",
                "entry for `a.txt`: source_url `javascript:alert(1)` is not an http(s) address",
            ),
            (
                "[[document]]\nfile = \"a.txt\"\ncolour = \"red\"\n",
                "unknown field `colour`",
            ),
            (
                "[[document]]\nfile = \"a.txt\"\nsubtype = \"decision\"\n",
                "entry for `a.txt`: unknown subtype `decision`; use minutes/agenda,",
            ),
            (
                "[[document]]\nfile = \"a.txt\"\ntype = \"minutes\"\nsubtype = \"report/plan\"\n",
                "entry for `a.txt`: subtype `report/plan` is not of type `minutes`",
            ),
        ];
        for (text, expected) in cases {
            let message = Manifest::parse(text, &vocabulary())
                .err()
                .map(|error| error.to_string())
                .unwrap_or_default();
            assert!(message.contains(expected), "{message}");
        }
    }

    #[test]
    fn a_subtype_sets_its_type_and_a_type_alone_brings_a_subtype_of_its_own() {
        let vocabulary = vocabulary();
        let enricher = crate::enrich::Enricher::new(&vocabulary);
        let text = "Decision Record\n\nTitle and Reference: PCC/D/083 Estates\n\nDate of decision: 3 May 2021";
        let analyzed = crate::analyze::analyze(&enricher, "0000000000000000", &[], text);
        assert_eq!(analyzed.meta.subtype, Subtype::Decision);

        let manifest = Manifest::parse(
            "[[document]]\nfile = \"a.txt\"\nsubtype = \"thematic/guidance\"\n[[document]]\nfile = \"b.txt\"\ntype = \"minutes\"\n",
            &vocabulary,
        )
        .expect("valid");
        let mut meta = analyzed.meta.clone();
        apply(&manifest.entries["a.txt"], &mut meta, &vocabulary);
        assert_eq!(
            (meta.doc_type, meta.subtype),
            (DocType::Thematic, Subtype::Guidance)
        );
        assert_eq!(
            meta.evidence.subtype.origin,
            oversight_schema::model::Origin::Manifest
        );

        let mut meta = analyzed.meta;
        apply(&manifest.entries["b.txt"], &mut meta, &vocabulary);
        assert_eq!(meta.doc_type, DocType::Minutes);
        assert_eq!(meta.subtype.doc_type(), DocType::Minutes, "{meta:?}");
    }

    #[test]
    fn a_syntax_error_is_one_line_with_its_line_number() {
        let text = "[[document]]\nfile = \"a.txt\"\nfile = \"b.txt\"\n";
        let message = Manifest::parse(text, &vocabulary())
            .err()
            .map(|error| error.to_string())
            .unwrap_or_default();
        assert!(!message.contains('\n'), "{message}");
        assert!(message.ends_with("(line 3)"), "{message}");
    }

    #[test]
    fn dates_at_every_precision() {
        assert_eq!(
            parse_date("2014").map(|date| date.iso()).as_deref(),
            Some("2014")
        );
        assert_eq!(
            parse_date("2014-06").map(|date| date.iso()).as_deref(),
            Some("2014-06")
        );
        assert_eq!(
            parse_date("2014-06-28").map(|date| date.iso()).as_deref(),
            Some("2014-06-28")
        );
        assert_eq!(parse_date("2014-13"), None);
        assert_eq!(parse_date("2014-02-30"), None);
        assert_eq!(parse_date("2014-02-29"), None);
        assert!(parse_date("2016-02-29").is_some());
        assert_eq!(parse_date("14"), None);
    }
}
