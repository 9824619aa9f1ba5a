//! The document's date: every date the text states, scored by precision, position and context,
//! so that a meeting pack's date is the meeting's, not that of the minutes it approves, a decision
//! notice's is the date of the decision, and an event the text recounts dates nothing. English and
//! Welsh dates are read alike; a bare year (`© HMICFRS 2019`, a year on the cover) dates a text
//! only when no stated date does.

use std::sync::LazyLock;

use oversight_schema::model::DocDate;
use regex::Regex;

pub use crate::date_line::is_date_line;
use crate::date_line::{MONTH, WEEKDAY, WELSH_MONTH, WELSH_ORDINAL, WELSH_WEEKDAY};

use self::near_years::{captures_near_years, year_windows};
use super::evidence_line;

mod near_years;

/// Dates beyond this many in one text are not weighed: a document's own date is stated near the
/// top, and a table of thousands of dates must not cost quadratic time.
const MAX_CANDIDATES: usize = 2_000;

static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b){WEEKDAY}(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\.?,?\s+((?:19|20)\d\d)(?-u:\b)"
    ))
    .expect("valid regex")
});
static WELSH_DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b){WELSH_WEEKDAY}(\d{{1,2}}){WELSH_ORDINAL}?\s+(?:o\s+)?{WELSH_MONTH},?\s+((?:19|20)\d\d)(?-u:\b)"
    ))
    .expect("valid regex")
});
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b){MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)(?-u:\b)"
    ))
    .expect("valid regex")
});
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d\d)(?-u:\b)").expect("valid regex")
});
static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)((?:19|20)\d\d)-(\d\d)-(\d\d)(?-u:\b)").expect("valid regex")
});
static MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b){MONTH}\.?,?\s+((?:19|20)\d\d)(?-u:\b)"
    ))
    .expect("valid regex")
});
static WELSH_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b){WELSH_MONTH},?\s+((?:19|20)\d\d)(?-u:\b)"
    ))
    .expect("valid regex")
});
static NUMERIC_SHORT_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(\d{1,2})/(\d{1,2})/(\d\d)(?-u:\b)").expect("valid regex")
});
/// A financial year or a period: `2019/20`, `2019/2020`, `2019-2020`, `2017-2021`, `2025 – 29`.
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)((?:19|20)\d\d)(?:(/)|\s?[-–]\s?)((?:19|20)?\d\d)(?-u:\b)")
        .expect("valid regex")
});
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)((?:19|20)\d\d)(?-u:\b)").expect("valid regex"));
/// A time of day after a date: a meeting's header (`Tuesday, 15 September 2020 10.30 am`).
static TIME_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^,?\s*(?:at\s+)?\d{1,2}(?:[.:]\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.|yb|yh)(?-u:\b)")
        .expect("valid regex")
});

/// The longest period read as one date: a plan's four or five years.
const MAX_PERIOD_YEARS: u16 = 5;
/// Characters from the start that count as the document's head, where its own date stands.
const HEAD_CHARS: usize = 600;
/// Characters from the start that count as near the head.
const NEAR_HEAD_CHARS: usize = 1500;
/// How far back on its line (and the line before) a date's context is read.
const CONTEXT_CHARS: usize = 80;
/// A line longer than this is body text, not a cover line that a bare year could date.
const MAX_COVER_YEAR_LINE_CHARS: usize = 80;

