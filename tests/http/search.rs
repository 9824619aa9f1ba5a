//! Known queries land on the right documents and passages; filters, facets, order and paging agree.

use crate::support::{facet, get_ok, hits};

#[test]
fn operation_devonport_lands_on_its_agenda_item_in_the_warwickshire_pack() {
    let response = get_ok("/api/v1/search?q=%22Operation+Devonport%22");
    let first = &hits(&response)[0];
    assert_eq!(first["force"], "warwickshire");
    assert_eq!(first["type"], "minutes");
    let passages = first["passages"].as_array().expect("passages");
    assert_eq!(passages[0]["item"], "Item 8: Operation Devonport");
    assert!(
        passages[0]["heading"]
            .as_str()
            .is_some_and(|heading| !heading.is_empty())
    );
    let in_item_8 = passages
        .iter()
        .filter(|passage| passage["item"] == "Item 8: Operation Devonport")
        .count();
    assert!(in_item_8 >= 2, "{passages:?}");
    assert!(
        passages[0]["snippet"]
            .as_str()
            .is_some_and(|snippet| snippet.contains("<mark>Operation Devonport</mark>")),
        "the phrase is one mark: {}",
        passages[0]["snippet"]
    );
}

#[test]
fn naloxone_finds_only_the_2020_ideas_paper() {
    let response = get_ok("/api/v1/search?q=naloxone");
    assert_eq!(response["total_documents"], 1);
    let hit = &hits(&response)[0];
    assert_eq!(hit["date"], "2020");
    assert_eq!(hit["date_precision"], "year");
    assert!(
        hit["title"]
            .as_str()
            .is_some_and(|title| title.contains("2020"))
    );
    assert_eq!(hit["force"], serde_json::Value::Null);
}

#[test]
fn force_facet_is_disjunctive_and_other_facets_follow_the_filter() {
    let all = get_ok("/api/v1/search");
    assert_eq!(all["total_documents"], 5);
    let filtered = get_ok("/api/v1/search?force=warwickshire");
    assert_eq!(filtered["total_documents"], 1);
    let forces = facet(&filtered, "force");
    assert!(
        forces.contains(&("warwickshire".to_string(), 1)),
        "{forces:?}"
    );
    assert!(
        forces.contains(&("devon-and-cornwall".to_string(), 1)),
        "{forces:?}"
    );
    let types = facet(&filtered, "type");
    assert_eq!(types, vec![("minutes".to_string(), 1)]);
    let selected: Vec<&serde_json::Value> = filtered["facets"]["force"]
        .as_array()
        .expect("force facet")
        .iter()
        .filter(|entry| entry["selected"] == true)
        .collect();
    assert_eq!(selected.len(), 1);
    assert_eq!(selected[0]["value"], "warwickshire");
}

#[test]
fn type_filter_keeps_the_other_types_counted() {
    let response = get_ok("/api/v1/search?type=thematic");
    assert_eq!(response["total_documents"], 3);
    let types = facet(&response, "type");
    assert!(types.contains(&("minutes".to_string(), 1)));
    assert!(types.contains(&("report".to_string(), 1)));
    assert!(types.contains(&("thematic".to_string(), 3)));
    let years: u64 = facet(&response, "year")
        .iter()
        .map(|(_, count)| count)
        .sum();
    assert_eq!(years, 3, "every thematic paper has a year");
}

#[test]
fn year_range_and_date_range_filter_by_the_documents_dates() {
    let response = get_ok("/api/v1/search?year_from=2015");
    let dates: Vec<&str> = hits(&response)
        .iter()
        .filter_map(|hit| hit["date"].as_str())
        .collect();
    assert_eq!(dates, vec!["2020", "2017-12-01"]);
    let june = get_ok("/api/v1/search?date_from=2014-06-15&date_to=2014-06-30");
    let june_dates: Vec<&str> = hits(&june)
        .iter()
        .filter_map(|hit| hit["date"].as_str())
        .collect();
    assert_eq!(
        june_dates.len(),
        2,
        "the 28 June page and the June paper: {june_dates:?}"
    );
    assert!(june_dates.contains(&"2014-06-28") && june_dates.contains(&"2014-06"));
}

