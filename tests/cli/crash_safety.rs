//! Killing `oversight index` part-way (SIGKILL, so no cleanup runs) must leave the published
//! index exactly as it was and searchable, and the next run must complete; a second run started
//! while one is writing must be refused without harming either.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::{Child, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{
    SEEDS, Workspace, hit_files, hit_for, seed_text, total_documents, weave_marker, without_timing,
};

/// How many modified copies of the seeds make the corpus large enough to be killed mid-run.
const COPIES: usize = 24;
/// The longest any wait for the indexer may take before the test gives up.
const WAIT_LIMIT: Duration = Duration::from_secs(60);
/// How often a wait looks at the file system and the child again.
const POLL_INTERVAL: Duration = Duration::from_millis(2);

/// The file the stderr of background runs goes to, in the workspace.
const SPAWNED_STDERR: &str = "spawned-index.stderr";

/// Searches whose results the index of the seeds alone fixes.
const PROBES: [&str; 4] = ["", "\"Operation Devonport\"", "naloxone", "innovation"];

fn copy_name(number: usize) -> String {
    format!("copy-{number:03}.txt")
}

/// A word only the copy `number` contains.
fn copy_marker(number: usize) -> String {
    format!("zqcopy{number:03}")
}

/// Adds `COPIES` variants of the seeds, each a distinct document: the copy's marker word after
/// every fourth word makes its five-word sequences its own, so that near-duplicate detection
/// does not take it for a copy of its seed.
fn add_modified_copies(workspace: &Workspace) {
    for number in 0..COPIES {
        let text = weave_marker(
            &seed_text(SEEDS[number % SEEDS.len()]),
            &copy_marker(number),
        );
        workspace.write_corpus_file(&copy_name(number), text.as_bytes());
    }
}

/// The responses to the probes, without timings.
fn probe(workspace: &Workspace) -> Vec<Value> {
    PROBES
        .iter()
        .map(|query| without_timing(&workspace.search(query, &["--limit", "100"])))
        .collect()
}

/// Starts `oversight index` in the background; its stderr goes to a file of the workspace (a pipe
/// nobody reads could block it), read back with [`spawned_stderr`].
fn spawn_index(workspace: &Workspace, extra: &[&str]) -> Child {
    let log = fs::File::create(workspace.path(SPAWNED_STDERR)).expect("create the stderr log");
    workspace
        .command()
        .args(workspace.index_args(extra))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("start oversight index")
}

/// What the last background run printed on stderr; no run may panic, killed or not.
fn spawned_stderr(workspace: &Workspace) -> String {
    let stderr = fs::read_to_string(workspace.path(SPAWNED_STDERR)).unwrap_or_default();
    assert!(
        !stderr.contains("panicked"),
        "a background run panicked:\n{stderr}"
    );
    stderr
}

/// Polls until `reached` holds while the child still runs (`Ok`), or until the child exits
/// (`Err` with its status), whichever comes first. Fails the test after `WAIT_LIMIT`.
fn wait_while_running(
    child: &mut Child,
    what: &str,
    mut reached: impl FnMut() -> bool,
) -> Result<(), ExitStatus> {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("poll the indexer") {
            return Err(status);
        }
        if reached() {
            return Ok(());
        }
        if started.elapsed() > WAIT_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("gave up after {WAIT_LIMIT:?} waiting for {what}");
        }
        thread::sleep(POLL_INTERVAL);
    }
}

/// Sends SIGKILL and reaps the child; returns how it ended.
fn kill(child: &mut Child) -> ExitStatus {
    child.kill().expect("kill the indexer");
    child.wait().expect("reap the indexer")
}

/// The files of a folder with their sizes.
fn files_with_sizes(folder: &Path) -> Vec<(String, u64)> {
    fs::read_dir(folder)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| {
                    let size = entry.metadata().map(|meta| meta.len()).unwrap_or(0);
                    (entry.file_name().to_string_lossy().into_owned(), size)
                })
                .collect()
        })
        .unwrap_or_default()
}

fn generation_number(name: &str) -> u64 {
    name.strip_prefix("gen-")
        .and_then(|digits| digits.parse().ok())
        .unwrap_or_else(|| panic!("`{name}` is not a generation name"))
}

