//! Years and dates as people type them (`2014`, `2014-09`, `2014-09-26`) in a filter, a query or
//! the manifest: one parser and one range of years for every such input.
//!
//! Dates found in document text are read by the indexer's enrichment, which knows many more forms;
//! this module reads only the ISO forms a person gives on purpose.

use std::ops::RangeInclusive;

use crate::model::DocDate;

/// The first year accepted.
pub const FIRST_YEAR: u16 = 1900;
/// The last year accepted.
pub const LAST_YEAR: u16 = 2100;
/// The years accepted: documents of police governance are neither older nor dated further ahead.
pub const YEARS: RangeInclusive<u16> = FIRST_YEAR..=LAST_YEAR;

/// Why a year or a date typed by a person is refused. The value shown is cut to 40 characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputDateError {
    /// Not a whole number of years inside [`YEARS`].
    #[error("`{0}` is not a year between {FIRST_YEAR} and {LAST_YEAR}")]
    Year(String),
    /// Not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or a day that does not exist.
    #[error("`{0}` is not a date; use YYYY-MM-DD, YYYY-MM or YYYY")]
    Date(String),
}

/// Checks that `year` is one of [`YEARS`].
pub fn check_year(year: u16) -> Result<u16, InputDateError> {
    if YEARS.contains(&year) {
        Ok(year)
    } else {
        Err(InputDateError::Year(year.to_string()))
    }
}

/// Reads a year: ASCII digits only, inside [`YEARS`].
pub fn parse_year(text: &str) -> Result<u16, InputDateError> {
    digits(text)
        .and_then(|year| u16::try_from(year).ok())
        .filter(|year| YEARS.contains(year))
        .ok_or_else(|| InputDateError::Year(shown(text)))
}

/// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (the year inside [`YEARS`], a day that exists) into a
/// date at that precision.
pub fn parse_date(text: &str) -> Result<DocDate, InputDateError> {
    let refused = || InputDateError::Date(shown(text));
    let mut parts = text.split('-');
    let year = parts
        .next()
        .and_then(digits)
        .and_then(|year| u16::try_from(year).ok())
        .filter(|year| YEARS.contains(year))
        .ok_or_else(refused)?;
    let mut part = |range: RangeInclusive<u64>| -> Result<Option<u8>, InputDateError> {
        match parts.next() {
            None => Ok(None),
            Some(part) => digits(part)
                .filter(|value| range.contains(value))
                .and_then(|value| u8::try_from(value).ok())
                .map(Some)
                .ok_or_else(refused),
        }
    };
    let month = part(1..=12)?;
    let day = part(1..=31)?;
    if parts.next().is_some() {
        return Err(refused());
    }
    if let (Some(month), Some(day)) = (month, day)
        && i64::from(day) > DocDate::days_in_month(i64::from(year), i64::from(month))
    {
        return Err(refused());
    }
    Ok(DocDate { year, month, day })
}

/// A non-empty run of ASCII digits as a number (`None` for signs, spaces or overflow).
fn digits(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn shown(text: &str) -> String {
    text.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_are_digits_inside_the_range() {
        assert_eq!(parse_year("2014"), Ok(2014));
        assert_eq!(parse_year("1900"), Ok(1900));
        assert_eq!(parse_year("2100"), Ok(2100));
        for refused in [
            "1899",
            "2101",
            "14",
            "+2014",
            " 2014",
            "20x4",
            "",
            "99999999999999999999",
        ] {
            assert_eq!(
                parse_year(refused),
                Err(InputDateError::Year(refused.to_string())),
                "{refused:?}"
            );
        }
        assert_eq!(check_year(2014), Ok(2014));
        assert_eq!(
            check_year(1800).map_err(|error| error.to_string()),
            Err("`1800` is not a year between 1900 and 2100".to_string())
        );
    }

    #[test]
    fn dates_are_read_at_their_precision() {
        let date = |year, month, day| DocDate { year, month, day };
        assert_eq!(parse_date("2014"), Ok(date(2014, None, None)));
        assert_eq!(parse_date("2014-09"), Ok(date(2014, Some(9), None)));
        assert_eq!(parse_date("2014-09-26"), Ok(date(2014, Some(9), Some(26))));
        assert_eq!(parse_date("2016-02-29"), Ok(date(2016, Some(2), Some(29))));
    }

    #[test]
    fn impossible_or_malformed_dates_are_refused() {
        for refused in [
            "2014-02-30",
            "2014-13",
            "2014-00",
            "2014-09-00",
            "2014-09-26-01",
            "2014-",
            "-2014",
            "1899-01-01",
            "9999999-01-01",
            "2014-+9",
            "yesterday",
            "",
        ] {
            assert_eq!(
                parse_date(refused),
                Err(InputDateError::Date(refused.to_string())),
                "{refused:?}"
            );
        }
        assert_eq!(
            parse_date(&"9".repeat(100)).map_err(|error| error.to_string()),
            Err(format!(
                "`{}` is not a date; use YYYY-MM-DD, YYYY-MM or YYYY",
                "9".repeat(40)
            ))
        );
    }
}
