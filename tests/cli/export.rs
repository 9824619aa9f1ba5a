//! `oversight export`: every match of a search as CSV or NDJSON, to standard output or a file,
//! its rows counted against the search's totals.

use std::ffi::OsString;
use std::io::Read;
use std::process::Stdio;

use serde_json::Value;

use crate::support::{Run, Workspace, total_documents, total_passages};

fn export(workspace: &Workspace, query: &str, extra: &[&str]) -> Run {
    let mut args: Vec<OsString> = vec![
        "export".into(),
        "--index".into(),
        workspace.index.clone().into(),
    ];
    args.extend(extra.iter().map(OsString::from));
    args.push("--".into());
    args.push(query.into());
    workspace.run(args)
}

fn ndjson(run: &Run) -> Vec<Value> {
    run.stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|error| panic!("{error}: {line}")))
        .collect()
}

fn csv_rows(text: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .collect::<Result<_, _>>()
        .expect("RFC 4180 records")
}

#[test]
fn an_export_has_the_searchs_passages_and_documents() {
    let workspace = Workspace::indexed();
    for (query, extra) in [
        ("", &[][..]),
        ("precept", &[][..]),
        ("police budget", &["--scope", "passage"][..]),
        ("police", &["--type", "minutes"][..]),
    ] {
        let search = workspace.search(query, extra);
        let passages = export(
            &workspace,
            query,
            &[extra, &["--format", "ndjson"]].concat(),
        );
        passages.assert_success();
        assert_eq!(
            ndjson(&passages).len() as u64,
            total_passages(&search),
            "{query}"
        );
        let documents = export(
            &workspace,
            query,
            &[extra, &["--format", "ndjson", "--level", "document"]].concat(),
        );
        documents.assert_success();
        assert_eq!(
            ndjson(&documents).len() as u64,
            total_documents(&search),
            "{query}"
        );
        let csv = export(&workspace, query, extra);
        csv.assert_success();
        assert_eq!(
            csv_rows(&csv.stdout).len() as u64,
            total_passages(&search),
            "{query}"
        );
    }
    assert!(total_passages(&workspace.search("", &[])) > 5);
}

#[test]
fn out_writes_the_file_whole_and_says_how_many_rows() {
    let workspace = Workspace::indexed();
    let file = workspace.path("precept.csv");
    let file_text = file.to_string_lossy().into_owned();
    let run = export(&workspace, "precept", &["--out", &file_text, "--bom"]);
    run.assert_success();
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let written = std::fs::read_to_string(&file).expect("the file");
    let text = written.strip_prefix('\u{feff}').expect("a byte-order mark");
    let rows = csv_rows(text).len() as u64;
    assert_eq!(rows, total_passages(&workspace.search("precept", &[])));
    assert_eq!(
        run.stderr.trim(),
        format!("wrote {rows} rows to {file_text}")
    );
    let leftovers: Vec<_> = std::fs::read_dir(workspace.root())
        .expect("the workspace")
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn bad_flags_are_one_error_line_and_no_file() {
    let workspace = Workspace::indexed();
    let file = workspace.path("out.csv");
    let file_text = file.to_string_lossy().into_owned();
    for (query, extra, expected) in [
        ("precept", &["--format", "xlsx"][..], "invalid `--format`"),
        ("precept", &["--level", "sentence"][..], "invalid `--level`"),
        ("\"precept", &[][..], "malformed query"),
        (
            "precept",
            &["--force", "atlantis"][..],
            "unknown --force `atlantis`",
        ),
    ] {
        let run = export(&workspace, query, &[extra, &["--out", &file_text]].concat());
        assert_eq!(run.status.code(), Some(1), "{}", run.output());
        assert!(run.error_line().contains(expected), "{}", run.output());
        assert!(!file.exists());
    }
}

#[test]
fn a_closed_pipe_ends_the_export_quietly() {
    let workspace = Workspace::indexed();
    let mut child = workspace
        .command()
        .args(["export", "--index"])
        .arg(&workspace.index)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the export");
    let mut stdout = child.stdout.take().expect("its output");
    let mut head = [0u8; 64];
    stdout.read_exact(&mut head).expect("the first bytes");
    assert!(head.starts_with(b"doc_id,title,"));
    drop(stdout);
    let output = child.wait_with_output().expect("the export ends");
    assert!(output.status.success(), "{output:?}");
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
