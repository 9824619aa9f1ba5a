//! The document view and single passages, reached from a search hit.

use crate::support::{get_ok, hits};

fn devonport_hit() -> serde_json::Value {
    let response = get_ok("/api/v1/search?q=%22Operation+Devonport%22&per_page=1&passages=1");
    hits(&response)[0].clone()
}

#[test]
fn document_view_has_metadata_evidence_and_an_outline_of_every_passage() {
    let hit = devonport_hit();
    let doc_id = hit["doc_id"].as_str().expect("doc id");
    let view = get_ok(&format!("/api/v1/documents/{doc_id}"));
    let document = &view["document"];
    assert_eq!(document["force"], "warwickshire");
    assert_eq!(
        document["date"],
        serde_json::json!({"year": 2014, "month": 9, "day": 26})
    );
    assert!(
        document["evidence"]["date"]["text"]
            .as_str()
            .is_some_and(|text| text.contains("26 September 2014"))
    );
    assert_eq!(document["evidence"]["date"]["origin"], "text");
    let outline = view["outline"].as_array().expect("outline");
    assert_eq!(
        outline.len() as u64,
        document["passage_count"].as_u64().unwrap_or(0)
    );
    let ordinals: Vec<u64> = outline
        .iter()
        .filter_map(|entry| entry["ordinal"].as_u64())
        .collect();
    assert_eq!(ordinals, (0..outline.len() as u64).collect::<Vec<_>>());
    assert!(
        outline
            .iter()
            .any(|entry| entry["item"] == "Item 8: Operation Devonport")
    );
}

#[test]
fn document_view_names_every_slug_of_its_metadata() {
    let hit = devonport_hit();
    let doc_id = hit["doc_id"].as_str().expect("doc id");
    let view = get_ok(&format!("/api/v1/documents/{doc_id}"));
    let document = &view["document"];
    let labels = &view["labels"];
    let forces = document["mentions"]
        .as_array()
        .expect("mentions")
        .iter()
        .filter_map(|mention| mention["force"].as_str())
        .chain(document["force"].as_str());
    for slug in forces {
        assert!(
            labels["forces"][slug]
                .as_str()
                .is_some_and(|name| name != slug),
            "{slug}: {labels:#}"
        );
    }
    assert_eq!(labels["forces"]["west-mercia"], "West Mercia Police");
    assert_eq!(labels["doc_type"], "Minutes");
    let subtype = document["subtype"].as_str().expect("a subtype");
    let facets = get_ok("/api/v1/facets");
    let facet_label = |name: &str, value: &str| {
        facets["facets"][name]
            .as_array()
            .and_then(|counts| counts.iter().find(|count| count["value"] == value))
            .map(|count| count["label"].clone())
    };
    assert_eq!(
        Some(labels["subtype"].clone()),
        facet_label("subtype", subtype)
    );
    for theme in document["themes"].as_array().expect("themes") {
        let slug = theme["theme"].as_str().expect("a theme");
        assert_eq!(
            Some(labels["themes"][slug].clone()),
            facet_label("theme", slug),
            "the facets and the document view name {slug} alike"
        );
    }
}

#[test]
fn a_passage_is_returned_in_full_and_out_of_range_is_404() {
    let hit = devonport_hit();
    let doc_id = hit["doc_id"].as_str().expect("doc id");
    let ordinal = hit["passages"][0]["ordinal"].as_u64().expect("ordinal");
    let passage = get_ok(&format!("/api/v1/documents/{doc_id}/passages/{ordinal}"));
    assert!(
        passage["text"]
            .as_str()
            .is_some_and(|text| text.contains("Devonport"))
    );
    assert_eq!(passage["item"], hit["passages"][0]["item"]);
    let missing = crate::support::get(&format!("/api/v1/documents/{doc_id}/passages/999999"));
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json()["error"]["code"], "passage_not_found");
}

#[test]
fn the_manifest_adds_a_source_link_and_says_which_values_it_gave() {
    let manifest = "[[document]]\nfile = \"001_b94eff86617be555.txt\"\nsource_url = \"https://www.devonandcornwall-pcc.gov.uk/update-report\"\ntitle = \"PCC update report, December 2017\"\nthemes = [\"custody\"]\n";
    let server = crate::support::start_with(&[("manifest.toml", manifest)]);
    let reply = crate::support::request(
        "GET",
        &server.base,
        "/api/v1/search?q=%22update+report%22&force=devon-and-cornwall",
    );
    let response = reply.json();
    let hit = &hits(&response)[0];
    assert_eq!(hit["title"], "PCC update report, December 2017");
    assert_eq!(
        hit["source_url"],
        "https://www.devonandcornwall-pcc.gov.uk/update-report"
    );
    assert!(
        hit["themes"]
            .as_array()
            .is_some_and(|themes| themes.contains(&serde_json::json!("custody")))
    );
    let doc_id = hit["doc_id"].as_str().expect("doc id");
    let view =
        crate::support::request("GET", &server.base, &format!("/api/v1/documents/{doc_id}")).json();
    let evidence = &view["document"]["evidence"];
    assert_eq!(evidence["title"]["origin"], "manifest");
    assert_eq!(
        evidence["date"]["origin"], "text",
        "values the manifest leaves alone keep their text evidence"
    );
    assert_eq!(evidence["force"]["origin"], "text");
    let health = crate::support::request("GET", &server.base, "/healthz").json();
    assert_eq!(
        health["documents"], 5,
        "the manifest itself is not a document"
    );
}
