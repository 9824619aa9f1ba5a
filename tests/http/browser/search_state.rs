//! The search as the page keeps it: back from a document to the same search, filters typed in
//! the query shown as ticked boxes and listed with a way to clear them, the order actually used,
//! and a page past the end.

use fantoccini::{Client, Locator};
use serde_json::json;

use super::{click, in_browser, screenshot, script, text_of, wait_until};
use crate::support::{TestServer, start_with};

/// Invented Kent panel papers on one scheme, one a day, enough for two pages of results.
fn lamplighter_papers() -> Vec<(String, String)> {
    (1..=12)
        .map(|day| {
            (
                format!("lamplighter-{day:02}.txt"),
                format!(
                    "Kent Police and Crime Panel\n\n{day} March 2019\n\nItem {day}: The lamplighter scheme\n\nThe panel heard report number {day} on the lamplighter scheme in ward {day}.\n"
                ),
            )
        })
        .collect()
}

fn server_with_lamplighter_papers() -> TestServer {
    let papers = lamplighter_papers();
    let files: Vec<(&str, &str)> = papers
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_str()))
        .collect();
    start_with(&files)
}

/// The page's URL parameters, sorted, as `name=value` strings.
async fn url_parameters(client: &Client) -> serde_json::Value {
    script(
        client,
        "Array.from(new URLSearchParams(location.search)).map(([name, value]) => `${name}=${value}`).sort()",
    )
    .await
}

#[test]
fn back_to_results_keeps_the_query_filters_sort_and_page() {
    let server = server_with_lamplighter_papers();
    in_browser(1, async |client, shots| {
        client
            .goto(&format!(
                "{}/?q=lamplighter&force=kent&sort=date&page=2",
                server.base
            ))
            .await
            .expect("page 2 of a search");
        wait_until(
            client,
            "document.querySelectorAll('#results .hit').length === 2",
            "the second page",
        )
        .await;
        let search = url_parameters(client).await;
        let first_on_page = text_of(client, "#results .hit h3").await;
        click(client, "#results .hit .passages a").await;
        wait_until(
            client,
            "location.pathname.startsWith('/documents/') && document.querySelectorAll('#passages .passage').length > 0",
            "the document",
        )
        .await;
        click(client, "#back-link").await;
        wait_until(
            client,
            "location.pathname === '/' && document.querySelectorAll('#results .hit').length > 0",
            "the results again",
        )
        .await;
        assert_eq!(url_parameters(client).await, search, "the same search");
        assert_eq!(
            script(
                client,
                "[document.getElementById('q').value, document.getElementById('sort').value, document.getElementById('force-kent').checked]"
            )
            .await,
            json!(["lamplighter", "date", true])
        );
        assert!(text_of(client, "#pager").await.contains("Page 2 of 2"));
        assert_eq!(text_of(client, "#results .hit h3").await, first_on_page);
        screenshot(client, shots, "state-back-to-results").await;
    });
}

#[test]
fn a_filter_typed_in_the_query_ticks_its_box_and_filters_can_be_cleared() {
    let server = start_with(&[]);
    in_browser(2, async |client, shots| {
        client
            .goto(&format!("{}/", server.base))
            .await
            .expect("home page");
        wait_until(
            client,
            "document.querySelectorAll('#results .hit').length > 1",
            "the browse results",
        )
        .await;
        let input = client.find(Locator::Id("q")).await.expect("search box");
        input
            .send_keys("force:warwickshire police")
            .await
            .expect("type");
        click(client, "#search-form button").await;
        wait_until(
            client,
            "document.getElementById('force-warwickshire') && document.getElementById('force-warwickshire').checked",
            "the force's box ticked",
        )
        .await;
        assert_eq!(
            url_parameters(client).await,
            json!(["force=warwickshire", "q=police"])
        );
        let active = text_of(client, "#active-filters").await;
        assert!(
            active.contains("Force: Warwickshire Police") && !active.contains("warwickshire"),
            "{active}"
        );
        assert!(
            text_of(client, "#summary").await.starts_with("1 document,"),
            "the search still finds the force's documents only"
        );
        screenshot(client, shots, "state-filter-from-query").await;
        client
            .goto(&format!(
                "{}/?q=year%3A%5B2014+TO+2017%5D+police&type=minutes",
                server.base
            ))
            .await
            .expect("a range typed in a shared URL");
        wait_until(
            client,
            "document.getElementById('year-from').value === '2014'",
            "the range in the year boxes",
        )
        .await;
        assert_eq!(
            url_parameters(client).await,
            json!(["q=police", "type=minutes", "year_from=2014", "year_to=2017"])
        );
        let active = script(
            client,
            "Array.from(document.querySelectorAll('#active-list button')).map(b => b.textContent)",
        )
        .await;
        assert_eq!(
            active,
            json!(["Document type: Minutes ×", "Years: 2014–2017 ×"])
        );
        click(client, "#clear-filters").await;
        wait_until(
            client,
            "location.search === '?q=police' && document.getElementById('active-filters').hidden",
            "the filters cleared",
        )
        .await;
        wait_until(
            client,
            "document.querySelectorAll('.filters input[type=checkbox]:checked').length === 0 && document.getElementById('year-from').value === ''",
            "no box ticked",
        )
        .await;
        client
            .goto(&format!("{}/?q=police+force%3Awarwickshire", server.base))
            .await
            .expect("a force in a shared query");
        wait_until(
            client,
            "document.getElementById('force-warwickshire') && document.getElementById('force-warwickshire').checked",
            "the force's box ticked",
        )
        .await;
        click(client, "#active-list button").await;
        wait_until(
            client,
            "location.search === '?q=police' && document.querySelectorAll('#results .hit').length > 1",
            "the filter removed",
        )
        .await;
        screenshot(client, shots, "state-filters-cleared").await;
    });
}

