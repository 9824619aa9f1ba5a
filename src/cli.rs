//! The command line: every command, argument and its documentation for `--help`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Full-text search over UK police governance documents: Police and Crime Commissioner reports,
/// Police and Crime Panel agendas and minutes, and thematic reviews.
#[derive(Debug, Parser)]
#[command(name = "oversight", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index the documents of a corpus folder (only what changed since the last run).
    Index(IndexArgs),
    /// Search the index from the command line.
    Search(SearchArgs),
    /// Export every match of a search (each passage, or each document) as CSV or NDJSON,
    /// streamed to standard output or a file.
    Export(ExportArgs),
    /// Compare up to five queries across years or forces: matching documents, passages and
    /// mentions against all documents under the same filters.
    Trends(TrendsArgs),
    /// Every mention of a query in the matching documents, one line each with the words around
    /// it (key word in context).
    Concordance(ConcordanceArgs),
    /// Show what extraction makes of one file (metadata with evidence, passages), without indexing.
    Inspect(InspectArgs),
    /// Serve the search API: brings the index up to date with the corpus first, then answers
    /// HTTP on a loopback address until Ctrl-C or SIGTERM.
    Serve(ServeArgs),
}

/// The corpus folder when none is given.
pub const DEFAULT_CORPUS: &str = "corpus";

/// Where the index lives.
#[derive(Debug, Clone, Args)]
pub struct IndexLocation {
    /// The index folder.
    #[arg(long, default_value = "data/index", value_name = "DIR")]
    pub index: PathBuf,
}

/// Arguments of `oversight index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// The folder of documents to index (default: `corpus`, refused for an index built from
    /// another corpus unless given).
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    #[command(flatten)]
    pub location: IndexLocation,
    /// Build a new index from scratch instead of updating the published one.
    #[arg(long)]
    pub rebuild: bool,
    /// Indexing threads (default: one per core).
    #[arg(long, value_name = "N", default_value_t = 0, hide_default_value = true)]
    pub threads: usize,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

/// The filters and scope of a search, taken alike by every command that runs one.
#[derive(Debug, Clone, Args)]
pub struct FilterFlags {
    /// Only documents of this force: its slug (warwickshire), name (Warwickshire Police), area
    /// (Warwickshire) or another of its names, in any case; national for documents of no force;
    /// repeat for several.
    #[arg(long = "force", value_name = "FORCE")]
    pub forces: Vec<String>,
    /// Only documents of this type (minutes, report, thematic); repeat for several.
    #[arg(long = "type", value_name = "TYPE")]
    pub doc_types: Vec<String>,
    /// Only documents of this subtype, written under its type (minutes/agenda, minutes/minutes,
    /// report/decision, report/plan, report/annual-report, report/update, thematic/inspection,
    /// thematic/parliamentary, thematic/research, thematic/guidance); repeat for several.
    #[arg(long = "subtype", value_name = "SUBTYPE")]
    pub subtypes: Vec<String>,
    /// Only documents with this theme (slug, e.g. victims); repeat for several.
    #[arg(long = "theme", value_name = "THEME")]
    pub themes: Vec<String>,
    /// Only documents dated in or after this year.
    #[arg(long, value_name = "YEAR")]
    pub year_from: Option<u16>,
    /// Only documents dated in or before this year.
    #[arg(long, value_name = "YEAR")]
    pub year_to: Option<u16>,
    /// Where the query's words must meet: document (anywhere in one document, those where they
    /// meet in one passage first) or passage (in one passage).
    #[arg(long, default_value = "document", value_name = "SCOPE")]
    pub scope: String,
}

/// Arguments of `oversight search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query. All words must occur in a document (see --scope); "exact phrase", "phrase"~3 (proximity), OR, -exclude,
    /// field:value (title, heading, item, exact, force, type, subtype, theme, year), prefix*, year:[2014 TO 2017].
    #[arg(value_name = "QUERY", default_value = "")]
    pub query: String,
    #[command(flatten)]
    pub location: IndexLocation,
    #[command(flatten)]
    pub filters: FilterFlags,
    /// Order of the results: relevance, date (oldest first) or -date (newest first).
    #[arg(
        long,
        default_value = "relevance",
        value_name = "ORDER",
        allow_hyphen_values = true
    )]
    pub sort: String,
    /// How many documents to show.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub limit: usize,
    /// Which page of results to show, from 1.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub page: usize,
    /// How many passages to show for each document.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub passages: usize,
    /// Print the response as JSON, the structure the HTTP API returns.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `oversight export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The query, as for `oversight search`; empty exports everything.
    #[arg(value_name = "QUERY", default_value = "")]
    pub query: String,
    #[command(flatten)]
    pub location: IndexLocation,
    /// csv (RFC 4180 with a header row) or ndjson (one JSON object a line).
    #[arg(long, default_value = "csv", value_name = "FORMAT")]
    pub format: String,
    /// passage (a row per matching passage) or document (a row per matching document).
    #[arg(long, default_value = "passage", value_name = "LEVEL")]
    pub level: String,
    /// Start a CSV file with a UTF-8 byte-order mark, for spreadsheets.
    #[arg(long)]
    pub bom: bool,
    /// Write to this file instead of standard output (it appears only once complete).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub filters: FilterFlags,
}

/// Arguments of `oversight trends`.
#[derive(Debug, Args)]
pub struct TrendsArgs {
    /// The queries to compare (at most 5), each in the language of `oversight search`; none
    /// counts every document.
    #[arg(value_name = "QUERY")]
    pub queries: Vec<String>,
    /// The buckets: year, force, or year,force (a table).
    #[arg(long, default_value = "year", value_name = "BUCKETS")]
    pub by: String,
    #[command(flatten)]
    pub location: IndexLocation,
    #[command(flatten)]
    pub filters: FilterFlags,
    /// Print the answer as JSON, the structure the HTTP API returns.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `oversight concordance`.
#[derive(Debug, Args)]
pub struct ConcordanceArgs {
    /// The query whose mentions to list, as `oversight search` takes it.
    #[arg(value_name = "QUERY")]
    pub query: String,
    #[command(flatten)]
    pub location: IndexLocation,
    /// Words of context on each side, 0 to 50.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub context: usize,
    /// Order: date (oldest first), document (by title), left or right (by the words nearest
    /// the match on that side).
    #[arg(long, default_value = "date", value_name = "ORDER")]
    pub sort: String,
    #[command(flatten)]
    pub filters: FilterFlags,
    /// Print every mention as CSV (a header row, then one record per mention).
    #[arg(long)]
    pub csv: bool,
}

/// Arguments of `oversight inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The file to read.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `oversight serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub location: IndexLocation,
    /// The corpus to keep the index up to date with (default: the corpus the index was built
    /// from, else `corpus`; an index is served as it is when that folder does not exist).
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    /// The address to listen on: an IP address or a host name with a port (`localhost:3000`);
    /// loopback unless you choose otherwise.
    #[arg(long, default_value = "127.0.0.1:3000", value_name = "HOST:PORT")]
    pub addr: String,
    /// How many search answers to keep for repeated requests (0: no cache).
    #[arg(long, value_name = "N", default_value_t = oversight_server::cache::DEFAULT_CACHE_ENTRIES)]
    pub cache_entries: usize,
}
