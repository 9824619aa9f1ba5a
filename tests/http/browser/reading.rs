//! Reading a document: on a phone nothing pushes the page sideways, and match navigation starts
//! at the passage a result led to.

use fantoccini::Client;
use serde_json::json;

use super::{click, in_browser, screenshot, script, text_of, wait_until};
use crate::support::{TestServer, hits, request, start_with};

/// An invented panel paper whose text holds the long unbroken words of real ones: a URL, an
/// e-mail address and a run-together address line.
const LONG_WORDS_DOCUMENT: &str = "Kent Police and Crime Panel\n\n4 March 2021\n\nItem 3: Publication of papers\n\nThe farthingale papers are published at https://www.kent-police-and-crime-commissioner.example.gov.uk/wp-content/uploads/2021/03/meeting-papers/panel-agenda-pack-appendix-b-financial-monitoring-quarter-three-final-version.pdf for anyone to read.\n\nQuestions about the farthingale papers go to correspondence.office.of.the.police.and.crime.commissioner.for.kent@kent-police-and-crime-panel.example.gov.uk before the meeting.\n\nThe Office of the Police and Crime Commissioner, Kent Police Headquarters, Sutton-Road-Maidstone-Kent-ME15-9BZ-United-Kingdom-Reception-Desk-Ground-Floor.\n";

const LONG_WORDS_MANIFEST: &str = "[[document]]\nfile = \"long-words.txt\"\nsource_url = \"https://www.kent-police-and-crime-commissioner.example.gov.uk/what-we-do/police-and-crime-panel/meeting-papers/2021/march/farthingale-papers-for-publication\"\n";

/// The id of the one document `query` finds.
fn only_document(server: &TestServer, query: &str) -> String {
    let response = request("GET", &server.base, &format!("/api/v1/search?q={query}")).json();
    let found = hits(&response);
    assert_eq!(found.len(), 1, "{response:#}");
    found[0]["doc_id"].as_str().expect("a doc_id").to_string()
}

/// Elements of the page wider than their box, as `selector: scrollWidth > clientWidth`.
async fn sideways(client: &Client) -> serde_json::Value {
    script(
        client,
        "['html', 'body', '#document-view', '#doc-meta', '.doc-body', '#doc-text', '#passages', '#search-view', '#results-main', '#results']
            .map(selector => [selector, document.querySelector(selector)])
            .filter(([, node]) => node && node.offsetParent !== null || node === document.documentElement || node === document.body)
            .filter(([, node]) => node.scrollWidth > node.clientWidth)
            .map(([selector, node]) => `${selector}: ${node.scrollWidth} > ${node.clientWidth}`)",
    )
    .await
}

#[test]
fn a_document_with_long_addresses_never_scrolls_sideways_on_a_phone() {
    let server = start_with(&[
        ("long-words.txt", LONG_WORDS_DOCUMENT),
        ("manifest.toml", LONG_WORDS_MANIFEST),
    ]);
    let doc_id = only_document(&server, "farthingale");
    in_browser(3, async |client, shots| {
        client.set_window_size(390, 844).await.expect("phone size");
        client
            .goto(&format!("{}/?q=farthingale", server.base))
            .await
            .expect("search");
        wait_until(
            client,
            "document.querySelectorAll('#results .hit').length === 1",
            "the result",
        )
        .await;
        assert_eq!(sideways(client).await, json!([]), "the results page");
        client
            .goto(&format!(
                "{}/documents/{doc_id}?q=farthingale#p-1",
                server.base
            ))
            .await
            .expect("document page");
        wait_until(
            client,
            "document.querySelectorAll('#passages .passage').length > 1 && document.querySelector('#doc-meta a[href^=\"https://\"]') !== null",
            "the document and its published address",
        )
        .await;
        let text = text_of(client, "#document-view").await;
        assert!(
            text.contains("@kent-police-and-crime-panel.example.gov.uk")
                && text.contains("farthingale-papers-for-publication"),
            "the long words are on the page: {text}"
        );
        let widths = script(
            client,
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]",
        )
        .await;
        assert_eq!(widths[0], widths[1], "the page scrolls sideways: {widths}");
        assert_eq!(sideways(client).await, json!([]), "the document view");
        client
            .execute("window.scrollTo(0, 0);", vec![])
            .await
            .expect("scroll");
        screenshot(client, shots, "reading-phone-document").await;
        client
            .execute("window.scrollTo(0, document.body.scrollHeight);", vec![])
            .await
            .expect("scroll");
        screenshot(client, shots, "reading-phone-document-text").await;
        client
            .set_window_size(1280, 1000)
            .await
            .expect("desktop size");
        assert_eq!(sideways(client).await, json!([]), "the desktop view");
        client
            .execute("window.scrollTo(0, 0);", vec![])
            .await
            .expect("scroll");
        screenshot(client, shots, "reading-desktop-document").await;
    });
}

