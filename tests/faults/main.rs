//! Fault injection on `oversight index`: SIGKILL at random moments of a rebuild and of an
//! incremental update, a full disk and a read-only index folder. After each fault the published
//! index answers as before, and the next run completes; a read-only index folder is searched and
//! served as it is.
//!
//! The fast variant runs in `cargo test`; `tests/faults/kill-index.sh` runs the slow one
//! (`OVERSIGHT_FAULT_FILES=300 OVERSIGHT_FAULT_KILLS=20`). The cases that mount a file system
//! need root: they are ignored in a plain `cargo test` (the summary counts them) and run with
//! `--ignored`, which `./test.sh` adds when it runs as root, as CI does.

mod corpus;
mod mounts;
mod random;

use std::time::{Duration, Instant};

use serde_json::Value;

use oversight_test_support::{Served, Workspace};
use random::Random;

/// The extra arguments of `oversight index` for a rebuild or an update.
fn rebuild_flag(rebuild: bool) -> &'static [&'static str] {
    if rebuild { &["--rebuild"] } else { &[] }
}

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(default)
}

/// The probe queries: browse, two phrases of the seeds, and a few copies' markers.
fn probes(files: usize) -> Vec<String> {
    let mut queries = vec![
        String::new(),
        "\"Operation Devonport\"".to_string(),
        "innovation".to_string(),
    ];
    queries.extend(
        [0, files / 2, files - 1]
            .iter()
            .map(|&number| corpus::marker(number)),
    );
    queries
}

/// The first probe whose answers differ, summarised for each state (before the update, after the
/// kill, completed): totals and the first hits' ids and scores.
fn first_difference(queries: &[String], states: &[&Vec<Value>; 3]) -> String {
    let summary = |answer: &Value| {
        let hits: Vec<String> = answer["hits"]
            .as_array()
            .map(|hits| {
                hits.iter()
                    .take(3)
                    .map(|hit| format!("{} {}", hit["doc_id"], hit["score"]))
                    .collect()
            })
            .unwrap_or_default();
        format!(
            "{} documents, {} passages, hits {hits:?}",
            answer["total_documents"], answer["total_passages"]
        )
    };
    queries
        .iter()
        .enumerate()
        .find(|(index, _)| {
            states[1][*index] != states[0][*index] || states[1][*index] != states[2][*index]
        })
        .map(|(index, query)| {
            format!(
                "query {query:?}\n  before:     {}\n  after kill: {}\n  completed:  {}",
                summary(&states[0][index]),
                summary(&states[1][index]),
                summary(&states[2][index])
            )
        })
        .unwrap_or_default()
}

/// Kills a run of `oversight index` after a random delay within `span`. The delay is the fault
/// itself (a kill at an unforeseen moment), not a wait for something to happen.
fn kill_at_random(
    workspace: &Workspace,
    rebuild: bool,
    span: Duration,
    random: &mut Random,
) -> Duration {
    let delay = Duration::from_millis(random.below(span.as_millis().max(1) as usize) as u64);
    let mut child = workspace.spawn(workspace.index_args(rebuild_flag(rebuild)));
    std::thread::sleep(delay);
    let _ = child.kill();
    let _ = child.wait();
    delay
}

#[test]
fn sigkill_during_rebuilds_and_updates_leaves_the_published_index_answering() {
    let files = setting("OVERSIGHT_FAULT_FILES", 10);
    let kills = setting("OVERSIGHT_FAULT_KILLS", 2);
    let mut random = Random::from_env();
    let workspace = Workspace::with_empty_corpus();
    corpus::write(&workspace.corpus, 0, files, &mut random);
    let started = Instant::now();
    workspace.index(&["--rebuild"]);
    let full_run = started.elapsed();
    let queries = probes(files);
    let published = workspace.probe(&queries);

    let rebuild_kills = kills / 2;
    for round in 0..rebuild_kills {
        let delay = kill_at_random(&workspace, true, full_run, &mut random);
        assert_eq!(
            workspace.probe(&queries),
            published,
            "rebuild killed after {delay:?} (round {round}): the answers changed"
        );
    }
    workspace.index(&["--rebuild"]);
    assert_eq!(
        workspace.probe(&queries),
        published,
        "the rebuild after the kills"
    );

    let mut next = files;
    let mut documents = files;
    let protected = [0, files / 2, files - 1];
    for round in 0..kills - rebuild_kills {
        let before = workspace.probe(&queries);
        // An update: three new copies, an edited copy and a deleted copy.
        corpus::write(&workspace.corpus, next, 3, &mut random);
        next += 3;
        documents += 2;
        let edited = workspace
            .corpus
            .join(corpus::file_name(random.below(files)));
        if let Ok(mut text) = std::fs::read_to_string(&edited) {
            text.push_str(&format!("\nEdited in round {round}.\n"));
            std::fs::write(&edited, text).expect("edit a copy");
        }
        let deleted = loop {
            let number = random.below(files);
            let path = workspace.corpus.join(corpus::file_name(number));
            if !protected.contains(&number) && path.exists() {
                break path;
            }
        };
        std::fs::remove_file(deleted).expect("delete a copy");
        let delay = kill_at_random(&workspace, false, full_run, &mut random);
        let after_kill = workspace.probe(&queries);
        workspace.index(&[]);
        let completed = workspace.probe(&queries);
        assert_eq!(
            completed[0]["total_documents"], documents as u64,
            "the run after the kill completes the update"
        );
        // A killed update leaves all of it (its commit was atomic) or none of it, never half.
        assert!(
            after_kill == before || after_kill == completed,
            "update killed after {delay:?} (round {round}): the index is half updated\n{}",
            first_difference(&queries, &[&before, &after_kill, &completed])
        );
    }
    println!(
        "faults: {kills} SIGKILLs ({rebuild_kills} in rebuilds) on {files} files; full run {full_run:?}"
    );
}

