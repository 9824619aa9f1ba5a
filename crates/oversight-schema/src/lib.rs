//! The shared model of Oversight.
//!
//! Everything the indexer and the query service must agree on lives here: the names and options of
//! the passage fields in the tantivy index ([`fields`]), the text analyzers ([`analyzer`]), the
//! document and passage types exchanged between crates ([`model`]) and the controlled vocabularies
//! of `schema/*.toml` ([`vocab`]), and the one reading of the years and dates people type
//! ([`year`]). The crate does no I/O beyond reading vocabulary files.
#![warn(missing_docs)]

pub mod analyzer;
pub mod common_grams;
mod error;
pub mod fields;
mod first_letter_gate;
mod force_names;
pub mod layout;
pub mod model;
mod stem_cache;
mod stemming;
pub mod vocab;
pub mod year;

pub use error::{Error, Result};
pub use fields::{Fields, INDEX_FORMAT_VERSION};
