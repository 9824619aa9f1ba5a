//! Property: in a field indexed with the pairs of common words, a phrase looked up through its
//! pairs ([`common_grams::phrase_terms`]) matches exactly the passages the same phrase matches
//! word by word, for any text and any phrase, common words or not.

use std::collections::BTreeSet;

use oversight_schema::{analyzer, common_grams};
use proptest::prelude::*;
use tantivy::collector::DocSetCollector;
use tantivy::query::{PhraseQuery, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value as _,
};
use tantivy::{Index, IndexWriter, Searcher, TantivyDocument, Term};

/// Common words, rare words and a word over the length limit, so that texts have runs of common
/// words, breaks between them and gaps in the positions.
const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "Police",
    "crime",
    "panel",
    "to",
    "a",
    "naloxone",
    "kits",
    "Warwickshire",
    "budget",
    "victims'",
    "policing",
    "is",
    "in",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
];

fn text_of(words: &[usize]) -> String {
    let words: Vec<&str> = words.iter().map(|&index| WORDS[index]).collect();
    words.join(" ")
}

fn index_of(passages: &[String]) -> (Searcher, Field) {
    let mut builder = Schema::builder();
    let field = builder.add_text_field(
        "body",
        TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(analyzer::STEMMED)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
            .set_stored(),
    );
    let index = Index::create_in_ram(builder.build());
    analyzer::register(index.tokenizers());
    let mut writer: IndexWriter = index
        .writer_with_num_threads(1, 15_000_000)
        .expect("writer");
    for passage in passages {
        let mut document = TantivyDocument::new();
        document.add_text(field, passage);
        writer.add_document(document).expect("add");
    }
    writer.commit().expect("commit");
    let searcher = index.reader().expect("reader").searcher();
    (searcher, field)
}

fn matches(searcher: &Searcher, query: &dyn Query, field: Field) -> BTreeSet<String> {
    let addresses = searcher.search(query, &DocSetCollector).expect("search");
    addresses
        .into_iter()
        .map(|address| {
            let stored: TantivyDocument = searcher.doc(address).expect("doc");
            let text = stored.get_first(field).and_then(|value| value.as_str());
            text.unwrap_or_default().to_string()
        })
        .collect()
}

fn query(field: Field, terms: Vec<(usize, String)>) -> Box<dyn Query> {
    let mut terms: Vec<(usize, Term)> = terms
        .into_iter()
        .map(|(offset, text)| (offset, Term::from_field_text(field, &text)))
        .collect();
    if terms.len() == 1 {
        let (_, term) = terms.remove(0);
        return Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
    }
    Box::new(PhraseQuery::new_with_offset(terms))
}

proptest! {
    #[test]
    fn pairs_find_what_words_find(
        passages in prop::collection::vec(prop::collection::vec(0..WORDS.len(), 0..40), 1..12),
        phrase in prop::collection::vec(0..WORDS.len() - 1, 2..5),
    ) {
        let passages: Vec<String> = passages.iter().map(|words| text_of(words)).collect();
        let (searcher, field) = index_of(&passages);
        let stems = analyzer::stems(&text_of(&phrase));
        prop_assume!(stems.len() >= 2);
        let by_words = query(field, stems.iter().cloned().enumerate().collect());
        let by_pairs = query(field, common_grams::phrase_terms(&stems));
        prop_assert_eq!(
            matches(&searcher, &*by_pairs, field),
            matches(&searcher, &*by_words, field),
            "phrase {:?}", stems
        );
    }

    #[test]
    fn a_phrase_taken_from_a_passage_finds_it(
        words in prop::collection::vec(0..WORDS.len() - 1, 2..30),
        start in 0usize..28,
        length in 2usize..6,
    ) {
        let start = start % (words.len() - 1);
        let end = (start + length).min(words.len());
        let passage = text_of(&words);
        let (searcher, field) = index_of(std::slice::from_ref(&passage));
        let stems = analyzer::stems(&text_of(&words[start..end]));
        prop_assume!(stems.len() >= 2);
        let found = matches(&searcher, &*query(field, common_grams::phrase_terms(&stems)), field);
        prop_assert!(found.contains(&passage), "phrase {:?} not found in {:?}", stems, passage);
    }
}