#[test]
#[ignore = "needs root to mount a tmpfs: sudo cargo test --test faults -- --ignored"]
fn a_full_disk_is_a_clear_error_and_the_index_survives() {
    let workspace = mounts::workspace_on_tmpfs("8m");
    let mut random = Random::from_env();
    corpus::write(&workspace.workspace.corpus, 0, 5, &mut random);
    workspace.workspace.index(&["--rebuild"]);
    let queries = probes(5);
    let published = workspace.workspace.probe(&queries);
    let filler = workspace.fill();
    corpus::write(&workspace.workspace.corpus, 5, 40, &mut random);
    for rebuild in [false, true] {
        let run = workspace
            .workspace
            .run(workspace.workspace.index_args(rebuild_flag(rebuild)));
        let line = run.error_line();
        println!("full disk (rebuild {rebuild}): {line}");
        assert!(
            line.contains("No space left on device"),
            "the line names the full disk: {line}"
        );
        assert_eq!(
            workspace.workspace.probe(&queries),
            published,
            "after a full disk"
        );
    }
    std::fs::remove_file(filler).expect("free the disk");
    workspace.workspace.index(&[]);
    assert_eq!(
        workspace.workspace.search("", &[])["total_documents"],
        45,
        "the run after freeing the disk completes"
    );
}

#[test]
fn a_read_only_index_folder_is_searched_and_served_as_it_is() {
    let workspace = Workspace::with_empty_corpus();
    let mut random = Random::from_env();
    corpus::write(&workspace.corpus, 0, 5, &mut random);
    workspace.index(&["--rebuild"]);
    let queries = probes(5);
    let published = workspace.probe(&queries);
    corpus::write(&workspace.corpus, 5, 3, &mut random);
    {
        let read_only = mounts::ReadOnly::new(&workspace.index);
        for rebuild in [false, true] {
            let run = workspace.run(workspace.index_args(rebuild_flag(rebuild)));
            let line = run.error_line();
            println!("read-only (rebuild {rebuild}): {line}");
            let cause = read_only.refusal();
            assert_eq!(
                line.matches(cause).count(),
                1,
                "the line names why, once: {line}"
            );
        }
        assert_eq!(
            workspace.probe(&queries),
            published,
            "`oversight search` on the read-only index"
        );
        let served = Served::start(&workspace.corpus, &workspace.index);
        assert_eq!(
            served.probe(&queries),
            published,
            "`oversight serve` on the read-only index"
        );
    }
    assert_eq!(
        workspace.probe(&queries),
        published,
        "after a read-only folder"
    );
    workspace.index(&[]);
    assert_eq!(
        workspace.search("", &[])["total_documents"],
        8,
        "the run after the folder is writable again"
    );
}

/// A read-only view of an index folder that a writer updates through its writable path: the
/// service on the view follows a commit (a reader reload) and a new generation, each under the
/// meta lock the view cannot write.
#[test]
#[ignore = "needs root for a bind mount: sudo cargo test --test faults -- --ignored"]
fn a_read_only_replica_follows_the_writer() {
    let workspace = Workspace::with_empty_corpus();
    let mut random = Random::from_env();
    corpus::write(&workspace.corpus, 0, 5, &mut random);
    workspace.index(&["--rebuild"]);
    let replica = mounts::ReadOnlyView::new(&workspace.index);
    let queries = probes(8);
    let served = Served::start(&workspace.corpus, replica.path());
    assert_eq!(
        served.probe(&queries),
        workspace.probe(&queries),
        "the replica answers as the index"
    );
    corpus::write(&workspace.corpus, 5, 3, &mut random);
    workspace.index(&[]);
    let updated = workspace.probe(&queries);
    assert_eq!(updated[0]["total_documents"], 8, "the update is committed");
    assert!(
        served.wait_for(&queries, &updated),
        "the replica follows the commit"
    );
    std::fs::remove_file(workspace.corpus.join(corpus::file_name(1))).expect("delete a copy");
    workspace.index(&["--rebuild"]);
    let rebuilt = workspace.probe(&queries);
    assert_eq!(rebuilt[0]["total_documents"], 7, "the rebuild is published");
    assert!(
        served.wait_for(&queries, &rebuilt),
        "the replica follows the new generation"
    );
}
