//! End-to-end tests of the HTTP query service and its web page: a real server on an ephemeral
//! loopback port over an index built from `corpus/` in a temporary folder, and a real browser
//! (Debian's chromium, driven over WebDriver) for the page.

mod binary;
mod browser;
mod cache;
mod documents;
mod errors;
mod originals;
mod reload;
mod search;
mod support;
mod system;
