//! Suggestions: the completions of a prefix, first from the vocabulary (force names, areas and
//! aliases, theme labels, acronyms and their expansions, type and subtype labels), then from the
//! words of the index ([`crate::index_words`]) with the documents each is in, most first.
//!
//! The prefix and the entries are compared folded as the index folds words (lower-cased, accents
//! and ligatures to ASCII, punctuation as a word break), so `Dévon` completes `Devon and Cornwall
//! Police`.

use oversight_schema::analyzer;
use oversight_schema::model::{DocType, Subtype};
use oversight_schema::vocab::Vocabulary;
use serde::Serialize;

use crate::collect::SearchContext;
use crate::error::{Error, Result};
use crate::index_words::{documents_with, words_starting};

/// The longest prefix, in characters: a completion is of a few words.
pub const MAX_SUGGEST_CHARS: usize = 100;

/// The most suggestions one request lists.
pub const MAX_SUGGEST_LIMIT: usize = 50;

/// Suggestions listed when no limit is given.
pub const DEFAULT_SUGGEST_LIMIT: usize = 10;

/// The index's words ranked, by the passages holding them, before their documents are counted:
/// a few more than are listed, because passages and documents do not rank words quite alike.
const WORD_CANDIDATES_PER_SLOT: usize = 4;

/// The dictionary entries read per segment for one prefix.
const WORDS_READ: usize = 20_000;

/// What a suggestion is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SuggestionKind {
    /// A force's name, area or alias.
    Force,
    /// A theme's label.
    Theme,
    /// An acronym, or one of its expansions.
    Acronym,
    /// A document type's or subtype's label.
    Type,
    /// A word of the index.
    Word,
}

/// One completion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Suggestion {
    /// The completion as written (a vocabulary entry as the vocabulary writes it, a word as the
    /// index holds it).
    pub text: String,
    /// What it is.
    pub kind: SuggestionKind,
    /// The slug a filter takes, for a force, theme or type (`report/decision` for a subtype).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// For a word: the documents whose text holds it, as a search for `exact:<word>` counts them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documents: Option<u64>,
}

/// The completions of a prefix.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SuggestResponse {
    /// The prefix as given.
    pub q: String,
    /// Vocabulary entries first, then words of the index, most documents first.
    pub suggestions: Vec<Suggestion>,
}

/// A checked suggestion request.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SuggestRequest {
    q: String,
    folded: String,
    limit: usize,
}

impl SuggestRequest {
    /// Checks a prefix (at most [`MAX_SUGGEST_CHARS`] characters, no control characters; an empty
    /// one, or one of no words, has no completions) and a limit (1 to [`MAX_SUGGEST_LIMIT`]).
    pub fn new(q: &str, limit: Option<usize>) -> Result<SuggestRequest> {
        let chars = q.chars().count();
        if chars > MAX_SUGGEST_CHARS {
            return Err(invalid(
                "q",
                format!("the prefix has {chars} characters; at most {MAX_SUGGEST_CHARS} are read"),
            ));
        }
        if q.chars().any(char::is_control) {
            return Err(invalid(
                "q",
                "the prefix holds control characters".to_string(),
            ));
        }
        let limit = limit.unwrap_or(DEFAULT_SUGGEST_LIMIT);
        if !(1..=MAX_SUGGEST_LIMIT).contains(&limit) {
            return Err(invalid(
                "limit",
                format!("{limit} is not from 1 to {MAX_SUGGEST_LIMIT}"),
            ));
        }
        Ok(SuggestRequest {
            q: q.to_string(),
            folded: fold(q),
            limit,
        })
    }
}

fn invalid(name: &'static str, message: String) -> Error {
    Error::InvalidParameter { name, message }
}

/// `text`'s words folded as the index folds them, joined by single spaces.
pub(crate) fn fold(text: &str) -> String {
    let mut analyzer = analyzer::exact();
    let mut stream = analyzer.token_stream(text);
    let mut words = Vec::new();
    while let Some(token) = stream.next() {
        words.push(token.text.clone());
    }
    words.join(" ")
}

/// The completions of `request`'s prefix.
pub(crate) fn suggest(
    context: &SearchContext<'_>,
    vocabulary: &VocabularyEntries,
    request: &SuggestRequest,
) -> Result<SuggestResponse> {
    let mut suggestions = Vec::new();
    if !request.folded.is_empty() {
        suggestions = vocabulary
            .starting(&request.folded)
            .take(request.limit)
            .cloned()
            .collect();
        let slots = request.limit - suggestions.len();
        if slots > 0 && !request.folded.contains(' ') {
            suggestions.extend(index_words(context, &request.folded, slots)?);
        }
    }
    Ok(SuggestResponse {
        q: request.q.clone(),
        suggestions,
    })
}

