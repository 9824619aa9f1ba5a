//! `oversight trends`: its JSON is the search's totals split by bucket, its table shows the same
//! numbers, and its filters are read as `oversight search` reads them.

use std::ffi::OsString;

use serde_json::Value;

use crate::support::{Run, Workspace, total_documents, total_passages};

fn trends(workspace: &Workspace, extra: &[&str], queries: &[&str]) -> Run {
    let mut args: Vec<OsString> =
        vec!["trends".into(), "--index".into(), (&workspace.index).into()];
    args.extend(extra.iter().map(OsString::from));
    args.push("--".into());
    args.extend(queries.iter().map(OsString::from));
    workspace.run(args)
}

fn sum(series: &Value, field: &str) -> u64 {
    series["buckets"]
        .as_array()
        .expect("buckets")
        .iter()
        .map(|bucket| bucket[field].as_u64().expect("a count"))
        .sum()
}

#[test]
fn each_series_adds_up_to_the_search_of_its_query_under_the_same_filters() {
    let workspace = Workspace::indexed();
    let queries = ["victims", "\"restorative justice\"", "-budget", ""];
    for extra in [
        &[][..],
        &["--force", "Warwickshire Police"],
        &["--scope", "passage"],
    ] {
        for by in ["year", "force"] {
            let mut flags = vec!["--json", "--by", by];
            flags.extend_from_slice(extra);
            let answer = trends(&workspace, &flags, &queries).assert_success().json();
            let series = answer["series"].as_array().expect("series");
            assert_eq!(series.len(), queries.len());
            for (query, series) in queries.iter().zip(series) {
                assert_eq!(series["query"], *query);
                let search = workspace.search(query, extra);
                let context = format!("{query} {extra:?} by {by}");
                assert_eq!(
                    sum(series, "documents"),
                    total_documents(&search),
                    "{context}"
                );
                assert_eq!(
                    sum(series, "passages"),
                    total_passages(&search),
                    "{context}"
                );
            }
            let everything = workspace.search("", extra);
            assert_eq!(
                sum(&series[0], "all_documents"),
                total_documents(&everything)
            );
        }
    }
}

#[test]
fn the_table_shows_each_bucket_with_the_numbers_of_the_json() {
    let workspace = Workspace::indexed();
    let answer = trends(&workspace, &["--json"], &["naloxone"])
        .assert_success()
        .json();
    let table = trends(&workspace, &[], &["naloxone"])
        .assert_success()
        .stdout
        .clone();
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines[0], "“naloxone” by year");
    let buckets = answer["series"][0]["buckets"].as_array().expect("buckets");
    assert_eq!(lines.len(), 2 + buckets.len(), "{table}");
    for (line, bucket) in lines[2..].iter().zip(buckets) {
        let cells: Vec<&str> = line.split_whitespace().collect();
        let expected = [
            bucket["value"].as_str().expect("value").to_string(),
            bucket["documents"].to_string(),
            bucket["all_documents"].to_string(),
            format!(
                "{:.1}",
                bucket["per_100_documents"].as_f64().expect("share")
            ),
            bucket["passages"].to_string(),
            bucket["mentions"].to_string(),
        ];
        assert_eq!(cells, expected, "{table}");
    }
}

#[test]
fn bad_buckets_and_too_many_queries_are_one_error_line() {
    let workspace = Workspace::indexed();
    let line = trends(&workspace, &["--by", "week"], &["budget"])
        .error_line()
        .to_string();
    assert!(line.contains("`--by`"), "{line}");
    let six = ["a", "b", "c", "d", "e", "f"];
    let line = trends(&workspace, &[], &six).error_line().to_string();
    assert!(line.contains("at most 5"), "{line}");
    let line = trends(
        &workspace,
        &["--year-from", "2018", "--year-to", "2014"],
        &["budget"],
    )
    .error_line()
    .to_string();
    assert!(line.contains("--year-from"), "{line}");
}
