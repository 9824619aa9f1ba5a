//! Marking a query's words in passage text: the whole passage for reading a document, or the
//! snippet of a hit, HTML-escaped with every word whose stem the query searches for (alone or in
//! a pair of common words) wrapped in `<mark>`.
//!
//! Only the words that could stem to a wanted stem are stemmed ([`analyzer::marking`]). A snippet is
//! the window of the passage that holds the most of the query's distinct words (rarer words count
//! for more), widened to its budget with some text before the first match and cut at spaces, with
//! an ellipsis where text was left out.

use std::collections::HashSet;
use std::ops::Range;

use oversight_schema::{analyzer, common_grams};
use rustc_hash::FxHashMap;
use tantivy::Score;
use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::tokenizer::TextAnalyzer;

/// The stems a query looks for in `field`.
pub fn query_stems(query: &dyn Query, field: Field) -> HashSet<String> {
    let mut stems = HashSet::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field
            && let Some(text) = term.value().as_str()
        {
            stems.insert(text.to_string());
        }
    });
    stems
}

/// Finds and marks a query's stems in passage texts.
pub struct Marker {
    /// Each wanted stem (or pair), with its number.
    wanted: FxHashMap<String, usize>,
    /// How much a window holding each wanted stem is worth, by number.
    weights: Vec<Score>,
    analyzer: TextAnalyzer,
}

/// One occurrence of a wanted stem: where it is and which stem it is.
struct Match {
    range: Range<usize>,
    stem: usize,
}

impl Marker {
    /// A marker of the stems in `weights`, each worth its weight in choosing snippets.
    pub fn new(weights: impl IntoIterator<Item = (String, Score)>) -> Marker {
        let (stems, weights): (Vec<String>, Vec<Score>) = weights.into_iter().unzip();
        let pairs = stems.iter().any(|stem| common_grams::is_pair(stem));
        let analyzer = analyzer::marking(stems.iter().map(String::as_str), pairs);
        let wanted = stems
            .into_iter()
            .enumerate()
            .map(|(number, stem)| (stem, number))
            .collect();
        Marker {
            wanted,
            weights,
            analyzer,
        }
    }

    /// A marker of `stems`, all worth the same.
    pub fn of_stems(stems: HashSet<String>) -> Marker {
        Marker::new(stems.into_iter().map(|stem| (stem, 1.0)))
    }

    /// `text`, escaped, with every wanted stem marked; overlapping marks join.
    pub fn highlight(&mut self, text: &str) -> String {
        let matches = self.matches(text);
        marked_html(text, 0..text.len(), &matches)
    }

    /// The best window of `text` of at most about `budget` bytes, escaped and marked, with "…"
    /// where text was cut; `None` when no wanted stem is in `text`.
    pub fn snippet(&mut self, text: &str, budget: usize) -> Option<String> {
        let matches = self.matches(text);
        let chosen = self.best_window(&matches, budget)?;
        let matched = matches[chosen.start].range.start
            ..matches[chosen.clone()]
                .iter()
                .map(|found| found.range.end)
                .max()
                .unwrap_or(matches[chosen.start].range.end);
        let window = widen(text, matched, budget);
        let mut html = String::with_capacity(window.len() + 64);
        if window.start > 0 {
            html.push('…');
        }
        html.push_str(&marked_html(text, window.clone(), &matches[chosen]));
        if window.end < text.len() {
            html.push('…');
        }
        Some(html)
    }

    /// The wanted stems of `text`, in order of their start.
    fn matches(&mut self, text: &str) -> Vec<Match> {
        let mut matches = Vec::new();
        if self.wanted.is_empty() {
            return matches;
        }
        let mut stream = self.analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            if let Some(&stem) = self.wanted.get(&token.text) {
                matches.push(Match {
                    range: token.offset_from..token.offset_to,
                    stem,
                });
            }
        }
        matches.sort_by_key(|found| (found.range.start, found.range.end));
        matches
    }

    /// The run of `matches` spanning at most `budget` bytes that holds the most weight of distinct
    /// stems, then the most matches, then comes first.
    fn best_window(&self, matches: &[Match], budget: usize) -> Option<Range<usize>> {
        let mut best: Option<(Score, usize, Range<usize>)> = None;
        let mut end = 0;
        for start in 0..matches.len() {
            end = end.max(start + 1);
            while end < matches.len()
                && matches[end].range.end - matches[start].range.start <= budget
            {
                end += 1;
            }
            let mut seen: Vec<usize> = Vec::new();
            let mut weight = 0.0;
            for found in &matches[start..end] {
                if !seen.contains(&found.stem) {
                    seen.push(found.stem);
                    weight += self.weights.get(found.stem).copied().unwrap_or_default();
                }
            }
            let count = end - start;
            let better = best.as_ref().is_none_or(|(best_weight, best_count, _)| {
                weight > *best_weight || (weight == *best_weight && count > *best_count)
            });
            if better {
                best = Some((weight, count, start..end));
            }
        }
        best.map(|(_, _, window)| window)
    }
}

