//! The document's own title, read from the lines of its cover; a web page's chrome (skip links,
//! text-size controls, cookie notices, logos, breadcrumbs, venue and contact lines) is never one.

use oversight_schema::model::{DocDate, DocType};

use crate::date_line::is_date_line;

/// How many leading non-empty lines are read as the cover.
const COVER_LINES: usize = 10;
/// A line longer than this is body text: the cover has ended.
const MAX_COVER_LINE_CHARS: usize = 120;

/// Lines that are on many covers and name no document.
const GENERIC_LINES: &[&str] = &[
    "police and crime panel",
    "report of the police and crime commissioner",
    "agenda",
    "minutes",
    "agenda and minutes",
    "items",
    "contents",
    "introduction",
    "foreword",
    "public",
    "official",
    "official sensitive",
    "not protectively marked",
];

/// How lines of web chrome and meeting-page furniture begin: never a title.
const CHROME_STARTS: &[&str] = &[
    "skip to",
    "text size",
    "text only",
    "accessibility options",
    "accessibility statement",
    "modern.gov",
    "if you are reading this page",
    "this is a default template",
    "quickly exit",
    "quick exit",
    "cookie",
    "we use cookies",
    "this website uses",
    "this site uses",
    "accept all",
    "date published",
    "published on",
    "last updated",
    "archived",
    "we're now part of",
    "page 1",
    "venue:",
    "contact:",
    "no. item",
    "agenda item",
    "agenda and draft minutes",
    "agendas, meetings and minutes",
    "meeting details",
    "executive summary",
    "breadcrumb",
];
/// Whole lines of web chrome: navigation words alone on their line.
const CHROME_LINES: &[&str] = &[
    "home",
    "menu",
    "search",
    "print",
    "share",
    "close",
    "back to top",
];
/// Words inside a line that make it web chrome wherever they stand.
const CHROME_WORDS: &[&str] = &[
    " logo",
    "cookies",
    "total page:",
    "found this document useful",
    "screenreader",
    "register a free account",
    "skip to main content",
    "text size",
    "default template",
    "quick exit",
];

/// Words kept in lower case inside a title-cased heading.
const SMALL_WORDS: &[&str] = &[
    "a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with",
];

/// The title of a document whose cleaned leading lines are `lines`, and the evidence for it.
pub fn document_title(
    lines: &[String],
    doc_type: DocType,
    date: Option<&DocDate>,
) -> Option<(String, String)> {
    let cover: Vec<&str> = lines
        .iter()
        .map(|line| line.trim())
        .filter(|line| !line.is_empty())
        .take(COVER_LINES)
        .take_while(|line| line.chars().count() <= MAX_COVER_LINE_CHARS)
        .collect();
    let candidates: Vec<(usize, &str)> = cover
        .iter()
        .enumerate()
        .filter(|(_, line)| is_candidate(line))
        .map(|(index, line)| (index, *line))
        .collect();
    if doc_type == DocType::Minutes
        && let Some((_, body)) = candidates
            .iter()
            .find(|(_, line)| names_a_meeting_body(line))
    {
        // A meeting page's heading already holds its date: "Surrey Police and Crime Panel -
        // Tuesday, 15 September 2020 10.30 am".
        let title = match date {
            Some(date) if !states_a_date(body) => format!("{body} – {date}"),
            _ => body.to_string(),
        };
        return Some((title, body.to_string()));
    }
    let specific: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter(|(_, line)| !GENERIC_LINES.contains(&line.to_lowercase().as_str()))
        .collect();
    if let Some((_, shouted)) = specific.iter().find(|(_, line)| is_shouted(line)) {
        return Some((title_case(shouted), shouted.to_string()));
    }
    let (first_index, first) = *specific.first()?;
    let subtitle = specific
        .get(1)
        .filter(|(index, line)| *index == first_index + 1 && is_subtitle(line));
    match subtitle {
        Some((_, subtitle)) if subtitle.contains(first) => {
            Some((subtitle.to_string(), subtitle.to_string()))
        }
        Some((_, subtitle)) if first.split_whitespace().count() <= 6 => {
            let separator = if first.ends_with(['?', '!', ':']) {
                " "
            } else {
                ": "
            };
            let title = format!("{first}{separator}{subtitle}");
            Some((title.clone(), title))
        }
        _ => Some((first.to_string(), first.to_string())),
    }
}

/// Whether `line` is web chrome or page furniture rather than a document's words.
pub fn is_chrome(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    CHROME_LINES.contains(&lower.as_str())
        || CHROME_STARTS.iter().any(|start| lower.starts_with(start))
        || CHROME_WORDS.iter().any(|word| lower.contains(word))
}

