//! A misspelt word in the page: the corrected query is offered as a link, with the documents the
//! API's search for it finds, and following it searches for it.

use super::{click, in_browser, screenshot, text_of, wait_until};
use crate::support::{request, start_with, total_documents};

#[test]
fn a_misspelt_word_offers_the_corrected_search_as_a_link() {
    let server = start_with(&[]);
    let corrected =
        total_documents(&request("GET", &server.base, "/api/v1/search?q=victims").json());
    assert!(corrected > 1, "the corpus speaks of victims");
    in_browser(2, async |client, shots| {
        client
            .goto(&format!("{}/?q=vicitms", server.base))
            .await
            .expect("open the search");
        wait_until(
            client,
            "!document.getElementById('did-you-mean').hidden",
            "the correction",
        )
        .await;
        assert_eq!(text_of(client, "#did-you-mean-link").await, "victims");
        assert_eq!(
            text_of(client, "#did-you-mean").await,
            format!("Did you mean victims ({corrected} documents)?")
        );
        screenshot(client, shots, "did-you-mean-1-offered").await;
        click(client, "#did-you-mean-link").await;
        // The summary is written once the search is answered, so it says the answer came.
        wait_until(
            client,
            "new URLSearchParams(location.search).get('q') === 'victims' && document.getElementById('summary').textContent !== ''",
            "the corrected search",
        )
        .await;
        assert_eq!(
            text_of(client, "#summary").await.split(',').next(),
            Some(format!("{corrected} documents").as_str())
        );
        assert_eq!(
            super::script(client, "document.getElementById('did-you-mean').hidden").await,
            true
        );
        assert_eq!(
            super::script(client, "document.getElementById('q').value").await,
            "victims"
        );
        screenshot(client, shots, "did-you-mean-2-followed").await;
    });
}
