//! Input the commands must refuse or skip cleanly: unreadable corpus files, missing or foreign
//! folders, malformed queries and out-of-range options. Each refusal is exit code 1 and one
//! `error:` line, and nothing is damaged.

use std::fs;

use serde_json::Value;

use crate::support::{SEEDS, Workspace, file_set, hit_file_set, hit_files, hits, total_documents};

/// The skipped files of an index report, as (path, reason), sorted by path.
fn skipped(report: &Value) -> Vec<(String, String)> {
    let mut skipped: Vec<(String, String)> = report["skipped"]
        .as_array()
        .unwrap_or_else(|| panic!("no skipped list: {report:#}"))
        .iter()
        .map(|entry| {
            (
                entry["path"].as_str().expect("path").to_string(),
                entry["reason"].as_str().expect("reason").to_string(),
            )
        })
        .collect();
    skipped.sort();
    skipped
}

#[test]
fn unreadable_files_are_skipped_with_reasons_and_the_rest_indexed() {
    let workspace = Workspace::with_seed_corpus();
    workspace.write_corpus_file("empty.txt", b"");
    workspace.write_corpus_file("blob.txt", b"abc\0def\0ghi\0");
    workspace.write_corpus_file("minutes.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n");
    workspace.write_corpus_file("renamed-pdf.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");

    let report = workspace.index(&[]);
    let skipped_files = skipped(&report);
    let names: Vec<&str> = skipped_files
        .iter()
        .map(|(name, _)| name.as_str())
        .collect();
    assert_eq!(
        names,
        ["blob.txt", "empty.txt", "minutes.pdf", "renamed-pdf.txt"]
    );
    assert_eq!(skipped_files[0].1, "binary data, not text");
    assert_eq!(skipped_files[1].1, "empty: no text to index");
    for (name, reason) in &skipped_files[2..] {
        assert!(reason.starts_with("unreadable PDF: "), "{name}: {reason}");
    }
    assert_eq!(report["documents"], 5, "{report:#}");
    assert_eq!(report["added"], 5);
    assert_eq!(hit_file_set(&workspace.search("", &[])), file_set(&SEEDS));

    // Skipped files stay skipped, and do not make the next run commit.
    let again = workspace.index(&[]);
    assert_eq!(again["committed"], false, "{again:#}");
    assert_eq!(skipped(&again).len(), 4);
}

#[test]
fn windows_1252_text_is_decoded_and_indexed() {
    let workspace = Workspace::with_seed_corpus();
    // 0xE9 is "é" in windows-1252 and not valid UTF-8.
    workspace.write_corpus_file(
        "latin1.txt",
        b"Caf\xe9 budget report for the Police and Crime Panel, 3 March 2016.\n",
    );

    let inspected = workspace
        .run([
            "inspect".as_ref(),
            "--json".as_ref(),
            workspace.corpus_file("latin1.txt").as_os_str(),
        ])
        .assert_success()
        .json();
    let text = inspected["passages"][0]["text"]
        .as_str()
        .unwrap_or_default();
    assert!(
        text.starts_with("Café budget report"),
        "decoded as: {text:?}"
    );

    let report = workspace.index(&[]);
    assert_eq!(report["skipped"], serde_json::json!([]), "{report:#}");
    assert_eq!(report["documents"], 6);
    for query in ["café", "cafe", "Café"] {
        let response = workspace.search(query, &[]);
        assert_eq!(hit_files(&response), ["latin1.txt"], "search `{query}`");
    }
    let response = workspace.search("café", &[]);
    let hit = &hits(&response)[0];
    assert!(
        hit["title"].as_str().unwrap_or_default().contains("Café"),
        "{hit:#}"
    );
    assert_eq!(hit["date"], "2016-03-03");
}