/// A window of `text` of about `budget` bytes around `matched`: a third of the room left goes
/// before it, the rest after, and both ends are moved in to a space unless that would cut into
/// `matched`.
fn widen(text: &str, matched: Range<usize>, budget: usize) -> Range<usize> {
    let room = budget.saturating_sub(matched.len());
    let mut start = matched.start.saturating_sub(room / 3);
    let mut end = (start + matched.len() + room)
        .min(text.len())
        .max(matched.end);
    start = start.min(end.saturating_sub(budget)).min(matched.start);
    start = text.floor_char_boundary(start);
    end = text.ceil_char_boundary(end);
    if start > 0
        && let Some(space) = text[start..matched.start].find(char::is_whitespace)
    {
        start += space;
        start += text[start..].len() - text[start..].trim_start().len();
    }
    if end < text.len()
        && let Some(space) = text[matched.end..end].rfind(char::is_whitespace)
    {
        end = matched.end + text[matched.end..matched.end + space].trim_end().len();
    }
    start..end
}

/// `text[window]`, escaped, with `matches` marked; overlapping marks join.
fn marked_html(text: &str, window: Range<usize>, matches: &[Match]) -> String {
    let mut marks: Vec<Range<usize>> = Vec::new();
    for found in matches {
        let range = found.range.start.max(window.start)..found.range.end.min(window.end);
        if range.is_empty() {
            continue;
        }
        match marks.last_mut() {
            Some(last) if range.start < last.end => last.end = last.end.max(range.end),
            _ => marks.push(range),
        }
    }
    let mut html = String::with_capacity(window.len() + window.len() / 8);
    let mut written = window.start;
    for mark in marks {
        html.push_str(&html_escape::encode_text(&text[written..mark.start]));
        html.push_str("<mark>");
        html.push_str(&html_escape::encode_text(&text[mark.clone()]));
        html.push_str("</mark>");
        written = mark.end;
    }
    html.push_str(&html_escape::encode_text(&text[written..window.end]));
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker(stems: &[&str]) -> Marker {
        Marker::of_stems(stems.iter().map(|stem| stem.to_string()).collect())
    }

    #[test]
    fn stemmed_forms_are_marked_and_markup_is_escaped() {
        let html = marker(&["victim"]).highlight("<b>Victims</b> & a victim's code");
        assert_eq!(
            html,
            "&lt;b&gt;<mark>Victims</mark>&lt;/b&gt; &amp; a <mark>victim</mark>'s code"
        );
    }

    #[test]
    fn a_phrase_of_common_words_is_one_mark() {
        let html = marker(&["of the", "the polic"]).highlight("Report of the Police; one of them");
        assert_eq!(html, "Report <mark>of the Police</mark>; one of them");
    }

    #[test]
    fn without_stems_the_text_is_only_escaped() {
        assert_eq!(
            marker(&[]).highlight("<script>x</script>"),
            "&lt;script&gt;x&lt;/script&gt;"
        );
    }

    #[test]
    fn a_snippet_is_the_window_with_most_distinct_words_cut_at_spaces() {
        let filler = "lorem ipsum dolor sit amet ".repeat(20);
        let text = format!("{filler}a victim alone. {filler}victim support here. {filler}");
        let mut marker = Marker::new([("victim".to_string(), 0.5), ("support".to_string(), 0.5)]);
        let snippet = marker.snippet(&text, 120).expect("a snippet");
        assert!(
            snippet.contains("<mark>victim</mark> <mark>support</mark> here."),
            "{snippet}"
        );
        assert!(
            snippet.starts_with('…') && snippet.ends_with('…'),
            "{snippet}"
        );
        let plain = snippet.trim_matches('…');
        assert!(plain.len() <= 120 + "<mark></mark>".len() * 2, "{snippet}");
        assert!(
            !plain.starts_with(' ') && !plain.ends_with(' '),
            "{snippet}"
        );
        let before = plain.split("<mark>").next().unwrap_or_default();
        assert!(before.len() >= 20, "too little context before: {snippet}");
        assert!(plain.split(' ').all(|word| !word.is_empty()), "{snippet}");
    }

    #[test]
    fn a_short_passage_is_its_own_snippet_and_no_match_gives_none() {
        let mut marker = marker(&["panel"]);
        assert_eq!(
            marker.snippet("The Panel met.", 240).as_deref(),
            Some("The <mark>Panel</mark> met.")
        );
        assert_eq!(marker.snippet("Nothing here.", 240), None);
    }

    #[test]
    fn snippets_cut_between_characters_of_any_width() {
        let text = format!("{} victim {}", "é".repeat(300), "ü".repeat(300));
        let snippet = marker(&["victim"]).snippet(&text, 50).expect("a snippet");
        assert!(snippet.contains("<mark>victim</mark>"), "{snippet}");
    }
}
