//! Waiting for a condition with a deadline, in place of a sleep that guesses how long something
//! takes: the condition is checked every few milliseconds and the test fails, naming what it
//! waited for, once the deadline has passed.

use std::time::{Duration, Instant};

/// How long to pause between two checks.
const INTERVAL: Duration = Duration::from_millis(20);

/// Checks `condition` until it gives a value or `limit` has passed; `None` then.
pub fn poll_until<T>(limit: Duration, mut condition: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(value) = condition() {
            return Some(value);
        }
        if Instant::now() >= deadline {
            return None;
        }
        std::thread::sleep(INTERVAL);
    }
}

/// Checks `condition` until it holds; fails the test, naming `what`, after `limit`.
pub fn wait_until(limit: Duration, what: &str, mut condition: impl FnMut() -> bool) {
    let held = poll_until(limit, || condition().then_some(()));
    assert!(held.is_some(), "gave up after {limit:?} waiting for {what}");
}
