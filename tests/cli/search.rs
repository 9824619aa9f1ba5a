//! `oversight search`: relevance, filters and facets, ordering, paging and the query language, on
//! an index of the bundled corpus.

use oversight_schema::analyzer::stems;
use serde_json::Value;

use crate::support::{
    COPACC_THEMATIC, COPACC_WEB_PAGE, DEVON_UPDATE_REPORT, IDEAS_2020, SEEDS, WARWICKSHIRE_PACK,
    Workspace, facet_count, file_set, hit_file_set, hit_files, hit_for, hits, seed_text, sources,
    total_documents, total_passages,
};

/// The seed files whose text contains `word`, ignoring case: what a search for it must find.
fn seeds_containing(word: &str) -> Vec<String> {
    let word = word.to_lowercase();
    let files: Vec<&str> = SEEDS
        .into_iter()
        .filter(|file| seed_text(file).to_lowercase().contains(&word))
        .collect();
    file_set(&files)
}

/// The `date` of every hit, in the order of the response.
fn hit_dates(response: &Value) -> Vec<String> {
    hits(response)
        .iter()
        .map(|hit| {
            hit["date"]
                .as_str()
                .expect("every seed is dated")
                .to_string()
        })
        .collect()
}

fn facet_total(response: &Value, facet: &str) -> u64 {
    response["facets"][facet]
        .as_array()
        .expect("facet")
        .iter()
        .map(|entry| entry["count"].as_u64().expect("count"))
        .sum()
}

#[test]
fn quoted_phrase_ranks_the_agenda_item_it_names_first() {
    let workspace = Workspace::indexed();
    let response = workspace.search("\"Operation Devonport\"", &[]);
    let first = hits(&response)
        .first()
        .expect("a hit for \"Operation Devonport\"");
    assert!(
        first["title"]
            .as_str()
            .unwrap_or_default()
            .contains("Warwickshire"),
        "the Warwickshire pack should come first: {first:#}"
    );
    assert_eq!(sources(first), [WARWICKSHIRE_PACK]);

    let passages = first["passages"].as_array().expect("passages");
    let best = passages.first().expect("a matching passage");
    assert_eq!(best["item"], "Item 8: Operation Devonport", "{best:#}");
    assert!(
        !best["heading"].as_str().unwrap_or_default().is_empty(),
        "the best passage should have a heading: {best:#}"
    );
    let snippet = best["snippet"].as_str().unwrap_or_default();
    assert!(
        snippet.contains("<mark>"),
        "snippet without a mark: {snippet}"
    );

    let in_item_8 = passages
        .iter()
        .take(3)
        .filter(|passage| passage["item"] == "Item 8: Operation Devonport")
        .count();
    assert!(
        in_item_8 >= 2,
        "at least 2 of the top 3 passages should be from item 8: {passages:#?}"
    );
}

#[test]
fn rare_word_finds_only_the_document_that_contains_it() {
    let workspace = Workspace::indexed();
    assert_eq!(
        seeds_containing("naloxone"),
        [IDEAS_2020],
        "corpus changed?"
    );

    let response = workspace.search("naloxone", &[]);
    assert_eq!(total_documents(&response), 1);
    assert_eq!(hit_files(&response), [IDEAS_2020]);
    let hit = &hits(&response)[0];
    assert_eq!(hit["date"], "2020");
    assert_eq!(hit["date_precision"], "year");
    assert_eq!(hit["type"], "thematic");
    assert!(hit["force"].is_null(), "{hit:#}");
}

#[test]
fn hits_carry_the_extracted_metadata() {
    let workspace = Workspace::indexed();
    let response = workspace.search("", &[]);
    let expected = [
        (COPACC_THEMATIC, "2014-06", "month", "thematic", None),
        (COPACC_WEB_PAGE, "2014-06-28", "day", "thematic", None),
        (
            DEVON_UPDATE_REPORT,
            "2017-12-01",
            "day",
            "report",
            Some("devon-and-cornwall"),
        ),
        (
            WARWICKSHIRE_PACK,
            "2014-09-26",
            "day",
            "minutes",
            Some("warwickshire"),
        ),
        (IDEAS_2020, "2020", "year", "thematic", None),
    ];
    for (file, date, precision, doc_type, force) in expected {
        let hit = hit_for(&response, file).unwrap_or_else(|| panic!("{file} not browsed"));
        assert_eq!(hit["date"], date, "date of {file}");
        assert_eq!(hit["date_precision"], precision, "date precision of {file}");
        assert_eq!(hit["type"], doc_type, "type of {file}");
        assert_eq!(hit["force"].as_str(), force, "force of {file}");
    }
}

