//! The response cache: a repeated search is answered from it, a newly published generation is not
//! answered from an entry of the previous one, and a capacity of 0 keeps nothing.

use std::time::Duration;

use serde_json::Value;

use crate::support::{TestServer, index, request, start, start_with_cache, wait_until};

const NEW_DOCUMENT: &str = "Zanzibar Police and Crime Panel\n\n3 March 2021\n\nA meeting of the Panel will be held.\n\n1. Apologies\n\nThe quokka initiative was discussed at length by the Panel.\n";

/// The value of `search_cache_lookups_total{result="RESULT"}`, if the metric exists.
fn lookups(server: &TestServer, result: &str) -> Option<u64> {
    let metrics = request("GET", &server.base, "/metrics");
    assert_eq!(metrics.status, 200);
    let prefix = format!(r#"search_cache_lookups_total{{result="{result}"}} "#);
    metrics
        .body
        .lines()
        .find_map(|line| line.strip_prefix(&prefix))
        .map(|value| value.trim().parse().expect("a count"))
}

/// A search response without its timing, which differs between a computed and a cached answer.
fn answer(server: &TestServer, path_and_query: &str) -> Value {
    let reply = request("GET", &server.base, path_and_query);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let mut json = reply.json();
    json.as_object_mut().expect("an object").remove("took_ms");
    json
}

#[test]
fn a_repeated_search_is_answered_from_the_cache() {
    let server = start();
    let query = "/api/v1/search?q=police&per_page=3&passages=2";
    let first = answer(&server, query);
    assert_eq!(lookups(&server, "miss"), Some(1));
    assert_eq!(lookups(&server, "hit"), None);
    let second = answer(&server, query);
    assert_eq!(lookups(&server, "hit"), Some(1));
    assert_eq!(first, second);
    answer(&server, "/api/v1/facets?q=police&per_page=3&passages=2");
    assert_eq!(
        lookups(&server, "miss"),
        Some(2),
        "facets are not answered from a search entry"
    );
}

#[test]
fn a_new_generation_is_not_answered_from_an_entry_of_the_old_one() {
    let server = start();
    let query = "/api/v1/search?q=quokka";
    assert_eq!(answer(&server, query)["total_documents"], 0);
    assert_eq!(answer(&server, query)["total_documents"], 0);
    assert_eq!(lookups(&server, "hit"), Some(1));

    std::fs::write(server.corpus.join("zanzibar.txt"), NEW_DOCUMENT).expect("write");
    let rebuild = index(&server.corpus, &server.index, true);
    assert!(rebuild.rebuilt);
    wait_until(Duration::from_secs(30), "the new generation", || {
        request("GET", &server.base, "/healthz").json()["generation"] == rebuild.generation.as_str()
    });
    assert_eq!(answer(&server, query)["total_documents"], 1);
    assert_eq!(lookups(&server, "hit"), Some(1));
}

#[test]
fn a_cache_of_zero_entries_keeps_nothing() {
    let server = start_with_cache(0);
    let query = "/api/v1/search?q=police&per_page=3";
    let first = answer(&server, query);
    let second = answer(&server, query);
    assert_eq!(first, second);
    assert_eq!(lookups(&server, "hit"), None);
    assert_eq!(lookups(&server, "miss"), None);
}
