//! Tests of the document-type and subtype rules, on short texts and on the structure fixtures.

use super::*;

fn matcher() -> DocTypeMatcher {
    DocTypeMatcher::new(&Vocabulary::bundled().expect("vocabulary"))
}

fn classify(text: &str) -> Classification {
    matcher().classify(text)
}

#[test]
fn an_agenda_is_minutes() {
    let text = "A meeting of the Panel will be held on 1 May 2015.\n\n1. Apologies for absence\n2. Public Question Time";
    assert_eq!(classify(text).doc_type, DocType::Minutes);
    assert_eq!(classify(text).subtype, Subtype::Agenda);
}

#[test]
fn a_commissioners_report_is_a_report() {
    let text = "Police and Crime Panel\n\nReport of the Police and Crime Commissioner\n\nThis report draws the Panel's attention to matters.";
    let found = classify(text);
    assert_eq!(
        (found.doc_type, found.subtype),
        (DocType::Report, Subtype::Update)
    );
}

#[test]
fn a_think_tank_briefing_is_thematic() {
    let text = "Ideas for PCCs\n\nCase study 1: a thing.\n\nCase study 2: another.\n\nEndnotes\n\nWritten by: A. Author";
    let found = classify(text);
    assert_eq!(
        (found.doc_type, found.subtype),
        (DocType::Thematic, Subtype::Research)
    );
}

#[test]
fn phrases_count_on_word_boundaries_in_any_case_and_overlapping() {
    let found = classify("Report to the Panel. THIS REPORT and this report_ and sub-thisreport.");
    assert!(
        found.doc_type_evidence.contains("“report to the”"),
        "{found:?}"
    );
    assert!(
        found.doc_type_evidence.contains("“this report”"),
        "{found:?}"
    );
    let found = classify("Subagenda and agendas");
    assert_eq!(
        found.doc_type,
        DocType::Report,
        "no whole phrase: the default"
    );
}

#[test]
fn cues_that_must_stand_alone_or_start_a_line_do_not_count_inside_a_sentence() {
    // "will be held to account" is no meeting notice, and an agenda spoken of is no agenda.
    let sentence = "The Chief Constable will be held to account by the Commissioner, separating some of the agenda from the budget.";
    let found = classify(sentence);
    assert_ne!(found.doc_type, DocType::Minutes, "{found:?}");
    let heading = "Agenda\n\n1. Apologies\n\nThe meeting will be held on 3 May 2019.";
    assert_eq!(classify(heading).doc_type, DocType::Minutes);
}

#[test]
fn a_reference_code_counts_only_between_a_letter_and_a_digit() {
    let found = classify("Decision\nPCC/D/083\nEstates");
    assert!(found.subtype_evidence.contains("“/d/”"), "{found:?}");
    assert_eq!(found.subtype, Subtype::Decision);
    let found = classify("Decision\nsee page /d/ here and and/d/x");
    assert!(!found.subtype_evidence.contains("“/d/”"), "{found:?}");
}

#[test]
fn a_generic_phrase_repeated_never_beats_a_national_bodys_name() {
    let mut text =
        String::from("HMICFRS\n\nPEEL: Police effectiveness, efficiency and legitimacy\n\n");
    for _ in 0..200 {
        text.push_str("This report sets out what we found. ");
    }
    let found = classify(&text);
    assert_eq!(
        (found.doc_type, found.subtype),
        (DocType::Thematic, Subtype::Inspection),
        "{found:?}"
    );
}

#[test]
fn evidence_names_the_winner_and_the_runner_up_with_their_scores() {
    let text = "Decision Record\n\nTitle and Reference: PCC/D/083 Annual report printing\n\nDate of decision: 3 May 2021";
    let found = classify(text);
    assert_eq!(found.subtype, Subtype::Decision);
    assert!(
        found.subtype_evidence.starts_with("decision-notice cues ")
            && found
                .subtype_evidence
                .contains(" against annual-report cues "),
        "{}",
        found.subtype_evidence
    );
    assert!(
        found.subtype_evidence.contains("decision form ("),
        "{}",
        found.subtype_evidence
    );
    assert!(
        found.doc_type_evidence.starts_with("report "),
        "{}",
        found.doc_type_evidence
    );
}

