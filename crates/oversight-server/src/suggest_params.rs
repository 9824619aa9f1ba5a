//! The query string of `/api/v1/suggest`: the prefix `q` and `limit`, each at most once.

use oversight_search::{ErrorCode, SuggestRequest};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::ApiError;
use crate::params::{decoded_pairs, set_once, unknown_parameter};

/// The parameters of `/api/v1/suggest`, documented as the types they hold (read as text and
/// checked).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SuggestParams {
    /// The prefix to complete, at most 100 characters and no control characters; an empty one
    /// (or one of punctuation alone) has no completions.
    #[param(max_length = 100)]
    pub q: Option<String>,
    /// How many suggestions to list.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 50, default = 10)]
    pub limit: Option<String>,
}

impl SuggestParams {
    /// Reads a raw query string into a checked request.
    pub fn parse(raw: Option<&str>) -> Result<SuggestRequest, ApiError> {
        let mut params = SuggestParams::default();
        for (key, value) in decoded_pairs(raw)? {
            let slot = match key.as_str() {
                "q" => &mut params.q,
                "limit" => &mut params.limit,
                other => return Err(unknown_parameter(other, "the parameters are q, limit")),
            };
            set_once(slot, &key, value)?;
        }
        let limit = match params.limit.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(text.parse::<usize>().map_err(|_| {
                let shown: String = text.chars().take(40).collect();
                ApiError::new(
                    ErrorCode::InvalidParameter,
                    format!("invalid `limit`: `{shown}` is not a number from 1 to 50"),
                )
            })?),
        };
        Ok(SuggestRequest::new(
            params.q.as_deref().unwrap_or(""),
            limit,
        )?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_and_limits_are_read_once_each() {
        assert!(SuggestParams::parse(Some("q=vic&limit=5")).is_ok());
        assert!(SuggestParams::parse(None).is_ok());
        for raw in [
            "q=a&q=b",
            "limit=0",
            "limit=51",
            "limit=five",
            "limit=-1",
            "colour=red",
            "q=%07",
            "q=%FF",
        ] {
            assert!(SuggestParams::parse(Some(raw)).is_err(), "{raw}");
        }
        let long = format!("q={}", "a".repeat(10_000));
        assert!(SuggestParams::parse(Some(&long)).is_err());
    }
}
