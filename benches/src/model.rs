//! The language model trained on the seed corpus: word forms, their frequencies (as a sampling
//! table) and which word follows which (bigrams), so generated text has the seed documents' words in
//! their proportions and their common word pairs.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::rng::Rng;
use crate::{Error, Result};

/// Words that vote for the `thematic` type (`schema/doc_types.toml`) and that the seed corpus'
/// thematic papers use often: left out so that long generated packs keep the type of their cover.
const THEMATIC_WORDS: &[&str] = &[
    "thematic",
    "Thematic",
    "THEMATIC",
    "Thematics",
    "thematics",
    "briefing",
    "Briefing",
    "foreword",
    "Foreword",
    "endnotes",
    "Endnotes",
    "acknowledgements",
    "Acknowledgements",
];

/// Words of force area names that are common words in their own right and so stay in training.
const COMMON_AREA_WORDS: &[&str] = &[
    "and", "of", "the", "West", "North", "South", "East", "City", "Police",
];

/// Unigram and bigram tables over the seed corpus.
#[derive(Debug, Clone)]
pub struct LanguageModel {
    words: Vec<String>,
    /// The training text as word ids, in order: sampling a position samples by frequency.
    tokens: Vec<u32>,
    /// Successor word ids grouped by word: `successors[offsets[w]..offsets[w + 1]]`.
    successors: Vec<u32>,
    offsets: Vec<u32>,
    /// Word ids that start a sentence in the training text (with repetition).
    sentence_starts: Vec<u32>,
}

