//! Readers see names, not slugs: in results, in the advice of a search without results (which
//! also drops a quoted phrase whole) and in the document view.

use serde_json::Value;

use super::{in_browser, screenshot, text_of, wait_until};
use crate::support::{TestServer, hits, request, start_with};

/// The label the API gives `value` in facet `name` of `response`.
fn facet_label(response: &Value, name: &str, value: &str) -> String {
    response["facets"][name]
        .as_array()
        .and_then(|counts| counts.iter().find(|count| count["value"] == value))
        .and_then(|count| count["label"].as_str())
        .unwrap_or_else(|| panic!("no {name} {value} in {response:#}"))
        .to_string()
}

fn total(server: &TestServer, path_and_query: &str) -> u64 {
    request("GET", &server.base, path_and_query).json()["total_documents"]
        .as_u64()
        .expect("a total")
}

#[test]
fn the_advice_for_no_results_keeps_phrases_whole_and_names_filters() {
    let server = start_with(&[]);
    let search = "q=%22restorative+justice%22+naloxone&force=devon-and-cornwall";
    assert_eq!(total(&server, &format!("/api/v1/facets?{search}")), 0);
    let without_naloxone = total(
        &server,
        "/api/v1/facets?q=%22restorative+justice%22&force=devon-and-cornwall",
    );
    let without_phrase = total(
        &server,
        "/api/v1/facets?q=naloxone&force=devon-and-cornwall",
    );
    let without_force = total(
        &server,
        "/api/v1/facets?q=%22restorative+justice%22+naloxone",
    );
    let force = facet_label(
        &request("GET", &server.base, "/api/v1/facets").json(),
        "force",
        "devon-and-cornwall",
    );
    in_browser(1, async |client, shots| {
        client
            .goto(&format!("{}/?{search}", server.base))
            .await
            .expect("search");
        wait_until(
            client,
            "document.querySelectorAll('#empty li').length > 0",
            "the advice",
        )
        .await;
        let advice = text_of(client, "#empty").await;
        let documents = |count: u64| {
            let noun = if count == 1 { "document" } else { "documents" };
            format!("({count} {noun})")
        };
        for expected in [
            format!("Drop the word “naloxone” {}", documents(without_naloxone)),
            format!(
                "Drop the phrase “restorative justice” {}",
                documents(without_phrase)
            ),
            format!(
                "Remove the force filter “{force}” {}",
                documents(without_force)
            ),
        ] {
            assert!(advice.contains(&expected), "{expected} in {advice}");
        }
        for split in ["“\"restorative", "justice\"”", "devon-and-cornwall"] {
            assert!(!advice.contains(split), "{split} in {advice}");
        }
        screenshot(client, shots, "names-no-results").await;
    });
}

#[test]
fn results_and_the_document_view_name_forces_types_and_themes() {
    let server = start_with(&[]);
    let response = request("GET", &server.base, "/api/v1/search?q=police").json();
    let expected: Vec<(String, Vec<String>, Vec<String>)> = hits(&response)
        .iter()
        .map(|hit| {
            let subtype = hit["subtype"].as_str().expect("a subtype");
            let themes: Vec<&str> = hit["themes"]
                .as_array()
                .expect("themes")
                .iter()
                .take(4)
                .filter_map(Value::as_str)
                .collect();
            let mut names = vec![facet_label(&response, "subtype", subtype)];
            names.extend(
                themes
                    .iter()
                    .map(|theme| facet_label(&response, "theme", theme)),
            );
            let slugs = std::iter::once(subtype)
                .chain(themes)
                .filter(|slug| !names.iter().any(|name| name == slug))
                .map(str::to_string)
                .collect();
            (
                hit["title"].as_str().expect("a title").to_string(),
                names,
                slugs,
            )
        })
        .collect();
    let warwickshire = hits(&response)
        .iter()
        .find(|hit| hit["force"] == "warwickshire")
        .and_then(|hit| hit["doc_id"].as_str())
        .expect("the Warwickshire pack")
        .to_string();
    let view = request(
        "GET",
        &server.base,
        &format!("/api/v1/documents/{warwickshire}"),
    )
    .json();
    let document = &view["document"];
    let mut slugs: Vec<String> = document["mentions"]
        .as_array()
        .expect("mentions")
        .iter()
        .filter_map(|mention| mention["force"].as_str().map(str::to_string))
        .collect();
    slugs.push(document["subtype"].as_str().expect("a subtype").to_string());
    slugs.extend(
        document["themes"]
            .as_array()
            .expect("themes")
            .iter()
            .filter_map(|theme| theme["theme"].as_str().map(str::to_string)),
    );
    slugs.retain(|slug| slug.contains('-') || slug.contains('/'));
    assert!(slugs.iter().any(|slug| slug == "west-mercia"), "{slugs:?}");
    let subtype = facet_label(
        &response,
        "subtype",
        document["subtype"].as_str().expect("a subtype"),
    );
    in_browser(2, async |client, shots| {
        client
            .goto(&format!("{}/?q=police", server.base))
            .await
            .expect("search");
        wait_until(
            client,
            "document.querySelectorAll('#results .hit').length > 0",
            "results",
        )
        .await;
        let shown = super::script(
            client,
            "Array.from(document.querySelectorAll('#results .hit')).map(hit => [hit.querySelector('h3').textContent, hit.querySelector('.meta').textContent])",
        )
        .await;
        let shown: Vec<(String, String)> =
            serde_json::from_value(shown).expect("titles and meta lines");
        assert_eq!(shown.len(), expected.len());
        for ((title, meta), (expected_title, names, slugs)) in shown.iter().zip(&expected) {
            assert_eq!(title, expected_title);
            for name in names {
                assert!(meta.contains(name.as_str()), "{name} in {meta}");
            }
            for slug in slugs {
                assert!(!meta.contains(slug.as_str()), "{slug} in {meta}");
            }
        }
        screenshot(client, shots, "names-results").await;
        client
            .goto(&format!(
                "{}/documents/{warwickshire}?q=police",
                server.base
            ))
            .await
            .expect("the document");
        wait_until(
            client,
            "document.querySelectorAll('#doc-meta dt').length > 5",
            "the metadata",
        )
        .await;
        let meta = text_of(client, "#doc-meta").await;
        for slug in &slugs {
            assert!(!meta.contains(slug.as_str()), "{slug} in {meta}");
        }
        for name in [
            "Warwickshire Police",
            "West Mercia Police (",
            subtype.as_str(),
        ] {
            assert!(meta.contains(name), "{name} in {meta}");
        }
        screenshot(client, shots, "names-document").await;
    });
}
