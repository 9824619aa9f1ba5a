//! The export links of a search: they carry the search shown (query, filters, scope; not the page
//! or the order), follow it when it changes, and download exactly its passages.

use fantoccini::Locator;
use serde_json::{Value, json};

use super::{in_browser, screenshot, script, wait_until};
use crate::support::{request, start_with};

/// The parameters of the link `id`, in order, as [name, value] pairs, read by the browser.
async fn parameters(client: &fantoccini::Client, id: &str) -> Value {
    script(
        client,
        &format!("Array.from(new URL(document.getElementById('{id}').href).searchParams)"),
    )
    .await
}

#[test]
fn the_export_links_carry_the_search_and_download_its_passages() {
    let server = start_with(&[]);
    let search = "q=police+budget&type=minutes&scope=passage";
    let expected = request("GET", &server.base, &format!("/api/v1/search?{search}")).json();
    let total = expected["total_passages"].as_u64().expect("a total");
    assert!(total > 1, "the search matches {total} passages");
    in_browser(2, async |client, shots| {
        client
            .goto(&format!("{}/?{search}&sort=date&page=1", server.base))
            .await
            .expect("open the search");
        wait_until(
            client,
            "!document.getElementById('export-links').hidden",
            "the export links",
        )
        .await;
        let csv = script(
            client,
            "document.getElementById('export-csv').getAttribute('href')",
        )
        .await;
        assert!(
            csv.as_str()
                .is_some_and(|href| href.starts_with("/api/v1/export?")),
            "{csv}"
        );
        let pairs = |format: &str| {
            json!([
                ["q", "police budget"],
                ["type", "minutes"],
                ["scope", "passage"],
                ["format", format]
            ])
        };
        assert_eq!(parameters(client, "export-csv").await, pairs("csv"));
        assert_eq!(parameters(client, "export-ndjson").await, pairs("ndjson"));
        let labels = script(
            client,
            "Array.from(document.querySelectorAll('#export-links a')).map(a => a.textContent)",
        )
        .await;
        assert_eq!(labels, json!(["Export CSV", "Export NDJSON"]));
        let lines = client
            .execute_async(
                "const done = arguments[0]; fetch(document.getElementById('export-ndjson').href).then(r => r.text()).then(t => done(t.trim().split('\\n').length));",
                vec![],
            )
            .await
            .expect("download the NDJSON export");
        assert_eq!(lines, json!(total));
        screenshot(client, shots, "export-1-links").await;

        let field = client.find(Locator::Id("q")).await.expect("the search box");
        field.clear().await.expect("clear the box");
        field.send_keys("precept\n").await.expect("type a query");
        wait_until(
            client,
            "new URLSearchParams(document.getElementById('export-csv').search).get('q') === 'precept'",
            "the links to follow the new search",
        )
        .await;
        assert_eq!(
            parameters(client, "export-csv").await,
            json!([
                ["q", "precept"],
                ["type", "minutes"],
                ["scope", "passage"],
                ["format", "csv"]
            ])
        );
        screenshot(client, shots, "export-2-new-search").await;
    });
}