impl LanguageModel {
    /// Trains on every `.txt` and `.md` file of `dir`. Words naming a force area are left out, so
    /// that generated text never claims a force its cover does not, and so are words voting for the
    /// thematic type.
    pub fn train_dir(dir: &Path, area_names: &[String]) -> Result<LanguageModel> {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map_err(|source| Error::Io {
                path: dir.to_path_buf(),
                source,
            })?
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| {
                path.extension()
                    .is_some_and(|extension| extension == "txt" || extension == "md")
            })
            .collect();
        paths.sort();
        let mut texts = Vec::new();
        for path in paths {
            let bytes = std::fs::read(&path).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            texts.push(String::from_utf8_lossy(&bytes).into_owned());
        }
        LanguageModel::train(&texts, area_names)
    }

    /// Trains on the given texts.
    pub fn train(texts: &[String], area_names: &[String]) -> Result<LanguageModel> {
        let excluded: HashSet<&str> = area_names
            .iter()
            .flat_map(|area| area.split_whitespace())
            .filter(|word| !COMMON_AREA_WORDS.contains(word))
            .chain(THEMATIC_WORDS.iter().copied())
            .collect();
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut words = Vec::new();
        let mut tokens = Vec::new();
        let mut starts_sentence = Vec::new();
        for text in texts {
            let mut at_start = true;
            for piece in text.split_whitespace() {
                let ends_sentence = piece.ends_with(['.', '?', '!', ':']);
                let word = piece.trim_matches(|c: char| !c.is_alphanumeric());
                let usable = !word.is_empty()
                    && word
                        .chars()
                        .all(|c| c.is_ascii_alphabetic() || c == '\'' || c == '-')
                    && !excluded.contains(word);
                if usable {
                    let next_id = words.len() as u32;
                    let id = *ids.entry(word.to_string()).or_insert_with(|| {
                        words.push(word.to_string());
                        next_id
                    });
                    tokens.push(id);
                    starts_sentence.push(at_start);
                    at_start = false;
                }
                if ends_sentence {
                    at_start = true;
                }
            }
        }
        if tokens.len() < 2 {
            return Err(Error::Training(
                "the seed corpus has fewer than two usable words".to_string(),
            ));
        }
        let mut counts = vec![0u32; words.len() + 1];
        for pair in tokens.windows(2) {
            counts[pair[0] as usize + 1] += 1;
        }
        let mut offsets = counts.clone();
        for index in 1..offsets.len() {
            offsets[index] += offsets[index - 1];
        }
        let mut fill = offsets.clone();
        let mut successors = vec![0u32; tokens.len() - 1];
        for pair in tokens.windows(2) {
            let slot = &mut fill[pair[0] as usize];
            successors[*slot as usize] = pair[1];
            *slot += 1;
        }
        let sentence_starts = tokens
            .iter()
            .zip(&starts_sentence)
            .filter(|(_, start)| **start)
            .map(|(id, _)| *id)
            .collect();
        Ok(LanguageModel {
            words,
            tokens,
            successors,
            offsets,
            sentence_starts,
        })
    }

    /// The word form of an id.
    pub fn word(&self, id: u32) -> &str {
        &self.words[id as usize]
    }

    /// A word drawn by frequency.
    pub fn unigram(&self, rng: &mut Rng) -> u32 {
        self.tokens[rng.below(self.tokens.len())]
    }

    /// A word that opens a sentence, drawn by frequency.
    pub fn sentence_start(&self, rng: &mut Rng) -> u32 {
        if self.sentence_starts.is_empty() {
            return self.unigram(rng);
        }
        self.sentence_starts[rng.below(self.sentence_starts.len())]
    }

    /// A word that followed `previous` in training, drawn by frequency; any word if none did.
    pub fn next(&self, previous: u32, rng: &mut Rng) -> u32 {
        let start = self.offsets[previous as usize] as usize;
        let end = self.offsets[previous as usize + 1] as usize;
        if start == end {
            return self.unigram(rng);
        }
        self.successors[start + rng.below(end - start)]
    }

    /// Every distinct word form with its count, most frequent first (ties by form).
    pub fn frequencies(&self) -> Vec<(&str, u32)> {
        let mut counts = vec![0u32; self.words.len()];
        for id in &self.tokens {
            counts[*id as usize] += 1;
        }
        let mut ranked: Vec<(&str, u32)> =
            self.words.iter().map(String::as_str).zip(counts).collect();
        ranked.sort_by(|left, right| right.1.cmp(&left.1).then(left.0.cmp(right.0)));
        ranked
    }

    /// Every adjacent word pair with its count, most frequent first (ties by text).
    pub fn bigram_frequencies(&self) -> Vec<((&str, &str), u32)> {
        let mut counts: HashMap<(u32, u32), u32> = HashMap::new();
        for pair in self.tokens.windows(2) {
            *counts.entry((pair[0], pair[1])).or_default() += 1;
        }
        let mut ranked: Vec<((&str, &str), u32)> = counts
            .into_iter()
            .map(|((left, right), count)| ((self.word(left), self.word(right)), count))
            .collect();
        ranked.sort_by(|left, right| right.1.cmp(&left.1).then(left.0.cmp(&right.0)));
        ranked
    }

    /// How many distinct word forms training saw.
    pub fn vocabulary_size(&self) -> usize {
        self.words.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn successors_follow_the_training_text() {
        let texts = vec!["The panel met. The panel agreed.".to_string()];
        let model = LanguageModel::train(&texts, &[]).expect("trains");
        let mut rng = Rng::new(3);
        let the = model
            .frequencies()
            .iter()
            .position(|(word, _)| *word == "The")
            .expect("seen");
        let the_id = model
            .words
            .iter()
            .position(|word| word == "The")
            .expect("id") as u32;
        assert!(the < 3);
        assert_eq!(model.word(model.next(the_id, &mut rng)), "panel");
    }

    #[test]
    fn force_area_words_are_left_out() {
        let texts = vec!["Warwickshire Police and Crime Panel met in Warwick.".to_string()];
        let model = LanguageModel::train(&texts, &["Warwickshire".to_string()]).expect("trains");
        assert!(
            model
                .frequencies()
                .iter()
                .all(|(word, _)| *word != "Warwickshire")
        );
    }
}
