//! End-to-end tests of the `oversight` command line: every test works in its own temporary folder
//! on a copy of the bundled corpus and runs the real binary, one module per concern.

mod bad_input;
mod concordance;
mod corpus_of_record;
mod crash_safety;
mod did_you_mean;
mod export;
mod index;
mod inspect;
mod mixed_formats;
mod search;
mod search_output;
mod serve;
mod trends;

use oversight_test_support as support;