/// The vocabulary's entries, folded once when the engine opens: folding builds an analyzer per
/// text, which is not worth repeating for every entry on every keystroke.
pub(crate) struct VocabularyEntries {
    /// By kind, then shortest first, each text and kind once.
    entries: Vec<VocabularyEntry>,
}

struct VocabularyEntry {
    suggestion: Suggestion,
    folded: String,
}

impl VocabularyEntries {
    pub(crate) fn new(vocabulary: &Vocabulary) -> VocabularyEntries {
        let mut entries: Vec<(SuggestionKind, &str, Option<&str>)> = Vec::new();
        for force in &vocabulary.forces {
            let names = std::iter::once(&force.name)
                .chain(&force.areas)
                .chain(&force.aliases);
            entries.extend(names.map(|name| {
                (
                    SuggestionKind::Force,
                    name.as_str(),
                    Some(force.slug.as_str()),
                )
            }));
        }
        for theme in &vocabulary.themes {
            entries.push((SuggestionKind::Theme, &theme.label, Some(&theme.slug)));
        }
        for acronym in &vocabulary.acronyms {
            entries.push((SuggestionKind::Acronym, &acronym.short, None));
            entries.extend(
                acronym
                    .long
                    .iter()
                    .map(|long| (SuggestionKind::Acronym, long.as_str(), None)),
            );
        }
        for doc_type in DocType::ALL {
            entries.push((
                SuggestionKind::Type,
                doc_type.label(),
                Some(doc_type.slug()),
            ));
        }
        for subtype in Subtype::ALL {
            entries.push((SuggestionKind::Type, subtype.label(), Some(subtype.slug())));
        }
        entries
            .sort_by(|a, b| (a.0, a.1.chars().count(), a.1).cmp(&(b.0, b.1.chars().count(), b.1)));
        entries.dedup_by(|a, b| (a.0, a.1) == (b.0, b.1));
        let entries = entries
            .into_iter()
            .map(|(kind, text, slug)| VocabularyEntry {
                folded: fold(text),
                suggestion: Suggestion {
                    text: text.to_string(),
                    kind,
                    slug: slug.map(str::to_string),
                    documents: None,
                },
            })
            .collect();
        VocabularyEntries { entries }
    }

    /// The entries whose folded text starts with `prefix`, by kind, then shortest first.
    fn starting(&self, prefix: &str) -> impl Iterator<Item = &Suggestion> {
        self.entries
            .iter()
            .filter(move |entry| entry.folded.starts_with(prefix))
            .map(|entry| &entry.suggestion)
    }
}

/// Up to `slots` words of the index starting with `prefix`, most documents first.
fn index_words(context: &SearchContext<'_>, prefix: &str, slots: usize) -> Result<Vec<Suggestion>> {
    let mut words = words_starting(context, prefix, WORDS_READ, |_| true)?;
    words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    words.truncate(slots * WORD_CANDIDATES_PER_SLOT);
    let mut counted = Vec::with_capacity(words.len());
    for (word, _) in words {
        let documents = documents_with(context, &word)?;
        if documents > 0 {
            counted.push((word, documents));
        }
    }
    counted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counted.truncate(slots);
    Ok(counted
        .into_iter()
        .map(|(text, documents)| Suggestion {
            text,
            kind: SuggestionKind::Word,
            slug: None,
            documents: Some(documents),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_checked_and_folded() {
        assert!(SuggestRequest::new(&"a".repeat(MAX_SUGGEST_CHARS + 1), None).is_err());
        assert!(SuggestRequest::new("vic\u{7}", None).is_err());
        assert!(SuggestRequest::new("vic", Some(0)).is_err());
        assert!(SuggestRequest::new("vic", Some(MAX_SUGGEST_LIMIT + 1)).is_err());
        let request = SuggestRequest::new("Dévon  & Corn", Some(3)).expect("valid");
        assert_eq!(request.folded, "devon corn");
        assert_eq!(request.limit, 3);
    }

    #[test]
    fn vocabulary_entries_complete_by_kind_then_length() {
        let vocabulary = VocabularyEntries::new(&Vocabulary::bundled().expect("vocabulary"));
        let entries: Vec<&Suggestion> = vocabulary.starting(&fold("devon and")).collect();
        assert!(!entries.is_empty());
        assert!(
            entries
                .iter()
                .all(|entry| fold(&entry.text).starts_with("devon and"))
        );
        assert!(
            entries
                .iter()
                .any(|entry| entry.slug.as_deref() == Some("devon-and-cornwall"))
        );
        let kinds: Vec<SuggestionKind> = vocabulary.starting("p").map(|entry| entry.kind).collect();
        assert!(kinds.is_sorted(), "{kinds:?}");
    }
}
