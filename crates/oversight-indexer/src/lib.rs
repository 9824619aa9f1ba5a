//! The Oversight indexer: from a folder of documents to a published tantivy index.
//!
//! The pipeline is [`source`] (read and decode a file) → [`extract`] (structure: headings, agenda
//! items, paragraphs) → [`enrich`] (metadata with evidence) → [`split`] (passages) → the build
//! (tantivy documents, incremental commit, atomic publication: [`run`]). [`analyze`] runs the
//! middle steps for a text and [`pipeline::process_file`] all of them for one file, as the build
//! and `oversight inspect` do; the corpus module finds the documents of a folder, with near-copy
//! detection telling which files are copies of one document.
#![warn(missing_docs)]

pub mod analyze;
mod build;
mod corpus;
pub mod date_line;
pub mod enrich;
mod error;
pub mod extract;
pub mod manifest;
mod near_dup;
mod passage_docs;
pub mod pipeline;
pub mod progress;
pub mod source;
pub mod split;

pub use build::{IndexOptions, IndexReport, recorded_corpus, run};
pub use corpus::SkippedFile;
pub use error::{Error, Result};
pub use progress::{Progress, Silent};
