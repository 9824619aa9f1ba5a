//! Pairs of common words indexed as single terms, so that a phrase of common words ("of the",
//! "police and crime") is looked up rather than checked position by position.
//!
//! Where a stemmed word of [`COMMON_WORDS`] is followed directly by another, the index holds, at
//! the first word's position, one more term: both stems with a space between (`"of the"`), which no
//! tokenizer can produce from text. A phrase query then asks for those pair terms instead of their
//! words ([`phrase_terms`]): `"of the"` becomes one term's postings, with no positions to compare,
//! and `"police and crime"` two pair terms that are each far rarer than their words. This is the
//! "common grams" of Lucene and of the search-engine literature; it costs a term per pair of
//! common words (about a sixth of a text's words) and changes no answer.
//!
//! The list is part of the index format: a change to it must bump
//! [`crate::INDEX_FORMAT_VERSION`].

use std::sync::LazyLock;

use rustc_hash::FxHashSet;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use crate::stemming;

/// English function words and the most frequent words of police governance documents (those of
/// the bundled corpus), as written; they are stemmed like the text before use.
pub const COMMON_WORDS: &[&str] = &[
    // Function words.
    "a",
    "about",
    "after",
    "all",
    "also",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "been",
    "before",
    "being",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "each",
    "for",
    "from",
    "had",
    "has",
    "have",
    "he",
    "her",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "may",
    "more",
    "most",
    "must",
    "no",
    "not",
    "of",
    "on",
    "one",
    "or",
    "other",
    "our",
    "out",
    "over",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "under",
    "up",
    "upon",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "will",
    "with",
    "within",
    "would",
    "you",
    // The domain's most frequent words.
    "chief",
    "commissioner",
    "community",
    "constable",
    "crime",
    "force",
    "local",
    "meeting",
    "member",
    "number",
    "office",
    "officer",
    "panel",
    "pcc",
    "people",
    "plan",
    "police",
    "public",
    "report",
    "safety",
    "service",
    "support",
    "victim",
    "work",
];

/// The stems of [`COMMON_WORDS`].
static COMMON_STEMS: LazyLock<FxHashSet<String>> = LazyLock::new(|| {
    COMMON_WORDS
        .iter()
        .flat_map(|word| stemming::stems(word))
        .collect()
});

/// Whether `stem` is the stem of a common word.
pub fn is_common(stem: &str) -> bool {
    COMMON_STEMS.contains(stem)
}

/// The term of the pair `left right`.
pub fn pair(left: &str, right: &str) -> String {
    let mut term = String::with_capacity(left.len() + 1 + right.len());
    term.push_str(left);
    term.push(' ');
    term.push_str(right);
    term
}

/// The terms, with their offsets in the phrase, that find the exact phrase `stems` in a field
/// indexed with common grams: a pair term wherever two common words follow each other, a word's
/// own term where no pair covers it. A pair whose words are both covered already is left out.
pub fn phrase_terms(stems: &[String]) -> Vec<(usize, String)> {
    let has_pair = |index: usize| {
        matches!((stems.get(index), stems.get(index + 1)),
            (Some(left), Some(right)) if is_common(left) && is_common(right))
    };
    let mut terms = Vec::with_capacity(stems.len());
    // Words before this index are covered by a term.
    let mut covered_to = 0;
    for (index, stem) in stems.iter().enumerate() {
        if has_pair(index) {
            let covers_more = covered_to < index + 2;
            // When this word is covered and the next pair covers the next word, this pair adds
            // nothing the next one does not.
            let next_pair_suffices = covered_to > index && has_pair(index + 1);
            if covers_more && !next_pair_suffices {
                terms.push((index, pair(stem, &stems[index + 1])));
                covered_to = index + 2;
            }
        } else if covered_to <= index {
            terms.push((index, stem.clone()));
            covered_to = index + 1;
        }
    }
    terms
}

/// A token filter adding, after each common word that a common word follows, their pair term.
#[derive(Clone, Copy, Debug, Default)]
pub struct CommonGrams;

impl TokenFilter for CommonGrams {
    type Tokenizer<T: Tokenizer> = CommonGramsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CommonGramsFilter<T> {
        CommonGramsFilter { inner: tokenizer }
    }
}

/// The tokenizer [`CommonGrams`] wraps around another.
#[derive(Clone)]
pub struct CommonGramsFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for CommonGramsFilter<T> {
    type TokenStream<'a> = CommonGramsStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CommonGramsStream {
            tail: self.inner.token_stream(text),
            current: Token::default(),
            lookahead: Token::default(),
            has_lookahead: false,
            pair_due: false,
        }
    }
}

