//! The concordance view: reached from a search, a key-word-in-context table of exactly the
//! mentions the API lists (the left context right-aligned against the match column), sorted by
//! clicking a column's header, each mention a link to its passage.

use fantoccini::Client;
use serde_json::{Value, json};

use super::{click, in_browser, screenshot, script, wait_until};
use crate::support::{request, start_with};

/// What the table shows, row by row: before, match, after.
async fn shown_rows(client: &Client) -> Value {
    script(
        client,
        "Array.from(document.querySelectorAll('#kwic-rows tr')).map(tr => ['left', 'match', 'right'].map(name => tr.querySelector('td.' + name).textContent))",
    )
    .await
}

fn api_rows(response: &Value) -> Value {
    Value::Array(
        response["mentions"]
            .as_array()
            .expect("mentions")
            .iter()
            .map(|row| json!([row["left"], row["match"], row["right"]]))
            .collect(),
    )
}

#[test]
fn the_mentions_of_a_search_in_context_sort_by_column_and_link_to_their_passages() {
    let server = start_with(&[]);
    let api = |order: &str| {
        request(
            "GET",
            &server.base,
            &format!("/api/v1/concordance?q=PCC&sort={order}&limit=100"),
        )
        .json()
    };
    let by_date = api("date");
    let by_left = api("left");
    let total = by_date["total_mentions"].as_u64().expect("a total");
    assert!(
        total > 100,
        "PCC needs more than a page of mentions: {total}"
    );
    in_browser(2, async |client, shots| {
        client
            .goto(&format!("{}/?q=PCC", server.base))
            .await
            .expect("search page");
        wait_until(
            client,
            "!document.querySelector('#concordance-link').hidden",
            "the link to the concordance",
        )
        .await;
        click(client, "#concordance-link").await;
        wait_until(
            client,
            "location.pathname === '/concordance' && document.querySelectorAll('#kwic-rows tr').length > 0",
            "the concordance",
        )
        .await;
        assert_eq!(shown_rows(client).await, api_rows(&by_date));
        let summary = script(
            client,
            "document.querySelector('#concordance-summary').textContent",
        )
        .await;
        assert!(
            summary
                .as_str()
                .is_some_and(|text| text.starts_with(&format!("{total} mentions in "))),
            "{summary}"
        );
        // The left contexts end where the match column begins, on its line: right-aligned, whatever
        // their length.
        let edges = script(
            client,
            "Array.from(document.querySelectorAll('#kwic-rows tr')).filter(tr => tr.querySelector('td.left').textContent).map(tr => {
                const cell = tr.querySelector('td.left');
                const range = document.createRange();
                range.selectNodeContents(cell);
                const rects = Array.from(range.getClientRects());
                const last = rects[rects.length - 1];
                const mark = tr.querySelector('td.match mark').getBoundingClientRect();
                return [Math.round(last.right), Math.round(tr.querySelector('td.match').getBoundingClientRect().left), getComputedStyle(cell).textAlign, new Set(rects.map(rect => Math.round(rect.top))).size, Math.round(Math.abs(last.top - mark.top))];
            })",
        )
        .await;
        let edges = edges.as_array().expect("rows");
        assert!(edges.len() > 10, "{edges:?}");
        for edge in edges {
            assert_eq!(edge[2], "right", "{edge}");
            assert_eq!(edge[3], 1, "one line of left context: {edge}");
            assert!(
                edge[4].as_i64().is_some_and(|off| off <= 4),
                "on the match's line: {edge}"
            );
            let gap = edge[1].as_i64().unwrap_or(0) - edge[0].as_i64().unwrap_or(0);
            assert!(
                (0..=12).contains(&gap),
                "the left context ends {gap}px from the match: {edge}"
            );
        }
        let csv = script(
            client,
            "document.querySelector('#concordance-csv').getAttribute('href')",
        )
        .await;
        assert!(
            csv.as_str()
                .is_some_and(|href| href.contains("format=csv") && href.contains("q=PCC")),
            "{csv}"
        );
        screenshot(client, shots, "concordance-by-date").await;

        click(client, "th.left button").await;
        wait_until(
            client,
            "location.search.includes('order=left')",
            "the order in the URL",
        )
        .await;
        wait_until(
            client,
            "document.querySelector('th.left').getAttribute('aria-sort') === 'ascending'",
            "the sorted column marked",
        )
        .await;
        let expected = api_rows(&by_left);
        let mut shown = shown_rows(client).await;
        for _ in 0..100 {
            if shown == expected {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            shown = shown_rows(client).await;
        }
        assert_eq!(shown, expected, "sorted by the words before the match");

        click(client, "#concordance-more").await;
        wait_until(
            client,
            &format!(
                "document.querySelectorAll('#kwic-rows tr').length === {}",
                total.min(200)
            ),
            "the next page appended",
        )
        .await;
        screenshot(client, shots, "concordance-by-left").await;

        let first = &by_left["mentions"][0];
        click(client, "#kwic-rows tr td.match a").await;
        wait_until(
            client,
            &format!(
                "location.pathname === '/documents/{}' && location.hash === '#p-{}' && document.querySelectorAll('#passages mark').length > 0",
                first["doc_id"].as_str().unwrap_or_default(),
                first["ordinal"]
            ),
            "the passage of the first mention",
        )
        .await;
        client.back().await.expect("back");
        wait_until(
            client,
            "location.pathname === '/concordance' && !document.querySelector('#concordance-view').hidden && document.querySelectorAll('#kwic-rows tr').length >= 100",
            "the concordance again",
        )
        .await;
        // Restored from the back-forward cache (both pages) or loaded anew (the first).
        let again = shown_rows(client).await;
        let first_page = again.as_array().map(|rows| rows[..100].to_vec());
        assert_eq!(first_page.map(Value::Array), Some(api_rows(&by_left)));
    });
}
