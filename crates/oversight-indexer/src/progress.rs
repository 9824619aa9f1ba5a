//! How an indexing run reports progress, so that the binary can draw a bar and tests stay quiet.

/// Receives progress events from an indexing run. Implementations must be cheap and thread-safe:
/// events arrive from the worker threads.
pub trait Progress: Sync {
    /// A phase begins, with `total` steps.
    fn phase(&self, name: &str, total: u64);
    /// One step of the current phase is done.
    fn step(&self);
    /// The run has ended.
    fn finish(&self) {}
}

/// Progress that goes nowhere.
pub struct Silent;

impl Progress for Silent {
    fn phase(&self, _name: &str, _total: u64) {}
    fn step(&self) {}
}
