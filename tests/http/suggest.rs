//! `/api/v1/suggest` against the vocabulary files in `schema/` (read here with a TOML parser) and
//! the corpus (a word completed occurs in it, and its documents are what a search for it
//! counts), and `did_you_mean` on the search against the search for the corrected query.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::support::{SEEDS, get, get_ok, repository, seed_text, total_documents};

fn suggestions(parameters: &str) -> Vec<Value> {
    let answer = get_ok(&format!("/api/v1/suggest?{parameters}"));
    answer["suggestions"]
        .as_array()
        .expect("suggestions")
        .clone()
}

fn texts_of_kind(suggestions: &[Value], kind: &str) -> BTreeSet<String> {
    suggestions
        .iter()
        .filter(|suggestion| suggestion["kind"] == kind)
        .map(|suggestion| suggestion["text"].as_str().expect("text").to_string())
        .collect()
}

fn schema_file(name: &str) -> toml::Table {
    let path = repository().join("schema").join(name);
    let text = std::fs::read_to_string(&path).expect("a schema file");
    text.parse().expect("TOML")
}

fn strings(value: Option<&toml::Value>) -> Vec<String> {
    match value {
        Some(toml::Value::String(text)) => vec![text.clone()],
        Some(toml::Value::Array(items)) => items
            .iter()
            .filter_map(|item| item.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// The entries of `file`'s tables `table` whose `keys` start with `prefix`, case aside.
fn entries_starting(file: &str, table: &str, keys: &[&str], prefix: &str) -> BTreeSet<String> {
    let file = schema_file(file);
    let tables = file[table].as_array().expect("tables");
    tables
        .iter()
        .flat_map(|entry| keys.iter().flat_map(|key| strings(entry.get(*key))))
        .filter(|text| text.to_lowercase().starts_with(prefix))
        .collect()
}

/// The words of the seed files, lower-cased, split where the index splits them.
fn corpus_words() -> BTreeSet<String> {
    SEEDS
        .iter()
        .flat_map(|seed| {
            seed_text(seed)
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|word| !word.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn the_vocabulary_completes_a_prefix_with_every_entry_it_starts() {
    for (prefix, file, table, keys, kind) in [
        (
            "devon",
            "forces.toml",
            "force",
            &["name", "areas", "aliases"][..],
            "force",
        ),
        (
            "north",
            "forces.toml",
            "force",
            &["name", "areas", "aliases"][..],
            "force",
        ),
        ("vict", "themes.toml", "theme", &["label"][..], "theme"),
        ("dom", "themes.toml", "theme", &["label"][..], "theme"),
        (
            "pcc",
            "acronyms.toml",
            "acronym",
            &["short", "long"][..],
            "acronym",
        ),
        (
            "police and crime p",
            "acronyms.toml",
            "acronym",
            &["short", "long"][..],
            "acronym",
        ),
    ] {
        let expected = entries_starting(file, table, keys, prefix);
        assert!(!expected.is_empty(), "{prefix}: the vocabulary has entries");
        let listed = suggestions(&format!("q={}&limit=50", prefix.replace(' ', "+")));
        assert!(
            texts_of_kind(&listed, kind).is_superset(&expected),
            "{prefix}: {expected:?} in {listed:?}"
        );
        for suggestion in &listed {
            let text = suggestion["text"].as_str().expect("text").to_lowercase();
            assert!(text.starts_with(prefix), "{prefix}: {suggestion}");
        }
    }
    // Case and accents aside: the same completions.
    assert_eq!(suggestions("q=D%C3%89VON"), suggestions("q=devon"));
}

#[test]
fn vocabulary_entries_come_before_words_and_words_are_the_corpus_s_by_documents() {
    let corpus = corpus_words();
    for prefix in ["vic", "pol", "inno", "b"] {
        let listed = suggestions(&format!("q={prefix}&limit=50"));
        let first_word = listed
            .iter()
            .position(|suggestion| suggestion["kind"] == "word")
            .unwrap_or_else(|| panic!("{prefix}: words in {listed:?}"));
        assert!(
            listed[first_word..]
                .iter()
                .all(|suggestion| suggestion["kind"] == "word"),
            "{prefix}: {listed:?}"
        );
        let mut previous = u64::MAX;
        for suggestion in &listed[first_word..] {
            let word = suggestion["text"].as_str().expect("text");
            assert!(word.starts_with(prefix), "{prefix}: {word}");
            assert!(corpus.contains(word), "{word} is not a word of the corpus");
            let documents = suggestion["documents"].as_u64().expect("documents");
            let search = get_ok(&format!("/api/v1/search?q=exact:{word}&per_page=1"));
            assert_eq!(documents, total_documents(&search), "{word}");
            assert!(documents <= previous, "{prefix}: most documents first");
            previous = documents;
        }
    }
    // Few enough corpus words start with `vict` that every one is listed.
    let expected: BTreeSet<String> = corpus
        .iter()
        .filter(|word| word.starts_with("vict"))
        .cloned()
        .collect();
    assert!(expected.len() < 40, "{expected:?}");
    assert_eq!(
        texts_of_kind(&suggestions("q=vict&limit=50"), "word"),
        expected
    );
}

#[test]
fn the_limit_bounds_the_list_and_an_empty_prefix_has_none() {
    for limit in [1, 3, 7] {
        let listed = suggestions(&format!("q=p&limit={limit}"));
        assert_eq!(listed.len(), limit);
        assert_eq!(listed[..], suggestions("q=p&limit=50")[..limit]);
    }
    assert_eq!(suggestions("q=p").len(), 10);
    for empty in ["q=", "", "q=%21%3F+", "q=zzzzqqqq"] {
        assert!(suggestions(empty).is_empty(), "{empty}");
    }
    for refused in [
        format!("q={}", "a".repeat(10_000)),
        format!("q={}", "a".repeat(101)),
        "q=vic%07".to_string(),
        "q=%01%02".to_string(),
        "limit=0".to_string(),
        "limit=51".to_string(),
        "q=a&q=b".to_string(),
        "prefix=vic".to_string(),
    ] {
        let reply = get(&format!("/api/v1/suggest?{refused}"));
        assert_eq!(reply.status, 400, "{refused}");
        assert!(reply.json()["error"]["code"].is_string(), "{refused}");
    }
}

#[test]
fn a_misspelt_word_is_offered_corrected_with_what_the_correction_finds() {
    for (misspelt, corrected, filters) in [
        ("vicitms", "victims", ""),
        ("vicitms", "victims", "&type=thematic"),
        ("innovatoin+budget", "innovation+budget", ""),
    ] {
        let answer = get_ok(&format!("/api/v1/search?q={misspelt}{filters}"));
        let wanted = get_ok(&format!("/api/v1/search?q={corrected}{filters}"));
        let correction = &answer["did_you_mean"];
        if total_documents(&wanted) == 0 {
            assert!(correction.is_null(), "{misspelt}{filters}: {correction}");
            continue;
        }
        assert_eq!(
            correction["query"]
                .as_str()
                .map(|query| query.replace(' ', "+")),
            Some(corrected.to_string()),
            "{misspelt}{filters}"
        );
        assert_eq!(
            correction["total_documents"].as_u64(),
            Some(total_documents(&wanted)),
            "{misspelt}{filters}"
        );
    }
    for spelt in [
        "victims",
        "innovation+budget",
        "",
        "zzzzqqqq",
        "exact:vicitms",
    ] {
        let answer = get_ok(&format!("/api/v1/search?q={spelt}"));
        assert!(answer.get("did_you_mean").is_none(), "{spelt}: {answer}");
    }
}
