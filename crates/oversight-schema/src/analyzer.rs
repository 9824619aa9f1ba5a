//! The text analyzers shared by indexing, querying, snippets and theme rules.
//!
//! Two chains, identical but for stemming: a Unicode-aware tokenizer (splits on anything that is not
//! alphanumeric), removal of absurdly long tokens, lower-casing, ASCII folding (`ß` → `ss`, `é` → `e`)
//! and, for [`STEMMED`], the English Snowball stemmer (with a cache of stems,
//! [`crate::stem_cache`]) followed by the pairs of common words ([`crate::common_grams`]). Stop
//! words are kept so phrases stay exact. [`stems`] gives the stemmed words alone, without pairs
//! ([`crate::stemming`], which the pairs are built on too).

use tantivy::tokenizer::{TextAnalyzer, TokenizerManager};

use crate::common_grams::CommonGrams;
use crate::first_letter_gate::FirstLetterGate;
use crate::stem_cache::CachedEnglishStemmer;
use crate::stemming::{folded_words, stemmed_chain};
pub use crate::stemming::{for_each_stem, stems};

/// Name of the stemmed analyzer (body, title, heading, item).
pub const STEMMED: &str = "oversight_stemmed";
/// Name of the unstemmed analyzer (the exact-form body twin).
pub const EXACT: &str = "oversight_exact";

/// The stemmed analyzer: what `body`, `title`, `heading` and `item` are indexed with, each
/// stemmed word followed by its pair with the next word when both are common.
pub fn stemmed() -> TextAnalyzer {
    stemmed_chain().filter(CommonGrams).build()
}

/// The stemmed analyzer for marking `stems` in a text: only the words that could stem to one of
/// them are stemmed ([`FirstLetterGate`]); the others are left out, and those let through keep
/// their positions, so a phrase is found as words at consecutive positions.
pub fn marking<'a>(stems: impl IntoIterator<Item = &'a str>) -> TextAnalyzer {
    folded_words()
        .filter(FirstLetterGate::new(stems))
        .filter(CachedEnglishStemmer)
        .build()
}

/// The exact-form analyzer: folding and lower-casing, no stemming.
pub fn exact() -> TextAnalyzer {
    folded_words().build()
}

/// Registers both analyzers under their names, as every index opened by Oversight needs.
pub fn register(manager: &TokenizerManager) {
    manager.register(STEMMED, stemmed());
    manager.register(EXACT, exact());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_analyzer_keeps_word_forms() {
        let mut analyzer = exact();
        let mut stream = analyzer.token_stream("Commissioners");
        let token = stream.next().map(|token| token.text.clone());
        assert_eq!(token.as_deref(), Some("commissioners"));
    }

    #[test]
    fn gated_words_are_dropped_and_the_others_stemmed_at_their_positions() {
        let mut analyzer = marking(["polic", "of"]);
        let mut stream = analyzer.token_stream("Reports of the police, victims");
        let mut tokens = Vec::new();
        while let Some(token) = stream.next() {
            tokens.push((token.text.clone(), token.position, token.offset_from));
        }
        let expected = [("of", 1, 8), ("polic", 3, 15)]
            .map(|(text, position, offset)| (text.to_string(), position, offset));
        assert_eq!(tokens, expected);
    }
}
