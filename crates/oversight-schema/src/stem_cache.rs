//! The English Snowball stemmer as a tantivy token filter that remembers its stems: a word is
//! stemmed once per thread rather than at every occurrence. Stems are exactly those of tantivy's
//! own `Stemmer` (the same `frostem` algorithm); only the repeated work goes.
//!
//! The memory is a direct-mapped table of fixed 64-byte slots (word and stem inline, found by a
//! hash of the word), so a lookup touches one cache line and never allocates; a word whose slot
//! holds another word is stemmed again and takes the slot. The table belongs to the thread, not to
//! the filter: tantivy clones an analyzer for every query it parses and every snippet it makes, and
//! a table per clone would allocate and zero 4 MiB each time (a third of a search's time).

use std::cell::RefCell;
use std::hash::{BuildHasher, BuildHasherDefault};

use rustc_hash::FxHasher;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Slots in the table (4 MiB, allocated zeroed on first use, so untouched pages cost nothing).
const SLOTS: usize = 1 << 16;
/// Bytes per slot: two length bytes, then the word and the stem.
const SLOT_BYTES: usize = 64;
/// The longest word or stem a slot holds; longer ones are always stemmed afresh.
const MAX_INLINE: usize = (SLOT_BYTES - 2) / 2;

/// A token filter giving the English stem of each (lower-cased) token.
#[derive(Clone, Copy, Debug, Default)]
pub struct CachedEnglishStemmer;

impl TokenFilter for CachedEnglishStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter { inner: tokenizer }
    }
}

/// The tokenizer [`CachedEnglishStemmer`] wraps around another; its clones share the thread's table.
#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
}

thread_local! {
    /// The stems remembered on this thread.
    static TABLE: RefCell<StemTable> = RefCell::new(StemTable::default());
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
        }
    }
}

/// Words and their stems, in slots chosen by the word's hash.
#[derive(Default)]
struct StemTable {
    slots: Vec<u8>,
}

impl StemTable {
    /// The slot of `word` and whether it holds `word`'s stem.
    fn slot(&mut self, word: &[u8]) -> (&mut [u8], bool) {
        if self.slots.is_empty() {
            self.slots = vec![0; SLOTS * SLOT_BYTES];
        }
        let hash = BuildHasherDefault::<FxHasher>::default().hash_one(word) as usize;
        let start = (hash % SLOTS) * SLOT_BYTES;
        let slot = &mut self.slots[start..start + SLOT_BYTES];
        let hit = usize::from(slot[0]) == word.len() && &slot[2..2 + word.len()] == word;
        (slot, hit)
    }
}

/// Replaces `word` (at most [`MAX_INLINE`] bytes) by its stem, from `table` when it is there.
fn stem_through(table: &mut StemTable, stemmer: &frostem::Stemmer, word: &mut String) {
    let (slot, hit) = table.slot(word.as_bytes());
    let stem_at = 2 + MAX_INLINE;
    if hit {
        let stem = &slot[stem_at..stem_at + usize::from(slot[1])];
        // The slot's bytes were copied from a `str` below.
        if let Ok(stem) = std::str::from_utf8(stem) {
            word.clear();
            word.push_str(stem);
            return;
        }
    }
    let stem = stemmer.stem(word).into_owned();
    if stem.len() <= MAX_INLINE {
        let word_len = word.len();
        slot[0] = word_len as u8;
        slot[1] = stem.len() as u8;
        slot[2..2 + word_len].copy_from_slice(word.as_bytes());
        slot[stem_at..stem_at + stem.len()].copy_from_slice(stem.as_bytes());
    }
    *word = stem;
}

/// The token stream of [`CachedStemmerFilter`].
pub struct CachedStemmerStream<T> {
    tail: T,
    stemmer: frostem::Stemmer,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if token.text.is_empty() || token.text.len() > MAX_INLINE {
            token.text = self.stemmer.stem(&token.text).into_owned();
            return true;
        }
        let stemmer = &self.stemmer;
        TABLE.with_borrow_mut(|table| stem_through(table, stemmer, &mut token.text));
        true
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
    use tantivy::tokenizer::{Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer};

    use super::*;

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push((
                token.text.clone(),
                token.position,
                token.offset_from,
                token.offset_to,
            ));
        }
        out
    }

    #[test]
    fn stems_positions_and_offsets_are_those_of_tantivys_stemmer() {
        let text = include_str!("../../../corpus/003_4c84c7b52ec6327e.txt");
        let mut stock = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        let mut cached = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedEnglishStemmer)
            .build();
        let expected = tokens(&mut stock, text);
        assert!(expected.len() > 10_000);
        // Twice: the second pass is served from the cache.
        assert_eq!(tokens(&mut cached, text), expected);
        assert_eq!(tokens(&mut cached, text), expected);
    }
}
