//! A token filter that lets through, for stemming, only the words that could stem to one of a few
//! wanted stems, so that marking a query's words in a passage stems only a small share of its words.
//!
//! The English Snowball stemmer rewrites suffixes and never a word's first letter (its exceptions,
//! "skies" → "sky" and the like, keep it too), so a word whose first letter begins none of the
//! wanted stems cannot become one. Such a word is dropped from the stream; the others keep their
//! positions, so the words of a phrase are still only found as neighbours.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// The first bytes of the wanted stems.
#[derive(Clone, Copy, Debug)]
pub struct FirstLetterGate {
    open: [bool; 256],
}

impl FirstLetterGate {
    /// A gate for words that may stem to one of `stems`.
    pub fn new<'a>(stems: impl IntoIterator<Item = &'a str>) -> FirstLetterGate {
        let mut open = [false; 256];
        for stem in stems {
            if let Some(&first) = stem.as_bytes().first() {
                open[usize::from(first)] = true;
            }
        }
        FirstLetterGate { open }
    }

    fn lets_through(&self, word: &str) -> bool {
        word.as_bytes()
            .first()
            .is_some_and(|&first| self.open[usize::from(first)])
    }
}

impl TokenFilter for FirstLetterGate {
    type Tokenizer<T: Tokenizer> = GatedTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> GatedTokenizer<T> {
        GatedTokenizer {
            inner: tokenizer,
            gate: self,
        }
    }
}

/// The tokenizer [`FirstLetterGate`] wraps around another.
#[derive(Clone)]
pub struct GatedTokenizer<T> {
    inner: T,
    gate: FirstLetterGate,
}

impl<T: Tokenizer> Tokenizer for GatedTokenizer<T> {
    type TokenStream<'a> = GatedStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        GatedStream {
            tail: self.inner.token_stream(text),
            gate: self.gate,
        }
    }
}

/// The token stream of [`GatedTokenizer`].
pub struct GatedStream<T> {
    tail: T,
    gate: FirstLetterGate,
}

impl<T: TokenStream> TokenStream for GatedStream<T> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            if self.gate.lets_through(&self.tail.token().text) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use crate::stemming;

    fn stem(word: &str) -> String {
        frostem::Stemmer::new(frostem::Algorithm::English)
            .stem(word)
            .into_owned()
    }

    #[test]
    fn every_word_of_the_bundled_corpus_keeps_its_first_letter_when_stemmed() {
        let mut words = 0;
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus"))
            .expect("the bundled corpus")
        {
            let path = entry.expect("a corpus entry").path();
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let mut exact = stemming::folded_words().build();
            let mut stream = exact.token_stream(&text);
            while let Some(token) = stream.next() {
                let stemmed = stem(&token.text);
                assert_eq!(
                    stemmed.as_bytes().first(),
                    token.text.as_bytes().first(),
                    "{} → {stemmed}",
                    token.text
                );
                words += 1;
            }
        }
        assert!(words > 50_000, "only {words} words read");
    }

    proptest! {
        #[test]
        fn stemming_keeps_the_first_letter(word in "[a-z]{1,14}(ies|ied|ing|ed|ly|y|s|ation|ness)?") {
            let stemmed = stem(&word);
            prop_assert_eq!(stemmed.as_bytes().first(), word.as_bytes().first());
        }
    }
}
