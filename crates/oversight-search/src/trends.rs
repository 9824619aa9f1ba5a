//! Trends: how up to five queries compare across years and forces under one set of filters. For
//! each query and bucket, its matching documents, passages and mentions (`mentions`), the
//! bucket's documents under the same filters without the query, and the share those are of them.
//!
//! Every query is one `collect` (`trend_counts`); the denominators are counted once per index
//! version and filter set. Years run from the first to the last year of the filtered documents,
//! empty ones included; undated documents are their own bucket, last.

use std::collections::BTreeSet;
use std::sync::Arc;

use oversight_schema::vocab::Vocabulary;
use serde::{Serialize, Serializer};

use crate::collect::SearchContext;
use crate::error::{Error, Result};
use crate::request::{SearchRequest, Sort, ValidSearch};
use crate::snapshot::IndexVersion;
use crate::trend_counts::{BucketKey, Counts, Tally, TrendTotals, count};

/// The most queries one trends request compares.
pub const MAX_TREND_QUERIES: usize = 5;

/// The bucket value of undated documents.
pub const UNDATED: &str = "undated";

/// What the buckets are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TrendsBy {
    /// One bucket per year.
    #[default]
    Year,
    /// One bucket per force (`national` for documents of no force).
    Force,
    /// One bucket per year and force: a table.
    YearForce,
}

impl TrendsBy {
    /// Parses `year`, `force` or `year,force`.
    pub fn parse(text: &str) -> Result<TrendsBy> {
        match text.trim() {
            "" | "year" => Ok(TrendsBy::Year),
            "force" => Ok(TrendsBy::Force),
            "year,force" => Ok(TrendsBy::YearForce),
            other => Err(Error::InvalidParameter {
                name: "by",
                message: format!(
                    "`{}` is not a bucket; use year, force or year,force",
                    other.chars().take(40).collect::<String>()
                ),
            }),
        }
    }

    /// How it is written in requests and answers.
    pub fn name(self) -> &'static str {
        match self {
            TrendsBy::Year => "year",
            TrendsBy::Force => "force",
            TrendsBy::YearForce => "year,force",
        }
    }
}

impl Serialize for TrendsBy {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// A checked trends request: the queries to compare, each a valid search with the filters and
/// scope of the request, and the buckets.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TrendsRequest {
    /// The filters and scope, without a query: the denominators' search.
    all: ValidSearch,
    /// Each query as written, with its search.
    queries: Vec<(String, ValidSearch)>,
    by: TrendsBy,
}

impl TrendsRequest {
    /// The request comparing `queries` (at most [`MAX_TREND_QUERIES`]; none means one empty
    /// query, every document) under the filters and scope of `search` (its query, order and
    /// paging play no part).
    pub fn new(
        search: &ValidSearch,
        queries: &[String],
        by: TrendsBy,
        vocabulary: &Vocabulary,
    ) -> Result<TrendsRequest> {
        if queries.len() > MAX_TREND_QUERIES {
            return Err(Error::InvalidParameter {
                name: "q",
                message: format!(
                    "{} queries were given; trends compare at most {MAX_TREND_QUERIES}",
                    queries.len()
                ),
            });
        }
        let with_query = |query: &str| {
            SearchRequest {
                query: query.to_string(),
                filters: search.request().filters.clone(),
                scope: search.request().scope,
                // No order is needed, and scoring costs.
                sort: Sort::DateAscending,
                ..SearchRequest::default()
            }
            .validate(vocabulary)
        };
        let empty = [String::new()];
        let queries = if queries.is_empty() {
            &empty[..]
        } else {
            queries
        };
        Ok(TrendsRequest {
            all: with_query("")?,
            queries: queries
                .iter()
                .map(|query| Ok((query.clone(), with_query(query)?)))
                .collect::<Result<_>>()?,
            by,
        })
    }

    /// What the buckets are.
    pub fn by(&self) -> TrendsBy {
        self.by
    }

    /// The queries, as written.
    pub fn queries(&self) -> impl Iterator<Item = &str> {
        self.queries.iter().map(|(query, _)| query.as_str())
    }
}

/// Trends of up to five queries.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct TrendsResponse {
    /// What the buckets are: `year`, `force` or `year,force`.
    #[schema(value_type = String, example = "year")]
    pub by: TrendsBy,
    /// One series per query, in the order asked.
    pub series: Vec<TrendSeries>,
}

