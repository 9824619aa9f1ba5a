//! How dates are written (English and Welsh month names, weekdays, ordinals) and whether a whole
//! line is a date: shared by extraction, which keeps date lines out of headings, and enrichment,
//! which reads the document's date.

use std::sync::LazyLock;

use regex::Regex;

/// English month names and their abbreviations.
pub const MONTH: &str = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
/// An optional English weekday before a date.
pub const WEEKDAY: &str = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?";
/// Welsh month names, with the mutated forms they take after a preposition (`ym Mawrth`,
/// `o Fedi`).
pub const WELSH_MONTH: &str = r"(ionawr|chwefror|mawrth|fawrth|ebrill|mai|fai|mehefin|fehefin|gorffennaf|orffennaf|awst|medi|fedi|hydref|tachwedd|dachwedd|rhagfyr)";
/// An optional Welsh weekday before a date: `Dydd Gwener,`.
pub const WELSH_WEEKDAY: &str = r"(?:dydd\s+(?:llun|mawrth|mercher|iau|gwener|sadwrn|sul),?\s+)?";
/// The endings of Welsh ordinal numbers: `1af`, `2il`, `3ydd`, `5ed`, `7fed`, `11eg`, `21ain`.
pub const WELSH_ORDINAL: &str = r"(?:af|il|ydd|ed|fed|eg|ain)";

static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(?:date:?\s*)?{WEEKDAY}(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?)?{MONTH}\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?,?\s+(?:19|20)\d\d\.?$|^\d{{1,2}}[/.]\d{{1,2}}[/.](?:19|20)\d\d$|^(?:dyddiad:?\s*)?{WELSH_WEEKDAY}(?:\d{{1,2}}{WELSH_ORDINAL}?\s+)?{WELSH_MONTH},?\s+(?:19|20)\d\d\.?$"
    ))
    .expect("valid regex")
});

/// Whether a whole line is a date and nothing else (a cover date).
pub fn is_date_line(line: &str) -> bool {
    DATE_LINE.is_match(line.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_lines_are_recognised() {
        assert!(is_date_line("26 September 2014"));
        assert!(is_date_line("Monday 15th September 2014"));
        assert!(is_date_line("June 2014"));
        assert!(!is_date_line("The meeting on 26 September 2014"));
    }

    #[test]
    fn welsh_date_lines_are_recognised() {
        assert!(is_date_line("17eg Ebrill 2023"));
        assert!(is_date_line("Dydd Gwener, 7fed Chwefror, 2020"));
        assert!(is_date_line("Mehefin 2019"));
        assert!(!is_date_line("Cyfarfod ar 17eg Ebrill 2023"));
    }
}