#[test]
fn empty_query_browses_every_document_newest_first() {
    let workspace = Workspace::indexed();
    let response = workspace.search("", &[]);
    assert_eq!(total_documents(&response), 5);
    assert_eq!(hit_file_set(&response), file_set(&SEEDS));
    let dates = hit_dates(&response);
    let mut newest_first = dates.clone();
    newest_first.sort_by(|left, right| right.cmp(left));
    assert_eq!(dates, newest_first);
}

#[test]
fn force_filter_keeps_other_forces_in_the_force_facet() {
    let workspace = Workspace::indexed();
    let response = workspace.search("", &["--force", "warwickshire"]);
    assert_eq!(total_documents(&response), 1);
    assert_eq!(hit_files(&response), [WARWICKSHIRE_PACK]);
    assert_eq!(
        facet_count(&response, "force", "devon-and-cornwall"),
        Some(1),
        "the force facet is disjunctive: it should still offer Devon and Cornwall"
    );
    let warwickshire = response["facets"]["force"]
        .as_array()
        .expect("force facet")
        .iter()
        .find(|entry| entry["value"] == "warwickshire")
        .expect("the selected force is listed");
    assert_eq!(warwickshire["count"], 1);
    assert_eq!(warwickshire["selected"], true);
    // The other facets count what the filter lets through.
    assert_eq!(facet_count(&response, "type", "minutes"), Some(1));
    assert_eq!(facet_count(&response, "type", "thematic"), None);
}

#[test]
fn type_filter_keeps_other_types_in_the_type_facet() {
    let workspace = Workspace::indexed();
    let response = workspace.search("", &["--type", "thematic"]);
    assert_eq!(total_documents(&response), 3);
    assert_eq!(
        hit_file_set(&response),
        file_set(&[COPACC_THEMATIC, COPACC_WEB_PAGE, IDEAS_2020])
    );
    assert_eq!(facet_count(&response, "type", "thematic"), Some(3));
    assert_eq!(facet_count(&response, "type", "minutes"), Some(1));
    assert_eq!(facet_count(&response, "type", "report"), Some(1));
    assert_eq!(facet_count(&response, "year", "2014"), Some(2));
    assert_eq!(facet_count(&response, "year", "2020"), Some(1));
    assert_eq!(facet_count(&response, "year", "2017"), None);
}

#[test]
fn year_facet_counts_add_up_to_the_documents_found() {
    let workspace = Workspace::indexed();
    // Every seed is dated, so each document found is counted in exactly one year.
    for (query, filters) in [
        ("", vec![]),
        ("", vec!["--type", "thematic"]),
        ("", vec!["--force", "devon-and-cornwall"]),
        ("innovation", vec![]),
        (
            "commissioner",
            vec!["--type", "minutes", "--type", "report"],
        ),
    ] {
        let response = workspace.search(query, &filters);
        assert_eq!(
            facet_total(&response, "year"),
            total_documents(&response),
            "year facet of `{query}` {filters:?}: {:#}",
            response["facets"]["year"]
        );
        // The type facet is disjunctive: under a type filter it also counts the other types.
        if !filters.contains(&"--type") {
            assert_eq!(
                facet_total(&response, "type"),
                total_documents(&response),
                "type facet of `{query}` {filters:?}"
            );
        }
    }
}

#[test]
fn year_range_keeps_only_documents_dated_inside_it() {
    let workspace = Workspace::indexed();
    let from_2015 = workspace.search("", &["--year-from", "2015"]);
    assert_eq!(
        hit_file_set(&from_2015),
        file_set(&[DEVON_UPDATE_REPORT, IDEAS_2020])
    );
    let until_2014 = workspace.search("", &["--year-to", "2014"]);
    assert_eq!(
        hit_file_set(&until_2014),
        file_set(&[COPACC_THEMATIC, COPACC_WEB_PAGE, WARWICKSHIRE_PACK])
    );
    let just_2017 = workspace.search("", &["--year-from", "2017", "--year-to", "2017"]);
    assert_eq!(hit_files(&just_2017), [DEVON_UPDATE_REPORT]);
}

