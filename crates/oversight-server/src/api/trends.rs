//! `GET /api/v1/trends`: how up to five queries compare across years and forces, as JSON or CSV.

use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use oversight_search::{TrendsBy, TrendsResponse};

use super::blocking;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use crate::trends_params::{TrendsFormat, TrendsParams};

/// Trends: for each query (`q`, repeatable) and bucket (`by`: year, force or both), the matching
/// documents, passages and mentions, the bucket's documents under the same filters without the
/// query (`all_documents`) and `per_100_documents`.
#[utoipa::path(
    get,
    path = "/trends",
    tag = "search",
    params(TrendsParams),
    responses(
        (status = 200, description = "One series per query, one bucket per year, force or both", content(
            (TrendsResponse = "application/json"),
            (String = "text/csv; charset=utf-8"),
        )),
        (status = 400, description = "A parameter or a query is malformed, or more than 5 queries were given; the message says what to change", body = ErrorBody),
        (status = 503, description = "No index has been published yet", body = ErrorBody),
    )
)]
pub async fn trends(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let (request, format) =
        TrendsParams::parse(raw.as_deref())?.into_request(state.engine.vocabulary())?;
    let response = blocking(&state.engine, move |engine| engine.trends(&request)).await?;
    match format {
        TrendsFormat::Json => Ok(Json(response).into_response()),
        TrendsFormat::Csv => {
            let body = csv_of(&response).map_err(|error| ApiError::internal(&error))?;
            let file_name = format!(
                "attachment; filename=\"oversight-trends-by-{}.csv\"",
                response.by.name().replace(',', "-")
            );
            Ok((
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                    (header::CONTENT_DISPOSITION, file_name),
                ],
                body,
            )
                .into_response())
        }
    }
}

/// The answer as CSV: a header, then one row per query and bucket, the bucket named by its
/// columns (`year`, `force` or both).
fn csv_of(response: &TrendsResponse) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let keys: &[&str] = match response.by {
        TrendsBy::Year => &["year"],
        TrendsBy::Force => &["force"],
        TrendsBy::YearForce => &["year", "force"],
    };
    let mut header = vec!["query"];
    header.extend_from_slice(keys);
    header.extend_from_slice(&[
        "documents",
        "passages",
        "mentions",
        "all_documents",
        "per_100_documents",
    ]);
    writer.write_record(&header)?;
    for series in &response.series {
        for bucket in &series.buckets {
            let mut row = vec![series.query.clone()];
            match (&bucket.year, &bucket.force) {
                (Some(year), Some(force)) => row.extend([year.clone(), force.clone()]),
                _ => row.push(bucket.value.clone()),
            }
            row.extend([
                bucket.documents.to_string(),
                bucket.passages.to_string(),
                bucket.mentions.to_string(),
                bucket.all_documents.to_string(),
                bucket.per_100_documents.to_string(),
            ]);
            writer.write_record(&row)?;
        }
    }
    writer
        .into_inner()
        .map_err(|error| csv::Error::from(error.into_error()))
}

#[cfg(test)]
mod tests {
    use oversight_search::{TrendBucket, TrendSeries};

    use super::*;

    fn bucket(value: &str, year: Option<&str>, force: Option<&str>) -> TrendBucket {
        TrendBucket {
            value: value.to_string(),
            year: year.map(str::to_string),
            force: force.map(str::to_string),
            documents: 2,
            passages: 9,
            mentions: 31,
            all_documents: 3,
            per_100_documents: 66.7,
        }
    }

    #[test]
    fn rows_name_their_bucket_by_column_and_quote_the_query() {
        let response = TrendsResponse {
            by: TrendsBy::YearForce,
            series: vec![TrendSeries {
                query: "\"restorative justice\", victims".to_string(),
                buckets: vec![bucket("2014/dorset", Some("2014"), Some("dorset"))],
            }],
        };
        let text = String::from_utf8(csv_of(&response).expect("csv")).expect("utf-8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "query,year,force,documents,passages,mentions,all_documents,per_100_documents",
                "\"\"\"restorative justice\"\", victims\",2014,dorset,2,9,31,3,66.7",
            ]
        );
        let by_year = TrendsResponse {
            by: TrendsBy::Year,
            series: vec![TrendSeries {
                query: String::new(),
                buckets: vec![bucket("2014", None, None)],
            }],
        };
        let text = String::from_utf8(csv_of(&by_year).expect("csv")).expect("utf-8");
        assert!(text.starts_with("query,year,documents,"), "{text}");
        assert!(text.contains("\n,2014,2,9,31,3,66.7\n"), "{text}");
    }
}
