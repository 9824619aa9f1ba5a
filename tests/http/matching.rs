//! What a query means: words anywhere in a document (or, with `scope=passage`, in one passage),
//! ranked by how close they meet; the document's labels searched as its words; a colon that names
//! no field read as text; national documents as a force value; the themes of whole items.

use serde_json::Value;

use crate::support::{facet, facet_count, get, get_ok, hits, total_documents};

const WARWICKSHIRE_PACK: &str = "Warwickshire Police and Crime Panel";

fn titles(response: &Value) -> Vec<String> {
    hits(response)
        .iter()
        .map(|hit| hit["title"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn finds_the_pack(response: &Value) -> bool {
    titles(response)
        .iter()
        .any(|title| title.contains(WARWICKSHIRE_PACK))
}

#[test]
fn words_in_different_passages_of_a_document_find_it() {
    let passage = get_ok("/api/v1/search?q=victims+custody&scope=passage");
    let document = get_ok("/api/v1/search?q=victims+custody");
    assert!(!finds_the_pack(&passage), "{:?}", titles(&passage));
    assert!(finds_the_pack(&document), "{:?}", titles(&document));
    assert!(total_documents(&document) > total_documents(&passage));
    assert_eq!(document["interpretation"]["scope"], "document");
    assert_eq!(passage["interpretation"]["scope"], "passage");
    // The pack's passages are the ones holding a word, each word's best among the first.
    let pack = hits(&document)
        .iter()
        .find(|hit| {
            hit["title"]
                .as_str()
                .unwrap_or_default()
                .contains(WARWICKSHIRE_PACK)
        })
        .expect("the pack");
    let snippets: Vec<&str> = pack["passages"]
        .as_array()
        .expect("passages")
        .iter()
        .filter_map(|passage| passage["snippet"].as_str())
        .collect();
    for word in ["<mark>victim", "<mark>custody"] {
        assert!(
            snippets
                .iter()
                .any(|snippet| snippet.to_lowercase().contains(&word.to_lowercase())),
            "{word} in {snippets:?}"
        );
    }
}

#[test]
fn documents_where_the_words_meet_in_a_passage_rank_first() {
    let passage = get_ok("/api/v1/search?q=victims+custody&scope=passage&per_page=100");
    let document = get_ok("/api/v1/search?q=victims+custody&per_page=100");
    let together = titles(&passage);
    let ranked = titles(&document);
    // Every document where the words meet in one passage comes before any where they do not.
    assert!(
        !together.is_empty() && ranked.len() > together.len(),
        "{ranked:?}"
    );
    for title in &together {
        let position = ranked.iter().position(|found| found == title).expect(title);
        assert!(
            position < together.len(),
            "{title} at {position} in {ranked:?}"
        );
    }
}

#[test]
fn an_unknown_scope_is_refused() {
    let reply = get("/api/v1/search?q=victims&scope=sentence");
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert!(
        reply.json()["error"]["message"]
            .as_str()
            .is_some_and(|message| message.contains("scope")),
        "{}",
        reply.body
    );
}

#[test]
fn the_force_name_and_the_subtype_label_are_searchable() {
    // No bundled text says "report to a panel": it is the label of the Devon and Cornwall
    // update's subtype.
    let by_label = get_ok("/api/v1/search?q=%22report+to+a+panel%22");
    assert_eq!(total_documents(&by_label), 1, "{:?}", titles(&by_label));
    assert_eq!(hits(&by_label)[0]["force"], "devon-and-cornwall");
    assert_eq!(hits(&by_label)[0]["subtype"], "report/update");
    // A force's alias with a word of the text finds the force's document.
    let by_alias =
        get_ok("/api/v1/search?q=%22Warwickshire+Police+and+Crime+Commissioner%22+Devonport");
    assert!(finds_the_pack(&by_alias), "{:?}", titles(&by_alias));
}

#[test]
fn a_word_before_a_colon_that_names_no_field_is_a_word() {
    for (with_colon, without) in [
        ("Re:+precept", "re+precept"),
        ("Summary:+victims", "summary+victims"),
        ("Note:+custody", "note+custody"),
    ] {
        let colon = get_ok(&format!("/api/v1/search?q={with_colon}&per_page=100"));
        let words = get_ok(&format!("/api/v1/search?q={without}&per_page=100"));
        assert!(total_documents(&colon) > 0, "{with_colon}");
        assert_eq!(titles(&colon), titles(&words), "{with_colon}");
        let read = colon["interpretation"]["colons_read_as_text"]
            .as_array()
            .expect("colons_read_as_text");
        assert_eq!(read.len(), 1, "{with_colon}: {read:?}");
        assert!(
            words["interpretation"]["colons_read_as_text"]
                .as_array()
                .is_some_and(Vec::is_empty)
        );
    }
}

#[test]
fn national_documents_are_a_force_value_and_the_force_facet_adds_up() {
    let all = get_ok("/api/v1/search");
    let forces = facet(&all, "force");
    let sum: u64 = forces.iter().map(|(_, count)| count).sum();
    assert_eq!(sum, total_documents(&all), "{forces:?}");
    let national = facet_count(&all, "force", "national").expect("a national value");
    assert!(national > 0);
    let label = all["facets"]["force"]
        .as_array()
        .and_then(|values| values.iter().find(|value| value["value"] == "national"))
        .map(|value| value["label"].clone());
    assert_eq!(label, Some(Value::from("National (no force)")));
    let filtered = get_ok("/api/v1/search?force=national");
    assert_eq!(total_documents(&filtered), national);
    assert!(hits(&filtered).iter().all(|hit| hit["force"].is_null()));
    let queried = get_ok("/api/v1/search?q=force%3Anational");
    let sorted = |response: &Value| {
        let mut titles = titles(response);
        titles.sort();
        titles
    };
    assert_eq!(sorted(&queried), sorted(&filtered));
    assert_eq!(total_documents(&queried), national);
}

#[test]
fn a_document_with_an_item_on_a_theme_carries_the_theme() {
    let custody = get_ok("/api/v1/search?theme=custody");
    assert!(finds_the_pack(&custody), "{:?}", titles(&custody));
}