#[test]
fn sort_by_date_orders_both_ways() {
    let ascending = get_ok("/api/v1/search?q=police&sort=date");
    let dates: Vec<String> = hits(&ascending)
        .iter()
        .map(|hit| hit["date"].as_str().unwrap_or("").to_string())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    let descending = get_ok("/api/v1/search?q=police&sort=-date");
    let reversed: Vec<String> = hits(&descending)
        .iter()
        .map(|hit| hit["date"].as_str().unwrap_or("").to_string())
        .collect();
    sorted.reverse();
    assert_eq!(reversed, sorted);
}

#[test]
fn paging_is_stable_and_complete() {
    let whole = get_ok("/api/v1/search?q=police&per_page=4");
    let first = get_ok("/api/v1/search?q=police&per_page=2&page=1");
    let second = get_ok("/api/v1/search?q=police&per_page=2&page=2");
    let ids = |response: &serde_json::Value| -> Vec<String> {
        hits(response)
            .iter()
            .map(|hit| hit["doc_id"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let mut paged = ids(&first);
    paged.extend(ids(&second));
    assert_eq!(paged, ids(&whole));
    assert_eq!(ids(&whole).len(), 4);
    let beyond = get_ok("/api/v1/search?q=police&per_page=2&page=50");
    assert!(hits(&beyond).is_empty());
    assert_eq!(beyond["total_documents"], whole["total_documents"]);
}

#[test]
fn empty_query_browses_newest_first() {
    let response = get_ok("/api/v1/search");
    assert_eq!(response["sort"], "-date");
    assert_eq!(hits(&response)[0]["date"], "2020");
}

#[test]
fn facets_route_counts_what_search_counts_without_hits() {
    let search = get_ok("/api/v1/search?q=commissioner&type=thematic");
    let facets = get_ok("/api/v1/facets?q=commissioner&type=thematic");
    assert_eq!(facets["facets"], search["facets"]);
    assert_eq!(facets["total_documents"], search["total_documents"]);
    assert!(facets.get("hits").is_none(), "{facets:#}");
}

#[test]
fn acronyms_expand_and_the_response_says_so() {
    let response = get_ok("/api/v1/search?q=PCC");
    let expansions = response["expansions"].as_array().expect("expansions");
    assert_eq!(expansions[0]["term"], "PCC");
    let plain = get_ok("/api/v1/search?q=%22police+and+crime+commissioner%22");
    assert!(response["total_passages"].as_u64() >= plain["total_passages"].as_u64());
}

#[test]
fn exclusion_and_field_queries_narrow_the_results() {
    let police = get_ok("/api/v1/search?q=innovation")["total_documents"]
        .as_u64()
        .unwrap_or(0);
    let without = get_ok("/api/v1/search?q=innovation+-naloxone")["total_documents"]
        .as_u64()
        .unwrap_or(0);
    assert_eq!(without + 1, police, "only the naloxone paper is excluded");
    let in_force = get_ok("/api/v1/search?q=police+force:warwickshire");
    assert_eq!(in_force["total_documents"], 1);
    let prefix = get_ok("/api/v1/search?q=naloxon*");
    assert_eq!(prefix["total_documents"], 1);
}

#[test]
fn snippets_escape_document_text() {
    let response = get_ok("/api/v1/search?q=%22Operation+Devonport%22&passages=20");
    for hit in hits(&response) {
        for passage in hit["passages"].as_array().expect("passages") {
            let snippet = passage["snippet"].as_str().unwrap_or("");
            let without_marks = snippet.replace("<mark>", "").replace("</mark>", "");
            assert!(
                !without_marks.contains('<'),
                "unescaped markup in {snippet}"
            );
        }
    }
}
