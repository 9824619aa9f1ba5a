//! The Oversight indexer: from a folder of documents to a published tantivy index.
//!
//! The pipeline is [`source`] (read and decode a file) → [`extract`] (structure: headings, agenda
//! items, paragraphs) → [`enrich`] (metadata with evidence) → [`split`] (passages) →
//! [`build`] (tantivy documents, incremental commit, atomic publication). [`analyze`] runs the
//! middle steps for one document; [`corpus`] finds the documents of a folder, with [`near_dup`]
//! telling which files are copies of one document.
#![warn(missing_docs)]

pub mod analyze;
pub mod build;
pub mod corpus;
pub mod date_line;
pub mod enrich;
mod error;
pub mod extract;
pub mod manifest;
mod merge_policy;
pub mod near_dup;
mod passage_docs;
pub mod progress;
mod queue_budget;
pub mod source;
pub mod split;
mod stored_contents;

pub use build::{IndexOptions, IndexReport, run};
pub use error::{Error, Result};
pub use progress::{Progress, Silent};