/// The ordinal in `#p-N`.
fn ordinal(href: &str) -> u64 {
    href.rsplit_once("#p-")
        .and_then(|(_, ordinal)| ordinal.parse().ok())
        .unwrap_or_else(|| panic!("no passage in {href}"))
}

/// The match the page marks as current: its number in "Match k of N" and its passage's ordinal.
async fn current_match(client: &Client) -> (u64, u64) {
    let count = text_of(client, "#match-count").await;
    let number = count
        .strip_prefix("Match ")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|number| number.parse().ok())
        .unwrap_or_else(|| panic!("no current match in {count:?}"));
    let passage = script(
        client,
        "document.querySelector('mark.current').closest('.passage').id",
    )
    .await;
    (
        number,
        ordinal(&format!("#{}", passage.as_str().unwrap_or(""))),
    )
}

#[test]
fn next_and_previous_match_start_at_the_passage_a_result_leads_to() {
    let server = start_with(&[]);
    in_browser(1, async |client, shots| {
        client
            .goto(&format!(
                "{}/?q=commissioner&force=warwickshire",
                server.base
            ))
            .await
            .expect("search");
        wait_until(
            client,
            "document.querySelectorAll('#results .hit .passages a').length > 1",
            "a result with several passages",
        )
        .await;
        let links = script(
            client,
            "Array.from(document.querySelectorAll('#results .hit .passages a')).map(a => a.getAttribute('href'))",
        )
        .await;
        let last = links
            .as_array()
            .expect("links")
            .iter()
            .filter_map(|href| href.as_str())
            .max_by_key(|href| ordinal(href))
            .expect("a passage link")
            .to_string();
        let arrived = ordinal(&last);
        client
            .execute(
                "Array.from(document.querySelectorAll('#results .hit .passages a')).find(a => a.getAttribute('href') === arguments[0]).click();",
                vec![json!(last)],
            )
            .await
            .expect("follow the link");
        wait_until(
            client,
            &format!("document.getElementById('p-{arrived}') !== null && document.querySelectorAll('#passages mark').length > 0"),
            "the document at the passage",
        )
        .await;
        click(client, "#next-match").await;
        wait_until(
            client,
            "document.querySelector('#match-count').textContent.startsWith('Match ')",
            "a current match",
        )
        .await;
        let (number, passage) = current_match(client).await;
        assert_eq!(
            passage, arrived,
            "Next goes to the first match of the passage arrived at"
        );
        assert!(
            number > 1,
            "the passage's match is not the document's first: {number}"
        );
        screenshot(client, shots, "reading-next-from-passage").await;
        click(client, "#prev-match").await;
        wait_until(
            client,
            &format!(
                "document.querySelector('#match-count').textContent.startsWith('Match {} of')",
                number - 1
            ),
            "the match before",
        )
        .await;
        let (_, before) = current_match(client).await;
        assert!(before < arrived, "{before} is before {arrived}");
        click(client, "#next-match").await;
        click(client, "#next-match").await;
        wait_until(
            client,
            &format!(
                "document.querySelector('#match-count').textContent.startsWith('Match {} of')",
                number + 1
            ),
            "the match after",
        )
        .await;
        client
            .execute(
                "document.querySelector('#outline a[href=\"#p-0\"]').click();",
                vec![],
            )
            .await
            .expect("the outline's first entry");
        wait_until(
            client,
            "location.hash === '#p-0' && document.querySelector('mark.current') === null",
            "navigation to start again at the first passage",
        )
        .await;
        click(client, "#next-match").await;
        wait_until(
            client,
            "document.querySelector('#match-count').textContent.startsWith('Match 1 of')",
            "the first match, from the top of the outline",
        )
        .await;
    });
}
