//! The hostile-input suite: a table of broken, pathological and malicious inputs thrown at the
//! real binary — every HTTP route of `oversight serve`, the commands, and the indexer's
//! extractors through broken files — plus the security checks. Each case names what it tries and
//! what it expects; the suite prints `N passed, N failed` and fails if any case failed.
//! `abuse` holds the slow-client cases, each with its own server.

mod abuse;
mod cli_cases;
mod client;
mod concordance_cases;
mod export_cases;
mod file_cases;
mod http_cases;
mod security;
mod server;
mod suggest_cases;
mod trends_cases;
mod verdict;
mod vocabulary_cases;
mod watch;

use client::{Exchange, exchange, get_request};
use server::Server;
use verdict::{Secrets, judge};

/// Cases that fail because of indexer bugs not fixed yet. They still run and print; once one
/// passes, the suite fails so that its entry is removed here. None is left.
const KNOWN_INDEXER_BUGS: &[(&str, &str)] = &[];

/// Prints each failure and the totals; fails the test if any case failed, or a known bug passed.
fn report(results: &[(String, Result<(), String>)]) {
    let known = |name: &str| KNOWN_INDEXER_BUGS.iter().find(|(case, _)| *case == name);
    let mut failed = 0;
    let mut known_failures = 0;
    for (name, outcome) in results {
        match (outcome, known(name)) {
            (Err(reason), Some((_, bug))) => {
                known_failures += 1;
                eprintln!("KNOWN INDEXER BUG {name}: {reason} ({bug})");
            }
            (Err(reason), None) => {
                failed += 1;
                eprintln!("FAILED {name}: {reason}");
            }
            (Ok(()), Some(_)) => {
                failed += 1;
                eprintln!("FAILED {name}: passes now; remove it from KNOWN_INDEXER_BUGS");
            }
            (Ok(()), None) => {}
        }
    }
    let passed = results.len() - failed - known_failures;
    println!(
        "hostile inputs: {passed} passed, {failed} failed ({known_failures} known indexer bugs)"
    );
    assert!(
        failed == 0,
        "{failed} of {} hostile cases failed",
        results.len()
    );
}

/// The id of a document of the served index.
fn real_document_id(server: &Server) -> String {
    let Exchange::Answered(response) = exchange(
        server.address,
        &get_request(b"/api/v1/search?q=innovation", &[]),
    ) else {
        panic!("the server does not answer a plain search");
    };
    let body: serde_json::Value = serde_json::from_slice(&response.body).expect("search JSON");
    body["hits"][0]["doc_id"]
        .as_str()
        .expect("a hit with an id")
        .to_string()
}

#[test]
fn hostile_inputs_get_clear_refusals_and_nothing_breaks() {
    let mut server = Server::start();
    let before = security::snapshot(&server.index);
    let real_id = real_document_id(&server);
    let secrets = Secrets {
        paths: vec![
            server.root.to_string_lossy().into_owned(),
            oversight_test_support::repository()
                .to_string_lossy()
                .into_owned(),
        ],
    };
    let mut results = Vec::new();
    for case in http_cases::cases(&real_id) {
        let outcome = judge(
            &exchange(server.address, &case.request),
            case.expect,
            &secrets,
        );
        results.push((format!("http {}", case.name), outcome));
    }
    results.extend(security::run(&server, &real_id));
    results.extend(cli_cases::run());
    results.extend(file_cases::run());
    let still_running = server.is_running();
    results.push((
        "service still running after every case".into(),
        if still_running {
            Ok(())
        } else {
            Err("the service died".into())
        },
    ));
    let stderr = server.stderr();
    results.push((
        "service never panicked".into(),
        if stderr.contains("panicked") {
            Err(stderr.clone())
        } else {
            Ok(())
        },
    ));
    results.push((
        "security: no route wrote to the index folder".into(),
        security::unchanged(&before, &security::snapshot(&server.index)),
    ));
    report(&results);
}
