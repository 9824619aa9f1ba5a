//! End-to-end tests of the HTTP query service and its web page over an index built from a copy of
//! `corpus/` in a temporary folder: the router asked directly where no socket is needed, a real
//! server on an ephemeral loopback port where one is, the binary itself for `oversight serve`,
//! and a real browser (Debian's chromium, driven over WebDriver) for the page.

mod api_shape;
mod binary;
mod browser;
mod cache;
mod citations;
mod concordance;
mod documents;
mod errors;
mod export;
mod marks;
mod matching;
mod originals;
mod permalinks;
mod reload;
mod search;
mod suggest;
mod system;
mod trends;
mod vocabulary;

use oversight_test_support as support;
