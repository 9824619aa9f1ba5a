//! The stemmed words of a text: the chain every analyzer starts with (words, without absurdly long
//! ones, lower-cased and folded to ASCII) and the English stems it gives. The analyzers
//! ([`crate::analyzer`]) and the common-word pairs ([`crate::common_grams`]) both build on it.

use std::cell::RefCell;

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
    TextAnalyzerBuilder, Tokenizer,
};

use crate::stem_cache::CachedEnglishStemmer;

/// Tokens longer than this many bytes are dropped (base64 blobs, table debris).
const MAX_TOKEN_BYTES: usize = 64;

/// The chain every analyzer starts with: words, without absurdly long ones, lower-cased and
/// folded to ASCII.
pub(crate) fn folded_words() -> TextAnalyzerBuilder<impl Tokenizer> {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
}

/// The folded words, stemmed: the stemmed analyzer before any pairs are added.
pub(crate) fn stemmed_chain() -> TextAnalyzerBuilder<impl Tokenizer> {
    folded_words().filter(CachedEnglishStemmer)
}

/// The stemmed words alone, as queries and rules compare them.
fn stemmed_words() -> TextAnalyzer {
    stemmed_chain().build()
}

thread_local! {
    /// One analyzer of stemmed words per thread, so that none is built per call.
    static THREAD_STEMMED: RefCell<TextAnalyzer> = RefCell::new(stemmed_words());
}

/// The stemmed words of `text`, as the stemmed analyzer makes them but without the pairs of
/// common words.
pub fn stems(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    for_each_stem(text, |stem| tokens.push(stem.to_string()));
    tokens
}

/// Calls `visit` with each stemmed word of `text`, in order, as [`stems`] gives them, without
/// allocating a string per word.
pub fn for_each_stem(text: &str, mut visit: impl FnMut(&str)) {
    THREAD_STEMMED.with_borrow_mut(|analyzer| {
        let mut stream = analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            visit(&token.text);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stemming_folds_plurals_and_british_spellings_alike() {
        assert_eq!(stems("Organisations"), stems("organisation"));
        assert_eq!(stems("victims"), vec!["victim"]);
    }

    #[test]
    fn ascii_folding_makes_sharp_s_match_double_s() {
        assert_eq!(stems("schlimmbeßerung"), stems("schlimmbesserung"));
    }

    #[test]
    fn hyphenated_words_become_separate_tokens() {
        assert_eq!(stems("anti-social").len(), 2);
    }

    #[test]
    fn visiting_gives_the_stems_in_order() {
        let mut visited = Vec::new();
        for_each_stem("victims of crimes", |stem| visited.push(stem.to_string()));
        assert_eq!(visited, stems("victims of crimes"));
        assert_eq!(visited, vec!["victim", "of", "crime"]);
    }
}
