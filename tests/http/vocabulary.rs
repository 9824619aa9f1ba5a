//! `/api/v1/vocabulary` against the vocabulary files of `schema/`, parsed here on their own: every
//! force with its name, aliases and region, every theme under its parent, every acronym with its
//! expansions, every type and subtype the search's facets can name.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::support::{get_ok, repository};

/// `schema/{name}.toml`, parsed.
fn schema_file(name: &str) -> toml::Table {
    let path = repository().join("schema").join(format!("{name}.toml"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    text.parse()
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The tables of `[[key]]` in `file`.
fn tables<'a>(file: &'a toml::Table, key: &str) -> Vec<&'a toml::Table> {
    file[key]
        .as_array()
        .unwrap_or_else(|| panic!("no [[{key}]]"))
        .iter()
        .map(|value| value.as_table().expect("a table"))
        .collect()
}

fn text<'a>(table: &'a toml::Table, key: &str) -> &'a str {
    table.get(key).and_then(toml::Value::as_str).unwrap_or("")
}

fn texts(table: &toml::Table, key: &str) -> Vec<String> {
    table
        .get(key)
        .and_then(toml::Value::as_array)
        .map(|values| {
            values
                .iter()
                .filter_map(toml::Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|item| item.as_str().expect("a string").to_string())
        .collect()
}

/// Every theme node of the tree with the slug of the node it sits under (empty at the top).
fn flatten(nodes: &Value, parent: &str, out: &mut BTreeMap<String, (String, Value)>) {
    for node in nodes.as_array().expect("theme nodes") {
        let slug = node["slug"].as_str().expect("slug").to_string();
        flatten(&node["children"], &slug, out);
        let previous = out.insert(slug.clone(), (parent.to_string(), node.clone()));
        assert!(previous.is_none(), "theme {slug} appears twice");
    }
}

#[test]
fn every_force_of_the_schema_is_listed_with_its_names_region_and_national_flag() {
    let answer = get_ok("/api/v1/vocabulary");
    let listed = answer["forces"].as_array().expect("forces");
    let forces = schema_file("forces");
    let expected = tables(&forces, "force");
    assert_eq!(listed.len(), expected.len());
    for force in expected {
        let slug = text(force, "slug");
        let entry = listed
            .iter()
            .find(|entry| entry["slug"] == slug)
            .unwrap_or_else(|| panic!("force {slug} missing"));
        assert_eq!(entry["name"], text(force, "name"), "{slug}");
        assert_eq!(
            strings(&entry["aliases"]),
            texts(force, "aliases"),
            "{slug}"
        );
        assert_eq!(strings(&entry["areas"]), texts(force, "areas"), "{slug}");
        assert_eq!(entry["region"], text(force, "country"), "{slug}");
        assert_eq!(
            entry["national"],
            text(force, "kind") == "national",
            "{slug}"
        );
    }
}

#[test]
fn every_theme_of_the_schema_sits_under_its_parent_with_its_label() {
    let answer = get_ok("/api/v1/vocabulary");
    let mut nodes = BTreeMap::new();
    flatten(&answer["themes"], "", &mut nodes);
    let themes = schema_file("themes");
    let expected = tables(&themes, "theme");
    assert_eq!(nodes.len(), expected.len());
    for theme in expected {
        let slug = text(theme, "slug");
        let (parent, node) = nodes
            .get(slug)
            .unwrap_or_else(|| panic!("theme {slug} missing"));
        assert_eq!(parent, text(theme, "parent"), "{slug}");
        assert_eq!(node["label"], text(theme, "label"), "{slug}");
        let path = node["path"].as_str().expect("path");
        assert!(path.ends_with(&format!("/{slug}")), "{slug}: {path}");
    }
}

#[test]
fn every_acronym_of_the_schema_is_listed_with_its_expansions() {
    let answer = get_ok("/api/v1/vocabulary");
    let listed = answer["acronyms"].as_array().expect("acronyms");
    let acronyms = schema_file("acronyms");
    let expected = tables(&acronyms, "acronym");
    assert_eq!(listed.len(), expected.len());
    for acronym in expected {
        let short = text(acronym, "short");
        let entry = listed
            .iter()
            .find(|entry| entry["short"] == short)
            .unwrap_or_else(|| panic!("acronym {short} missing"));
        assert_eq!(strings(&entry["long"]), texts(acronym, "long"), "{short}");
    }
}

#[test]
fn every_subtype_of_the_schema_sits_under_its_type_and_the_facets_use_the_same_labels() {
    let answer = get_ok("/api/v1/vocabulary");
    let types = answer["types"].as_array().expect("types");
    let doc_types = schema_file("doc_types");
    let listed: Vec<&Value> = types
        .iter()
        .flat_map(|entry| entry["subtypes"].as_array().expect("subtypes"))
        .collect();
    for subtype in tables(&doc_types, "subtype") {
        let slug = text(subtype, "slug");
        let (doc_type, _) = slug.split_once('/').expect("type/subtype");
        let entry = types
            .iter()
            .find(|entry| entry["slug"] == doc_type)
            .unwrap_or_else(|| panic!("type {doc_type} missing"));
        let under = entry["subtypes"].as_array().expect("subtypes");
        assert!(under.iter().any(|item| item["slug"] == slug), "{slug}");
    }
    assert_eq!(listed.len(), tables(&doc_types, "subtype").len());
    let facets = get_ok("/api/v1/facets?q=");
    for (facet, entries) in [
        ("type", types.clone()),
        ("subtype", listed.into_iter().cloned().collect()),
    ] {
        for count in facets["facets"][facet].as_array().expect("facet counts") {
            let entry = entries
                .iter()
                .find(|entry| entry["slug"] == count["value"])
                .unwrap_or_else(|| panic!("{facet} {} missing", count["value"]));
            assert_eq!(entry["label"], count["label"], "{facet}");
        }
    }
}
