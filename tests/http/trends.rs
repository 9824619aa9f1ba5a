//! `/api/v1/trends` against what the search says of the same queries (its hits' years, forces
//! and matching passages, its totals) and against the corpus files (the mentions of a word: its
//! forms counted among the files' words).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::support::{
    SEEDS, get, get_ok, hits, seed_text, sources, total_documents, total_passages,
};

/// Queries of each kind: a word, an acronym, a phrase, two words, none.
const QUERIES: [&str; 5] = [
    "victims",
    "PCC",
    "%22restorative+justice%22",
    "police+budget",
    "",
];

/// Filter sets the trends and the search are both asked under.
const FILTERS: [&str; 4] = ["", "&type=thematic", "&scope=passage", "&year_from=2015"];

/// The bucket of a search hit: its year (`undated` without a date) and its force.
fn hit_bucket(hit: &Value) -> (String, String) {
    let year = hit["date"]
        .as_str()
        .map_or_else(|| "undated".to_string(), |date| date[..4].to_string());
    let force = hit["force"].as_str().unwrap_or("national").to_string();
    (year, force)
}

/// Documents and matching passages per bucket of what `/api/v1/search?{query}` finds, from its
/// hits (every one on one page).
fn search_buckets(query: &str) -> BTreeMap<(String, String), (u64, u64)> {
    let response = get_ok(&format!("/api/v1/search?{query}&per_page=100&passages=0"));
    assert!(total_documents(&response) <= 100);
    let mut buckets: BTreeMap<(String, String), (u64, u64)> = BTreeMap::new();
    for hit in hits(&response) {
        let entry = buckets.entry(hit_bucket(hit)).or_default();
        entry.0 += 1;
        entry.1 += hit["matched_passages"].as_u64().expect("matched passages");
    }
    buckets
}

fn number(bucket: &Value, field: &str) -> u64 {
    bucket[field]
        .as_u64()
        .unwrap_or_else(|| panic!("a bucket without {field}: {bucket}"))
}

fn buckets(series: &Value) -> &Vec<Value> {
    series["buckets"].as_array().expect("buckets")
}

/// The series of `/api/v1/trends?{parameters}`.
fn series(parameters: &str) -> Vec<Value> {
    let answer = get_ok(&format!("/api/v1/trends?{parameters}"));
    answer["series"].as_array().expect("series").clone()
}

#[test]
fn each_bucket_holds_what_the_search_finds_in_it_and_its_documents_without_the_query() {
    for filters in FILTERS {
        let queries: String = QUERIES.iter().map(|query| format!("&q={query}")).collect();
        for by in ["year", "force"] {
            let answered = series(&format!("by={by}{queries}{filters}"));
            assert_eq!(answered.len(), QUERIES.len());
            let all = search_buckets(&format!("q={filters}"));
            for (query, series) in QUERIES.iter().zip(&answered) {
                let found = search_buckets(&format!("q={query}{filters}"));
                let response = get_ok(&format!("/api/v1/search?q={query}{filters}"));
                let mut documents = 0;
                let mut passages = 0;
                for bucket in buckets(series) {
                    let value = bucket["value"].as_str().expect("value");
                    let wanted = |map: &BTreeMap<(String, String), (u64, u64)>| {
                        map.iter()
                            .filter(|((year, force), _)| {
                                if by == "year" {
                                    year == value
                                } else {
                                    force == value
                                }
                            })
                            .fold((0, 0), |sum, (_, (d, p))| (sum.0 + d, sum.1 + p))
                    };
                    let (in_search, passages_in_search) = wanted(&found);
                    let where_ = format!("{query}{filters} by {by} {value}");
                    assert_eq!(number(bucket, "documents"), in_search, "{where_}");
                    assert_eq!(number(bucket, "passages"), passages_in_search, "{where_}");
                    let all_documents = wanted(&all).0;
                    assert_eq!(number(bucket, "all_documents"), all_documents, "{where_}");
                    let share = bucket["per_100_documents"].as_f64().expect("share");
                    let expected = if all_documents == 0 {
                        0.0
                    } else {
                        (in_search as f64 * 1000.0 / all_documents as f64).round() / 10.0
                    };
                    assert_eq!(share, expected, "{where_}");
                    documents += in_search;
                    passages += passages_in_search;
                }
                assert_eq!(documents, total_documents(&response), "{query}{filters}");
                assert_eq!(passages, total_passages(&response), "{query}{filters}");
            }
        }
    }
}

#[test]
fn years_run_from_the_first_to_the_last_with_empty_years_as_zeros() {
    let years: Vec<u64> = search_buckets("q=")
        .keys()
        .filter_map(|(year, _)| year.parse().ok())
        .collect();
    let (first, last) = (years[0], years[years.len() - 1]);
    assert!(
        last > first + 1,
        "the corpus spans years with gaps: {years:?}"
    );
    for series in series("q=naloxone&q=") {
        let values: Vec<u64> = buckets(&series)
            .iter()
            .map(|bucket| {
                bucket["value"]
                    .as_str()
                    .and_then(|v| v.parse().ok())
                    .expect("a year")
            })
            .collect();
        assert_eq!(values, (first..=last).collect::<Vec<_>>());
        for bucket in buckets(&series) {
            let year: u64 = bucket["value"]
                .as_str()
                .and_then(|v| v.parse().ok())
                .expect("year");
            if !years.contains(&year) {
                for field in ["documents", "passages", "mentions", "all_documents"] {
                    assert_eq!(number(bucket, field), 0, "{year}: {bucket}");
                }
            }
        }
    }
}

