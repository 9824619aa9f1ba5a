//! The service's fixed settings: the API's path prefix, the limits every request is held to and how
//! often a newly published index is looked for.

use std::time::Duration;

/// The API's path prefix, which the links in answers also use.
pub use oversight_search::links::API_PREFIX;
/// How long a request may take before it is answered with 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// How many requests are served at once; more wait.
pub const MAX_CONCURRENT_REQUESTS: usize = 256;
/// The largest request body accepted (the API takes none).
pub const MAX_BODY_BYTES: usize = 16 * 1024;
/// How often the service looks for a newly published generation.
pub const RELOAD_INTERVAL: Duration = Duration::from_secs(1);
