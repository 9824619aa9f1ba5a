//! The query mix: 200 queries in five classes, drawn from the trained model's words and word pairs
//! and the same for every engine. Each engine answers each query with a full response (top 10
//! documents with snippets, total and facet counts).

use std::collections::HashSet;

use serde::Serialize;

use crate::model::LanguageModel;
use crate::rng::Rng;

/// Queries per class in the standard mix.
pub const QUERIES_PER_CLASS: usize = 40;

/// Words too common to be a meaningful single-term query (they still make common phrases).
const STOP_WORDS: &[&str] = &[
    "the", "and", "of", "to", "a", "in", "for", "is", "on", "that", "with", "be", "as", "by",
    "this", "are", "it", "at", "an", "or", "from", "has", "have", "was", "will", "which", "been",
    "not", "their", "its", "were", "these", "those", "also", "all", "any", "can", "our", "there",
    "they", "would", "should", "could", "into", "than", "more", "such", "other", "some", "who",
];

/// The class of a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QueryClass {
    /// One word.
    Term,
    /// Two words, both required.
    And,
    /// A phrase of two content words.
    Phrase,
    /// A phrase of very common words (`"of the"`, `"police and crime"`): the slowest class.
    CommonPhrase,
    /// One word, filtered by a force and a year range.
    Filtered,
}

impl QueryClass {
    /// Every class, in report order.
    pub const ALL: [QueryClass; 5] = [
        QueryClass::Term,
        QueryClass::And,
        QueryClass::Phrase,
        QueryClass::CommonPhrase,
        QueryClass::Filtered,
    ];

    /// A short name.
    pub fn name(self) -> &'static str {
        match self {
            QueryClass::Term => "term",
            QueryClass::And => "and",
            QueryClass::Phrase => "phrase",
            QueryClass::CommonPhrase => "common_phrase",
            QueryClass::Filtered => "filtered",
        }
    }
}

/// A force and year range to filter by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueryFilter {
    /// Force slug.
    pub force: String,
    /// First year, inclusive.
    pub year_from: u16,
    /// Last year, inclusive.
    pub year_to: u16,
}

/// One query of the mix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BenchQuery {
    /// Its class.
    pub class: QueryClass,
    /// The lower-cased words.
    pub words: Vec<String>,
    /// Whether the words form a phrase.
    pub phrase: bool,
    /// The filter, for the filtered class.
    pub filter: Option<QueryFilter>,
}

impl BenchQuery {
    /// The query in the syntax Oversight and tantivy share: `a b` or `"a b"`.
    pub fn text(&self) -> String {
        let joined = self.words.join(" ");
        if self.phrase {
            format!("\"{joined}\"")
        } else {
            joined
        }
    }

    /// The query in SQLite FTS5 syntax: each word quoted (`"a" "b"`), or one quoted phrase.
    pub fn fts5(&self) -> String {
        if self.phrase {
            format!("\"{}\"", self.words.join(" "))
        } else {
            self.words
                .iter()
                .map(|word| format!("\"{word}\""))
                .collect::<Vec<_>>()
                .join(" ")
        }
    }

    /// The HTTP API path that asks the same.
    pub fn api_path(&self) -> String {
        let encode = |text: &str| {
            percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC)
                .to_string()
        };
        let mut path = format!("/api/v1/search?q={}", encode(&self.text()));
        if let Some(filter) = &self.filter {
            path.push_str(&format!(
                "&force={}&year_from={}&year_to={}",
                encode(&filter.force),
                filter.year_from,
                filter.year_to
            ));
        }
        path
    }
}

