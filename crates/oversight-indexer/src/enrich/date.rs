//! The document's date: every date the text states, scored by precision, position and context,
//! so that a meeting pack's date is the meeting's, not that of the minutes it approves.

use std::sync::LazyLock;

use oversight_schema::model::DocDate;
use regex::Regex;

use super::evidence_line;

const MONTH: &str = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
/// Dates beyond this many in one text are not weighed: a document's own date is stated near the
/// top, and a table of thousands of dates must not cost quadratic time.
const MAX_CANDIDATES: usize = 2_000;
const WEEKDAY: &str = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?";

static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b){WEEKDAY}(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\.?,?\s+((?:19|20)\d\d)(?-u:\b)"
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
static NUMERIC_SHORT_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(\d{1,2})/(\d{1,2})/(\d\d)(?-u:\b)").expect("valid regex")
});
static FINANCIAL_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)((?:19|20)\d\d)[/-](\d\d)(?-u:\b)").expect("valid regex")
});
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)((?:19|20)\d\d)(?-u:\b)").expect("valid regex"));
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(?:date:?\s*)?{WEEKDAY}(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?)?{MONTH}\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?,?\s+(?:19|20)\d\d\.?$|^\d{{1,2}}[/.]\d{{1,2}}[/.](?:19|20)\d\d$"
    ))
    .expect("valid regex")
});

/// Characters from the start that count as the document's head, where its own date stands.
const HEAD_CHARS: usize = 600;
/// Characters from the start that count as near the head.
const NEAR_HEAD_CHARS: usize = 1500;

/// Words before a date that say it is the date of the meeting or document.
const MEETING_CONTEXT: &[&str] = &[
    "will be held",
    "meeting of",
    "held at",
    "meeting on",
    "meeting held on",
    "date of meeting",
    "date:",
    "dated",
    "prepared",
];
/// Words before a date that say it is the date of something the document mentions.
const OTHER_CONTEXT: &[&str] = &[
    "minutes of the meeting held",
    "minutes of the last",
    "last meeting",
    "previous meeting",
    "next meeting",
    "published",
    "sent:",
    "deadline",
    "until",
    "since",
    "from",
    "received",
    "appendix",
];

/// A date found in the text, with the line it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundDate {
    /// The date.
    pub date: DocDate,
    /// The text it was read from.
    pub evidence: String,
}

/// Whether a whole line is a date and nothing else (a cover date).
pub fn is_date_line(line: &str) -> bool {
    DATE_LINE.is_match(line.trim())
}

/// The month number of a month name or abbreviation.
fn month_number(name: &str) -> Option<u8> {
    let lower = name.to_ascii_lowercase();
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

struct Candidate {
    date: DocDate,
    start: usize,
    end: usize,
}

/// Every date stated in `text`, each once, most precise reading first where readings overlap.
fn candidates(text: &str) -> Vec<Candidate> {
    let mut found: Vec<Candidate> = Vec::new();
    let mut push = |date: Option<DocDate>, start: usize, end: usize| {
        if found.len() >= MAX_CANDIDATES {
            return;
        }
        let overlaps = found
            .iter()
            .any(|other| start < other.end && other.start < end);
        if let Some(date) = date
            && !overlaps
        {
            found.push(Candidate { date, start, end });
        }
    };
    for captures in DAY_MONTH_YEAR.captures_iter(text) {
        let span = captures.get(0).map_or(0..0, |m| m.range());
        let date = day_date(&captures[3], month_number(&captures[2]), &captures[1]);
        push(date, span.start, span.end);
    }
    for captures in MONTH_DAY_YEAR.captures_iter(text) {
        let span = captures.get(0).map_or(0..0, |m| m.range());
        let date = day_date(&captures[3], month_number(&captures[1]), &captures[2]);
        push(date, span.start, span.end);
    }
    for captures in ISO.captures_iter(text) {
        let span = captures.get(0).map_or(0..0, |m| m.range());
        let month = captures[2].parse().ok();
        push(
            day_date(&captures[1], month, &captures[3]),
            span.start,
            span.end,
        );
    }
    for captures in NUMERIC.captures_iter(text) {
        let span = captures.get(0).map_or(0..0, |m| m.range());
        let month = captures[2].parse().ok();
        push(
            day_date(&captures[3], month, &captures[1]),
            span.start,
            span.end,
        );
    }
    for captures in NUMERIC_SHORT_YEAR.captures_iter(text) {
        let span = captures.get(0).map_or(0..0, |m| m.range());
        let month = captures[2].parse().ok();
        let year = format!("20{}", &captures[3]);
        push(day_date(&year, month, &captures[1]), span.start, span.end);
    }
    for captures in MONTH_YEAR.captures_iter(text) {
        let span = captures.get(0).map_or(0..0, |m| m.range());
        let date = captures[2].parse().ok().map(|year| DocDate {
            year,
            month: month_number(&captures[1]),
            day: None,
        });
        push(date, span.start, span.end);
    }
    for captures in FINANCIAL_YEAR.captures_iter(text) {
        let span = captures.get(0).map_or(0..0, |m| m.range());
        let start: Option<u16> = captures[1].parse().ok();
        let end: Option<u16> = captures[2].parse().ok();
        let consecutive =
            matches!((start, end), (Some(start), Some(end)) if (start + 1) % 100 == end);
        let date = start.filter(|_| consecutive).map(|year| DocDate {
            year,
            month: None,
            day: None,
        });
        push(date, span.start, span.end);
    }
    found
}

fn score(text: &str, candidate: &Candidate) -> f32 {
    let precision = match (candidate.date.month, candidate.date.day) {
        (Some(_), Some(_)) => 3.0,
        (Some(_), None) => 2.0,
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
    let before_start = text[..candidate.start]
        .char_indices()
        .rev()
        .nth(60)
        .map_or(0, |(index, _)| index);
    let before = text[before_start..candidate.start].to_lowercase();
    let mut context = 0.0;
    if is_date_line(&line) {
        context += 3.0;
    }
    if MEETING_CONTEXT.iter().any(|phrase| before.contains(phrase)) {
        context += 3.0;
    }
    if OTHER_CONTEXT.iter().any(|phrase| before.contains(phrase)) {
        context -= 4.0;
    }
    if line.trim_start().to_lowercase().starts_with("by ") {
        context += 2.0;
    }
    precision + position + context
}

/// The document's date: the best-scored date the text states, or, failing any, a year in its title.
pub fn document_date(text: &str, title: &str) -> Option<FoundDate> {
    let best = candidates(text)
        .into_iter()
        .map(|candidate| (score(text, &candidate), candidate))
        .filter(|(score, _)| *score > 0.0)
        .fold(
            None::<(f32, Candidate)>,
            |best, (score, candidate)| match best {
                Some((best_score, _)) if best_score >= score => best,
                _ => Some((score, candidate)),
            },
        );
    if let Some((_, candidate)) = best {
        return Some(FoundDate {
            date: candidate.date,
            evidence: evidence_line(text, candidate.start..candidate.end),
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
    fn date_lines_are_recognised() {
        assert!(is_date_line("26 September 2014"));
        assert!(is_date_line("Monday 15th September 2014"));
        assert!(is_date_line("June 2014"));
        assert!(!is_date_line("The meeting on 26 September 2014"));
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
}
