//! The README's main command: `oversight serve` indexes the corpus, serves on loopback and stops
//! cleanly on SIGTERM; on an existing index it serves at once and brings the index up to date
//! beside serving.

use std::process::Command;
use std::time::Duration;

use crate::support::{Served, copy_corpus, index, poll_until, request};

#[test]
fn serve_indexes_serves_on_loopback_and_stops_on_sigterm() {
    let folder = tempfile::tempdir().expect("temp dir");
    let corpus = folder.path().join("corpus");
    copy_corpus(&corpus);
    let mut served = Served::start(&corpus, &folder.path().join("index"));
    assert!(
        served.base.starts_with("http://127.0.0.1:"),
        "{}",
        served.base
    );
    let health = request("GET", &served.base, "/healthz").json();
    assert_eq!(health["documents"], 5);

    let status = Command::new("kill")
        .args(["-TERM", &served.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let exit = served
        .wait_exit(Duration::from_secs(30))
        .expect("the server stops on SIGTERM");
    assert!(exit.success(), "{exit:?}");
    assert!(
        served.wait_for_stderr("stopped", Duration::from_secs(10)),
        "{}",
        served.stderr()
    );
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

    let served = Served::start(&corpus, &index_root);
    let found = poll_until(Duration::from_secs(120), || {
        let response = request("GET", &served.base, "/api/v1/search?q=quorvantic").json();
        (response["total_documents"] == 1).then_some(response)
    })
    .expect("the new file becomes searchable");
    let health = request("GET", &served.base, "/healthz").json();
    // The update is reported after the address: serving did not wait for it. The report comes
    // once the update's merge has ended, which may be after its passages are searchable.
    let report = "indexed 6 documents (1 added";
    let reported = served.wait_for_stderr(report, Duration::from_secs(120));
    let stderr = served.stderr();
    assert_eq!(found["total_documents"], 1, "{found}");
    assert_eq!(health["documents"], 6, "{health}");
    assert!(reported, "{stderr}");
    let address_at = stderr.find("at http://").expect("the address line");
    assert!(
        stderr.find(report).is_some_and(|at| at > address_at),
        "{stderr}"
    );
}