/// Builds the mix: `per_class` queries of each class, deterministic from `seed`. `excluded` words
/// (acronyms, which Oversight expands) are not used as single terms.
pub fn query_mix(
    model: &LanguageModel,
    forces: &[String],
    seed: u64,
    per_class: usize,
    excluded: &HashSet<String>,
) -> Vec<BenchQuery> {
    let mut rng = Rng::for_item(seed, 0x0_9E4E_5EED);
    let frequencies = model.frequencies();
    let mut seen = HashSet::new();
    let content: Vec<String> = frequencies
        .iter()
        .filter(|(_, count)| *count >= 3)
        .map(|(word, _)| word.to_ascii_lowercase())
        .filter(|word| is_content_word(word) && !excluded.contains(word))
        .filter(|word| seen.insert(word.clone()))
        .collect();
    let bigrams = model.bigram_frequencies();
    let mut seen_pairs = HashSet::new();
    let pairs: Vec<(String, String)> = bigrams
        .iter()
        .map(|((left, right), count)| {
            (
                (left.to_ascii_lowercase(), right.to_ascii_lowercase()),
                *count,
            )
        })
        .filter(|((left, right), count)| {
            *count >= 3 && is_content_word(left) && is_content_word(right)
        })
        .map(|(pair, _)| pair)
        .filter(|pair| seen_pairs.insert(pair.clone()))
        .collect();
    let common: Vec<Vec<String>> = common_phrases(model);
    let mut queries = Vec::new();
    if content.is_empty() {
        return queries;
    }
    let pick_word = |rng: &mut Rng| -> String {
        // Favour frequent words: the square of a uniform number leans towards rank 0.
        let position = (rng.unit() * rng.unit() * content.len() as f64) as usize;
        content[position.min(content.len() - 1)].clone()
    };
    for _ in 0..per_class {
        queries.push(BenchQuery {
            class: QueryClass::Term,
            words: vec![pick_word(&mut rng)],
            phrase: false,
            filter: None,
        });
    }
    for _ in 0..per_class {
        let first = pick_word(&mut rng);
        let mut second = pick_word(&mut rng);
        if second == first {
            second = content[rng.below(content.len().min(200))].clone();
        }
        queries.push(BenchQuery {
            class: QueryClass::And,
            words: vec![first, second],
            phrase: false,
            filter: None,
        });
    }
    for index in 0..per_class {
        let words = if pairs.is_empty() {
            vec![pick_word(&mut rng), pick_word(&mut rng)]
        } else {
            let (left, right) = &pairs[(index * 7 + rng.below(7)) % pairs.len()];
            vec![left.clone(), right.clone()]
        };
        queries.push(BenchQuery {
            class: QueryClass::Phrase,
            words,
            phrase: true,
            filter: None,
        });
    }
    for index in 0..per_class {
        queries.push(BenchQuery {
            class: QueryClass::CommonPhrase,
            words: common[index % common.len().max(1)].clone(),
            phrase: true,
            filter: None,
        });
    }
    for _ in 0..per_class {
        let year_from = rng.between(2012, 2024) as u16;
        queries.push(BenchQuery {
            class: QueryClass::Filtered,
            words: vec![pick_word(&mut rng)],
            phrase: false,
            filter: Some(QueryFilter {
                force: forces[rng.below(forces.len())].clone(),
                year_from,
                year_to: year_from + rng.between(0, 3) as u16,
            }),
        });
    }
    queries
}

/// Phrases of the most common words: the most frequent two- and three-word sequences.
fn common_phrases(model: &LanguageModel) -> Vec<Vec<String>> {
    let bigrams = model.bigram_frequencies();
    let lower = |word: &str| word.to_ascii_lowercase();
    let mut phrases: Vec<Vec<String>> = Vec::new();
    let mut seen = HashSet::new();
    for ((left, right), _) in bigrams.iter().take(60) {
        let phrase = vec![lower(left), lower(right)];
        if phrase.iter().all(|word| is_plain(word)) && seen.insert(phrase.clone()) {
            phrases.push(phrase);
        }
        if phrases.len() == 25 {
            break;
        }
    }
    let two_word = phrases.clone();
    for first in &two_word {
        for second in &two_word {
            if first[1] == second[0] && phrases.len() < 40 {
                let phrase = vec![first[0].clone(), first[1].clone(), second[1].clone()];
                if seen.insert(phrase.clone()) {
                    phrases.push(phrase);
                }
            }
        }
    }
    phrases
}

fn is_plain(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_ascii_lowercase())
}

fn is_content_word(word: &str) -> bool {
    word.len() >= 4 && is_plain(word) && !STOP_WORDS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_are_quoted_for_both_syntaxes() {
        let query = BenchQuery {
            class: QueryClass::CommonPhrase,
            words: vec!["of".to_string(), "the".to_string()],
            phrase: true,
            filter: None,
        };
        assert_eq!(query.text(), "\"of the\"");
        assert_eq!(query.fts5(), "\"of the\"");
        assert_eq!(query.api_path(), "/api/v1/search?q=%22of%20the%22");
    }
}