#[test]
fn text_without_any_rule_gets_the_default_and_says_so() {
    let found = classify("Nothing to see.");
    assert_eq!(
        (found.doc_type, found.subtype),
        (DocType::Report, Subtype::Update)
    );
    assert_eq!(
        found.doc_type_evidence,
        "no type rule matched; the default type"
    );
}

#[test]
fn one_pass_finds_every_match_one_regex_per_phrase_finds_in_the_bundled_documents() {
    let vocabulary = Vocabulary::bundled().expect("vocabulary");
    let matcher = DocTypeMatcher::new(&vocabulary);
    let mut read = 0;
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus"))
        .expect("the bundled corpus")
    {
        let Ok(text) = std::fs::read_to_string(entry.expect("an entry").path()) else {
            continue;
        };
        let mut expected = 0usize;
        for phrase in anywhere_phrases(&vocabulary) {
            let end = if phrase.ends_with(char::is_alphanumeric) {
                r"(?-u:\b)"
            } else {
                ""
            };
            let regex = regex::Regex::new(&format!(r"(?i)(?-u:\b){}{end}", regex::escape(&phrase)))
                .expect("a valid pattern");
            expected += regex.find_iter(&text).count();
        }
        let found = matcher
            .phrases
            .find_overlapping_iter(&text)
            .filter(|found| {
                let pattern = &matcher.patterns[found.pattern().as_usize()];
                pattern.at == Placement::Anywhere
                    && placed(text.as_bytes(), found.start(), found.end(), pattern)
            })
            .count();
        assert_eq!(found, expected);
        read += 1;
    }
    assert!(read >= 4, "only {read} documents read");
}

/// The distinct phrases, lowercased, that may stand anywhere.
fn anywhere_phrases(vocabulary: &Vocabulary) -> std::collections::BTreeSet<String> {
    let rules = vocabulary
        .subtypes
        .iter()
        .flat_map(|subtype| &subtype.rules)
        .filter(|rule| rule.at == Placement::Anywhere)
        .map(|rule| rule.phrase.to_lowercase());
    let features = vocabulary
        .structures
        .iter()
        .flat_map(|structure| &structure.features)
        .filter(|feature| feature.at == Placement::Anywhere)
        .flat_map(|feature| feature.phrases.iter().map(|phrase| phrase.to_lowercase()));
    rules.chain(features).collect()
}

/// The `type-*` structure fixtures: each text with the type and subtype its `.expect.toml` gives.
fn type_fixtures() -> Vec<(String, String, String, String)> {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/structures");
    let mut fixtures = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("the structures fixtures") {
        let path = entry.expect("an entry").path();
        let name = path
            .file_name()
            .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
        let Some(stem) = name
            .strip_prefix("type-")
            .and_then(|rest| rest.strip_suffix(".txt"))
        else {
            continue;
        };
        let text = std::fs::read_to_string(&path).expect("a fixture");
        let expect = std::fs::read_to_string(dir.join(format!("type-{stem}.expect.toml")))
            .expect("its expectation");
        let expect: toml::Table = toml::from_str(&expect).expect("valid toml");
        let field = |key: &str| expect[key].as_str().expect("a string").to_string();
        fixtures.push((name, text, field("type"), field("subtype")));
    }
    fixtures.sort();
    fixtures
}

