//! Marking a query's matches in passage text: the whole passage for reading a document, or the
//! snippet of a hit, HTML-escaped with each match wrapped in `<mark>`: every occurrence of a word
//! the query searches for alone, each occurrence of a phrase as one mark, the words of each window
//! a proximity query matches ([`crate::mark_pattern`]).
//!
//! Only the words that could stem to a wanted stem are stemmed ([`analyzer::marking`]). A snippet is
//! the window of the passage that holds the most of the query's distinct patterns (rarer ones
//! count for more), widened to its budget with some text before the first match and cut at spaces,
//! with an ellipsis where text was left out.

use std::ops::Range;

use oversight_schema::analyzer;
use rustc_hash::FxHashMap;
use tantivy::Score;
use tantivy::tokenizer::TextAnalyzer;

use crate::mark_pattern::{MarkPattern, Pattern, Word};

/// Finds and marks a query's patterns in passage texts.
pub struct Marker {
    /// Each stem of a pattern, with its number.
    stems: FxHashMap<String, usize>,
    /// The patterns, by number.
    patterns: Vec<Pattern>,
    /// How much a window holding each pattern is worth, by number.
    weights: Vec<Score>,
    /// The patterns as given, by number.
    sources: Vec<MarkPattern>,
    analyzer: TextAnalyzer,
}

/// One range to mark: where it is and which pattern it belongs to.
struct Match {
    range: Range<usize>,
    pattern: usize,
}

impl Marker {
    /// A marker of the patterns in `weights`, each worth its weight in choosing snippets (a
    /// pattern given twice is worth the more).
    pub fn new(weights: impl IntoIterator<Item = (MarkPattern, Score)>) -> Marker {
        let mut unique: Vec<(MarkPattern, Score)> = Vec::new();
        for (pattern, weight) in weights {
            match unique.iter_mut().find(|(known, _)| *known == pattern) {
                Some((_, known)) => *known = known.max(weight),
                None => unique.push((pattern, weight)),
            }
        }
        let mut stems: FxHashMap<String, usize> = FxHashMap::default();
        let mut patterns = Vec::with_capacity(unique.len());
        let mut weights = Vec::with_capacity(unique.len());
        let mut sources = Vec::with_capacity(unique.len());
        for (pattern, weight) in unique {
            let numbers = pattern
                .stems()
                .iter()
                .map(|stem| {
                    let next = stems.len();
                    *stems.entry(stem.clone()).or_insert(next)
                })
                .collect();
            patterns.push(Pattern {
                stems: numbers,
                slop: pattern.slop(),
            });
            weights.push(weight);
            sources.push(pattern);
        }
        let analyzer = analyzer::marking(stems.keys().map(String::as_str));
        Marker {
            stems,
            patterns,
            weights,
            sources,
            analyzer,
        }
    }

    /// A marker of `patterns`, all worth the same.
    pub fn of_patterns(patterns: &[MarkPattern]) -> Marker {
        Marker::new(patterns.iter().map(|pattern| (pattern.clone(), 1.0)))
    }

    /// `text`, escaped, with every match marked; overlapping marks join.
    pub fn highlight(&mut self, text: &str) -> String {
        let matches = self.matches(text);
        marked_html(text, 0..text.len(), &matches)
    }

    /// The ranges [`Marker::highlight`] marks in `text`, in order, each with the numbers of the
    /// patterns whose matches it joins (see [`Marker::patterns`]).
    pub(crate) fn marks(&mut self, text: &str) -> Vec<(Range<usize>, Vec<usize>)> {
        let matches = self.matches(text);
        joined(&matches, 0..text.len())
            .into_iter()
            .map(|(mark, members)| {
                let mut numbers: Vec<usize> =
                    matches[members].iter().map(|found| found.pattern).collect();
                numbers.sort_unstable();
                numbers.dedup();
                (mark, numbers)
            })
            .collect()
    }

    /// The patterns, by the numbers [`Marker::marks`] gives.
    pub(crate) fn patterns(&self) -> &[MarkPattern] {
        &self.sources
    }

    /// The best window of `text` of at most about `budget` bytes, escaped and marked, with "…"
    /// where text was cut; `None` when no pattern is in `text`.
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