/// After the complete run: every copy and every seed is found.
fn assert_complete(workspace: &Workspace) {
    let browse = workspace.search("", &["--limit", "100"]);
    assert_eq!(total_documents(&browse), (SEEDS.len() + COPIES) as u64);
    for seed in SEEDS {
        assert!(
            hit_for(&browse, seed).is_some(),
            "{seed} is no longer found"
        );
    }
    for number in [0, COPIES / 2, COPIES - 1] {
        let response = workspace.search(&copy_marker(number), &[]);
        assert_eq!(hit_files(&response), [copy_name(number)]);
    }
}

#[test]
fn killed_rebuild_leaves_the_published_generation_searchable() {
    let workspace = Workspace::indexed();
    assert_eq!(workspace.current_generation(), "gen-000001");
    let before = probe(&workspace);
    add_modified_copies(&workspace);

    let mut child = spawn_index(&workspace, &["--rebuild"]);
    let new_generation = workspace.index.join("gen-000002");
    if let Err(status) = wait_while_running(&mut child, "gen-000002 to appear", || {
        new_generation.exists()
    }) {
        panic!("the rebuild ended ({status}) before gen-000002 appeared");
    }
    let status = kill(&mut child);
    assert!(
        !status.success(),
        "the rebuild finished before it was killed; raise COPIES"
    );
    spawned_stderr(&workspace);

    assert_eq!(
        workspace.current_generation(),
        "gen-000001",
        "a killed rebuild must not publish"
    );
    assert_eq!(
        probe(&workspace),
        before,
        "a killed rebuild changed the results"
    );
    assert_eq!(total_documents(&workspace.search(&copy_marker(0), &[])), 0);

    let report = workspace.index(&["--rebuild"]);
    let generation = report["generation"]
        .as_str()
        .expect("generation")
        .to_string();
    assert_eq!(report["committed"], true, "{report:#}");
    assert_eq!(report["documents"], SEEDS.len() + COPIES);
    assert_eq!(report["added"], SEEDS.len() + COPIES);
    assert_eq!(workspace.current_generation(), generation);
    assert!(generation_number(&generation) > 1, "{generation}");
    let mut expected_folders = vec!["gen-000001".to_string(), generation.clone()];
    expected_folders.sort();
    expected_folders.dedup();
    assert_eq!(
        workspace.generation_folders(),
        expected_folders,
        "the interrupted generation should be cleared once a newer one is published"
    );
    assert_complete(&workspace);
}

/// When to kill an incremental update.
#[derive(Debug, Clone, Copy)]
enum KillMoment {
    /// Right after starting it.
    AsSoonAsStarted,
    /// When files of a new segment first appear in the published generation.
    WhenNewSegmentFilesAppear,
    /// When the new files have grown past this many bytes: well into the indexing.
    WhenNewFilesReach(u64),
}

#[test]
fn killed_incremental_update_leaves_the_index_unchanged() {
    let workspace = Workspace::indexed();
    let before = probe(&workspace);
    let generation_folder = workspace.index.join("gen-000001");
    let original_files: BTreeSet<String> = files_with_sizes(&generation_folder)
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    add_modified_copies(&workspace);

    let new_files = || -> Vec<(String, u64)> {
        files_with_sizes(&generation_folder)
            .into_iter()
            .filter(|(name, _)| !original_files.contains(name) && !name.starts_with('.'))
            .collect()
    };

    let moments = [
        KillMoment::AsSoonAsStarted,
        KillMoment::WhenNewSegmentFilesAppear,
        KillMoment::WhenNewFilesReach(256 * 1024),
        KillMoment::WhenNewFilesReach(1024 * 1024),
    ];
    let mut kills_before_commit = 0;
    let mut already_complete = false;
    for moment in moments {
        // Files a previous killed run left behind do not count as progress of this one.
        let left_behind: BTreeSet<String> = new_files().into_iter().map(|(name, _)| name).collect();
        let fresh_files = || -> Vec<(String, u64)> {
            new_files()
                .into_iter()
                .filter(|(name, _)| !left_behind.contains(name))
                .collect()
        };
        let started = Instant::now();
        let mut child = spawn_index(&workspace, &[]);
        let reached = match moment {
            KillMoment::AsSoonAsStarted => Ok(()),
            KillMoment::WhenNewSegmentFilesAppear => {
                wait_while_running(&mut child, "new segment files", || {
                    !fresh_files().is_empty()
                })
            }
            KillMoment::WhenNewFilesReach(bytes) => {
                wait_while_running(&mut child, "new segment files to grow", || {
                    fresh_files().iter().map(|(_, size)| size).sum::<u64>() >= bytes
                })
            }
        };
        let status = match reached {
            Ok(()) => kill(&mut child),
            Err(status) => status,
        };
        let elapsed = started.elapsed();
        spawned_stderr(&workspace);
        assert_eq!(
            workspace.current_generation(),
            "gen-000001",
            "an incremental update must commit into the published generation ({moment:?})"
        );
        if status.success() {
            // It finished before the moment came; the update is complete.
            eprintln!("{moment:?}: finished on its own after {elapsed:?}");
            already_complete = true;
            break;
        }
        let after = probe(&workspace);
        if after == before {
            eprintln!("{moment:?}: killed after {elapsed:?}, before the commit");
            kills_before_commit += 1;
        } else {
            // Killed after its commit: then the commit must be whole.
            assert_complete(&workspace);
            already_complete = true;
            break;
        }
    }
    assert!(
        kills_before_commit >= 2,
        "only {kills_before_commit} kills landed before the commit; raise COPIES"
    );

    let report = workspace.index(&[]);
    assert_eq!(report["documents"], SEEDS.len() + COPIES, "{report:#}");
    assert_eq!(report["removed"], 0);
    if already_complete {
        assert_eq!(report["committed"], false, "{report:#}");
    } else {
        assert_eq!(report["added"], COPIES, "{report:#}");
        assert_eq!(report["unchanged"], SEEDS.len());
    }
    assert_eq!(workspace.current_generation(), "gen-000001");
    assert_complete(&workspace);
}