/// One query's buckets.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct TrendSeries {
    /// The query, as written (empty: every document).
    pub query: String,
    /// The buckets: years in order (every year of the range, `undated` last), forces by slug,
    /// or each year with each force.
    pub buckets: Vec<TrendBucket>,
}

/// What a query matches in one bucket.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct TrendBucket {
    /// The year (`2014`, or `undated`), the force slug, or both as `2014/dorset`.
    #[schema(example = "2014")]
    pub value: String,
    /// The year, for `by=year,force`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<String>,
    /// The force slug, for `by=year,force`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub force: Option<String>,
    /// Documents the query matches.
    pub documents: u64,
    /// Their passages the query matches.
    pub passages: u64,
    /// Occurrences of the query's words and phrases (acronym expansions included) in those
    /// passages' text; a phrase is one.
    pub mentions: u64,
    /// Documents in the bucket under the same filters, without the query.
    pub all_documents: u64,
    /// `documents` per 100 of `all_documents`, to one decimal (0 when the bucket is empty).
    pub per_100_documents: f64,
}

/// Answers `request` at `version`, the denominators from `totals`.
pub(crate) fn trends(
    context: &SearchContext<'_>,
    totals: &TrendTotals,
    version: &IndexVersion,
    request: &TrendsRequest,
) -> Result<TrendsResponse> {
    let all = totals.of(version, &request.all.request().filters, || {
        count(context, &request.all, false)
    })?;
    let buckets = Buckets::of(&all, request.by);
    let series = request
        .queries
        .iter()
        .map(|(query, search)| {
            let counts = if query.trim().is_empty() {
                Arc::clone(&all)
            } else {
                Arc::new(count(context, search, true)?)
            };
            Ok(TrendSeries {
                query: query.clone(),
                buckets: buckets.fill(&counts, &all),
            })
        })
        .collect::<Result<_>>()?;
    Ok(TrendsResponse {
        by: request.by,
        series,
    })
}

/// The buckets of an answer: which years and forces, and which of them they split by.
struct Buckets {
    by: TrendsBy,
    years: Vec<Option<u16>>,
    forces: Vec<Arc<str>>,
}

impl Buckets {
    /// The buckets of the documents counted in `all`.
    fn of(all: &Counts, by: TrendsBy) -> Buckets {
        let dated: BTreeSet<u16> = all.keys().filter_map(|(year, _)| *year).collect();
        let mut years: Vec<Option<u16>> = match (dated.first(), dated.last()) {
            (Some(&first), Some(&last)) => (first..=last).map(Some).collect(),
            _ => Vec::new(),
        };
        if all.keys().any(|(year, _)| year.is_none()) {
            years.push(None);
        }
        let forces: BTreeSet<Arc<str>> = all.keys().map(|(_, force)| Arc::clone(force)).collect();
        Buckets {
            by,
            years,
            forces: forces.into_iter().collect(),
        }
    }

    /// The buckets with what `counts` holds, `all` the denominators.
    fn fill(&self, counts: &Counts, all: &Counts) -> Vec<TrendBucket> {
        let sum = |counts: &Counts, wanted: &dyn Fn(&BucketKey) -> bool| {
            counts.iter().filter(|(key, _)| wanted(key)).fold(
                Tally::default(),
                |sum, (_, tally)| Tally {
                    documents: sum.documents + tally.documents,
                    passages: sum.passages + tally.passages,
                    mentions: sum.mentions + tally.mentions,
                },
            )
        };
        let bucket = |value: String, wanted: &dyn Fn(&BucketKey) -> bool| {
            let matched = sum(counts, wanted);
            let all_documents = sum(all, wanted).documents;
            TrendBucket {
                value,
                year: None,
                force: None,
                documents: matched.documents,
                passages: matched.passages,
                mentions: matched.mentions,
                all_documents,
                per_100_documents: per_100(matched.documents, all_documents),
            }
        };
        match self.by {
            TrendsBy::Year => self
                .years
                .iter()
                .map(|&year| bucket(year_name(year), &|key| key.0 == year))
                .collect(),
            TrendsBy::Force => self
                .forces
                .iter()
                .map(|force| bucket(force.to_string(), &|key| key.1 == *force))
                .collect(),
            TrendsBy::YearForce => self
                .years
                .iter()
                .flat_map(|&year| self.forces.iter().map(move |force| (year, force)))
                .map(|(year, force)| TrendBucket {
                    year: Some(year_name(year)),
                    force: Some(force.to_string()),
                    ..bucket(format!("{}/{force}", year_name(year)), &|key| {
                        key.0 == year && key.1 == *force
                    })
                })
                .collect(),
        }
    }
}