/// The token stream of [`CommonGramsFilter`]: each word, then its pair with the next word when
/// both are common.
pub struct CommonGramsStream<S> {
    tail: S,
    /// The token handed out: a word or a pair.
    current: Token,
    /// The word after `current`, read ahead.
    lookahead: Token,
    has_lookahead: bool,
    /// Whether the pair of `current` and `lookahead` comes out next.
    pair_due: bool,
}

impl<S: TokenStream> TokenStream for CommonGramsStream<S> {
    fn advance(&mut self) -> bool {
        if self.pair_due {
            self.pair_due = false;
            self.current.text.push(' ');
            self.current.text.push_str(&self.lookahead.text);
            self.current.offset_to = self.lookahead.offset_to;
            self.current.position_length = 2;
            return true;
        }
        if self.has_lookahead {
            std::mem::swap(&mut self.current, &mut self.lookahead);
            self.has_lookahead = false;
        } else if self.tail.advance() {
            copy_token(self.tail.token(), &mut self.current);
        } else {
            return false;
        }
        if self.tail.advance() {
            copy_token(self.tail.token(), &mut self.lookahead);
            self.has_lookahead = true;
            self.pair_due = self.lookahead.position == self.current.position + 1
                && is_common(&self.current.text)
                && is_common(&self.lookahead.text);
        }
        true
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

/// Copies `from` into `to`, reusing `to`'s text buffer.
fn copy_token(from: &Token, to: &mut Token) {
    to.offset_from = from.offset_from;
    to.offset_to = from.offset_to;
    to.position = from.position;
    to.position_length = from.position_length;
    to.text.clear();
    to.text.push_str(&from.text);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str) -> Vec<String> {
        stemming::stems(text)
    }

    /// The tokens of the stemmed analyzer's chain (the one `analyzer::stemmed` builds).
    fn indexed(text: &str) -> Vec<(String, usize, &str)> {
        let mut analyzer = stemming::stemmed_chain().filter(CommonGrams).build();
        let mut stream = analyzer.token_stream(text);
        let mut tokens = Vec::new();
        while let Some(token) = stream.next() {
            let source = &text[token.offset_from..token.offset_to];
            tokens.push((token.text.clone(), token.position, source));
        }
        tokens
    }

    #[test]
    fn pairs_of_common_words_follow_their_first_word_at_its_position() {
        assert_eq!(
            indexed("Report of the Police"),
            vec![
                ("report".to_string(), 0, "Report"),
                ("report of".to_string(), 0, "Report of"),
                ("of".to_string(), 1, "of"),
                ("of the".to_string(), 1, "of the"),
                ("the".to_string(), 2, "the"),
                ("the polic".to_string(), 2, "the Police"),
                ("polic".to_string(), 3, "Police"),
            ]
        );
    }

    #[test]
    fn rare_words_and_gaps_make_no_pairs() {
        let words: Vec<String> = indexed("naloxone of kits")
            .into_iter()
            .map(|(text, _, _)| text)
            .collect();
        assert_eq!(words, stems("naloxone of kits"));
        // A dropped over-long token leaves a gap in the positions: no pair across it.
        let long = "x".repeat(80);
        let words: Vec<String> = indexed(&format!("of {long} the"))
            .into_iter()
            .map(|(text, _, _)| text)
            .collect();
        assert_eq!(words, vec!["of", "the"]);
    }

    #[test]
    fn a_phrase_of_two_common_words_is_one_pair_term() {
        assert_eq!(
            phrase_terms(&stems("of the")),
            vec![(0, "of the".to_string())]
        );
    }

    #[test]
    fn longer_phrases_are_covered_by_the_fewest_pairs_and_words() {
        assert_eq!(
            phrase_terms(&stems("police and crime panel")),
            vec![(0, "polic and".to_string()), (2, "crime panel".to_string())]
        );
        assert_eq!(
            phrase_terms(&stems("police and crime")),
            vec![(0, "polic and".to_string()), (1, "and crime".to_string())]
        );
        assert_eq!(
            phrase_terms(&stems("of the police")),
            vec![(0, "of the".to_string()), (1, "the polic".to_string())]
        );
        assert_eq!(
            phrase_terms(&stems("naloxone of the kits")),
            vec![
                (0, "naloxon".to_string()),
                (1, "of the".to_string()),
                (3, "kit".to_string()),
            ]
        );
        assert_eq!(
            phrase_terms(&stems("naloxone kits")),
            vec![(0, "naloxon".to_string()), (1, "kit".to_string())]
        );
    }

    #[test]
    fn every_common_word_has_a_stem() {
        assert!(COMMON_WORDS.iter().all(|word| stems(word).len() == 1));
        assert!(is_common("polic") && is_common("the") && !is_common("naloxon"));
    }
}