/// Words before a date that say it is the date of the meeting or document.
const OWN_CONTEXT: &[&str] = &[
    "will be held",
    "meeting of",
    "held at",
    "meeting on",
    "meeting held on",
    "date of meeting",
    "meeting date",
    "date:",
    "dated",
    "prepared",
    "date of decision",
    "decision date",
    "date signed",
    "signed:",
    "signature date",
    "to be printed",
    "dyddiad",
];
/// Words before a date that say it is the date of something the document mentions.
const OTHER_CONTEXT: &[&str] = &[
    "minutes of the meeting held",
    "minutes of the last",
    "last meeting",
    "previous meeting",
    "next meeting",
    "published",
    "updated",
    "sent:",
    "despatch",
    "dispatch",
    "deadline",
    "until",
    "since",
    "from",
    "received",
    "appendix",
    "as at",
    "as of",
    "joined",
    "elected",
    "appointed",
];
/// Labels before a date that make it the document's own, though a word of theirs is in
/// [`OTHER_CONTEXT`]: "Published on: 18 November 2014".
const LABEL_CONTEXT: &[&str] = &[
    "published:",
    "published on:",
    "date published",
    "publication date",
    "date of publication",
];
/// Words that, with a meeting word on the same line before a date, make it the date of earlier
/// minutes the document approves: "To take the minutes of the meeting of the panel held on …".
const MINUTES_WORDS: &[&str] = &["minutes", "cofnodion"];
const HELD_WORDS: &[&str] = &["held", "meeting", "gynhaliwyd", "cyfarfod"];
/// How the weekdays that open a meeting's date begin, in English and Welsh.
const WEEKDAYS: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat", "sun", "dydd "];
/// Words before a bare year that make it the year of publication.
const PUBLICATION_CONTEXT: &[&str] = &["©", "copyright", "published", "cyhoeddwyd"];
/// Words before a bare year that make it part of a name, not a date: "Police Act 1996".
const NAME_CONTEXT: &[&str] = &[" act", " act of", " order", " regulations"];

/// A date found in the text, with the line it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundDate {
    /// The date.
    pub date: DocDate,
    /// The text it was read from.
    pub evidence: String,
    /// Why it beat the runner-up, when there was one.
    pub runner_up: Option<String>,
}

/// The month number of an English or Welsh month name or abbreviation.
fn month_number(name: &str) -> Option<u8> {
    let lower = name.to_lowercase();
    let welsh = [
        "ionawr",
        "chwefror",
        "mawrth",
        "ebrill",
        "mai",
        "mehefin",
        "gorffennaf",
        "awst",
        "medi",
        "hydref",
        "tachwedd",
        "rhagfyr",
    ];
    let unmutated = match lower.as_str() {
        "fawrth" => "mawrth",
        "fai" => "mai",
        "fehefin" => "mehefin",
        "orffennaf" => "gorffennaf",
        "fedi" => "medi",
        "dachwedd" => "tachwedd",
        other => other,
    };
    if let Some(index) = welsh.iter().position(|month| *month == unmutated) {
        return u8::try_from(index + 1).ok();
    }
    let prefix = lower.get(..3)?;
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let index = months.iter().position(|month| *month == prefix)?;
    u8::try_from(index + 1).ok()
}

fn day_date(year: &str, month: Option<u8>, day: &str) -> Option<DocDate> {
    let year: u16 = year.parse().ok()?;
    let month = month?;
    let day: u8 = day.parse().ok()?;
    let days_in_month = DocDate::days_in_month(i64::from(year), i64::from(month));
    (1..=days_in_month)
        .contains(&i64::from(day))
        .then_some(DocDate {
            year,
            month: Some(month),
            day: Some(day),
        })
}

/// The first year of a period `start`–`end`: a financial year (`2019/20`, `2019/2020`) or, with a
/// dash, a plan's years (`2017-2021`, `2025-29`).
fn period_date(start: &str, slash: bool, end: &str) -> Option<DocDate> {
    let start: u16 = start.parse().ok()?;
    let end: u16 = end.parse().ok()?;
    let end = if end < 100 {
        start - start % 100 + end
    } else {
        end
    };
    let span = end.checked_sub(start)?;
    let fits = if slash {
        span == 1
    } else {
        (1..=MAX_PERIOD_YEARS).contains(&span)
    };
    fits.then_some(DocDate {
        year: start,
        month: None,
        day: None,
    })
}

/// How a date is written, which decides how much it says.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Form {
    /// A stated date: a day, a month or a period.
    Stated,
    /// A bare year, which dates the text only when no date is stated.
    BareYear,
}

/// Which dates may date the text, best first: stated dates, then bare years, then the dates of
/// earlier minutes the document approves (the pack is of a meeting after them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    Stated,
    BareYear,
    ApprovedMinutes,
}

/// Where a date stands in a span of two dates ("1 April 2019 to 31 March 2020").
#[derive(Debug, Clone, Copy, PartialEq)]
enum SpanRole {
    None,
    /// Its start, which is not when the document was written.
    Start,
    /// The end of a span over a year long: a plan's or a term's, not the document's.
    LongEnd,
}

