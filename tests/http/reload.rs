//! A newly published index is picked up under traffic without failing a request.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::support::{index, request, start};

const NEW_DOCUMENT: &str = "Zanzibar Police and Crime Panel\n\n3 March 2021\n\nA meeting of the Panel will be held.\n\n1. Apologies\n\nThe quokka initiative was discussed at length by the Panel.\n";

fn wait_for(base: &str, query: &str, expected: u64) -> bool {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        let reply = request("GET", base, query);
        if reply.status == 200 && reply.json()["total_documents"].as_u64() == Some(expected) {
            return true;
        }
        std::thread::yield_now();
    }
    false
}

#[test]
fn commits_and_new_generations_are_served_without_a_failed_request() {
    let server = start();
    let base = server.base.clone();
    let stop = Arc::new(AtomicBool::new(false));
    let sent = Arc::new(AtomicUsize::new(0));
    let failures = Arc::new(std::sync::Mutex::new(Vec::new()));
    let traffic = {
        let (stop, sent, failures, base) = (
            Arc::clone(&stop),
            Arc::clone(&sent),
            Arc::clone(&failures),
            base.clone(),
        );
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let reply = request("GET", &base, "/api/v1/search?q=police&passages=2");
                sent.fetch_add(1, Ordering::Relaxed);
                if reply.status != 200 {
                    failures
                        .lock()
                        .expect("lock")
                        .push(format!("{}: {}", reply.status, reply.body));
                }
            }
        })
    };

    std::fs::write(server.corpus.join("zanzibar.txt"), NEW_DOCUMENT).expect("write");
    let update = index(&server.corpus, &server.index, false);
    assert!(update.committed && !update.rebuilt);
    assert!(
        wait_for(&base, "/api/v1/search?q=quokka", 1),
        "the commit was not picked up"
    );

    let rebuild = index(&server.corpus, &server.index, true);
    assert!(rebuild.rebuilt);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let health = request("GET", &base, "/healthz").json();
        if health["generation"] == rebuild.generation.as_str() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the new generation was not picked up"
        );
        std::thread::yield_now();
    }
    assert!(wait_for(&base, "/api/v1/search?q=quokka", 1));

    stop.store(true, Ordering::Relaxed);
    traffic.join().expect("traffic thread");
    let failures = failures.lock().expect("lock");
    assert!(
        failures.is_empty(),
        "{} of {} requests failed: {:?}",
        failures.len(),
        sent.load(Ordering::Relaxed),
        failures.first()
    );
    assert!(
        sent.load(Ordering::Relaxed) > 10,
        "too little traffic to prove anything"
    );
}
