//! What `oversight search` prints for people: counts in words ("1 document"), the filters in use
//! named in the header, names and labels where the JSON has slugs, and forces given by their
//! names as well as their slugs.

use std::collections::BTreeMap;
use std::ffi::OsString;

use oversight_schema::model::DocType;
use oversight_schema::vocab::Vocabulary;
use serde_json::Value;

use crate::support::{Run, WARWICKSHIRE_PACK, Workspace, hit_files, hits};

/// `oversight search` without `--json`: what a person reads.
fn plain(workspace: &Workspace, query: &str, extra: &[&str]) -> Run {
    let mut args: Vec<OsString> = vec![
        "search".into(),
        "--index".into(),
        workspace.index.clone().into(),
    ];
    args.extend(extra.iter().map(OsString::from));
    args.push("--".into());
    args.push(query.into());
    let run = workspace.run(args);
    run.assert_success();
    run
}

/// A count as a person writes it.
fn counted(count: u64, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// Every facet value of a response with its label, where the two differ.
fn labels(response: &Value) -> BTreeMap<String, String> {
    let mut labels = BTreeMap::new();
    for counts in response["facets"].as_object().expect("facets").values() {
        for count in counts.as_array().expect("counts") {
            let value = count["value"].as_str().expect("value");
            let label = count["label"].as_str().expect("label");
            if value != label {
                labels.insert(value.to_string(), label.to_string());
            }
        }
    }
    labels
}

#[test]
fn counts_are_written_in_words_one_or_many() {
    let workspace = Workspace::indexed();
    for query in ["naloxone", "devonport", "police"] {
        let response = workspace.search(query, &[]);
        let documents = response["total_documents"].as_u64().expect("total");
        let passages = response["total_passages"].as_u64().expect("total");
        let run = plain(&workspace, query, &[]);
        let header = run.stdout.lines().next().unwrap_or_default();
        let expected = format!(
            "{}, {} (",
            counted(documents, "document"),
            counted(passages, "passage")
        );
        assert!(header.contains(&expected), "`{query}`: {header}");
        for hit in hits(&response) {
            let matching = hit["matched_passages"].as_u64().expect("count");
            let line = format!("· {}\n", counted(matching, "matching passage"));
            assert!(
                run.stdout.contains(&line),
                "`{query}`: no `{line}` in\n{}",
                run.stdout
            );
        }
    }
    let one = plain(&workspace, "naloxone", &[]);
    assert!(!one.stdout.contains("1 documents"), "{}", one.stdout);
}

#[test]
fn the_header_names_the_filters_in_use() {
    let workspace = Workspace::indexed();
    let run = plain(
        &workspace,
        "devonport",
        &[
            "--force",
            "warwickshire",
            "--type",
            "minutes",
            "--theme",
            "custody",
            "--year-from",
            "2014",
            "--year-to",
            "2016",
        ],
    );
    let header = run.stdout.lines().next().unwrap_or_default();
    let vocabulary = Vocabulary::bundled().expect("vocabulary");
    let force = &vocabulary.force("warwickshire").expect("a force").name;
    let theme = &vocabulary.theme("custody").expect("a theme").label;
    for named in [
        format!("force: {force}"),
        format!("type: {}", DocType::Minutes.label()),
        format!("theme: {theme}"),
        "years: 2014–2016".to_string(),
    ] {
        assert!(header.contains(&named), "no `{named}` in {header}");
    }
    let unfiltered = plain(&workspace, "devonport", &[]);
    let header = unfiltered.stdout.lines().next().unwrap_or_default();
    assert!(header.starts_with("“devonport”: "), "{header}");
}

#[test]
fn results_and_facets_show_names_and_labels_not_slugs() {
    let workspace = Workspace::indexed();
    let response = workspace.search("police", &["--limit", "100"]);
    let labels = labels(&response);
    assert!(labels.contains_key("warwickshire") && labels.contains_key("minutes/agenda"));
    let run = plain(&workspace, "police", &["--limit", "100", "--passages", "0"]);
    let facet_lines: Vec<&str> = run
        .stdout
        .lines()
        .filter(|line| {
            ["force:", "type:", "subtype:", "theme:"]
                .iter()
                .any(|facet| line.trim_start().starts_with(facet))
        })
        .collect();
    assert_eq!(facet_lines.len(), 4, "{}", run.stdout);
    for facet in ["force", "type", "subtype", "theme"] {
        for count in response["facets"][facet].as_array().expect("counts") {
            let (value, label) = (count["value"].as_str(), count["label"].as_str());
            let (Some(value), Some(label)) = (value, label) else {
                continue;
            };
            let number = &count["count"];
            let shown = format!("{label} ({number})");
            assert!(
                facet_lines.iter().any(|line| line.contains(&shown)),
                "no `{shown}` in {facet_lines:#?}"
            );
            if value != label {
                // An entry starts after the facet's colon or after ", " (a label may end with a
                // slug's word: "Police custody").
                let slugs = [
                    format!(": {value} ({number})"),
                    format!(", {value} ({number})"),
                ];
                assert!(
                    facet_lines
                        .iter()
                        .all(|line| slugs.iter().all(|slug| !line.contains(slug))),
                    "the slug `{value}` is shown: {facet_lines:#?}"
                );
            }
        }
    }
    // Each hit's second line: force name, date, subtype label, theme labels.
    let lines: Vec<&str> = run.stdout.lines().collect();
    for hit in hits(&response) {
        let title = hit["title"].as_str().expect("title");
        let at = lines
            .iter()
            .position(|line| line.ends_with(&format!(". {title}")))
            .unwrap_or_else(|| panic!("{title} not listed:\n{}", run.stdout));
        let line = lines[at + 1];
        let force = hit["force_name"].as_str().unwrap_or("national");
        assert!(line.trim_start().starts_with(force), "{line}");
        let subtype = hit["subtype"].as_str().expect("subtype");
        assert!(line.contains(&format!(" · {} ", labels[subtype])), "{line}");
        let themes: Vec<&str> = hit["themes"]
            .as_array()
            .expect("themes")
            .iter()
            .filter_map(Value::as_str)
            .map(|slug| labels.get(slug).map_or(slug, String::as_str))
            .collect();
        assert!(line.ends_with(&themes.join(", ")), "{line}");
        let slugs = [hit["force"].as_str(), Some(subtype)];
        for slug in slugs.into_iter().flatten() {
            assert!(!line.contains(slug), "the slug `{slug}` is shown: {line}");
        }
    }
}

#[test]
fn a_force_is_given_by_its_name_area_or_alias_in_any_case() {
    let workspace = Workspace::indexed();
    let by_slug = workspace.search("", &["--force", "warwickshire"]);
    assert_eq!(hit_files(&by_slug), [WARWICKSHIRE_PACK]);
    for name in [
        "Warwickshire",
        "WARWICKSHIRE",
        "Warwickshire Police",
        "warwickshire police and crime panel",
    ] {
        let by_name = workspace.search("", &["--force", name]);
        assert_eq!(hit_files(&by_name), hit_files(&by_slug), "--force {name}");
        assert_eq!(
            by_name["facets"]["force"], by_slug["facets"]["force"],
            "--force {name}"
        );
    }
}