struct Candidate {
    date: DocDate,
    start: usize,
    end: usize,
    form: Form,
    span: SpanRole,
}

/// Every date stated in `text`, each once, most precise reading first where readings overlap.
fn candidates(text: &str) -> Vec<Candidate> {
    let mut found: Vec<Candidate> = Vec::new();
    let mut push = |date: Option<DocDate>, start: usize, end: usize, form: Form| {
        if found.len() >= MAX_CANDIDATES {
            return false;
        }
        let overlaps = found
            .iter()
            .any(|other| start < other.end && other.start < end);
        if let Some(date) = date
            && !overlaps
        {
            found.push(Candidate {
                date,
                start,
                end,
                form,
                span: SpanRole::None,
            });
        }
        true
    };
    let span = |captures: &regex::Captures<'_>| captures.get(0).map_or(0..0, |m| m.range());
    let windows = year_windows(text);
    for captures in captures_near_years(&DAY_MONTH_YEAR, text, &windows) {
        let date = day_date(&captures[3], month_number(&captures[2]), &captures[1]);
        let range = span(&captures);
        if !push(date, range.start, range.end, Form::Stated) {
            break;
        }
    }
    for captures in captures_near_years(&WELSH_DAY_MONTH_YEAR, text, &windows) {
        let date = day_date(&captures[3], month_number(&captures[2]), &captures[1]);
        let range = span(&captures);
        if !push(date, range.start, range.end, Form::Stated) {
            break;
        }
    }
    for captures in captures_near_years(&MONTH_DAY_YEAR, text, &windows) {
        let date = day_date(&captures[3], month_number(&captures[1]), &captures[2]);
        let range = span(&captures);
        if !push(date, range.start, range.end, Form::Stated) {
            break;
        }
    }
    for captures in captures_near_years(&ISO, text, &windows) {
        let month = captures[2].parse().ok();
        let date = day_date(&captures[1], month, &captures[3]);
        let range = span(&captures);
        if !push(date, range.start, range.end, Form::Stated) {
            break;
        }
    }
    for captures in captures_near_years(&NUMERIC, text, &windows) {
        let month = captures[2].parse().ok();
        let date = day_date(&captures[3], month, &captures[1]);
        let range = span(&captures);
        if !push(date, range.start, range.end, Form::Stated) {
            break;
        }
    }
    for captures in NUMERIC_SHORT_YEAR.captures_iter(text) {
        let month = captures[2].parse().ok();
        let year = format!("20{}", &captures[3]);
        let date = day_date(&year, month, &captures[1]);
        let range = span(&captures);
        if !push(date, range.start, range.end, Form::Stated) {
            break;
        }
    }
    for pattern in [&*MONTH_YEAR, &*WELSH_MONTH_YEAR] {
        for captures in captures_near_years(pattern, text, &windows) {
            let date = captures[2].parse().ok().map(|year| DocDate {
                year,
                month: month_number(&captures[1]),
                day: None,
            });
            let range = span(&captures);
            if !push(date, range.start, range.end, Form::Stated) {
                break;
            }
        }
    }
    for captures in captures_near_years(&PERIOD, text, &windows) {
        let date = period_date(&captures[1], captures.get(2).is_some(), &captures[3]);
        let range = span(&captures);
        if !push(date, range.start, range.end, Form::Stated) {
            break;
        }
    }
    for captures in YEAR.captures_iter(text) {
        let range = span(&captures);
        // A year inside a numeric date or a period that did not read as one is no bare year.
        let joined = text[..range.start].ends_with(['/', '.', '-', '–'])
            || text[range.end..].starts_with(['/', '-', '–']);
        if joined {
            continue;
        }
        let date = captures[1].parse().ok().map(|year| DocDate {
            year,
            month: None,
            day: None,
        });
        if !push(date, range.start, range.end, Form::BareYear) {
            break;
        }
    }
    mark_spans(text, &mut found);
    found
}

/// Marks the dates that open or close a span of two stated dates.
fn mark_spans(text: &str, found: &mut [Candidate]) {
    found.sort_by_key(|candidate| candidate.start);
    for index in 1..found.len() {
        let (earlier, later) = found.split_at_mut(index);
        let (Some(first), Some(second)) = (earlier.last_mut(), later.first_mut()) else {
            continue;
        };
        let between = text[first.end..second.start].trim();
        let joins = ["–", "-", "to", "until"].contains(&between);
        if !joins || first.form != Form::Stated || second.form != Form::Stated {
            continue;
        }
        first.span = SpanRole::Start;
        if second.date.start_key() - first.date.start_key() > 400 {
            second.span = SpanRole::LongEnd;
        }
    }
}