#[test]
fn the_sort_control_shows_the_order_used_and_a_page_past_the_end_links_back() {
    let server = server_with_lamplighter_papers();
    in_browser(2, async |client, shots| {
        client
            .goto(&format!("{}/", server.base))
            .await
            .expect("browse");
        wait_until(
            client,
            "document.querySelectorAll('#results .hit').length > 0",
            "the browse results",
        )
        .await;
        assert_eq!(
            script(
                client,
                "[document.getElementById('sort').value, document.querySelector('#sort option[value=relevance]').disabled]"
            )
            .await,
            json!(["-date", true]),
            "browsing is newest first, and says so"
        );
        client
            .goto(&format!("{}/?q=lamplighter", server.base))
            .await
            .expect("a search");
        wait_until(
            client,
            "document.querySelectorAll('#results .hit').length > 0",
            "the results",
        )
        .await;
        assert_eq!(
            script(
                client,
                "[document.getElementById('sort').value, document.querySelector('#sort option[value=relevance]').disabled]"
            )
            .await,
            json!(["relevance", false])
        );
        client
            .goto(&format!("{}/?q=lamplighter&page=5", server.base))
            .await
            .expect("a page past the end");
        wait_until(
            client,
            "!document.getElementById('empty').hidden",
            "the past-the-end notice",
        )
        .await;
        let notice = text_of(client, "#empty").await;
        assert!(
            notice.contains("Page 5 is past the end") && notice.contains("2 pages"),
            "{notice}"
        );
        screenshot(client, shots, "state-past-the-end").await;
        click(client, "#last-page").await;
        wait_until(
            client,
            "document.querySelectorAll('#results .hit').length === 2",
            "the last page",
        )
        .await;
        assert!(text_of(client, "#pager").await.contains("Page 2 of 2"));
        assert_eq!(
            url_parameters(client).await,
            json!(["page=2", "q=lamplighter"])
        );
        screenshot(client, shots, "state-last-page").await;
    });
}

#[test]
fn the_one_passage_box_requires_every_word_in_one_passage() {
    let server = crate::support::start();
    in_browser(1, async |client, shots| {
        client
            .goto(&format!("{}/?q=victims+custody", server.base))
            .await
            .expect("a search");
        wait_until(
            client,
            "document.querySelectorAll('#results .hit').length > 0",
            "the results",
        )
        .await;
        let anywhere = text_of(client, "#summary").await;
        assert_eq!(
            script(client, "document.getElementById('one-passage').checked").await,
            json!(false)
        );
        click(client, "#one-passage").await;
        wait_until(
            client,
            "new URLSearchParams(location.search).get('scope') === 'passage'",
            "the passage scope in the URL",
        )
        .await;
        wait_until(
            client,
            &format!(
                "document.getElementById('summary').textContent !== {}",
                json!(anywhere)
            ),
            "the results in one passage",
        )
        .await;
        screenshot(client, shots, "one-passage").await;
        let in_one = text_of(client, "#summary").await;
        let documents = |summary: &str| {
            summary
                .split_whitespace()
                .next()
                .and_then(|count| count.parse::<u64>().ok())
                .unwrap_or_else(|| panic!("a count in {summary:?}"))
        };
        assert!(
            documents(&in_one) < documents(&anywhere),
            "{in_one} / {anywhere}"
        );
        assert_eq!(
            script(client, "document.getElementById('one-passage').checked").await,
            json!(true)
        );
    });
}
