//! "Did you mean": a query whose words the index does not hold (or holds in a few passages while
//! a close word is common) is offered again with each such word replaced by the most common word
//! of the index within an edit distance of it (adjacent letters swapped count as one edit), with
//! the documents the corrected query finds under the same filters. Only a correction that finds
//! documents is offered.
//!
//! Candidates are the index's words with the same first letter ([`crate::index_words`]): a typo
//! rarely falls on the first letter, and reading one letter's words is cheap.

use serde::Serialize;

use crate::collect::{SearchContext, collect};
use crate::error::Result;
use crate::index_words::{passages_with, words_starting};
use crate::request::{SearchRequest, ValidSearch};
use crate::suggest::fold;

/// A word in at most this many passages is looked at, as well as a word in none.
const RARE_PASSAGES: u64 = 3;

/// A rare word is replaced only by a close word in this many times as many passages.
const FAR_MORE: u64 = 50;

/// Shorter words are left alone: too many words are one or two edits from them.
const MIN_WORD_CHARS: usize = 3;

/// Words up to this long may be one edit off; longer ones two.
const ONE_EDIT_CHARS: usize = 4;

/// Dictionary entries read per segment for one first letter.
const CANDIDATES_READ: usize = 1_000_000;

/// The most words of one query looked up among their letter's words: a query of many unknown
/// words is not worth a scan for each.
const MOST_WORDS_LOOKED_UP: usize = 5;

/// The corrected query, and what it finds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct DidYouMean {
    /// The query with its misspelt words replaced.
    pub query: String,
    /// Documents the corrected query matches under the same filters.
    pub total_documents: u64,
}

/// The correction of `search`'s query, if one finds documents.
pub(crate) fn did_you_mean(
    context: &SearchContext<'_>,
    search: &ValidSearch,
) -> Result<Option<DidYouMean>> {
    let query = &search.request().query;
    let mut corrected = String::with_capacity(query.len());
    let mut last = 0;
    let mut changed = false;
    let mut looked_up = 0;
    for (start, end) in plain_words(query) {
        if looked_up == MOST_WORDS_LOOKED_UP {
            break;
        }
        if let Some(replacement) = correction(context, &query[start..end], &mut looked_up)? {
            corrected.push_str(&query[last..start]);
            corrected.push_str(&replacement);
            last = end;
            changed = true;
        }
    }
    if !changed {
        return Ok(None);
    }
    corrected.push_str(&query[last..]);
    let Ok(valid) = SearchRequest {
        query: corrected.clone(),
        ..search.request().clone()
    }
    .validate(context.vocabulary) else {
        return Ok(None);
    };
    let collected = collect(context, &valid, 1)?;
    let total_documents = collected
        .groups
        .iter()
        .filter(|group| group.passes_all())
        .count() as u64;
    Ok((total_documents > 0).then_some(DidYouMean {
        query: corrected,
        total_documents,
    }))
}

/// The byte ranges of the query's plain words: runs of letters that are no operator, field
/// name or field value, prefix, boosted term or excluded term (`-word`, which leaves the second
/// half of a hyphenated word alone too).
fn plain_words(query: &str) -> Vec<(usize, usize)> {
    let mut words = Vec::new();
    let mut start = None;
    let chars: Vec<(usize, char)> = query.char_indices().collect();
    for (i, &(_, c)) in chars.iter().enumerate() {
        let letter = c.is_alphabetic();
        match (start, letter) {
            (None, true) => start = Some(i),
            (Some(first), false) => {
                words.push((first, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(first) = start {
        words.push((first, chars.len()));
    }
    let byte = |i: usize| chars.get(i).map_or(query.len(), |&(at, _)| at);
    let char_at = |i: usize| chars.get(i).map(|&(_, c)| c);
    words
        .into_iter()
        .filter(|&(first, end)| {
            let before = first.checked_sub(1).and_then(char_at);
            let after = char_at(end);
            !matches!(before, Some(':' | '\\' | '_' | '-') | Some('0'..='9'))
                && !matches!(after, Some(':' | '*' | '^' | '_' | '~') | Some('0'..='9'))
                && end - first >= MIN_WORD_CHARS
                && !matches!(&query[byte(first)..byte(end)], "AND" | "OR" | "NOT")
        })
        .map(|(first, end)| (byte(first), byte(end)))
        .collect()
}

/// The word of the index to put in place of `word`, if it is absent or rare and a close word is
/// common; counts in `looked_up` the words whose letter's words were read.
fn correction(
    context: &SearchContext<'_>,
    word: &str,
    looked_up: &mut usize,
) -> Result<Option<String>> {
    let folded = fold(word);
    if folded.is_empty() || folded.contains(' ') {
        return Ok(None);
    }
    let passages = passages_with(context, &folded)?;
    if passages > RARE_PASSAGES {
        return Ok(None);
    }
    *looked_up += 1;
    let length = folded.chars().count();
    let most = if length <= ONE_EDIT_CHARS { 1 } else { 2 };
    let first: String = folded.chars().take(1).collect();
    let close = words_starting(context, &first, CANDIDATES_READ, |candidate| {
        candidate != folded && edits(&folded, candidate, most).is_some()
    })?;
    let best = close
        .into_iter()
        .map(|(candidate, count)| {
            let distance = edits(&folded, &candidate, most).unwrap_or(most);
            (
                count,
                std::cmp::Reverse(distance),
                std::cmp::Reverse(candidate),
            )
        })
        .max();
    Ok(best.and_then(|(count, _, std::cmp::Reverse(candidate))| {
        let common_enough = if passages == 0 {
            count > 0
        } else {
            count >= passages * FAR_MORE
        };
        common_enough.then_some(candidate)
    }))
}

/// The edits (insertions, deletions, substitutions and swaps of adjacent letters) from `a` to
/// `b`, if at most `most`.
fn edits(a: &str, b: &str, most: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > most {
        return None;
    }
    let width = b.len() + 1;
    let mut table = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        table[i * width] = i;
    }
    for (j, cell) in table.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        let mut row_least = usize::MAX;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut value = (table[(i - 1) * width + j] + 1)
                .min(table[i * width + j - 1] + 1)
                .min(table[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                value = value.min(table[(i - 2) * width + j - 2] + 1);
            }
            table[i * width + j] = value;
            row_least = row_least.min(value);
        }
        if row_least > most {
            return None;
        }
    }
    let distance = table[a.len() * width + b.len()];
    (distance <= most).then_some(distance)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swapped_letters_are_one_edit() {
        assert_eq!(edits("vicitms", "victims", 2), Some(1));
        assert_eq!(edits("victms", "victims", 2), Some(1));
        assert_eq!(edits("vcitms", "victims", 2), Some(2));
        assert_eq!(edits("police", "victims", 2), None);
        assert_eq!(edits("abc", "abcdef", 2), None);
    }

    #[test]
    fn only_plain_words_are_corrected() {
        let query = "vicitms title:innovatoin \"restorative justise\" OR pol* naloxne^2 -foo é2x";
        let words: Vec<&str> = plain_words(query)
            .into_iter()
            .map(|(start, end)| &query[start..end])
            .collect();
        assert_eq!(words, ["vicitms", "restorative", "justise"]);
    }
}
