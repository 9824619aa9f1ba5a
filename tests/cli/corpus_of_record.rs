//! An index remembers the corpus it was built from: a command whose corpus is only the default
//! (`corpus/` of the folder it runs in) never updates it from another folder, so documents of the
//! recorded corpus are never removed because of a default.

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::{SEEDS, Workspace, seed_text, total_documents};

/// A document only the other corpus holds.
const EXTRA: &str = "quorvantic-review.txt";
const EXTRA_TEXT: &str = "Police and Crime Panel note\n\nThe quorvantic review of custody was \
    published on 3 March 2021 by the Office of the Police and Crime Commissioner for Devon and \
    Cornwall.\n";

/// A workspace whose `corpus/` holds the seeds, with an index built from another folder holding
/// the seeds and [`EXTRA`].
fn indexed_from_elsewhere() -> Workspace {
    let workspace = Workspace::with_seed_corpus();
    let elsewhere = workspace.path("elsewhere");
    std::fs::create_dir(&elsewhere).expect("create the other corpus");
    for name in SEEDS {
        std::fs::write(elsewhere.join(name), seed_text(name)).expect("copy a seed");
    }
    std::fs::write(elsewhere.join(EXTRA), EXTRA_TEXT).expect("write the extra document");
    let args: Vec<OsString> = vec![
        "index".into(),
        "--corpus".into(),
        elsewhere.into(),
        "--index".into(),
        workspace.index.clone().into(),
        "--json".into(),
    ];
    let report = workspace.run(args).assert_success().json();
    assert_eq!(report["documents"], 6, "{report:#}");
    workspace
}

fn extra_documents(workspace: &Workspace) -> u64 {
    total_documents(&workspace.search("quorvantic", &[]))
}

#[test]
fn index_with_the_default_corpus_refuses_an_index_built_from_another() {
    let workspace = indexed_from_elsewhere();
    let run = workspace.run(["index", "--index", "index"]);
    let line = run.error_line();
    assert!(
        line.contains("was built from") && line.contains("elsewhere") && line.contains("--corpus"),
        "{line}"
    );
    assert_eq!(extra_documents(&workspace), 1, "nothing was removed");

    // Naming the corpus is a choice: the index then follows it.
    let report = workspace
        .run(["index", "--corpus", "corpus", "--index", "index", "--json"])
        .assert_success()
        .json();
    assert_eq!(report["removed"], 1, "{report:#}");
    assert_eq!(extra_documents(&workspace), 0);
}

#[test]
fn serve_without_corpus_keeps_the_index_up_to_date_with_its_own_corpus_only() {
    let workspace = indexed_from_elsewhere();
    let mut child = workspace
        .command()
        .args(["serve", "--addr", "127.0.0.1:0", "--index", "index"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start oversight serve");
    let stderr = child.stderr.take().expect("stderr");
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    // The line that says what became of the update beside serving.
    let outcome = |line: &str| {
        line.contains("Oversight: indexed")
            || line.contains("up to date")
            || line.contains("not updating")
    };
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut lines = Vec::new();
    while !lines.iter().any(|line: &String| outcome(line)) {
        match receiver.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(line) => lines.push(line),
            Err(_) => break,
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        lines.iter().any(|line| outcome(line)),
        "serve never said what became of the update: {lines:?}"
    );
    assert_eq!(extra_documents(&workspace), 1, "{lines:?}");
}
