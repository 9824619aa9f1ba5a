//! `oversight index`: the first build, incremental updates (unchanged, changed, removed and
//! duplicated files) and rebuilds into new generations.

use std::fs;

use crate::support::{
    COPACC_WEB_PAGE, DEVON_UPDATE_REPORT, IDEAS_2020, SEEDS, WARWICKSHIRE_PACK, Workspace,
    file_set, hit_file_set, hit_files, hit_for, hits, sources, total_documents, without_timing,
};

/// The doc id of the hit read from `file` when browsing everything.
fn doc_id_of(workspace: &Workspace, file: &str) -> String {
    let browse = workspace.search("", &["--limit", "100"]);
    hit_for(&browse, file)
        .unwrap_or_else(|| panic!("{file} is not in the index: {:?}", hit_files(&browse)))["doc_id"]
        .as_str()
        .expect("doc_id")
        .to_string()
}

#[test]
fn first_run_indexes_every_file_and_publishes_generation_one() {
    let workspace = Workspace::with_seed_corpus();
    let report = workspace.index(&[]);
    assert_eq!(report["generation"], "gen-000001", "{report:#}");
    assert_eq!(report["rebuilt"], true);
    assert_eq!(report["committed"], true);
    assert_eq!(report["documents"], 5);
    assert_eq!(report["added"], 5);
    assert_eq!(report["updated"], 0);
    assert_eq!(report["removed"], 0);
    assert_eq!(report["unchanged"], 0);
    assert_eq!(report["skipped"], serde_json::json!([]));
    assert!(report["elapsed_seconds"].as_f64().is_some());

    // Every passage inspect shows is indexed.
    let inspected_passages: u64 = SEEDS
        .iter()
        .map(|file| {
            workspace
                .run([
                    "inspect".as_ref(),
                    "--json".as_ref(),
                    workspace.corpus_file(file).as_os_str(),
                ])
                .assert_success()
                .json()["document"]["passage_count"]
                .as_u64()
                .expect("passage_count")
        })
        .sum();
    assert_eq!(report["passages"], inspected_passages);

    assert_eq!(workspace.current_generation(), "gen-000001");
    assert_eq!(workspace.generation_folders(), ["gen-000001"]);
    assert_eq!(
        total_documents(&workspace.search("", &[])),
        5,
        "the published index is searchable"
    );
}

#[test]
fn rerun_on_an_unchanged_corpus_commits_nothing() {
    let workspace = Workspace::indexed();
    let before = workspace.search("\"Operation Devonport\"", &[]);
    let report = workspace.index(&[]);
    assert_eq!(report["committed"], false, "{report:#}");
    assert_eq!(report["rebuilt"], false);
    assert_eq!(report["unchanged"], 5);
    assert_eq!(report["added"], 0);
    assert_eq!(report["updated"], 0);
    assert_eq!(report["removed"], 0);
    assert_eq!(report["documents"], 5);
    assert_eq!(report["generation"], "gen-000001");
    assert_eq!(workspace.current_generation(), "gen-000001");
    let after = workspace.search("\"Operation Devonport\"", &[]);
    assert_eq!(without_timing(&before), without_timing(&after));
}

#[test]
fn changed_file_replaces_its_document() {
    let workspace = Workspace::indexed();
    let old_doc_id = doc_id_of(&workspace, COPACC_WEB_PAGE);
    assert_eq!(total_documents(&workspace.search("quokka", &[])), 0);

    workspace.append_to_corpus_file(
        COPACC_WEB_PAGE,
        "\nA late note on the quokka sightings reported to the panel.\n",
    );
    let report = workspace.index(&[]);
    // Doc ids are content hashes: the changed file is a new document replacing the old one.
    assert_eq!(report["committed"], true, "{report:#}");
    assert_eq!(report["added"], 1);
    assert_eq!(report["removed"], 1);
    assert_eq!(report["unchanged"], 4);
    assert_eq!(report["documents"], 5);
    assert_eq!(
        report["generation"], "gen-000001",
        "updates commit in place"
    );

    let response = workspace.search("quokka", &[]);
    assert_eq!(hit_files(&response), [COPACC_WEB_PAGE]);
    let new_doc_id = doc_id_of(&workspace, COPACC_WEB_PAGE);
    assert_ne!(new_doc_id, old_doc_id);
    let browse = workspace.search("", &[]);
    assert_eq!(total_documents(&browse), 5);
    assert!(
        hits(&browse)
            .iter()
            .all(|hit| hit["doc_id"] != old_doc_id.as_str()),
        "the old version is still indexed"
    );
}

#[test]
fn deleted_file_removes_its_document() {
    let workspace = Workspace::indexed();
    assert_eq!(hit_files(&workspace.search("naloxone", &[])), [IDEAS_2020]);

    fs::remove_file(workspace.corpus_file(IDEAS_2020)).expect("remove a corpus file");
    let report = workspace.index(&[]);
    assert_eq!(report["committed"], true, "{report:#}");
    assert_eq!(report["removed"], 1);
    assert_eq!(report["added"], 0);
    assert_eq!(report["unchanged"], 4);
    assert_eq!(report["documents"], 4);

    assert_eq!(total_documents(&workspace.search("naloxone", &[])), 0);
    let browse = workspace.search("", &[]);
    assert_eq!(total_documents(&browse), 4);
    assert!(hit_for(&browse, IDEAS_2020).is_none());
}

