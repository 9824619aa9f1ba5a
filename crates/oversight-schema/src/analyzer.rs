//! The text analyzers shared by indexing, querying, snippets and theme rules.
//!
//! Two chains, identical but for stemming: a Unicode-aware tokenizer (splits on anything that is not
//! alphanumeric), removal of absurdly long tokens, lower-casing, ASCII folding (`ß` → `ss`, `é` → `e`)
//! and, for [`STEMMED`], the English Snowball stemmer (with a cache of stems,
//! [`crate::stem_cache`]) followed by the pairs of common words ([`crate::common_grams`]). Stop
//! words are kept so phrases stay exact. [`stems`] gives the stemmed words alone, without pairs.

use std::cell::RefCell;

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
    TextAnalyzerBuilder, Tokenizer, TokenizerManager,
};

use crate::common_grams::CommonGrams;
use crate::first_letter_gate::FirstLetterGate;
use crate::stem_cache::CachedEnglishStemmer;

/// Name of the stemmed analyzer (body, title, heading, item).
pub const STEMMED: &str = "oversight_stemmed";
/// Name of the unstemmed analyzer (the exact-form body twin).
pub const EXACT: &str = "oversight_exact";

/// Tokens longer than this many bytes are dropped (base64 blobs, table debris).
const MAX_TOKEN_BYTES: usize = 64;

/// The stemmed analyzer: what `body`, `title`, `heading` and `item` are indexed with, each
/// stemmed word followed by its pair with the next word when both are common.
pub fn stemmed() -> TextAnalyzer {
    folded_words()
        .filter(CachedEnglishStemmer)
        .filter(CommonGrams)
        .build()
}

/// The stemmed words alone, as queries and rules compare them.
pub fn stemmed_words() -> TextAnalyzer {
    folded_words().filter(CachedEnglishStemmer).build()
}

/// The stemmed analyzer for marking `stems` (and, with `pairs`, pairs of common words) in a text:
/// only the words that could stem to one of them are stemmed ([`FirstLetterGate`]); the others
/// are left out.
pub fn marking<'a>(stems: impl IntoIterator<Item = &'a str>, pairs: bool) -> TextAnalyzer {
    let gated = folded_words()
        .filter(FirstLetterGate::new(stems))
        .filter(CachedEnglishStemmer);
    if pairs {
        gated.filter(CommonGrams).build()
    } else {
        gated.build()
    }
}

/// The exact-form analyzer: folding and lower-casing, no stemming.
pub fn exact() -> TextAnalyzer {
    folded_words().build()
}

/// The chain every analyzer starts with: words, without absurdly long ones, lower-cased and
/// folded to ASCII.
fn folded_words() -> TextAnalyzerBuilder<impl Tokenizer> {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
}

/// Registers both analyzers under their names, as every index opened by Oversight needs.
pub fn register(manager: &TokenizerManager) {
    manager.register(STEMMED, stemmed());
    manager.register(EXACT, exact());
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
    fn exact_analyzer_keeps_word_forms() {
        let mut analyzer = exact();
        let mut stream = analyzer.token_stream("Commissioners");
        let token = stream.next().map(|token| token.text.clone());
        assert_eq!(token.as_deref(), Some("commissioners"));
    }
}