/// Waits, bounded by `WAIT_LIMIT`, for a child to exit on its own.
fn wait_for_exit(child: &mut Child, what: &str) -> ExitStatus {
    match wait_while_running(child, what, || false) {
        Err(status) => status,
        Ok(()) => unreachable!("the condition never holds"),
    }
}

#[test]
fn second_update_while_one_is_writing_is_refused() {
    let workspace = Workspace::indexed();
    let generation_folder = workspace.index.join("gen-000001");
    let original_files: BTreeSet<String> = files_with_sizes(&generation_folder)
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    add_modified_copies(&workspace);

    let mut first = spawn_index(&workspace, &[]);
    // New segment files mean the first run holds the writer.
    if let Err(status) = wait_while_running(&mut first, "the first run to write", || {
        files_with_sizes(&generation_folder)
            .iter()
            .any(|(name, _)| !original_files.contains(name) && !name.starts_with('.'))
    }) {
        panic!("the first run ended ({status}) before it wrote anything; raise COPIES");
    }
    let second = workspace.run(workspace.index_args(&[]));
    let first_status = wait_for_exit(&mut first, "the first run to finish");
    let first_stderr = spawned_stderr(&workspace);
    let line = second.error_line();
    assert!(line.contains("already writing"), "{line}");
    assert!(
        first_status.success(),
        "the first run failed ({first_status}): {first_stderr}"
    );
    assert_complete(&workspace);
}

#[test]
fn second_rebuild_while_one_is_writing_is_refused() {
    let workspace = Workspace::indexed();
    add_modified_copies(&workspace);

    let mut first = spawn_index(&workspace, &["--rebuild"]);
    let first_generation = workspace.index.join("gen-000002");
    if let Err(status) = wait_while_running(&mut first, "gen-000002 to appear", || {
        first_generation.exists()
    }) {
        panic!("the first rebuild ended ({status}) before gen-000002 appeared");
    }
    let second = workspace.run(workspace.index_args(&["--rebuild"]));
    let first_status = wait_for_exit(&mut first, "the first rebuild to finish");
    let browse = workspace.try_search("", &[]);
    let outcome = format!(
        "first: {first_status} {}\nsecond: {}\nCURRENT: {:?}, folders {:?}\nbrowse: {}",
        spawned_stderr(&workspace),
        second.output(),
        fs::read_to_string(workspace.index.join("CURRENT")),
        workspace.generation_folders(),
        browse.output()
    );
    assert!(browse.status.success(), "the index is broken:\n{outcome}");
    assert!(
        first_status.success(),
        "the first rebuild failed:\n{outcome}"
    );
    assert_eq!(second.status.code(), Some(1), "{outcome}");
    let line = second.error_line();
    assert!(line.contains("already writing"), "{line}");
    assert_eq!(workspace.current_generation(), "gen-000002");
    assert_complete(&workspace);
}
