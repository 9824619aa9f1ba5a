//! The Trends view: opened from a search, a chart per query whose bars are the years and counts
//! the API gives (empty years included), per 100 documents at a toggle, a table of the same
//! numbers, another query added from the page, and a CSV link to the same data.

use fantoccini::Locator;
use serde_json::{Value, json};

use super::{in_browser, screenshot, script, wait_until};
use crate::support::{request, start_with};

/// Each series' (year, shown value) pairs, the value as the page writes it: documents, or per
/// 100 documents to one decimal.
fn expected_bars(answer: &Value, per_100: bool) -> Value {
    let series = answer["series"].as_array().expect("series");
    json!(
        series
            .iter()
            .map(|series| {
                series["buckets"]
                    .as_array()
                    .expect("buckets")
                    .iter()
                    .map(|bucket| {
                        let value = if per_100 {
                            format!(
                                "{:.1}",
                                bucket["per_100_documents"].as_f64().expect("share")
                            )
                        } else {
                            bucket["documents"].to_string()
                        };
                        json!([bucket["value"], value])
                    })
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
    )
}

const BARS: &str = "Array.from(document.querySelectorAll('#trend-charts .trend-chart')).map(chart => Array.from(chart.querySelectorAll('li')).map(li => [li.getAttribute('data-year'), li.getAttribute('data-value')]))";

#[test]
fn the_trends_view_charts_the_years_and_counts_the_api_gives() {
    let server = start_with(&[]);
    let one = request("GET", &server.base, "/api/v1/trends?q=victims").json();
    let two = request("GET", &server.base, "/api/v1/trends?q=victims&q=naloxone").json();
    let buckets = one["series"][0]["buckets"].as_array().expect("buckets");
    assert!(
        buckets.iter().any(|bucket| bucket["all_documents"] == 0),
        "the corpus has an empty year between two with documents: {one}"
    );
    in_browser(2, async |client, shots| {
        client
            .goto(&format!("{}/?q=victims", server.base))
            .await
            .expect("search");
        wait_until(
            client,
            "document.querySelectorAll('#results .hit').length > 0",
            "results",
        )
        .await;
        client
            .find(Locator::Id("trends-link"))
            .await
            .expect("a Trends link")
            .click()
            .await
            .expect("open trends");
        wait_until(
            client,
            "document.querySelectorAll('#trend-charts li').length > 0",
            "the chart",
        )
        .await;
        assert_eq!(script(client, "location.pathname").await, json!("/trends"));
        assert_eq!(script(client, BARS).await, expected_bars(&one, false));
        let headings = script(
            client,
            "Array.from(document.querySelectorAll('.trend h2')).map(h => h.textContent)",
        )
        .await;
        assert_eq!(headings, json!(["“victims”"]));
        let labelled = script(
            client,
            "document.querySelector('.trend-chart').getAttribute('aria-labelledby')",
        )
        .await;
        assert_eq!(labelled, json!("trend-heading-0"));
        let rows = script(client, "Array.from(document.querySelectorAll('#trend-table tbody tr')).map(tr => Array.from(tr.children).map(cell => cell.textContent))").await;
        let expected_rows: Vec<Value> = buckets
            .iter()
            .map(|bucket| {
                json!([
                    bucket["value"],
                    bucket["all_documents"].to_string(),
                    bucket["documents"].to_string(),
                    format!(
                        "{:.1}",
                        bucket["per_100_documents"].as_f64().expect("share")
                    ),
                    bucket["passages"].to_string(),
                    bucket["mentions"].to_string(),
                ])
            })
            .collect();
        assert_eq!(rows, json!(expected_rows));
        screenshot(client, shots, "trends-counts").await;

        client
            .find(Locator::Css(
                "input[name=\"trend-measure\"][value=\"per_100\"]",
            ))
            .await
            .expect("the per-100 toggle")
            .click()
            .await
            .expect("per 100");
        assert_eq!(script(client, BARS).await, expected_bars(&one, true));

        let csv = script(
            client,
            "document.getElementById('trends-csv').getAttribute('href')",
        )
        .await;
        let csv = csv.as_str().expect("a CSV link").to_string();
        let reply = request("GET", &server.base, &csv);
        assert_eq!(reply.status, 200, "{csv}: {}", reply.body);
        assert_eq!(
            reply.header("content-type"),
            Some("text/csv; charset=utf-8")
        );
        assert_eq!(
            reply.body.lines().count(),
            1 + buckets.len(),
            "{}",
            reply.body
        );

        client
            .find(Locator::Id("trend-query"))
            .await
            .expect("the compare box")
            .send_keys("naloxone\n")
            .await
            .expect("type a query");
        wait_until(
            client,
            "document.querySelectorAll('#trend-charts .trend-chart').length === 2",
            "two charts",
        )
        .await;
        assert_eq!(script(client, BARS).await, expected_bars(&two, true));
        screenshot(client, shots, "trends-two-queries").await;
        let back = script(
            client,
            "document.getElementById('trends-back').getAttribute('href')",
        )
        .await;
        assert_eq!(back, json!("/?q=victims"));
    });
}
