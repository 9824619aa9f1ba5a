//! The README's main command: `oversight serve` indexes the corpus, serves on loopback and stops
//! cleanly on SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{copy_corpus, request};

#[test]
fn serve_indexes_serves_on_loopback_and_stops_on_sigterm() {
    let folder = tempfile::tempdir().expect("temp dir");
    let corpus = folder.path().join("corpus");
    copy_corpus(&corpus);
    let mut child = Command::new(env!("CARGO_BIN_EXE_oversight"))
        .args(["serve", "--addr", "127.0.0.1:0", "--corpus"])
        .arg(&corpus)
        .arg("--index")
        .arg(folder.path().join("index"))
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
