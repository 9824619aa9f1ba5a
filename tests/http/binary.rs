//! The README's main command: `oversight serve` indexes the corpus, serves on loopback and stops
//! cleanly on SIGTERM; on an existing index it serves at once and brings the index up to date
//! beside serving.

use std::io::{BufRead, BufReader, Lines};
use std::path::Path;
use std::process::{Child, ChildStderr, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::{copy_corpus, index, request};

/// Starts `oversight serve` and waits for the address it prints; returns the process, the base
/// URL and the rest of its standard error.
fn spawn_serve(corpus: &Path, index: &Path) -> (Child, String, Lines<BufReader<ChildStderr>>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_oversight"))
        .args(["serve", "--addr", "127.0.0.1:0", "--corpus"])
        .arg(corpus)
        .arg("--index")
        .arg(index)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("starts");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut base = None;
    while base.is_none() && Instant::now() < deadline {
        let Some(Ok(line)) = lines.next() else { break };
        if let Some(url) = line.split("at http://").nth(1) {
            base = Some(format!("http://{}", url.trim_end_matches('/')));
        }
    }
    let Some(base) = base else {
        let _ = child.kill();
        panic!("the server never said where it listens");
    };
    (child, base, lines)
}

#[test]
fn serve_indexes_serves_on_loopback_and_stops_on_sigterm() {
    let folder = tempfile::tempdir().expect("temp dir");
    let corpus = folder.path().join("corpus");
    copy_corpus(&corpus);
    let (mut child, base, lines) = spawn_serve(&corpus, &folder.path().join("index"));
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    let health = request("GET", &base, "/healthz").json();
    assert_eq!(health["documents"], 5);

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    let exit = loop {
        if let Some(exit) = child.try_wait().expect("wait") {
            break exit;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(exit.success(), "{exit:?}");
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(rest.iter().any(|line| line.contains("stopped")), "{rest:?}");
}

#[test]
fn serve_on_an_existing_index_answers_at_once_and_picks_up_a_new_file() {
    let folder = tempfile::tempdir().expect("temp dir");
    let corpus = folder.path().join("corpus");
    let index_root = folder.path().join("index");
    copy_corpus(&corpus);
    index(&corpus, &index_root, false);
    std::fs::write(
        corpus.join("late-addition.txt"),
        "Police and Crime Panel note\n\nThe quorvantic review of custody was published on \
         3 March 2021 by the Office of the Police and Crime Commissioner for Devon and Cornwall.\n",
    )
    .expect("writes the new file");

    let (mut child, base, lines) = spawn_serve(&corpus, &index_root);
    let deadline = Instant::now() + Duration::from_secs(120);
    let found = loop {
        let response = request("GET", &base, "/api/v1/search?q=quorvantic").json();
        if response["total_documents"] == 1 || Instant::now() > deadline {
            break response;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let health = request("GET", &base, "/healthz").json();
    // The update is reported after the address: serving did not wait for it. The report comes
    // once the update's merge has ended, which may be after its passages are searchable.
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    let reported = |lines: &[String]| {
        lines
            .iter()
            .any(|line| line.contains("indexed 6 documents (1 added"))
    };
    let mut after_start = Vec::new();
    while !reported(&after_start) {
        match receiver.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(line) => after_start.push(line),
            Err(_) => break,
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(found["total_documents"], 1, "{found}");
    assert_eq!(health["documents"], 6, "{health}");
    assert!(reported(&after_start), "{after_start:?}");
}
