//! `oversight concordance`: one aligned line per mention (the left context right-aligned so the
//! mentions form a column) or CSV, counted against the seed files' text and the JSON API's
//! answer for the same query.

use std::ffi::OsString;

use crate::support::{Run, SEEDS, Workspace, seed_text};

fn concordance(workspace: &Workspace, query: &str, extra: &[&str]) -> Run {
    let mut args: Vec<OsString> = vec![
        "concordance".into(),
        "--index".into(),
        workspace.index.clone().into(),
    ];
    args.extend(extra.iter().map(OsString::from));
    args.push("--".into());
    args.push(query.into());
    workspace.run(args)
}

/// How often the words of `phrase` follow each other in the seed files, whole words in any case.
fn occurrences_in_seeds(phrase: &str) -> usize {
    let wanted: Vec<&str> = phrase.split(' ').collect();
    SEEDS
        .into_iter()
        .map(|file| {
            let text = seed_text(file).to_lowercase();
            let words: Vec<&str> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|word| !word.is_empty())
                .collect();
            words
                .windows(wanted.len())
                .filter(|window| *window == wanted.as_slice())
                .count()
        })
        .sum()
}

#[test]
fn every_mention_is_one_line_and_the_mentions_line_up() {
    let workspace = Workspace::indexed();
    let expected = occurrences_in_seeds("naloxone");
    assert!(expected > 0, "the seeds mention naloxone");
    let run = concordance(&workspace, "naloxone", &["--context", "4"]);
    run.assert_success();
    let output = &run.stdout;
    let lines: Vec<&str> = output.lines().collect();
    assert!(
        lines[0].starts_with(&format!("“naloxone”: {expected} mentions in ")),
        "{output}"
    );
    let rows = &lines[1..];
    assert_eq!(rows.len(), expected, "{output}");
    let columns: Vec<usize> = rows
        .iter()
        .map(|line| {
            let start = line.find("**").expect("a marked mention");
            assert!(
                line[start + 2..].to_lowercase().starts_with("naloxone**"),
                "{line}"
            );
            line[..start].chars().count()
        })
        .collect();
    assert!(
        columns.windows(2).all(|pair| pair[0] == pair[1]),
        "{output}"
    );
}

#[test]
fn csv_has_a_header_and_a_record_per_mention_in_every_order() {
    let workspace = Workspace::indexed();
    let plain = concordance(&workspace, "\"restorative justice\"", &[]);
    plain.assert_success();
    let mentions = plain.stdout.lines().count() - 1;
    let literal = occurrences_in_seeds("restorative justice");
    assert!(
        literal > 0 && mentions >= literal,
        "{mentions} of {literal}"
    );
    for sort in ["date", "document", "left", "right"] {
        let run = concordance(
            &workspace,
            "\"restorative justice\"",
            &["--csv", "--sort", sort],
        );
        run.assert_success();
        let output = &run.stdout;
        let mut lines = output.lines();
        assert!(
            lines
                .next()
                .is_some_and(|header| header.starts_with("doc_id,title,")),
            "{output}"
        );
        assert_eq!(lines.count(), mentions, "{sort}: {output}");
    }
}

#[test]
fn bad_flags_are_one_error_line_naming_the_flag() {
    let workspace = Workspace::indexed();
    for (extra, query, says) in [
        (&["--context", "51"][..], "naloxone", "invalid `--context`"),
        (&["--sort", "random"][..], "naloxone", "invalid `--sort`"),
        (
            &["--force", "gotham"][..],
            "naloxone",
            "unknown --force `gotham`",
        ),
        (&[][..], "  ", "invalid QUERY"),
        (&[][..], "\"naloxone", "malformed query"),
    ] {
        let run = concordance(&workspace, query, extra);
        assert!(
            run.error_line().contains(says),
            "{extra:?} {query}: {}",
            run.output()
        );
    }
}