/// Whether `line` holds a year and a month name: a heading that states its date.
fn states_a_date(line: &str) -> bool {
    let lower = line.to_lowercase();
    let has_year = lower
        .split(|c: char| !c.is_ascii_digit())
        .any(|digits| digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20")));
    has_year
        && oversight_schema::model::MONTH_NAMES
            .iter()
            .any(|month| lower.contains(&month.to_lowercase()))
}

fn is_candidate(line: &str) -> bool {
    let lower = line.to_lowercase();
    if is_chrome(line) {
        return false;
    }
    let is_banner = line
        .split_once(" - ")
        .is_some_and(|(_, tagline)| tagline.chars().next().is_some_and(char::is_lowercase));
    line.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && !is_date_line(line)
        && !is_banner
        && !line.contains(" | ")
        && !lower.starts_with("by ")
        && !lower.contains("http")
        && !lower.contains("www.")
        && !line.contains('@')
        && !(line.split_whitespace().count() == 1 && line.chars().count() > 20)
}

fn names_a_meeting_body(line: &str) -> bool {
    let lower = line.to_lowercase();
    ["panel", "committee", "board", "meeting"]
        .iter()
        .any(|word| lower.contains(word))
        && line.split_whitespace().count() <= 12
}

fn is_shouted(line: &str) -> bool {
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    line.split_whitespace().count() >= 3
        && letters.len() >= 10
        && letters.iter().all(|c| c.is_uppercase())
}

fn is_subtitle(line: &str) -> bool {
    line.split_whitespace().count() <= 14 && !line.ends_with('.')
}

/// `POLICE AND CRIME COMMISSIONER'S UPDATE REPORT` → `Police and Crime Commissioner's Update Report`.
fn title_case(line: &str) -> String {
    line.split_whitespace()
        .enumerate()
        .map(|(index, word)| {
            let lower = word.to_lowercase();
            if index > 0 && SMALL_WORDS.contains(&lower.as_str()) {
                return lower;
            }
            let mut chars = lower.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(lines: &[&str], doc_type: DocType, date: Option<&DocDate>) -> Option<String> {
        let lines: Vec<String> = lines.iter().map(|line| line.to_string()).collect();
        document_title(&lines, doc_type, date).map(|(title, _)| title)
    }

    #[test]
    fn a_shouted_heading_is_the_title_in_title_case() {
        let lines = [
            "Police and Crime Panel",
            "1 December 2017",
            "Report of the Police and Crime Commissioner",
            "POLICE AND CRIME COMMISSIONER'S UPDATE REPORT",
        ];
        assert_eq!(
            title(&lines, DocType::Report, None).as_deref(),
            Some("Police and Crime Commissioner's Update Report")
        );
    }

    #[test]
    fn a_meeting_pack_is_titled_by_its_body_and_date() {
        let date = DocDate {
            year: 2014,
            month: Some(9),
            day: Some(26),
        };
        let lines = ["Warwickshire Police and Crime Panel", "26 September 2014"];
        assert_eq!(
            title(&lines, DocType::Minutes, Some(&date)).as_deref(),
            Some("Warwickshire Police and Crime Panel – 26 September 2014")
        );
    }

    #[test]
    fn a_short_title_takes_its_subtitle_and_banners_are_skipped() {
        let lines = [
            "CoPaCC - monitoring police governance",
            "CoPaCC Thematic",
            "“PCCs and Innovation”",
            "June 2014",
        ];
        assert_eq!(
            title(&lines, DocType::Thematic, None).as_deref(),
            Some("CoPaCC Thematic: “PCCs and Innovation”")
        );
    }

    #[test]
    fn no_cover_gives_no_title() {
        let long_line = "word ".repeat(40);
        assert_eq!(title(&[long_line.as_str()], DocType::Report, None), None);
    }

    #[test]
    fn web_chrome_is_never_a_title() {
        let lines = [
            "Skip to main content",
            "Text size: A A A",
            "We use cookies to make this site work",
            "Date Published",
            "Mayor of London logo London Assembly logo",
            "Issuing of the Police and Crime Plan",
        ];
        assert_eq!(
            title(&lines, DocType::Report, None).as_deref(),
            Some("Issuing of the Police and Crime Plan")
        );
    }

    #[test]
    fn a_meeting_page_heading_is_its_title_as_it_stands() {
        let date = DocDate {
            year: 2020,
            month: Some(9),
            day: Some(15),
        };
        let lines = [
            "Agenda and minutes",
            "Surrey Police and Crime Panel - Tuesday, 15 September 2020 10.30 am",
            "Venue: Remote",
        ];
        assert_eq!(
            title(&lines, DocType::Minutes, Some(&date)).as_deref(),
            Some("Surrey Police and Crime Panel - Tuesday, 15 September 2020 10.30 am")
        );
    }
}
