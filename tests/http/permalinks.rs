//! Passage links (a document id and an ordinal) hold across re-indexing: after another file is
//! added and indexed, and after a rebuild, every link noted before gives the same passage and the
//! same citation.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::support::{index, request, start};

/// A file that sorts before every seed, so that a change of order would show.
const NEW_DOCUMENT: &str = "Zanzibar Police and Crime Panel\n\n3 March 2021\n\n1. Apologies\n\nThe wombat initiative was discussed by the Panel.\n\n2. Minutes\n\nThe minutes were agreed.\n";

/// Every passage link the server answers (`/api/v1/documents/{id}/passages/{n}`) with the
/// passage's text and citation.
fn passages(base: &str) -> BTreeMap<String, (String, String)> {
    let browse = request("GET", base, "/api/v1/search?q=&per_page=100&passages=0").json();
    let mut passages = BTreeMap::new();
    for hit in browse["hits"].as_array().expect("hits") {
        let doc_id = hit["doc_id"].as_str().expect("doc id");
        let view = request("GET", base, &format!("/api/v1/documents/{doc_id}")).json();
        for entry in view["outline"].as_array().expect("outline") {
            let link = format!("/api/v1/documents/{doc_id}/passages/{}", entry["ordinal"]);
            let passage = request("GET", base, &link).json();
            let text = passage["text"].as_str().expect("text").to_string();
            let citation = passage["citation"].to_string();
            passages.insert(link, (text, citation));
        }
    }
    passages
}

fn wait_until_served(base: &str, what: impl Fn(&str) -> bool, why: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !what(base) {
        assert!(Instant::now() < deadline, "{why}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn finds_the_new_document(base: &str) -> bool {
    request("GET", base, "/api/v1/search?q=wombat").json()["total_documents"].as_u64() == Some(1)
}

#[test]
fn passage_links_give_the_same_passage_after_an_update_and_a_rebuild() {
    let server = start();
    let base = server.base.clone();
    let before = passages(&base);
    assert!(before.len() > 10, "too few passages to prove anything");

    std::fs::write(server.corpus.join("000_zanzibar.txt"), NEW_DOCUMENT).expect("write");
    let update = index(&server.corpus, &server.index, false);
    assert!(update.committed && !update.rebuilt);
    wait_until_served(
        &base,
        finds_the_new_document,
        "the update was not picked up",
    );
    let updated = passages(&base);
    assert!(
        updated.len() > before.len(),
        "the new document's passages are missing"
    );
    for (link, passage) in &before {
        assert_eq!(updated.get(link), Some(passage), "{link} after the update");
    }

    let rebuild = index(&server.corpus, &server.index, true);
    assert!(rebuild.rebuilt);
    let generation = rebuild.generation.clone();
    wait_until_served(
        &base,
        |base| request("GET", base, "/healthz").json()["generation"] == generation.as_str(),
        "the rebuild was not picked up",
    );
    let rebuilt = passages(&base);
    assert_eq!(rebuilt, updated, "links changed in the rebuild");
}
