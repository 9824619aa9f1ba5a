//! The page's "Cite" controls, on the document view and on each passage, show the citation the
//! API gives (its text and its permanent link) and the link leads back to the passage.

use super::{click, in_browser, screenshot, text_of, wait_until};
use crate::support::{hits, request, start_with};

#[test]
fn the_cite_controls_show_the_api_citation_of_the_document_and_of_a_passage() {
    let server = start_with(&[]);
    let response = request(
        "GET",
        &server.base,
        "/api/v1/search?q=%22Operation+Devonport%22&per_page=1&passages=1",
    )
    .json();
    let hit = &hits(&response)[0];
    let doc_id = hit["doc_id"].as_str().expect("doc id").to_string();
    let ordinal = hit["passages"][0]["ordinal"].as_u64().expect("ordinal");
    let document = request("GET", &server.base, &format!("/api/v1/documents/{doc_id}")).json();
    let passage = request(
        "GET",
        &server.base,
        &format!("/api/v1/documents/{doc_id}/passages/{ordinal}"),
    )
    .json();
    let document_citation = document["citation"]["text"].as_str().expect("citation");
    let passage_citation = passage["citation"]["text"].as_str().expect("citation");
    let permalink = passage["citation"]["permalink"]
        .as_str()
        .expect("permalink");
    assert_ne!(document_citation, passage_citation);
    in_browser(1, async |client, shots| {
        client
            .goto(&format!("{}/documents/{doc_id}", server.base))
            .await
            .expect("document page");
        wait_until(
            client,
            "document.querySelectorAll('#passages .passage .cite').length > 0",
            "the passages",
        )
        .await;
        click(client, "#doc-cite .cite").await;
        wait_until(
            client,
            "document.querySelector('#doc-cite .citation-text')",
            "the citation",
        )
        .await;
        assert_eq!(
            text_of(client, "#doc-cite .citation-text").await,
            document_citation
        );
        let passage_control = format!("#p-{ordinal} .cite-control");
        click(client, &format!("{passage_control} .cite")).await;
        wait_until(
            client,
            &format!("document.querySelector('{passage_control} .citation-text')"),
            "the passage's citation",
        )
        .await;
        assert_eq!(
            text_of(client, &format!("{passage_control} .citation-text")).await,
            passage_citation
        );
        let link = text_of(client, &format!("{passage_control} .citation-link")).await;
        assert_eq!(link, format!("{}{permalink}", server.base));
        screenshot(client, shots, "citing-a-passage").await;
        client.goto(&link).await.expect("the permalink");
        wait_until(
            client,
            &format!("document.getElementById('p-{ordinal}')"),
            "the cited passage",
        )
        .await;
        let shown = text_of(client, &format!("#p-{ordinal} .text")).await;
        let expected = passage["text"].as_str().expect("text");
        let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(words(&shown), words(expected));
    });
}