#[test]
fn every_type_fixture_gets_its_type_and_subtype() {
    let matcher = matcher();
    let fixtures = type_fixtures();
    assert!(fixtures.len() >= 9, "only {} fixtures", fixtures.len());
    let wrong: Vec<String> = fixtures
        .iter()
        .filter_map(|(name, text, doc_type, subtype)| {
            let found = matcher.classify(text);
            (found.doc_type.slug() != doc_type || found.subtype.slug() != subtype).then(|| {
                format!(
                    "{name}: got {} ({}), want {subtype} ({})",
                    found.subtype, found.subtype_evidence, found.doc_type_evidence
                )
            })
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_meeting_layout_beats_an_items_inspection_report_title() {
    // A meeting's header, apologies, declarations and next meeting, whose one item is an
    // inspection report spoken of in thematic words: the phrases alone would make it thematic.
    let text = "Northshire Police and Crime Panel\nThursday, 9 March 2023 10.00 am\n\nVenue: Committee Room 1, County Hall\n\n1. Apologies\n\n2. Declarations of interest\n\n3. HMICFRS inspection report: thematic inspection of vetting\n\nThe Panel received a briefing on the inspection report. A case study from the thematic was described.\n\n4. Public questions\n\n5. Date of next meeting\n";
    let found = classify(text);
    assert_eq!(found.doc_type, DocType::Minutes, "{found:?}");
    assert!(
        found
            .doc_type_evidence
            .contains("meeting layout (venue, apologies"),
        "{found:?}"
    );
    assert!(
        found.doc_type_evidence.contains(" against thematic "),
        "{found:?}"
    );
    let two_features = text
        .replace("Venue:", "At")
        .replace("Apologies", "Welcome")
        .replace("Public questions", "Close");
    let found = classify(&two_features);
    assert_eq!(
        found.doc_type,
        DocType::Thematic,
        "two features are no layout: {found:?}"
    );
}

#[test]
fn a_foreword_does_not_make_a_commissioners_plan_thematic() {
    let text = "Police and Crime Plan 2021-2025\n\nForeword\n\nI am proud to present my plan.\n\nAcknowledgements\n\nThank you.";
    let found = classify(text);
    assert_eq!(
        (found.doc_type, found.subtype),
        (DocType::Report, Subtype::Plan),
        "{found:?}"
    );
}

#[test]
fn national_bodies_are_recognised_by_their_own_names() {
    let cases = [
        (
            "HMICFRS\n\nAn inspection of the force's response",
            Subtype::Inspection,
        ),
        (
            "Her Majesty's Inspectorate of Constabulary\n\nCrime recording",
            Subtype::Inspection,
        ),
        (
            "Independent Office for Police Conduct\n\nLearning the lessons",
            Subtype::Research,
        ),
        (
            "IPCC\n\nTowards greater public confidence",
            Subtype::Research,
        ),
        (
            "National Audit Office\n\nReport by the Comptroller and Auditor General",
            Subtype::Parliamentary,
        ),
        (
            "Public Accounts Committee\n\nFinancial sustainability of police forces",
            Subtype::Parliamentary,
        ),
        (
            "Home Affairs Committee\n\nPolicing for the future",
            Subtype::Parliamentary,
        ),
        ("College of Policing\n\nCode of Ethics", Subtype::Guidance),
        ("CoPaCC\n\nPolice governance", Subtype::Research),
        (
            "APCC\n\nAssociation of Police and Crime Commissioners: a paper",
            Subtype::Research,
        ),
        (
            "The Police Foundation\n\nPolicing and the public",
            Subtype::Research,
        ),
    ];
    for (cover, subtype) in cases {
        let mut text = format!("{cover}\n\n");
        for _ in 0..50 {
            text.push_str("This report sets out the recommendations. ");
        }
        let found = classify(&text);
        assert_eq!(found.subtype, subtype, "{cover}: {found:?}");
    }
}

#[test]
fn a_decision_form_is_a_decision_whatever_it_decides() {
    let (_, text, ..) = type_fixtures()
        .into_iter()
        .find(|(name, ..)| name == "type-decision-notice-form.txt")
        .expect("the fixture");
    let found = classify(&text);
    assert_eq!(found.subtype, Subtype::Decision, "{found:?}");
    assert!(
        found.subtype_evidence.contains("decision form ("),
        "{found:?}"
    );
}

#[test]
fn a_commissioners_report_answering_an_inspectorate_stays_a_report() {
    let mut text = String::from(
        "Office of the Police and Crime Commissioner for Kent\n\nReport of the Police and Crime \
         Commissioner to the Kent Police and Crime Panel\n\n3 March 2021\n\nReport author: A. Clerk\n\n",
    );
    // The cover and the opening section say what the document is; the inspectorate is spoken of
    // further on, as a report answering an inspection speaks of it.
    for _ in 0..20 {
        text.push_str("The force has improved how it answers calls from the public this year.\n");
    }
    for _ in 0..6 {
        text.push_str(
            "The HMICFRS inspection found that HMIC had asked for a case study, and the Police \
             Foundation and CoPaCC commented on the response.\n\n",
        );
    }
    let found = classify(&text);
    assert_eq!(
        (found.doc_type, found.subtype),
        (DocType::Report, Subtype::Update),
        "{}",
        found.doc_type_evidence
    );
    assert!(
        found.doc_type_evidence.contains("commissioner's report"),
        "{}",
        found.doc_type_evidence
    );
}