    /// The ranges the patterns mark in `text`, in order of their start, each once per pattern.
    fn matches(&mut self, text: &str) -> Vec<Match> {
        let mut matches = Vec::new();
        if self.patterns.is_empty() {
            return matches;
        }
        let mut words = Vec::new();
        let mut by_stem = vec![Vec::new(); self.stems.len()];
        let mut stream = self.analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            if let Some(&stem) = self.stems.get(&token.text) {
                by_stem[stem].push(words.len());
                words.push(Word {
                    position: token.position,
                    range: token.offset_from..token.offset_to,
                    stem,
                });
            }
        }
        for (number, pattern) in self.patterns.iter().enumerate() {
            pattern.find(&words, &by_stem, &mut |range| {
                matches.push(Match {
                    range,
                    pattern: number,
                })
            });
        }
        matches.sort_by_key(|found| (found.range.start, found.range.end, found.pattern));
        matches.dedup_by(|next, kept| next.range == kept.range && next.pattern == kept.pattern);
        matches
    }

    /// The run of `matches` spanning at most `budget` bytes that holds the most weight of distinct
    /// patterns, then the most matches, then comes first.
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
                if !seen.contains(&found.pattern) {
                    seen.push(found.pattern);
                    weight += self.weights.get(found.pattern).copied().unwrap_or_default();
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

/// The marks of `matches` (in order of their start) within `window`: each match cut to the window,
/// overlapping ones joined into one mark, with the indexes of the matches it joins.
fn joined(matches: &[Match], window: Range<usize>) -> Vec<(Range<usize>, Range<usize>)> {
    let mut marks: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    for (index, found) in matches.iter().enumerate() {
        let range = found.range.start.max(window.start)..found.range.end.min(window.end);
        if range.is_empty() {
            continue;
        }
        match marks.last_mut() {
            Some((last, members)) if range.start < last.end => {
                last.end = last.end.max(range.end);
                members.end = index + 1;
            }
            _ => marks.push((range, index..index + 1)),
        }
    }
    marks
}

/// `text[window]`, escaped, with `matches` marked; overlapping marks join.
fn marked_html(text: &str, window: Range<usize>, matches: &[Match]) -> String {
    let mut html = String::with_capacity(window.len() + window.len() / 8);
    let mut written = window.start;
    for (mark, _) in joined(matches, window.clone()) {
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
    use std::sync::Arc;

    use oversight_schema::Fields;
    use oversight_schema::vocab::Vocabulary;
    use proptest::prelude::*;
    use tantivy::TantivyDocument;
    use tantivy::collector::DocSetCollector;

    use super::*;
    use crate::query::{Acronyms, CompiledQuery, QueryCompiler};
    use crate::request::Scope;
    use crate::test_index;

    fn compiled(query: &str) -> CompiledQuery {
        let vocabulary = Vocabulary::bundled().expect("vocabulary");
        let acronyms = Acronyms::new(&vocabulary);
        let fields = Fields::build();
        let segments = Arc::default();
        QueryCompiler::new(&fields, &vocabulary, &acronyms, &segments)
            .with_scope(Scope::Passage)
            .compile(query)
            .unwrap_or_else(|error| panic!("{query}: {error}"))
    }

    /// The marker of what `query` marks, as the reading view builds it.
    fn marker_of(query: &str) -> Marker {
        Marker::of_patterns(&compiled(query).marks)
    }

    fn word(stem: &str) -> MarkPattern {
        MarkPattern::new(vec![stem.to_string()], 0)
    }

    fn marks(html: &str) -> Vec<&str> {
        html.split("<mark>")
            .skip(1)
            .filter_map(|rest| rest.split("</mark>").next())
            .collect()
    }

    #[test]
    fn stemmed_forms_are_marked_and_markup_is_escaped() {
        let html = marker_of("victim").highlight("<b>Victims</b> & a victim's code");
        assert_eq!(
            html,
            "&lt;b&gt;<mark>Victims</mark>&lt;/b&gt; &amp; a <mark>victim</mark>'s code"
        );
    }

    #[test]
    fn a_phrase_is_one_mark_per_occurrence_and_its_words_alone_are_not_marked() {
        let html = marker_of("\"restorative justice\"").highlight(
            "Restorative justice works. Justice is done; restorative steps. Restorative-Justice again.",
        );
        assert_eq!(
            html,
            "<mark>Restorative justice</mark> works. Justice is done; restorative steps. \
             <mark>Restorative-Justice</mark> again."
        );
    }

    #[test]
    fn a_word_also_alone_in_the_query_is_marked_everywhere() {
        let html = marker_of("justice \"restorative justice\"")
            .highlight("Restorative justice works; justice is done, restorative or not.");
        assert_eq!(marks(&html), ["Restorative justice", "justice"], "{html}");
    }

    #[test]
    fn a_phrase_of_common_words_is_one_mark() {
        let mut marker = marker_of("\"the chief constable\"");
        let html = marker.highlight(
            "The Chief Constable said the chief of the constable's staff and the Chief Constable's",
        );
        assert_eq!(
            html,
            "<mark>The Chief Constable</mark> said the chief of the constable's staff and \
             <mark>the Chief Constable</mark>'s"
        );
        let html = marker_of("\"of the\"").highlight("Report of the Police; one of them");
        assert_eq!(html, "Report <mark>of the</mark> Police; one of them");
    }

    #[test]
    fn marks_are_the_highlighted_ranges_with_the_patterns_they_join() {
        let mut marker = marker_of("justice \"restorative justice\"");
        let text = "Restorative justice works; justice is done.";
        let marks = marker.marks(text);
        let shown: Vec<(&str, Vec<Vec<String>>)> = marks
            .iter()
            .map(|(range, numbers)| {
                let patterns = numbers
                    .iter()
                    .map(|&number| marker.patterns()[number].stems().to_vec())
                    .collect();
                (&text[range.clone()], patterns)
            })
            .collect();
        let word = vec!["justic".to_string()];
        let phrase = vec!["restor".to_string(), "justic".to_string()];
        assert_eq!(
            shown,
            [
                ("Restorative justice", vec![word.clone(), phrase]),
                ("justice", vec![word]),
            ]
        );
        let html = marker.highlight(text);
        assert_eq!(marks.len(), html.matches("<mark>").count(), "{html}");
    }

    #[test]
    fn overlapping_occurrences_join_and_neighbouring_ones_stay_apart() {
        let html = marker_of("\"police police\"").highlight("police police police; the police");
        assert_eq!(html, "<mark>police police police</mark>; the police");
        let html = marker_of("\"restorative justice\"")
            .highlight("restorative justice restorative justice");
        assert_eq!(
            html,
            "<mark>restorative justice</mark> <mark>restorative justice</mark>"
        );
    }

    #[test]
    fn proximity_marks_the_words_of_each_matching_window_only() {
        // Two words between them, or the two the other way round, fit a slop of two.
        let html = marker_of("\"victims code\"~2").highlight(
            "The victims' code is here. Victims of crime wait for a code. A code: victims first.",
        );
        assert_eq!(
            html,
            "The <mark>victims</mark>' <mark>code</mark> is here. Victims of crime wait for a \
             code. A <mark>code</mark>: <mark>victims</mark> first."
        );
    }

    #[test]
    fn an_acronym_marks_itself_and_its_long_form_whole() {
        let html = marker_of("PCC").highlight(
            "The PCC met the Police and Crime Commissioner's staff; police and crime panel.",
        );
        assert_eq!(
            html,
            "The <mark>PCC</mark> met the <mark>Police and Crime Commissioner</mark>'s staff; \
             police and crime panel."
        );
        let html = marker_of("\"Police and Crime Commissioner\"")
            .highlight("The PCC and the Police and Crime Commissioners, not the police");
        assert_eq!(
            html,
            "The <mark>PCC</mark> and the <mark>Police and Crime Commissioners</mark>, not the police"
        );
    }

    #[test]
    fn excluded_words_and_other_fields_are_not_marked() {
        let html = marker_of("victims -naloxone title:panel")
            .highlight("Victims, naloxone and the panel.");
        assert_eq!(html, "<mark>Victims</mark>, naloxone and the panel.");
        // Nor is a word excluded inside brackets.
        let html =
            marker_of("victims (custody -naloxone)").highlight("Victims, custody and naloxone.");
        assert_eq!(
            html,
            "<mark>Victims</mark>, <mark>custody</mark> and naloxone."
        );
    }

    #[test]
    fn without_patterns_the_text_is_only_escaped() {
        assert_eq!(
            Marker::of_patterns(&[]).highlight("<script>x</script>"),
            "&lt;script&gt;x&lt;/script&gt;"
        );
    }

    #[test]
    fn a_snippet_is_the_window_with_most_distinct_patterns_cut_at_spaces() {
        let filler = "lorem ipsum dolor sit amet ".repeat(20);
        let text = format!("{filler}a victim alone. {filler}victim support here. {filler}");
        let mut marker = Marker::new([(word("victim"), 0.5), (word("support"), 0.5)]);
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
    fn a_snippet_prefers_the_phrase_to_its_words_scattered() {
        let filler = "lorem ipsum dolor sit amet ".repeat(20);
        let text =
            format!("{filler}justice then restorative. {filler}restorative justice here. {filler}");
        let phrase = MarkPattern::new(vec!["restor".to_string(), "justic".to_string()], 0);
        let mut marker = Marker::new([(phrase, 0.5), (word("justic"), 0.1)]);
        let snippet = marker.snippet(&text, 120).expect("a snippet");
        assert!(
            snippet.contains("<mark>restorative justice</mark> here."),
            "{snippet}"
        );
    }

    #[test]
    fn a_short_passage_is_its_own_snippet_and_no_match_gives_none() {
        let mut marker = marker_of("panel");
        assert_eq!(
            marker.snippet("The Panel met.", 240).as_deref(),
            Some("The <mark>Panel</mark> met.")
        );
        assert_eq!(marker.snippet("Nothing here.", 240), None);
    }

    #[test]
    fn snippets_cut_between_characters_of_any_width() {
        let text = format!("{} victim {}", "é".repeat(300), "ü".repeat(300));
        let snippet = marker_of("victim").snippet(&text, 50).expect("a snippet");
        assert!(snippet.contains("<mark>victim</mark>"), "{snippet}");
    }

    const WORDS: [&str; 8] = [
        "the", "police", "and", "crime", "of", "victims", "victim", "naloxone",
    ];

    fn passage_text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            (0..WORDS.len(), prop::sample::select(vec![" ", ", ", ". "])),
            0..24,
        )
        .prop_map(|words| {
            words
                .into_iter()
                .map(|(word, gap)| format!("{}{gap}", WORDS[word]))
                .collect()
        })
    }

    fn phrase_query() -> impl Strategy<Value = String> {
        (prop::collection::vec(0..WORDS.len(), 2..4), 0u32..4).prop_map(|(words, slop)| {
            let phrase: Vec<&str> = words.iter().map(|&word| WORDS[word]).collect();
            let phrase = phrase.join(" ");
            // tantivy's budget for more than two words is its own approximation.
            if slop == 0 || words.len() > 2 {
                format!("body:\"{phrase}\"")
            } else {
                format!("body:\"{phrase}\"~{slop}")
            }
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// The marker marks a phrase or proximity query in exactly the passages the index matches
        /// it in, pairs of common words included.
        #[test]
        fn a_phrase_is_marked_where_the_index_finds_it(
            texts in prop::collection::vec(passage_text(), 1..8),
            query in phrase_query(),
        ) {
            let (fields, index, mut writer) = test_index::in_memory();
            for text in &texts {
                let mut passage = TantivyDocument::new();
                passage.add_text(fields.body, text);
                writer.add_document(passage).expect("add");
            }
            writer.commit().expect("commit");
            let searcher = index.reader().expect("reader").searcher();
            let compiled = compiled(&query);
            let found = searcher.search(&*compiled.query, &DocSetCollector).expect("search");
            let mut marker = Marker::of_patterns(&compiled.marks);
            for (doc, text) in texts.iter().enumerate() {
                let matched = found.iter().any(|address| address.doc_id as usize == doc);
                let html = marker.highlight(text);
                prop_assert_eq!(matched, html.contains("<mark>"), "{} in {:?}: {}", query, text, html);
            }
        }
    }
}