#[test]
fn missing_corpus_folder_fails_without_creating_an_index() {
    let workspace = Workspace::with_empty_corpus();
    let missing = workspace.path("no-such-corpus");
    let run = workspace.run([
        "index".as_ref(),
        "--corpus".as_ref(),
        missing.as_os_str(),
        "--index".as_ref(),
        workspace.index.as_os_str(),
    ]);
    let line = run.error_line();
    assert!(line.starts_with("error: corpus folder"), "{line}");
    assert!(
        line.contains("no-such-corpus"),
        "the error names the folder: {line}"
    );
    assert!(!workspace.index.exists(), "an index folder was created");
}

#[test]
fn foreign_index_folder_is_refused_and_left_untouched() {
    let workspace = Workspace::with_seed_corpus();
    fs::create_dir(&workspace.index).expect("create the index folder");
    let notes = workspace.index.join("notes.txt");
    fs::write(&notes, "my notes, not an index\n").expect("write a foreign file");
    let modified_before = fs::metadata(&notes).and_then(|m| m.modified()).ok();

    let run = workspace.run(workspace.index_args(&[]));
    let line = run.error_line();
    assert!(line.contains("is not an Oversight index"), "{line}");

    let entries: Vec<String> = fs::read_dir(&workspace.index)
        .expect("list the index folder")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        entries,
        ["notes.txt"],
        "something was written to the folder"
    );
    assert_eq!(
        fs::read_to_string(&notes).expect("read the foreign file"),
        "my notes, not an index\n"
    );
    assert_eq!(
        fs::metadata(&notes).and_then(|m| m.modified()).ok(),
        modified_before
    );

    // `--rebuild` must not wipe it either.
    let rebuild = workspace.run(workspace.index_args(&["--rebuild"]));
    rebuild.error_line();
    assert!(notes.exists(), "--rebuild deleted a foreign file");
}

#[test]
fn empty_corpus_folder_gives_an_empty_index() {
    let workspace = Workspace::with_empty_corpus();
    let report = workspace.index(&[]);
    assert_eq!(report["documents"], 0, "{report:#}");
    let response = workspace.search("", &[]);
    assert_eq!(total_documents(&response), 0);
}

#[test]
fn malformed_query_is_reported_on_one_line_with_its_position() {
    let workspace = Workspace::indexed();
    let run = workspace.try_search("\"unbalanced", &[]);
    let line = run.error_line();
    assert!(
        line.starts_with("error: malformed query at character"),
        "{line}"
    );
    assert!(run.stdout.is_empty(), "{}", run.output());
}

#[test]
fn invalid_search_options_are_refused_on_one_line() {
    let workspace = Workspace::indexed();
    for (query, options, mentions) in [
        ("", vec!["--force", "gotham"], "gotham"),
        ("", vec!["--limit", "100000"], "100"),
        ("", vec!["--page", "0"], "page"),
        ("force:gotham", vec![], "gotham"),
        ("n*", vec![], "prefix"),
    ] {
        let run = workspace.try_search(query, &options);
        let line = run.error_line();
        assert!(
            line.contains(mentions),
            "`{query}` {options:?}: the error should mention `{mentions}`: {line}"
        );
    }
}

#[test]
fn search_without_an_index_says_to_run_index_first() {
    let workspace = Workspace::with_seed_corpus();
    let run = workspace.try_search("innovation", &[]);
    let line = run.error_line();
    assert!(line.starts_with("error: no index at"), "{line}");
    assert!(line.ends_with("run `oversight index` first"), "{line}");
    assert!(!workspace.index.exists(), "search created an index folder");
}

