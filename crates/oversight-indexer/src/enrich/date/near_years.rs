//! Where in a text the date patterns can match: near the places a four-digit year may start,
//! so that each pattern reads those parts instead of the whole text.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// How many words, each with the whitespace before it, a date pattern puts before its year, and
/// one more: at most five (`Dydd Mercher, 17eg o Orffennaf 2023`), or a numeric date's day and
/// month joined to it.
const WORDS_BEFORE_YEAR: usize = 6;
/// The most bytes of one word a date pattern reads before its year: `September.,` or a day with
/// its ordinal in four-byte digits, with room to spare.
const DATE_WORD_BYTES: usize = 24;
/// The most bytes a date pattern reads from the start of its year: the year itself, then an ISO
/// date's month and day or a period's second year (`2019 – 20`), in four-byte digits, with room
/// to spare.
const FROM_YEAR_BYTES: usize = 40;

/// Where a four-digit year may start: `19` or `20` at the start of a word. Two such starts never
/// overlap, so one search finds them all.
static YEAR_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(?:19|20)").expect("valid regex"));

/// The parts of `text` where a date with a four-digit year can be, in order: around each place
/// a year may start, from the words a date pattern may put before it to the bytes it may read
/// after it, merged where they meet. Every pattern but the numeric one with a two-digit year
/// holds such a year, so searching these parts finds what searching the whole text would,
/// without reading the text between dates once per pattern.
pub(super) fn year_windows(text: &str) -> Vec<Range<usize>> {
    let mut windows: Vec<Range<usize>> = YEAR_START
        .find_iter(text)
        .map(|year| before_year(text, year.start())..after_year(text, year.start()))
        .collect();
    windows.sort_by_key(|window| window.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(windows.len());
    for window in windows {
        match merged.last_mut() {
            Some(last) if window.start <= last.end => last.end = last.end.max(window.end),
            _ => merged.push(window),
        }
    }
    merged
}

/// Where the earliest date whose year starts at `year_start` can begin: back over the word
/// joined to the year and [`WORDS_BEFORE_YEAR`] words before it, each with all the whitespace
/// before it, and no further into a word than [`DATE_WORD_BYTES`].
fn before_year(text: &str, year_start: usize) -> usize {
    let previous = |at: usize| text[..at].chars().next_back();
    let mut at = year_start;
    for _ in 0..=WORDS_BEFORE_YEAR {
        let word_end = at;
        while let Some(c) = previous(at).filter(|c| !c.is_whitespace()) {
            if word_end - at >= DATE_WORD_BYTES {
                return at;
            }
            at -= c.len_utf8();
        }
        while let Some(c) = previous(at).filter(|c| c.is_whitespace()) {
            at -= c.len_utf8();
        }
    }
    at
}

/// Where a search for dates whose year starts at `year_start` can stop: [`FROM_YEAR_BYTES`] on,
/// moved to a character boundary that no ASCII letter, digit or `_` follows, so that a word
/// boundary there reads as it does in the whole text.
fn after_year(text: &str, year_start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = (year_start + FROM_YEAR_BYTES).min(text.len());
    while end < text.len()
        && (!text.is_char_boundary(end) || bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_')
    {
        end += 1;
    }
    end
}

/// The matches of `pattern` in the `windows` of `text`, in order, as `captures_iter` finds them
/// there: each window is searched up to its end, with the text before it as the context of a
/// word boundary at its start.
pub(super) fn captures_near_years<'t>(
    pattern: &'t Regex,
    text: &'t str,
    windows: &'t [Range<usize>],
) -> impl Iterator<Item = regex::Captures<'t>> + 't {
    windows.iter().flat_map(move |window| {
        let haystack = &text[..window.end];
        let mut at = window.start;
        std::iter::from_fn(move || {
            let captures = pattern.captures_at(haystack, at)?;
            // No date pattern matches the empty string, so each match moves the search on.
            at = captures
                .get(0)
                .map(|found| found.end())
                .filter(|end| *end > at)?;
            Some(captures)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::super::{
        DAY_MONTH_YEAR, ISO, MONTH_DAY_YEAR, MONTH_YEAR, NUMERIC, PERIOD, WELSH_DAY_MONTH_YEAR,
        WELSH_MONTH_YEAR,
    };
    use super::*;

    /// Every group of every match, as byte ranges.
    fn groups<'t>(
        matches: impl Iterator<Item = regex::Captures<'t>>,
    ) -> Vec<Vec<Option<Range<usize>>>> {
        matches
            .map(|captures| {
                captures
                    .iter()
                    .map(|group| group.map(|m| m.range()))
                    .collect()
            })
            .collect()
    }

    /// Texts made of the words and separators dates are written with, in a fixed pseudo-random
    /// order.
    fn assembled_texts() -> Vec<String> {
        const WORDS: &[&str] = &[
            "2014",
            "2019",
            "2020",
            "1999",
            "20",
            "19",
            "26th",
            "3",
            "09",
            "of",
            "September",
            "Sept.",
            "june",
            "Wednesday,",
            "Mai",
            "Ebrill",
            "Dydd",
            "Mercher,",
            "17eg",
            "o",
            "x",
            "held",
            "٤",
            "20٤",
            "_",
            "(26",
            "---Monday",
            "supercalifragilisticexpialidocious",
        ];
        const SEPARATORS: &[&str] = &[
            " ", " ", " ", "  ", "\n", "\t", "\u{a0}", "\u{3000}", "/", "/", "-", "–", " – ", ".",
            ", ", "", "x",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move |count: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % count as u64) as usize
        };
        (0..5_000)
            .map(|_| {
                let words = 1 + next(30);
                let mut text = String::new();
                for _ in 0..words {
                    text.push_str(WORDS[next(WORDS.len())]);
                    text.push_str(SEPARATORS[next(SEPARATORS.len())]);
                }
                text
            })
            .collect()
    }

    #[test]
    fn the_date_patterns_match_near_years_as_in_the_whole_text() {
        let mut texts: Vec<String> = [
            "Wednesday,\n\n\n   26th\tof   September.,\u{3000}2014",
            "(Dydd Mercher, 17eg o Orffennaf 2023) and Dydd Gwener, 7fed Chwefror, 2020",
            "----------------------------Wednesday, 26 September 2014",
            "1/2/2016, 26.09.2014, 2019-11-05, 12/10/20141, 2014-01-01x, 201٤-01-01",
            "2019/2020 and 2017-2021 then 2025 – 29 and 2019/20",
            "June 28, 2014 and Sept 2014 and 20 August, 2014",
        ]
        .map(String::from)
        .to_vec();
        texts.push(format!("26 September{}2014", " ".repeat(5_000)));
        texts.push(format!("{}2014 {}", "x".repeat(100), "y".repeat(100)));
        texts.extend(assembled_texts());
        let patterns = [
            &*DAY_MONTH_YEAR,
            &*WELSH_DAY_MONTH_YEAR,
            &*MONTH_DAY_YEAR,
            &*ISO,
            &*NUMERIC,
            &*MONTH_YEAR,
            &*WELSH_MONTH_YEAR,
            &*PERIOD,
        ];
        let mut matched = 0;
        for text in &texts {
            let windows = year_windows(text);
            for pattern in patterns {
                let whole = groups(pattern.captures_iter(text));
                matched += whole.len();
                let near = groups(captures_near_years(pattern, text, &windows));
                assert_eq!(near, whole, "{pattern} in {text:?}");
            }
        }
        assert!(matched > 1_000, "the texts hold dates: {matched}");
    }

    #[test]
    fn only_the_text_around_years_is_searched() {
        let filler = "the panel heard the report and asked questions of the officers ".repeat(20);
        let text = format!("On 1 May 2015 {filler} and 2 June 2016, {filler} far from 2017.");
        let windows = year_windows(&text);
        assert_eq!(windows.len(), 3, "{windows:?}");
        assert!(windows.windows(2).all(|pair| pair[0].end < pair[1].start));
        for (window, year) in windows
            .iter()
            .zip(["1 May 2015", "2 June 2016", "from 2017"])
        {
            assert!(text[window.clone()].contains(year), "{year}: {window:?}");
        }
        assert!(windows.iter().map(|window| window.len()).sum::<usize>() < text.len() / 10);
    }
}