/// Occurrences of any of `forms` (each a sequence of words, in lower case) among the words of
/// `text`.
fn occurrences(text: &str, forms: &[&[&str]]) -> u64 {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect();
    (0..words.len())
        .filter(|&start| {
            forms.iter().any(|form| {
                words.len() >= start + form.len()
                    && form
                        .iter()
                        .zip(&words[start..])
                        .all(|(want, word)| want == word)
            })
        })
        .count() as u64
}

/// Occurrences of any of `forms` in each seed, by the year and force of the document read from
/// it.
fn file_mentions(forms: &[&[&str]]) -> BTreeMap<(String, String), u64> {
    let browse = get_ok("/api/v1/search?per_page=100&passages=0");
    let mut counts: BTreeMap<(String, String), u64> = BTreeMap::new();
    for seed in SEEDS {
        let hit = hits(&browse)
            .iter()
            .find(|hit| sources(hit).iter().any(|source| source == seed))
            .unwrap_or_else(|| panic!("{seed} is not indexed"));
        let found = occurrences(&seed_text(seed), forms);
        *counts.entry(hit_bucket(hit)).or_default() += found;
    }
    counts
}

#[test]
fn mentions_are_the_occurrences_in_the_corpus_files() {
    let forms: [(&str, &[&[&str]]); 2] = [
        ("naloxone", &[&["naloxone"]]),
        ("victims", &[&["victim"], &["victims"]]),
    ];
    for (query, forms) in forms {
        let expected = file_mentions(forms);
        let total: u64 = expected.values().sum();
        assert!(total > 0, "{query} is in the corpus");
        for (by, key) in [("year", 0), ("force", 1)] {
            let answered = series(&format!("q={query}&by={by}"));
            for bucket in buckets(&answered[0]) {
                let value = bucket["value"].as_str().expect("value");
                let in_files: u64 = expected
                    .iter()
                    .filter(|(bucket_key, _)| {
                        if key == 0 {
                            bucket_key.0 == value
                        } else {
                            bucket_key.1 == value
                        }
                    })
                    .map(|(_, count)| count)
                    .sum();
                assert_eq!(
                    number(bucket, "mentions"),
                    in_files,
                    "{query} by {by} {value}"
                );
            }
        }
    }
    let naloxone: u64 = buckets(&series("q=naloxone")[0])
        .iter()
        .map(|bucket| number(bucket, "mentions"))
        .sum();
    assert_eq!(naloxone, 4);
    let literal = file_mentions(&[&["restorative", "justice"]])
        .values()
        .sum::<u64>();
    let phrase: u64 = buckets(&series("q=%22restorative+justice%22")[0])
        .iter()
        .map(|bucket| number(bucket, "mentions"))
        .sum();
    assert!(
        literal >= 5 && phrase >= literal,
        "{phrase} mentions, {literal} literal"
    );
}

#[test]
fn the_table_crosses_years_and_forces_and_adds_up_to_each() {
    let table = series("q=victims&by=year%2Cforce");
    let by_year = series("q=victims&by=year");
    let by_force = series("q=victims&by=force");
    let rows = buckets(&table[0]);
    let years = buckets(&by_year[0]).len();
    let forces = buckets(&by_force[0]).len();
    assert_eq!(rows.len(), years * forces);
    for (axis, field) in [(&by_year, "year"), (&by_force, "force")] {
        for bucket in buckets(&axis[0]) {
            let value = bucket["value"].as_str().expect("value");
            for measure in ["documents", "passages", "mentions", "all_documents"] {
                let summed: u64 = rows
                    .iter()
                    .filter(|row| row[field] == value)
                    .map(|row| number(row, measure))
                    .sum();
                assert_eq!(summed, number(bucket, measure), "{field} {value} {measure}");
            }
        }
    }
    for row in rows {
        let value = format!(
            "{}/{}",
            row["year"].as_str().expect("year"),
            row["force"].as_str().expect("force")
        );
        assert_eq!(row["value"], value.as_str());
    }
}

#[test]
fn the_csv_holds_the_rows_of_the_json() {
    let parameters = "q=victims&q=naloxone&by=force";
    let reply = get(&format!("/api/v1/trends?{parameters}&format=csv"));
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        reply.header("content-type"),
        Some("text/csv; charset=utf-8")
    );
    assert!(
        reply
            .header("content-disposition")
            .is_some_and(|value| value.starts_with("attachment; filename=")),
        "{:?}",
        reply.headers
    );
    let mut lines = reply.body.lines();
    assert_eq!(
        lines.next(),
        Some("query,force,documents,passages,mentions,all_documents,per_100_documents")
    );
    let mut expected = Vec::new();
    for series in series(parameters) {
        for bucket in buckets(&series) {
            expected.push(format!(
                "{},{},{},{},{},{},{}",
                series["query"].as_str().expect("query"),
                bucket["value"].as_str().expect("value"),
                number(bucket, "documents"),
                number(bucket, "passages"),
                number(bucket, "mentions"),
                number(bucket, "all_documents"),
                bucket["per_100_documents"].as_f64().expect("share"),
            ));
        }
    }
    assert_eq!(lines.map(str::to_string).collect::<Vec<_>>(), expected);
}

#[test]
fn five_queries_are_compared_and_a_sixth_is_refused() {
    let five = "q=a&q=b&q=c&q=d&q=e";
    assert_eq!(series(five).len(), 5);
    let refused = get(&format!("/api/v1/trends?{five}&q=f"));
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert_eq!(refused.json()["error"]["code"], "invalid_parameter");
    let none = get_ok("/api/v1/trends");
    assert_eq!(none["by"], "year");
    assert_eq!(none["series"][0]["query"], "");
}