#[test]
fn sort_by_date_orders_hits_oldest_first_and_minus_date_newest_first() {
    let workspace = Workspace::indexed();
    let oldest_first = hit_dates(&workspace.search("", &["--sort", "date"]));
    assert_eq!(oldest_first.len(), 5);
    // ISO dates of mixed precision ("2014-06" before "2014-06-28") compare as strings.
    assert!(
        oldest_first.windows(2).all(|pair| pair[0] <= pair[1]),
        "not oldest first: {oldest_first:?}"
    );
    assert_eq!(oldest_first.first().map(String::as_str), Some("2014-06"));

    let newest_first = hit_dates(&workspace.search("", &["--sort=-date"]));
    let mut reversed = oldest_first.clone();
    reversed.reverse();
    assert_eq!(newest_first, reversed);

    let relevance = workspace.search("innovation", &["--sort", "date"]);
    let dates = hit_dates(&relevance);
    assert!(
        dates.windows(2).all(|pair| pair[0] <= pair[1]),
        "a query sorted by date is not oldest first: {dates:?}"
    );
}

#[test]
fn sort_minus_date_is_accepted_as_a_separate_argument() {
    let workspace = Workspace::indexed();
    let separate = workspace.search("", &["--sort", "-date"]);
    let joined = workspace.search("", &["--sort=-date"]);
    assert_eq!(hit_files(&separate), hit_files(&joined));
    assert_eq!(separate["sort"], joined["sort"]);
}

#[test]
fn pages_split_the_results_without_overlap_or_loss() {
    let workspace = Workspace::indexed();
    let mut seen = Vec::new();
    for page in ["1", "2", "3"] {
        let response = workspace.search("", &["--limit", "2", "--page", page]);
        assert_eq!(response["per_page"], 2);
        assert_eq!(response["page"].to_string(), page);
        assert_eq!(total_documents(&response), 5, "the total ignores paging");
        seen.extend(hit_files(&response));
    }
    assert_eq!(seen.len(), 5, "pages 1-3 of 2 should list 5 hits: {seen:?}");
    seen.sort();
    assert_eq!(seen, file_set(&SEEDS), "pages overlap or lose hits");
    let past_the_end = workspace.search("", &["--limit", "2", "--page", "4"]);
    assert!(hits(&past_the_end).is_empty());
}

#[test]
fn passages_flag_bounds_the_passages_shown_per_hit() {
    let workspace = Workspace::indexed();
    let response = workspace.search("innovation", &["--passages", "1"]);
    assert!(!hits(&response).is_empty());
    for hit in hits(&response) {
        assert_eq!(hit["passages"].as_array().map(Vec::len), Some(1), "{hit:#}");
        assert!(hit["matched_passages"].as_u64().unwrap_or_default() >= 1);
    }
}

#[test]
fn acronym_is_expanded_and_the_expansion_is_reported() {
    let workspace = Workspace::indexed();
    let response = workspace.search("PCC", &[]);
    let expansions = response["expansions"].as_array().expect("expansions");
    let pcc = expansions
        .iter()
        .find(|expansion| expansion["term"] == "PCC")
        .unwrap_or_else(|| panic!("no expansion reported for PCC: {expansions:#?}"));
    assert!(
        pcc["expanded_to"]
            .as_array()
            .expect("expanded_to")
            .iter()
            .any(|long| long == "Police and Crime Commissioner"),
        "{pcc:#}"
    );
    // The expansion also finds passages that only spell it out.
    let literal = workspace.search("exact:PCC", &[]);
    assert!(
        literal["expansions"].as_array().is_some_and(Vec::is_empty),
        "an exact: term is not expanded: {:#}",
        literal["expansions"]
    );
    assert!(
        total_passages(&response) > total_passages(&literal),
        "PCC ({}) should match more passages than exact:PCC ({})",
        total_passages(&response),
        total_passages(&literal)
    );
}