/// The text before `start` that speaks of the date there: its own line up to the date and, when
/// the date opens its line, the line before ("Date of Decision:" above "1st October 2014").
fn context_before(text: &str, start: usize) -> String {
    let window_start = super::char_boundary_at_or_before(text, start.saturating_sub(CONTEXT_CHARS));
    let window = &text[window_start..start];
    let (earlier, own_line) = match window.rfind('\n') {
        Some(index) => (&window[..index], &window[index + 1..]),
        None => ("", window),
    };
    if !own_line.trim().is_empty() {
        return own_line.to_lowercase();
    }
    let previous = earlier.trim_end().rsplit('\n').next().unwrap_or_default();
    format!("{previous} {own_line}").to_lowercase()
}

/// What a date's context says of it: a score within the tier it belongs to.
fn score(text: &str, candidate: &Candidate) -> (f32, Tier) {
    let precision = match (candidate.form, candidate.date.month, candidate.date.day) {
        (Form::BareYear, _, _) => 0.5,
        (_, Some(_), Some(_)) => 3.0,
        (_, Some(_), None) => 2.0,
        _ => 1.0,
    };
    let position = if candidate.start < HEAD_CHARS {
        4.0
    } else if candidate.start < NEAR_HEAD_CHARS {
        2.0
    } else {
        0.0
    };
    let line = evidence_line(text, candidate.start..candidate.end);
    // A period inside a sentence ("In its 2013/14 programme") says no more than a bare year.
    let in_sentence = line.chars().count() > MAX_COVER_YEAR_LINE_CHARS;
    if candidate.form == Form::Stated && candidate.date.month.is_none() && in_sentence {
        return (precision, Tier::BareYear);
    }
    let before = context_before(text, candidate.start);
    let mut context = 0.0;
    if candidate.form == Form::BareYear {
        if PUBLICATION_CONTEXT
            .iter()
            .any(|phrase| before.contains(phrase))
        {
            context += 3.0;
        } else if NAME_CONTEXT
            .iter()
            .any(|phrase| before.trim_end().ends_with(phrase))
            || line.chars().count() > MAX_COVER_YEAR_LINE_CHARS
            || candidate.start >= NEAR_HEAD_CHARS
        {
            return (0.0, Tier::BareYear);
        }
        return (precision + position + context, Tier::BareYear);
    }
    if is_date_line(&line) {
        context += 3.0;
    }
    let matched = text[candidate.start..candidate.end].to_lowercase();
    // Dates of meetings are written with their weekday and often a time: "Tuesday, 15 September
    // 2020 10.30 am".
    if WEEKDAYS.iter().any(|day| matched.starts_with(day)) {
        context += 1.5;
    }
    let after_end = super::char_boundary_at_or_before(text, (candidate.end + 20).min(text.len()));
    if TIME_AFTER.is_match(&text[candidate.end..after_end]) {
        context += 1.5;
    }
    if OWN_CONTEXT.iter().any(|phrase| before.contains(phrase)) {
        context += 3.0;
    }
    let heading = before.trim_start().starts_with("minutes") && candidate.start < HEAD_CHARS;
    let approves_minutes = !heading
        && MINUTES_WORDS.iter().any(|word| before.contains(word))
        && HELD_WORDS.iter().any(|word| before.contains(word));
    if approves_minutes {
        return (precision + position, Tier::ApprovedMinutes);
    }
    if LABEL_CONTEXT.iter().any(|phrase| before.contains(phrase)) {
        context += 3.0;
    } else if OTHER_CONTEXT.iter().any(|phrase| before.contains(phrase)) {
        context -= 4.0;
    }
    match candidate.span {
        SpanRole::Start | SpanRole::LongEnd => context -= 3.0,
        SpanRole::None => {}
    }
    if line.trim_start().to_lowercase().starts_with("by ") {
        context += 2.0;
    }
    (precision + position + context, Tier::Stated)
}