fn year_name(year: Option<u16>) -> String {
    year.map_or_else(|| UNDATED.to_string(), |year| year.to_string())
}

/// `part` per 100 of `whole`, to one decimal.
fn per_100(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        return 0.0;
    }
    (part as f64 * 1000.0 / whole as f64).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(documents: u64, passages: u64, mentions: u64) -> Tally {
        Tally {
            documents,
            passages,
            mentions,
        }
    }

    fn key(year: Option<u16>, force: &str) -> BucketKey {
        (year, Arc::from(force))
    }

    fn all() -> Counts {
        [
            (key(Some(2012), "dorset"), tally(3, 30, 0)),
            (key(Some(2015), "dorset"), tally(2, 10, 0)),
            (key(Some(2015), "kent"), tally(1, 4, 0)),
            (key(None, "national"), tally(1, 2, 0)),
        ]
        .into_iter()
        .collect()
    }

    fn matched() -> Counts {
        [
            (key(Some(2012), "dorset"), tally(2, 5, 9)),
            (key(Some(2015), "kent"), tally(1, 1, 1)),
        ]
        .into_iter()
        .collect()
    }

    #[test]
    fn every_year_of_the_range_is_a_bucket_and_undated_comes_last() {
        let buckets = Buckets::of(&all(), TrendsBy::Year).fill(&matched(), &all());
        let values: Vec<&str> = buckets.iter().map(|bucket| bucket.value.as_str()).collect();
        assert_eq!(values, ["2012", "2013", "2014", "2015", UNDATED]);
        assert_eq!(
            (
                buckets[0].documents,
                buckets[0].passages,
                buckets[0].mentions
            ),
            (2, 5, 9)
        );
        assert_eq!(buckets[0].all_documents, 3);
        assert_eq!(buckets[0].per_100_documents, 66.7);
        assert_eq!((buckets[1].documents, buckets[1].all_documents), (0, 0));
        assert_eq!(buckets[1].per_100_documents, 0.0);
        assert_eq!((buckets[3].documents, buckets[3].all_documents), (1, 3));
        assert!(buckets.iter().all(|bucket| bucket.year.is_none()));
    }

    #[test]
    fn forces_are_buckets_by_slug_and_the_table_crosses_both() {
        let by_force = Buckets::of(&all(), TrendsBy::Force).fill(&matched(), &all());
        let values: Vec<&str> = by_force
            .iter()
            .map(|bucket| bucket.value.as_str())
            .collect();
        assert_eq!(values, ["dorset", "kent", "national"]);
        assert_eq!((by_force[0].documents, by_force[0].all_documents), (2, 5));
        let table = Buckets::of(&all(), TrendsBy::YearForce).fill(&matched(), &all());
        assert_eq!(table.len(), 5 * 3);
        assert_eq!(table[0].value, "2012/dorset");
        assert_eq!(table[0].year.as_deref(), Some("2012"));
        assert_eq!(table[0].force.as_deref(), Some("dorset"));
        let documents: u64 = table.iter().map(|bucket| bucket.documents).sum();
        assert_eq!(documents, 3);
    }

    #[test]
    fn bucket_names_parse_and_too_many_queries_are_refused() {
        assert_eq!(
            TrendsBy::parse("year,force").ok(),
            Some(TrendsBy::YearForce)
        );
        assert_eq!(TrendsBy::parse("").ok(), Some(TrendsBy::Year));
        assert!(TrendsBy::parse("month").is_err());
        let vocabulary = Vocabulary::bundled().expect("vocabulary");
        let search = SearchRequest::new("").validate(&vocabulary).expect("valid");
        let six: Vec<String> = (0..6).map(|n| format!("word{n}")).collect();
        assert!(TrendsRequest::new(&search, &six, TrendsBy::Year, &vocabulary).is_err());
        let none = TrendsRequest::new(&search, &[], TrendsBy::Year, &vocabulary).expect("valid");
        assert_eq!(none.queries().collect::<Vec<_>>(), [""]);
        let long = ["x".repeat(2000)];
        assert!(TrendsRequest::new(&search, &long, TrendsBy::Year, &vocabulary).is_err());
    }
}
