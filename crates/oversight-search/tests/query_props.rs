//! Property tests of the query compiler: any string compiles or fails with a typed, bad-request
//! error that says where, and never panics; queries built from the grammar's own pieces (words,
//! phrases, proximity, prefixes, fields, facets, ranges, OR, exclusions, groups) do the same, and
//! those that stay within the documented limits compile.
//!
//! `PROPTEST_CASES=100000 cargo test -p oversight-search --test query_props` runs a long fuzz.

use std::sync::{Arc, LazyLock};

use oversight_schema::Fields;
use oversight_schema::vocab::Vocabulary;
use oversight_search::query::{Acronyms, MAX_NESTING, MAX_QUERY_TERMS, QueryCompiler};
use oversight_search::{Error, ErrorKind};
use proptest::prelude::*;

struct Context {
    fields: Fields,
    vocabulary: Vocabulary,
    acronyms: Acronyms,
}

static CONTEXT: LazyLock<Context> = LazyLock::new(|| {
    let vocabulary = Vocabulary::bundled().expect("the bundled vocabularies load");
    let acronyms = Acronyms::new(&vocabulary);
    Context {
        fields: Fields::build(),
        vocabulary,
        acronyms,
    }
});

/// Compiles `text`; an error must be a typed bad-request error with a message, and a position
/// inside the query when it has one.
fn compile(text: &str) -> Result<bool, TestCaseError> {
    let context = &*CONTEXT;
    let segments = Arc::default();
    let compiler = QueryCompiler::new(
        &context.fields,
        &context.vocabulary,
        &context.acronyms,
        &segments,
    );
    match compiler.compile(text) {
        Ok(_) => Ok(true),
        Err(error) => {
            prop_assert_eq!(error.kind(), ErrorKind::BadRequest, "{}", error);
            prop_assert!(!error.to_string().trim().is_empty());
            prop_assert!(!error.code().is_empty());
            if let Error::MalformedQuery { position, .. } = &error {
                prop_assert!(*position <= text.chars().count(), "{} in {:?}", error, text);
            }
            Ok(false)
        }
    }
}

/// Strings dense in the grammar's special characters, ASCII and not.
fn syntax_soup() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            4 => proptest::char::range('a', 'z'),
            1 => proptest::sample::select(vec![
                '"', '(', ')', '[', ']', '{', '}', ':', '~', '^', '*', '?', '+', '-', '/', '\\',
                '!', ' ', ' ', '\t', '\n', '\'', '&', '|', '<', '>', '=', '.', ',', '0', '9',
            ]),
            1 => proptest::sample::select(vec!['é', 'ß', '日', '€', '\u{301}', '\u{200b}', '🚓', 'İ']),
        ],
        0..60,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{2,12}",
        Just("PCC".to_string()),
        Just("OPCC".to_string()),
        Just("HMICFRS".to_string()),
        Just("asb".to_string()),
        Just("organisation".to_string()),
    ]
}

/// One leaf of the grammar that the documented language accepts.
fn valid_leaf() -> impl Strategy<Value = String> {
    let field = proptest::sample::select(vec!["title", "heading", "item", "exact", "body"]);
    let force = proptest::sample::select(vec!["warwickshire", "dorset", "devon-and-cornwall"]);
    let doc_type = proptest::sample::select(vec!["minutes", "report", "thematic"]);
    prop_oneof![
        4 => word(),
        1 => proptest::collection::vec(word(), 1..4).prop_map(|words| format!("\"{}\"", words.join(" "))),
        1 => (proptest::collection::vec(word(), 2..4), 0u32..10)
            .prop_map(|(words, slop)| format!("\"{}\"~{slop}", words.join(" "))),
        1 => "[a-z]{3,8}".prop_map(|prefix| format!("{prefix}*")),
        1 => (field, word()).prop_map(|(field, word)| format!("{field}:{word}")),
        1 => force.prop_map(|force| format!("force:{force}")),
        1 => doc_type.prop_map(|doc_type| format!("type:{doc_type}")),
        1 => (2000u32..2030, 0u32..10).prop_map(|(from, span)| format!("year:[{from} TO {}]", from + span)),
        1 => (2000u32..2030).prop_map(|year| format!("year:{year}")),
    ]
}

/// Leaves the grammar parses but the language may refuse: odd fields, values, fuzzies, boosts.
fn any_leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => valid_leaf(),
        1 => "[a-z]{0,3}\\*",
        1 => "[a-z]{1,12}~[0-9]{1,2}",
        1 => "[a-z]{1,8}\\^-?[0-9]{1,4}(\\.[0-9]{1,3})?",
        1 => "[a-z]{1,8}:[a-z]{0,8}",
        1 => "year:[\\[{][0-9*]{0,6} TO [0-9*]{0,6}[\\]}]",
        1 => "/[a-z.*+?()|]{0,12}/",
        1 => "\"[a-z ]{0,12}\"(~[0-9]{1,3})?",
        1 => syntax_soup(),
    ]
}

/// A query tree over `leaf`: conjunctions, OR, exclusions, requirements and groups.
fn tree(leaf: BoxedStrategy<String>) -> impl Strategy<Value = String> {
    leaf.clone().prop_recursive(6, 48, 4, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 1..4).prop_map(|parts| parts.join(" ")),
            proptest::collection::vec(inner.clone(), 2..4).prop_map(|parts| parts.join(" OR ")),
            inner.clone().prop_map(|query| format!("({query})")),
            (inner.clone(), leaf.clone()).prop_map(|(query, leaf)| format!("{query} -{leaf}")),
            inner.prop_map(|query| format!("+({query})")),
        ]
    })
}

/// How deep the parentheses of a query go.
fn nesting(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for c in text.chars() {
        match c {
            '(' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

proptest! {
    #[test]
    fn any_string_compiles_or_is_a_typed_error(text in any::<String>()) {
        compile(&text)?;
    }

    #[test]
    fn printable_strings_compile_or_are_typed_errors(text in "\\PC{0,80}") {
        compile(&text)?;
    }

    #[test]
    fn syntax_soup_compiles_or_is_a_typed_error(text in syntax_soup()) {
        compile(&text)?;
    }

    #[test]
    fn generated_query_trees_compile_or_are_typed_errors(text in tree(any_leaf().boxed())) {
        compile(&text)?;
    }

    #[test]
    fn queries_within_the_limits_compile(text in tree(valid_leaf().boxed())) {
        // Rough term count: every word-like run of the query.
        let terms = text.split(|c: char| !c.is_alphanumeric()).filter(|part| !part.is_empty()).count();
        prop_assume!(terms <= MAX_QUERY_TERMS / 2 && nesting(&text) <= MAX_NESTING);
        prop_assert!(compile(&text)?, "a documented query was refused: {:?}", text);
    }

    #[test]
    fn control_characters_anywhere_are_refused(
        before in "[a-z ]{0,10}",
        control in proptest::sample::select(vec!['\u{0}', '\u{1}', '\u{7}', '\u{8}', '\u{1b}', '\u{7f}', '\u{9b}']),
        after in "[a-z ]{0,10}",
    ) {
        let query = format!("{before}{control}{after}");
        prop_assert!(!compile(&query)?, "control characters accepted in {:?}", query);
    }
}