#[test]
fn refused_options_are_named_as_flags_not_api_parameters() {
    let workspace = Workspace::indexed();
    for (options, named, unnamed) in [
        (vec!["--limit", "0"], vec!["--limit"], vec!["per_page"]),
        (vec!["--limit", "101"], vec!["--limit"], vec!["per_page"]),
        (
            vec!["--page", "2000"],
            vec!["--page", "--limit"],
            vec!["per_page"],
        ),
        (vec!["--passages", "21"], vec!["--passages"], vec![]),
        (
            vec!["--year-from", "2018", "--year-to", "2014"],
            vec!["--year-from", "--year-to"],
            vec!["year_from", "year_to"],
        ),
        (
            vec!["--year-from", "1800"],
            vec!["--year-from"],
            vec!["year_from"],
        ),
        (vec!["--sort", "random"], vec!["--sort"], vec![]),
        (vec!["--force", "gotham"], vec!["--force"], vec![]),
        (vec!["--theme", "astrology"], vec!["--theme"], vec![]),
    ] {
        let run = workspace.try_search("budget", &options);
        let line = run.error_line();
        for flag in named {
            assert!(line.contains(flag), "{options:?}: no `{flag}` in {line}");
        }
        for parameter in unnamed {
            assert!(
                !line.contains(parameter),
                "{options:?}: `{parameter}` in {line}"
            );
        }
    }
}

#[test]
fn an_unknown_type_or_subtype_is_refused_with_the_valid_values() {
    use oversight_schema::model::{DocType, Subtype};
    let workspace = Workspace::indexed();
    let types = DocType::ALL.map(DocType::slug);
    let subtypes = Subtype::ALL.map(Subtype::slug);
    for (flag, value, valid) in [
        ("--type", "memo", types.as_slice()),
        ("--subtype", "decision", subtypes.as_slice()),
    ] {
        let run = workspace.try_search("budget", &[flag, value]);
        let line = run.error_line();
        assert!(line.contains(flag) && line.contains(value), "{line}");
        for slug in valid {
            assert!(
                line.contains(slug),
                "{flag} {value}: `{slug}` not listed in {line}"
            );
        }
    }
    // Types are read in any case.
    let capitalised = workspace.search("", &["--type", "Minutes"]);
    assert_eq!(capitalised["total_documents"], 1, "{capitalised:#}");
}

#[test]
fn an_unknown_theme_is_refused_with_the_valid_themes() {
    use oversight_schema::vocab::Vocabulary;
    let workspace = Workspace::indexed();
    let vocabulary = Vocabulary::bundled().expect("the bundled vocabulary");
    let run = workspace.try_search("budget", &["--theme", "astrology"]);
    let line = run.error_line();
    assert!(
        line.contains("--theme") && line.contains("astrology"),
        "{line}"
    );
    for theme in &vocabulary.themes {
        assert!(
            line.contains(&theme.slug),
            "`{}` not listed in {line}",
            theme.slug
        );
    }
}

#[test]
fn a_misspelt_force_gets_the_closest_one() {
    let workspace = Workspace::indexed();
    let run = workspace.try_search("budget", &["--force", "warwickshir"]);
    let line = run.error_line();
    assert!(line.contains("did you mean `warwickshire`"), "{line}");

    let workspace = Workspace::with_seed_corpus();
    workspace.write_corpus_file(
        "manifest.toml",
        b"[[document]]\nfile = \"003_4c84c7b52ec6327e.txt\"\nforce = \"Warwickshir\"\n",
    );
    let run = workspace.run(workspace.index_args(&[]));
    let line = run.error_line();
    assert!(
        line.contains("unknown force `Warwickshir`; did you mean `warwickshire`?"),
        "{line}"
    );
    assert!(!workspace.index.exists(), "indexed despite the manifest");
}

#[test]
fn the_index_summary_counts_in_words() {
    let workspace = Workspace::with_seed_corpus();
    workspace.write_corpus_file("empty.txt", b"");
    let run = workspace.run([
        "index".as_ref(),
        "--corpus".as_ref(),
        workspace.corpus.as_os_str(),
        "--index".as_ref(),
        workspace.index.as_os_str(),
    ]);
    run.assert_success();
    assert!(run.stdout.contains(": 5 documents, "), "{}", run.stdout);
    assert!(run.stdout.contains("skipped 1 file:"), "{}", run.stdout);
}
