//! End-to-end tests of the HTTP query service: a real server on an ephemeral loopback port over
//! an index built from `corpus/` in a temporary folder.

mod binary;
mod documents;
mod errors;
mod reload;
mod search;
mod support;
mod system;