#[test]
fn excluded_word_removes_every_document_that_contains_it() {
    let workspace = Workspace::indexed();
    // Every passage carries its document's title, so excluding a title word drops the document.
    let commissioner = workspace.search("commissioner", &[]);
    assert!(hit_for(&commissioner, WARWICKSHIRE_PACK).is_some());
    let without_warwickshire = workspace.search("commissioner -warwickshire", &[]);
    assert!(
        hit_for(&without_warwickshire, WARWICKSHIRE_PACK).is_none(),
        "the Warwickshire pack should be excluded: {:?}",
        hit_files(&without_warwickshire)
    );
    assert!(hit_for(&without_warwickshire, DEVON_UPDATE_REPORT).is_some());

    // Excluding a body word drops every document with a passage that mentions it, even when
    // other passages of that document match the rest of the query.
    let innovation = workspace.search("innovation", &[]);
    assert!(hit_for(&innovation, WARWICKSHIRE_PACK).is_some());
    let innovation_without_devonport = workspace.search("innovation -devonport", &[]);
    assert!(
        hit_for(&innovation_without_devonport, WARWICKSHIRE_PACK).is_none(),
        "-devonport should drop the pack that mentions Operation Devonport: {:?}",
        hit_files(&innovation_without_devonport)
    );
    assert_eq!(
        innovation_without_devonport["total_documents"]
            .as_u64()
            .unwrap_or_default()
            + 1,
        innovation["total_documents"].as_u64().unwrap_or_default()
    );
    assert!(total_passages(&innovation_without_devonport) < total_passages(&innovation));
}

#[test]
fn title_field_matches_document_titles_only() {
    let workspace = Workspace::indexed();
    let browse = workspace.search("", &[]);
    let expected: Vec<&str> = hits(&browse)
        .iter()
        .filter(|hit| {
            hit["title"]
                .as_str()
                .unwrap_or_default()
                .to_lowercase()
                .contains("innovat")
        })
        .map(|hit| hit["sources"][0].as_str().expect("source"))
        .collect();
    assert_eq!(expected.len(), 3, "titles changed? {browse:#}");

    let response = workspace.search("title:innovation", &[]);
    assert_eq!(hit_file_set(&response), file_set(&expected));
    // The Warwickshire pack mentions innovation in its text but not in its title.
    assert!(hit_for(&workspace.search("innovation", &[]), WARWICKSHIRE_PACK).is_some());
}

#[test]
fn a_title_word_matches_every_passage_of_its_document() {
    let workspace = Workspace::indexed();
    let matched_passages = |response: &Value| {
        hit_for(response, WARWICKSHIRE_PACK).expect("the Warwickshire pack")["matched_passages"]
            .as_u64()
            .expect("matched_passages")
    };
    let every_passage = matched_passages(&workspace.search("", &["--force", "warwickshire"]));
    assert!(every_passage > 10);
    let by_title = workspace.search("title:warwickshire", &[]);
    assert_eq!(hit_files(&by_title), [WARWICKSHIRE_PACK]);
    assert_eq!(matched_passages(&by_title), every_passage);

    // With a word of the text, the passages that have it: those of the word alone.
    let devonport = workspace.search("devonport", &[]);
    let combined = workspace.search("title:warwickshire devonport", &[]);
    assert_eq!(hit_files(&combined), [WARWICKSHIRE_PACK]);
    assert_eq!(matched_passages(&combined), matched_passages(&devonport));
    assert!(matched_passages(&combined) < every_passage);
    let passages = hit_for(&combined, WARWICKSHIRE_PACK).expect("hit")["passages"]
        .as_array()
        .expect("passages")
        .clone();
    assert!(!passages.is_empty());
    for passage in passages {
        let snippet = passage["snippet"].as_str().expect("snippet").to_lowercase();
        assert!(snippet.contains("devonport"), "{snippet}");
    }
    let elsewhere = workspace.search("title:innovation devonport", &[]);
    assert_eq!(total_documents(&elsewhere), 0, "{elsewhere:#}");
}

