//! The broken-document cases: hostile files in a corpus, indexed in one run of
//! `oversight index` and read one by one with `oversight inspect`. Each file is either indexed or
//! skipped with a reason, as its expectation says; no run panics, hangs or eats memory, and the
//! index of the seed documents beside them stays searchable.

use std::ffi::OsString;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

use crate::watch;
use oversight_test_support::{copy_corpus, fixture};

/// What a hostile file must come to.
#[derive(Debug, Clone, Copy)]
enum FileExpect {
    /// Skipped, with a reason starting with this.
    Skipped(&'static str),
    /// Indexed: a search for this marker word finds it.
    Indexed(&'static str),
    /// Either, as long as a skip has a reason.
    SkippedOrIndexed,
    /// Never read: not indexed, not listed as skipped (a marker it holds is not found).
    NotRead(&'static str),
}

struct FileCase {
    name: &'static str,
    file: String,
    expect: FileExpect,
}

fn nested_html(depth: usize, marker: &str) -> Vec<u8> {
    let mut html = String::from("<!DOCTYPE html><html><body>");
    html.push_str(&"<div>".repeat(depth));
    html.push_str(&format!(
        "<p>{marker} budget report of the Police and Crime Panel</p>"
    ));
    html.push_str(&"</div>".repeat(depth));
    html.push_str("</body></html>");
    html.into_bytes()
}

fn huge_table(rows: usize, columns: usize) -> Vec<u8> {
    let mut html = String::from("<!DOCTYPE html><html><body><h1>Zqtable budget</h1><table>");
    for row in 0..rows {
        html.push_str("<tr>");
        for column in 0..columns {
            html.push_str(&format!("<td>cell {row} {column} zqtable</td>"));
        }
        html.push_str("</tr>");
    }
    html.push_str("</table></body></html>");
    html.into_bytes()
}

fn long_line(bytes: usize) -> Vec<u8> {
    let phrase = b"zqlongline budget precept police and crime panel ";
    let mut line = Vec::with_capacity(bytes);
    while line.len() < bytes {
        line.extend_from_slice(phrase);
    }
    line
}

/// Writes every hostile file into `corpus`; returns the cases.
fn write_files(corpus: &Path, outside: &Path) -> Vec<FileCase> {
    let pdf = fixture("pdf/agenda-pack.pdf");
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "zqutf budget report of the panel".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let mut zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00".to_vec();
    zip.extend(std::iter::repeat_n(0u8, 64));
    zip.extend((0..4096u32).map(|n| (n.wrapping_mul(2_654_435_761) >> 24) as u8));
    let mut garbage_pdf = b"%PDF-1.4\n".to_vec();
    garbage_pdf.extend((0..100_000u32).map(|n| (n.wrapping_mul(2_246_822_519) >> 13) as u8));
    let control: Vec<u8> =
        b"zqcontrol budget \x01\x02\x03\x04\x05\x06 report \x1b[31m of the panel\n".to_vec();
    let files: Vec<(&'static str, &str, Vec<u8>, FileExpect)> = vec![
        ("empty file", "empty.txt", Vec::new(), FileExpect::Skipped("empty")),
        ("whitespace only", "blank.txt", b"  \n\t\n\r\n".to_vec(), FileExpect::Skipped("empty")),
        ("byte-order mark only", "bom.txt", b"\xEF\xBB\xBF".to_vec(), FileExpect::Skipped("empty")),
        ("NUL bytes in text", "nul.txt", b"budget\0\0\0precept".to_vec(), FileExpect::Skipped("binary")),
        ("only NUL bytes", "nuls.txt", vec![0; 4096], FileExpect::Skipped("binary")),
        ("UTF-16 with a BOM", "utf16.txt", utf16, FileExpect::SkippedOrIndexed),
        ("invalid UTF-8", "invalid-utf8.txt", b"zqinvalid budget \xff\xfe\xc0\xaf report of the panel\n".to_vec(), FileExpect::Indexed("zqinvalid")),
        ("control characters", "control.txt", control, FileExpect::SkippedOrIndexed),
        ("truncated PDF", "truncated.pdf", pdf[..pdf.len() / 2].to_vec(), FileExpect::SkippedOrIndexed),
        ("PDF header only", "header-only.pdf", b"%PDF-1.7\n".to_vec(), FileExpect::Skipped("unreadable PDF")),
        ("PDF header then garbage", "garbage.pdf", garbage_pdf, FileExpect::Skipped("unreadable PDF")),
        ("text named .pdf", "text.pdf", b"zqtextpdf budget report\n".to_vec(), FileExpect::SkippedOrIndexed),
        ("200,000 short lines", "many-lines.txt", b"zqlines x\n".repeat(200_000), FileExpect::Indexed("zqlines")),
        ("HTML nested 100,000 deep", "nested.html", nested_html(100_000, "zqnested"), FileExpect::Indexed("zqnested")),
        ("100,000 unclosed tags", "unclosed.html", format!("<html><body>zqunclosed budget{}", "<b><i>".repeat(100_000)).into_bytes(), FileExpect::SkippedOrIndexed),
        ("HTML table 2,000 x 40", "table.html", huge_table(2_000, 40), FileExpect::Indexed("zqtable")),
        ("text table of 20,000 rows", "table.txt", "| zqtexttable | budget | 2014 | 1,000 |\n".repeat(20_000).into_bytes(), FileExpect::Indexed("zqtexttable")),
        ("HTML with only a script", "script-only.html", b"<html><head><script>var zqscript = 1;</script></head><body></body></html>".to_vec(), FileExpect::Skipped("empty")),
        ("unclosed HTML comment", "comment.html", b"<html><body><p>zqcomment visible</p><!-- never closed".to_vec(), FileExpect::SkippedOrIndexed),
        ("unknown charset", "charset.html", b"<html><head><meta charset=\"x-no-such-charset\"></head><body><p>zqcharset budget</p></body></html>".to_vec(), FileExpect::Indexed("zqcharset")),
        ("200,000 entities", "entities.html", format!("<html><body><p>zqentity {}&#xFFFFFFFF;&#0;&bogus;</p></body></html>", "&amp;".repeat(200_000)).into_bytes(), FileExpect::Indexed("zqentity")),
        ("carriage returns only", "cr.txt", b"zqcr first line\rsecond line\rthird line\r".to_vec(), FileExpect::Indexed("zqcr")),
        ("heading of 10,000 hashes", "hashes.md", format!("{} zqhashes\n\nbody text\n", "#".repeat(10_000)).into_bytes(), FileExpect::SkippedOrIndexed),
        ("100,000 bold markers", "bold.md", format!("zqbold {}\n", "**".repeat(100_000)).into_bytes(), FileExpect::SkippedOrIndexed),
        ("numbering 5,000 levels deep", "numbering.txt", format!("{} zqnumbering heading\n\ntext\n", "1.".repeat(5_000)).into_bytes(), FileExpect::SkippedOrIndexed),
        ("zip bomb", "bomb.zip", zip, FileExpect::Skipped("binary")),
        ("newline in the file name", "new\nline.txt", b"zqnewline budget report\n".to_vec(), FileExpect::Indexed("zqnewline")),
        ("file name like a flag", "--rebuild.txt", b"zqflagname budget report\n".to_vec(), FileExpect::Indexed("zqflagname")),
    ];
    let mut cases = Vec::new();
    for (name, file, bytes, expect) in files {
        std::fs::write(corpus.join(file), bytes).expect("write a hostile file");
        cases.push(FileCase {
            name,
            file: file.to_string(),
            expect,
        });
    }
    let target = outside.join("outside.txt");
    std::fs::write(&target, "zqoutside budget report\n").expect("write the outside file");
    std::os::unix::fs::symlink(&target, corpus.join("link-outside.txt")).expect("symlink");
    cases.push(FileCase {
        name: "symlink to a file outside the corpus",
        file: "link-outside.txt".into(),
        expect: FileExpect::NotRead("zqoutside"),
    });
    let fifo = corpus.join("fifo.txt");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|status| status.success());
    assert!(made, "mkfifo {}", fifo.display());
    cases.push(FileCase {
        name: "named pipe",
        file: "fifo.txt".into(),
        expect: FileExpect::NotRead("zqnothing"),
    });
    cases
}

fn search_count(root: &Path, index: &Path, marker: &str) -> Result<u64, String> {
    let args: Vec<OsString> = vec![
        "search".into(),
        "--index".into(),
        index.into(),
        "--json".into(),
        "--".into(),
        marker.into(),
    ];
    let run = watch::run(root, &args, Duration::from_secs(30));
    run.healthy()?;
    let response: Value = serde_json::from_str(&run.stdout)
        .map_err(|error| format!("search {marker}: not JSON ({error}): {}", run.stderr))?;
    response["total_documents"]
        .as_u64()
        .ok_or_else(|| format!("search {marker}: no total"))
}

/// One file indexed alone within 20 seconds (so that its time and memory are its own); a search
/// for `marker` must find it.
fn alone(root: &Path, name: &str, bytes: &[u8], marker: &str) -> Result<(), String> {
    let corpus = root.join(format!("alone-{name}"));
    let index = root.join(format!("alone-index-{name}"));
    std::fs::create_dir(&corpus).map_err(|error| error.to_string())?;
    std::fs::write(corpus.join(name), bytes).map_err(|error| error.to_string())?;
    let args: Vec<OsString> = vec![
        "index".into(),
        "--corpus".into(),
        corpus.into(),
        "--index".into(),
        index.clone().into(),
    ];
    let run = watch::run(root, &args, Duration::from_secs(20));
    run.healthy()?;
    match search_count(root, &index, marker)? {
        1 => Ok(()),
        count => Err(format!(
            "found in {count} documents (peak {} MiB)",
            run.peak_rss >> 20
        )),
    }
}

/// Runs every file case; returns (name, outcome) pairs.
pub fn run() -> Vec<(String, Result<(), String>)> {
    let folder = tempfile::tempdir().expect("temporary folder");
    let root = folder.path();
    let corpus = root.join("corpus");
    let outside = root.join("outside");
    let index = root.join("index");
    copy_corpus(&corpus);
    std::fs::create_dir(&outside).expect("outside folder");
    let cases = write_files(&corpus, &outside);

    let args: Vec<OsString> = vec![
        "index".into(),
        "--corpus".into(),
        corpus.clone().into(),
        "--index".into(),
        index.clone().into(),
        "--json".into(),
    ];
    let indexing = watch::run(root, &args, Duration::from_secs(240));
    let mut results = Vec::new();
    let report: Result<Value, String> = indexing.healthy().and_then(|()| {
        serde_json::from_str(&indexing.stdout)
            .map_err(|error| format!("index report is not JSON ({error}): {}", indexing.stderr))
    });
    results.push((
        format!(
            "index a corpus of {} hostile files (peak {} MiB)",
            cases.len(),
            indexing.peak_rss >> 20
        ),
        report.as_ref().map(|_| ()).map_err(Clone::clone),
    ));
    let Ok(report) = report else {
        return results;
    };
    let skipped: Vec<(String, String)> = report["skipped"]
        .as_array()
        .map(|entries| {
            entries
                .iter()
                .map(|entry| {
                    (
                        entry["path"].as_str().unwrap_or("").to_string(),
                        entry["reason"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    for case in &cases {
        let reason = skipped
            .iter()
            .find(|(path, _)| *path == case.file)
            .map(|(_, reason)| reason);
        let outcome = match (case.expect, reason) {
            (FileExpect::Skipped(prefix), Some(reason)) if reason.starts_with(prefix) => Ok(()),
            (FileExpect::Skipped(prefix), other) => Err(format!(
                "expected a skip starting `{prefix}`, got {other:?}"
            )),
            (FileExpect::Indexed(_), Some(reason)) => Err(format!("skipped: {reason}")),
            (FileExpect::Indexed(marker), None) => match search_count(root, &index, marker) {
                Ok(1) => Ok(()),
                Ok(count) => Err(format!("`{marker}` finds {count} documents, not 1")),
                Err(error) => Err(error),
            },
            (FileExpect::SkippedOrIndexed, Some(reason)) if reason.trim().is_empty() => {
                Err("skipped without a reason".into())
            }
            (FileExpect::SkippedOrIndexed, _) => Ok(()),
            (FileExpect::NotRead(_), Some(reason)) => Err(format!("read and skipped: {reason}")),
            (FileExpect::NotRead(marker), None) => match search_count(root, &index, marker) {
                Ok(0) => Ok(()),
                Ok(count) => Err(format!("`{marker}` is indexed ({count})")),
                Err(error) => Err(error),
            },
        };
        results.push((format!("index file: {}", case.name), outcome));
    }
    let seeds = search_count(root, &index, "\"Operation Devonport\"").and_then(|count| {
        if count >= 1 {
            Ok(())
        } else {
            Err("the seed documents are no longer found".into())
        }
    });
    results.push(("seeds still found beside the hostile files".into(), seeds));
    results.push((
        // 4 MB here, which the debug build indexes well within the case's 20 s on two busy
        // cores; the 50 MB line of the issue is indexed by the release build in 13 s
        // (RELIABILITY.md).
        "index file: 4 MB single line".into(),
        alone(
            root,
            "long-line.txt",
            &long_line(4 * 1024 * 1024),
            "zqlongline",
        ),
    ));
    results.push((
        "index file: 5 MB word without spaces".into(),
        alone(root, "no-spaces.txt", &[b'a'; 5 * 1024 * 1024], "zqnothing").or_else(|error| {
            if error.contains("found in 0 documents") {
                Ok(())
            } else {
                Err(error)
            }
        }),
    ));
    let dates = format!(
        "zqdates budget\n{}",
        "26/09/2014 99/99/9999 2019/20 June 2014 ".repeat(100_000)
    );
    results.push((
        "index file: 100,000 dates".into(),
        alone(root, "dates.txt", dates.as_bytes(), "zqdates"),
    ));
    for case in &cases {
        if case.file == "fifo.txt" || case.file == "link-outside.txt" {
            continue;
        }
        let args: Vec<OsString> = vec![
            "inspect".into(),
            "--json".into(),
            corpus.join(&case.file).into(),
        ];
        let run = watch::run(root, &args, Duration::from_secs(60));
        let outcome = run.healthy().and_then(|()| match run.code {
            Some(0) => Ok(()),
            Some(1) if run.stderr.lines().count() == 1 && run.stderr.starts_with("error: ") => {
                Ok(())
            }
            other => Err(format!("exit {other:?}: {}", run.stderr.trim())),
        });
        results.push((format!("inspect file: {}", case.name), outcome));
    }
    results
}