#[test]
fn identical_copy_is_one_document_with_two_sources() {
    let workspace = Workspace::indexed();
    let copy = "copy-of-the-devon-update.txt";
    fs::copy(
        workspace.corpus_file(DEVON_UPDATE_REPORT),
        workspace.corpus_file(copy),
    )
    .expect("copy a corpus file");
    let report = workspace.index(&[]);
    assert_eq!(report["documents"], 5, "{report:#}");
    assert_eq!(report["added"], 0);
    assert_eq!(report["removed"], 0);

    let response = workspace.search("", &["--force", "devon-and-cornwall"]);
    assert_eq!(total_documents(&response), 1);
    let mut hit_sources = sources(&hits(&response)[0]);
    hit_sources.sort();
    assert_eq!(hit_sources, file_set(&[copy, DEVON_UPDATE_REPORT]));
    assert_eq!(total_documents(&workspace.search("", &[])), 5);

    // A fresh index of the same corpus agrees.
    let rebuilt = workspace.index(&["--rebuild"]);
    assert_eq!(rebuilt["documents"], 5, "{rebuilt:#}");
    assert_eq!(rebuilt["added"], 5);
}

#[test]
fn removing_one_of_two_identical_files_keeps_the_document_with_the_other_source() {
    let workspace = Workspace::indexed();
    let copy = "copy-of-the-devon-update.txt";
    fs::copy(
        workspace.corpus_file(DEVON_UPDATE_REPORT),
        workspace.corpus_file(copy),
    )
    .expect("copy a corpus file");
    workspace.index(&[]);

    fs::remove_file(workspace.corpus_file(DEVON_UPDATE_REPORT)).expect("remove the original");
    let report = workspace.index(&[]);
    assert_eq!(report["committed"], true, "{report:#}");
    assert_eq!(report["removed"], 0, "the content is still in the corpus");
    assert_eq!(report["documents"], 5);
    let response = workspace.search("", &["--force", "devon-and-cornwall"]);
    assert_eq!(total_documents(&response), 1);
    assert_eq!(sources(&hits(&response)[0]), [copy]);
}

#[test]
fn file_emptied_after_indexing_is_removed_and_reported_skipped() {
    let workspace = Workspace::indexed();
    workspace.write_corpus_file(IDEAS_2020, b"");
    let report = workspace.index(&[]);
    assert_eq!(report["removed"], 1, "{report:#}");
    assert_eq!(report["documents"], 4);
    assert_eq!(
        report["skipped"],
        serde_json::json!([{"path": IDEAS_2020, "reason": "empty: no text to index"}])
    );
    assert_eq!(total_documents(&workspace.search("naloxone", &[])), 0);
}

#[test]
fn rebuild_publishes_a_new_generation_and_keeps_only_the_previous_one() {
    let workspace = Workspace::indexed();
    let before = workspace.search("\"Operation Devonport\"", &[]);

    let second = workspace.index(&["--rebuild"]);
    assert_eq!(second["generation"], "gen-000002", "{second:#}");
    assert_eq!(second["rebuilt"], true);
    assert_eq!(second["committed"], true);
    assert_eq!(second["added"], 5);
    assert_eq!(workspace.current_generation(), "gen-000002");
    assert_eq!(
        workspace.generation_folders(),
        ["gen-000001", "gen-000002"],
        "the previous generation is kept for readers still on it"
    );
    let after = workspace.search("\"Operation Devonport\"", &[]);
    assert_eq!(hit_files(&after), hit_files(&before));
    assert_eq!(hit_files(&after), [WARWICKSHIRE_PACK]);

    let third = workspace.index(&["--rebuild"]);
    assert_eq!(third["generation"], "gen-000003", "{third:#}");
    assert_eq!(workspace.current_generation(), "gen-000003");
    assert_eq!(workspace.generation_folders(), ["gen-000002", "gen-000003"]);
    assert_eq!(hit_file_set(&workspace.search("", &[])), file_set(&SEEDS));
}

#[test]
fn threads_option_builds_the_same_index() {
    let single = Workspace::with_seed_corpus();
    let report = single.index(&["--threads", "1"]);
    assert_eq!(report["documents"], 5, "{report:#}");
    let default = Workspace::indexed();
    for query in ["", "\"Operation Devonport\"", "innovation", "naloxone"] {
        assert_eq!(
            hit_file_set(&single.search(query, &[])),
            hit_file_set(&default.search(query, &[])),
            "`{query}` differs with --threads 1"
        );
    }
}

#[test]
fn plain_text_summary_reports_the_counts() {
    let workspace = Workspace::with_seed_corpus();
    let run = workspace.run([
        "index".as_ref(),
        "--corpus".as_ref(),
        workspace.corpus.as_os_str(),
        "--index".as_ref(),
        workspace.index.as_os_str(),
    ]);
    run.assert_success();
    assert!(
        run.stdout.contains("gen-000001") && run.stdout.contains("5 documents"),
        "{}",
        run.output()
    );
}

#[test]
fn an_index_in_an_older_format_is_refused_by_search_and_rebuilt_by_index() {
    let workspace = Workspace::indexed();
    let meta = workspace
        .index
        .join(workspace.current_generation())
        .join("meta.json");
    let text = fs::read_to_string(&meta).expect("meta.json");
    let current = format!(
        "\\\"format_version\\\":{}",
        oversight_schema::INDEX_FORMAT_VERSION
    );
    assert!(text.contains(&current), "{text}");
    let older = format!(
        "\\\"format_version\\\":{}",
        oversight_schema::INDEX_FORMAT_VERSION - 1
    );
    fs::write(&meta, text.replace(&current, &older)).expect("write meta.json");

    let refused = workspace.try_search("naloxone", &[]);
    let line = refused.error_line();
    assert!(line.contains("index format"), "{line}");
    assert!(line.contains("oversight index"), "{line}");

    let report = workspace.index(&[]);
    assert_eq!(report["rebuilt"], true, "{report:#}");
    assert_eq!(report["generation"], "gen-000002", "{report:#}");
    assert_eq!(hit_files(&workspace.search("naloxone", &[])), [IDEAS_2020]);
}