/// The document's date: the best-scored date the text states; failing any, the best bare year
/// (of publication, or on the cover); failing that, a year in its title.
pub fn document_date(text: &str, title: &str) -> Option<FoundDate> {
    let mut scored: Vec<(Tier, f32, Candidate)> = candidates(text)
        .into_iter()
        .map(|candidate| {
            let (score, tier) = score(text, &candidate);
            (tier, score, candidate)
        })
        .filter(|(_, score, _)| *score > 0.0)
        .collect();
    // Better tiers first, then by score; the earliest wins a tie.
    scored.sort_by(
        |(left_tier, left_score, left), (right_tier, right_score, right)| {
            left_tier
                .cmp(right_tier)
                .then(right_score.total_cmp(left_score))
                .then(left.start.cmp(&right.start))
        },
    );
    let mut ranked = scored.into_iter();
    if let Some((_, best_score, best)) = ranked.next() {
        let runner_up =
            ranked
                .find(|(_, _, other)| other.date != best.date)
                .map(|(_, other_score, other)| {
                    format!(
                        "{} (score {best_score:.1}) over {} (score {other_score:.1}: {})",
                        best.date.iso(),
                        other.date.iso(),
                        evidence_line(text, other.start..other.end)
                    )
                });
        return Some(FoundDate {
            date: best.date,
            evidence: evidence_line(text, best.start..best.end),
            runner_up,
        });
    }
    let captures = YEAR.captures(title)?;
    let year = captures[1].parse().ok()?;
    Some(FoundDate {
        date: DocDate {
            year,
            month: None,
            day: None,
        },
        evidence: title.to_string(),
        runner_up: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date_of(text: &str) -> Option<String> {
        document_date(text, "").map(|found| found.date.iso())
    }

    #[test]
    fn british_formats_are_read() {
        for (text, iso) in [
            ("26th September 2014", "2014-09-26"),
            ("26 Sept 2014", "2014-09-26"),
            ("Friday 26 September 2014", "2014-09-26"),
            ("26/09/2014", "2014-09-26"),
            ("the 3rd of March, 2016", "2016-03-03"),
            ("June 28, 2014", "2014-06-28"),
            ("2019-11-05", "2019-11-05"),
            ("June 2014", "2014-06"),
            ("Sept 2014", "2014-09"),
            ("20 August, 2014", "2014-08-20"),
        ] {
            assert_eq!(date_of(text).as_deref(), Some(iso), "{text}");
        }
    }

    /// At least 40 date strings as UK governance documents write them, and what each reads as.
    #[test]
    fn a_test_set_of_british_date_strings() {
        let cases: &[(&str, Option<&str>)] = &[
            ("26th September 2014", Some("2014-09-26")),
            ("26 September 2014", Some("2014-09-26")),
            ("26 Sept 2014", Some("2014-09-26")),
            ("26 Sep 2014", Some("2014-09-26")),
            ("26th of September 2014", Some("2014-09-26")),
            ("26th September, 2014", Some("2014-09-26")),
            ("Friday 26th September 2014", Some("2014-09-26")),
            ("Friday, 26 September 2014", Some("2014-09-26")),
            ("1st December 2017", Some("2017-12-01")),
            ("2nd March 2016", Some("2016-03-02")),
            ("3rd May 2012", Some("2012-05-03")),
            ("21st November 2014", Some("2014-11-21")),
            ("22nd June 2018", Some("2018-06-22")),
            ("23rd January 2020", Some("2020-01-23")),
            ("31 Dec 2019", Some("2019-12-31")),
            ("29 February 2016", Some("2016-02-29")),
            ("9 Feb. 2022", Some("2022-02-09")),
            ("June 28, 2014", Some("2014-06-28")),
            ("September 26th, 2014", Some("2014-09-26")),
            ("Oct 1 2015", Some("2015-10-01")),
            ("26/09/2014", Some("2014-09-26")),
            ("01/12/2017", Some("2017-12-01")),
            ("1/2/2016", Some("2016-02-01")),
            ("26.09.2014", Some("2014-09-26")),
            ("26/09/14", Some("2014-09-26")),
            ("2014-09-26", Some("2014-09-26")),
            ("2022-02-04", Some("2022-02-04")),
            ("June 2014", Some("2014-06")),
            ("Sept 2014", Some("2014-09")),
            ("September 2014", Some("2014-09")),
            ("Dec 2019", Some("2019-12")),
            ("March, 2014", Some("2014-03")),
            ("Date: 14 March 2019", Some("2019-03-14")),
            ("Meeting held on 5th July 2013", Some("2013-07-05")),
            ("financial year 2019/20", Some("2019")),
            ("Budget 2022-23", Some("2022")),
            ("Work Programme 2014/15", Some("2014")),
            ("30 February 2014", Some("2014-02")),
            ("31/04/2015", None),
            ("45 June", None),
            ("2019/21", None),
            ("Page 12 of 40", None),
            ("£6.2 million", None),
            ("section 59 notices", None),
        ];
        assert!(cases.len() >= 40);
        for (text, expected) in cases {
            assert_eq!(date_of(text).as_deref(), *expected, "{text}");
        }
    }

    #[test]
    fn a_financial_year_loses_to_a_stated_date() {
        let text = "Budget 2019/20\n\n14 March 2019\n\nThe precept for 2019/20.";
        assert_eq!(date_of(text).as_deref(), Some("2019-03-14"));
    }

    #[test]
    fn impossible_dates_are_ignored() {
        assert_eq!(
            date_of("31/02/2014 and 45 June 2014").as_deref(),
            Some("2014-06")
        );
    }

    #[test]
    fn meeting_date_beats_the_date_of_approved_minutes() {
        let text = "Panel\n\nMinutes of the meeting held on 18th July 2014\n\nA meeting will be held on 26th September 2014.";
        assert_eq!(date_of(text).as_deref(), Some("2014-09-26"));
    }

    #[test]
    fn a_cover_date_line_is_preferred_and_kept_as_evidence() {
        let text = "Police and Crime Panel\n\n**1 December 2017**\n\nOn 6 September 2017, the Chief Constables announced plans.";
        let found = document_date(text, "").expect("a date");
        assert_eq!(found.date.iso(), "2017-12-01");
        assert_eq!(found.evidence, "1 December 2017");
    }

    #[test]
    fn the_year_of_the_title_is_the_fallback() {
        let found = document_date("No dates here.", "Ideas for PCCs in 2020").expect("a date");
        assert_eq!(found.date.iso(), "2020");
    }

    #[test]
    fn a_text_of_thousands_of_dates_is_dated_by_its_first_lines() {
        let mut text = String::from("Panel meeting\n26 September 2014\n");
        for day in 0..100_000 {
            text.push_str(&format!("{} March 2019, ", day % 28 + 1));
        }
        let found = document_date(&text, "").expect("a date");
        assert_eq!(found.date.iso(), "2014-09-26");
        assert!(found.evidence.chars().count() <= 202, "{}", found.evidence);
    }

    #[test]
    fn the_thirtieth_of_february_is_no_date() {
        // The impossible day is dropped; the month it names still dates the text.
        assert_eq!(date_of("30 February 2014").as_deref(), Some("2014-02"));
        assert_eq!(date_of("29 February 2014").as_deref(), Some("2014-02"));
        assert_eq!(date_of("29 February 2016").as_deref(), Some("2016-02-29"));
    }

    #[test]
    fn four_digit_ranges_and_plan_periods_date_by_their_first_year() {
        for (text, expected) in [
            ("Annual Report 2019/2020", Some("2019")),
            ("Annual Report 2019-2020", Some("2019")),
            ("Police and Crime Plan 2017-2021", Some("2017")),
            ("Police, Crime and Justice Plan 2025 – 2029", Some("2025")),
            ("Police and Crime Plan 2025-29", Some("2025")),
            ("A strategy for 2010-2030", None),
            ("Figures for 2019/2021", None),
        ] {
            assert_eq!(date_of(text).as_deref(), expected, "{text}");
        }
    }

    #[test]
    fn a_bare_year_dates_a_text_only_when_no_date_is_stated() {
        for (text, expected) in [
            (
                "State of Policing\n\n© HMICFRS 2019\n\nThe assessment.",
                Some("2019"),
            ),
            ("Published 2019", Some("2019")),
            (
                "Transparency 2018\n\nA review of how commissioners publish.",
                Some("2018"),
            ),
            ("© HMICFRS 2019\n\n14 March 2018", Some("2018-03-14")),
            ("Police Reform and Social Responsibility Act 2011", None),
            (
                "Items of business may be added to the agenda in accordance with the Local Government Finance Act 1992 where urgent.",
                None,
            ),
        ] {
            assert_eq!(date_of(text).as_deref(), expected, "{text}");
        }
    }

    #[test]
    fn the_date_a_decision_was_signed_beats_an_event_it_recounts() {
        let text = "Decision Notice PCC/D/083\n\nGrant to the Safer Roads Fund\n\nThe fund opened on 1 March 2021.\n\nDate signed: 24 February 2021";
        assert_eq!(date_of(text).as_deref(), Some("2021-02-24"));
        let text = "Decision Ref: 2014/31\n\nThe fund opened on 3 September 2014.\n\nDate of Decision:\n\n1st October 2014";
        assert_eq!(date_of(text).as_deref(), Some("2014-10-01"));
    }

    #[test]
    fn a_paper_is_dated_when_the_house_ordered_it_printed() {
        let text = "The Committee took evidence on 3 May 2016.\n\nOrdered by the House of Commons to be printed 5 July 2016";
        assert_eq!(date_of(text).as_deref(), Some("2016-07-05"));
    }

    #[test]
    fn reporting_dates_and_careers_are_no_document_dates() {
        let text = "Annual report\n\nThe Commissioner was elected in May 2016 and the Chief Constable joined the force in January 2011. Figures are as at 30 June 2019.\n\nThe report was agreed on 14 October 2019.";
        assert_eq!(date_of(text).as_deref(), Some("2019-10-14"));
    }

    #[test]
    fn approved_minutes_in_other_wordings_do_not_date_the_pack() {
        let text = "Northshire Police and Crime Panel - Wednesday 7th February 2024 10.00 am\n\n1. Minutes\n\nTo take the minutes of the meeting of the panel held on 10 October 2023 as a correct record.";
        assert_eq!(date_of(text).as_deref(), Some("2024-02-07"));
        let text = "Agenda and minutes\n\nThe Board considered the draft public minutes of the Police Authority Board meeting held on the 27 of October 2022.\n\nThe Board met on 8 December 2022.";
        assert_eq!(date_of(text).as_deref(), Some("2022-12-08"));
    }

    #[test]
    fn welsh_dates_are_read_like_english_ones() {
        for (text, iso) in [
            ("17eg Ebrill 2023", "2023-04-17"),
            ("Dydd Gwener, 7fed Chwefror, 2020", "2020-02-07"),
            ("1af Mawrth 2022", "2022-03-01"),
            ("25AIN HYDREF 2019", "2019-10-25"),
            ("ym Mehefin 2019", "2019-06"),
            ("o Fedi 2018", "2018-09"),
        ] {
            assert_eq!(date_of(text).as_deref(), Some(iso), "{text}");
        }
        let text = "Panel Heddlu a Throseddu Dyfed-Powys - Dydd Gwener, 7fed Chwefror, 2020 10.30 yb\n\nCadarnhau cofnodion y cyfarfod a gynhaliwyd ar 25 Hydref 2019.";
        assert_eq!(date_of(text).as_deref(), Some("2020-02-07"));
    }

    #[test]
    fn a_year_on_the_cover_beats_a_period_inside_a_sentence() {
        let text = "2018 Crime Data Integrity Inspection\n\nIn its 2013/14 inspection programme, approved by the Home Secretary, the inspectorate committed to review every force.";
        assert_eq!(date_of(text).as_deref(), Some("2018"));
    }

    #[test]
    fn the_runner_up_is_explained() {
        let text = "Panel\n\n26 September 2014\n\nMinutes of the meeting held on 18th July 2014";
        let found = document_date(text, "").expect("a date");
        let runner_up = found.runner_up.expect("a runner-up");
        assert!(runner_up.starts_with("2014-09-26"), "{runner_up}");
        assert!(runner_up.contains("over 2014-07-18"), "{runner_up}");
    }

    #[test]
    fn a_text_of_dates_weighs_a_bounded_number_of_them() {
        let text = "2019 14 March 2019 March 2019 2019/20 ".repeat(20_000);
        assert!(candidates(&text).len() <= MAX_CANDIDATES);
    }
}