#[test]
fn a_phrase_of_common_words_is_marked_whole_in_snippets() {
    let workspace = Workspace::indexed();
    let response = workspace.search("\"police and crime\"", &[]);
    let snippets: Vec<String> = hits(&response)
        .iter()
        .flat_map(|hit| hit["passages"].as_array().expect("passages").clone())
        .map(|passage| passage["snippet"].as_str().expect("snippet").to_string())
        .collect();
    // A passage may match through its document's title alone and show its opening unmarked; a
    // mark holds the phrase, in any of its forms ("Policing and crime", "police-and-crime").
    let marks: Vec<String> = snippets
        .iter()
        .flat_map(|snippet| {
            snippet
                .split("<mark>")
                .skip(1)
                .filter_map(|rest| rest.split("</mark>").next())
                .map(|mark| stems(mark).join(" "))
                .collect::<Vec<_>>()
        })
        .collect();
    let whole = marks
        .iter()
        .filter(|mark| *mark == "polic and crime")
        .count();
    assert!(whole >= 3, "{snippets:#?}");
    // A mark cut by the start or end of its fragment holds the rest of the phrase.
    for mark in &marks {
        assert!(
            "polic and crime".contains(mark.as_str()),
            "{mark}: {snippets:#?}"
        );
    }
    // Words of a phrase are not marked where they are not the phrase.
    let words = workspace.search("police crime", &[]);
    let first = hits(&words)[0]["passages"][0]["snippet"]
        .as_str()
        .expect("snippet")
        .to_lowercase();
    assert!(
        first.contains("<mark>police</mark>") || first.contains("<mark>crime</mark>"),
        "{first}"
    );
}

#[test]
fn plain_text_output_marks_a_phrase_whole() {
    let workspace = Workspace::indexed();
    let run = workspace.run([
        "search".as_ref(),
        "--index".as_ref(),
        workspace.index.as_os_str(),
        "--passages".as_ref(),
        "20".as_ref(),
        "\"restorative justice\"".as_ref(),
    ]);
    run.assert_success();
    // Off a terminal a mark is `**…**`.
    let marks: Vec<String> = run
        .stdout
        .split("**")
        .skip(1)
        .step_by(2)
        .map(|mark| stems(mark).join(" "))
        .collect();
    assert!(!marks.is_empty(), "{}", run.output());
    assert!(
        marks.iter().any(|mark| mark == "restor justic"),
        "{}",
        run.output()
    );
    // Or the acronym the phrase expands to.
    let acronyms: Vec<String> = workspace.search("\"restorative justice\"", &[])["expansions"]
        .as_array()
        .expect("expansions")
        .iter()
        .flat_map(|expansion| {
            expansion["expanded_to"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .filter_map(|form| form.as_str().map(|form| stems(form).join(" ")))
        .collect();
    for mark in &marks {
        assert!(
            mark == "restor justic" || acronyms.contains(mark),
            "{mark} in {}",
            run.output()
        );
    }
}

#[test]
fn prefix_query_matches_longer_words() {
    let workspace = Workspace::indexed();
    assert_eq!(total_documents(&workspace.search("nalox", &[])), 0);
    let response = workspace.search("nalox*", &[]);
    assert_eq!(hit_files(&response), [IDEAS_2020]);
    assert_eq!(hit_files(&workspace.search("naloxon*", &[])), [IDEAS_2020]);
}

#[test]
fn force_field_in_the_query_matches_the_force_filter() {
    let workspace = Workspace::indexed();
    let by_field = workspace.search("force:warwickshire", &[]);
    let by_filter = workspace.search("", &["--force", "warwickshire"]);
    assert_eq!(hit_files(&by_field), [WARWICKSHIRE_PACK]);
    assert_eq!(hit_file_set(&by_field), hit_file_set(&by_filter));
    let combined = workspace.search("force:warwickshire devonport", &[]);
    assert_eq!(hit_files(&combined), [WARWICKSHIRE_PACK]);
    assert_eq!(seeds_containing("devonport"), [WARWICKSHIRE_PACK]);
    let elsewhere = workspace.search("force:devon-and-cornwall devonport", &[]);
    assert_eq!(total_documents(&elsewhere), 0, "{elsewhere:#}");
}

#[test]
fn plain_text_output_lists_the_hits() {
    let workspace = Workspace::indexed();
    let run = workspace.run([
        "search".as_ref(),
        "--index".as_ref(),
        workspace.index.as_os_str(),
        "naloxone".as_ref(),
    ]);
    run.assert_success();
    assert!(
        run.stdout
            .contains("Public Safety, Public Trust: Innovative Ideas for Police and Crime Commissioners in 2020"),
        "{}",
        run.output()
    );
    assert!(!run.stdout.contains("Warwickshire Police and Crime Panel"));
}
