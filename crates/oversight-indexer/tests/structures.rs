//! The structures of real documents, reproduced with invented text: every fixture under
//! `tests/fixtures/structures/` is read, extracted and enriched as the indexer does, and the force,
//! type, subtype, year, date and title it gets are checked against its `.expect.toml`.

use std::path::{Path, PathBuf};

use oversight_indexer::enrich::Enricher;
use oversight_indexer::manifest::Manifest;
use oversight_indexer::pipeline::{Rules, process_file};
use oversight_schema::vocab::Vocabulary;
use serde::Deserialize;

/// What a fixture is expected to be read as.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    /// A force slug, or "none" for a document no force owns.
    force: String,
    #[serde(rename = "type")]
    doc_type: String,
    subtype: Option<String>,
    year: u16,
    date: Option<String>,
    title: Option<String>,
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/structures")
}

/// The fixture documents: every file of the folder that is not an expectation.
fn fixtures() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .expect("the structures fixture folder")
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|path| {
            let name = path
                .file_name()
                .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
            !name.ends_with(".expect.toml") && !name.ends_with(".md") && !name.starts_with('.')
        })
        .collect();
    paths.sort();
    paths
}

fn expectation(document: &Path) -> Expected {
    let stem = document
        .file_stem()
        .expect("a fixture name")
        .to_string_lossy()
        .into_owned();
    let path = document.with_file_name(format!("{stem}.expect.toml"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    toml::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The mismatches between what `document` is read as and what it should be.
fn mismatches(rules: &Rules<'_>, document: &Path) -> Vec<String> {
    let expected = expectation(document);
    let name = document
        .file_name()
        .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
    let analyzed = process_file(document, &[name], rules)
        .unwrap_or_else(|reason| panic!("{}: {reason}", document.display()))
        .document;
    let meta = &analyzed.meta;
    let json = serde_json::to_value(meta).expect("metadata serialises");
    let mut wrong = Vec::new();
    let mut check = |what: &str, got: String, want: &str, evidence: Option<&str>| {
        if got != want {
            let evidence = evidence.map_or_else(String::new, |text| format!(" (← {text})"));
            wrong.push(format!("{what}: got {got:?}, want {want:?}{evidence}"));
        }
    };
    check(
        "force",
        meta.force.clone().unwrap_or_else(|| "none".to_string()),
        &expected.force,
        meta.evidence.force.as_ref().map(|e| e.text.as_str()),
    );
    check(
        "type",
        meta.doc_type.to_string(),
        &expected.doc_type,
        Some(&meta.evidence.doc_type.text),
    );
    // Subtypes are checked once the metadata carries them.
    if let (Some(want), Some(got)) = (&expected.subtype, json.get("subtype")) {
        let got = got.as_str().map_or_else(|| got.to_string(), str::to_string);
        check("subtype", got, want, None);
    }
    let date_evidence = meta.evidence.date.as_ref().map(|e| e.text.as_str());
    check(
        "year",
        meta.date
            .map_or_else(|| "none".to_string(), |date| date.year.to_string()),
        &expected.year.to_string(),
        date_evidence,
    );
    if let Some(want) = &expected.date {
        check(
            "date",
            meta.date
                .map_or_else(|| "none".to_string(), |date| date.iso()),
            want,
            date_evidence,
        );
    }
    if let Some(want) = &expected.title {
        check(
            "title",
            meta.title.clone(),
            want,
            Some(&meta.evidence.title.text),
        );
    }
    wrong
}

#[test]
fn every_structure_is_read_as_expected() {
    let vocabulary = Vocabulary::bundled().expect("bundled vocabulary");
    let enricher = Enricher::new(&vocabulary);
    let manifest = Manifest::default();
    let rules = Rules {
        vocabulary: &vocabulary,
        enricher: &enricher,
        manifest: &manifest,
    };
    let documents = fixtures();
    assert!(
        !documents.is_empty(),
        "no fixtures in {}",
        fixtures_dir().display()
    );
    let failures: Vec<String> = documents
        .iter()
        .flat_map(|document| {
            let name = document
                .file_name()
                .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
            mismatches(&rules, document)
                .into_iter()
                .map(move |mismatch| format!("{name}: {mismatch}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} mismatches over {} fixtures:\n{}",
        failures.len(),
        documents.len(),
        failures.join("\n")
    );
}
