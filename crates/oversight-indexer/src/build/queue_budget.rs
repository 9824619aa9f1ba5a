//! Back-pressure between document analysis and tantivy's indexing threads.
//!
//! tantivy's writer queues up to 10,000 added batches without blocking, so analysis that runs ahead
//! of indexing would hold thousands of documents' passages in memory at once (2.3 GiB on a 1 GiB
//! corpus). Each queued passage here carries a share of a [`Reservation`] of the document's bytes;
//! adding a document waits while the bytes queued and not yet indexed exceed the budget, and
//! tantivy frees the share when it drops the passage after indexing it.

use std::sync::{Arc, Condvar, Mutex};

use tantivy::TantivyDocument;
use tantivy::schema::document::Document;

/// A budget of bytes that may be queued for indexing at once.
#[derive(Debug)]
pub struct QueueBudget {
    queued_bytes: Mutex<usize>,
    freed: Condvar,
    limit_bytes: usize,
}

impl QueueBudget {
    /// A budget of `limit_bytes` (a single document larger than that is still admitted alone).
    pub fn new(limit_bytes: usize) -> Arc<QueueBudget> {
        Arc::new(QueueBudget {
            queued_bytes: Mutex::new(0),
            freed: Condvar::new(),
            limit_bytes,
        })
    }

    /// Reserves `bytes`, waiting until they fit in the budget or nothing else is queued.
    pub fn reserve(self: &Arc<Self>, bytes: usize) -> Arc<Reservation> {
        let mut queued = self
            .queued_bytes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        while *queued > 0 && *queued + bytes > self.limit_bytes {
            queued = self
                .freed
                .wait(queued)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
        *queued += bytes;
        Arc::new(Reservation {
            budget: Arc::clone(self),
            bytes,
        })
    }

    /// The bytes reserved and not yet released.
    #[cfg(test)]
    fn queued_bytes(&self) -> usize {
        *self
            .queued_bytes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Bytes held in a [`QueueBudget`] until the last passage sharing it is dropped.
#[derive(Debug)]
pub struct Reservation {
    budget: Arc<QueueBudget>,
    bytes: usize,
}

impl Drop for Reservation {
    fn drop(&mut self) {
        let mut queued = self
            .budget
            .queued_bytes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *queued -= self.bytes;
        self.budget.freed.notify_all();
    }
}

/// A passage on its way to tantivy, holding its document's reservation.
pub struct QueuedPassage {
    passage: TantivyDocument,
    _reservation: Arc<Reservation>,
}

impl QueuedPassage {
    /// Wraps a passage so that it holds `reservation` until tantivy has indexed it.
    pub fn new(passage: TantivyDocument, reservation: Arc<Reservation>) -> QueuedPassage {
        QueuedPassage {
            passage,
            _reservation: reservation,
        }
    }
}

impl Document for QueuedPassage {
    type Value<'a> = <TantivyDocument as Document>::Value<'a>;
    type FieldsValuesIter<'a> = <TantivyDocument as Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.passage.iter_fields_and_values()
    }
}

#[cfg(test)]
mod tests {
    use std::thread;
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_reservation_is_released_when_its_last_passage_is_dropped() {
        let budget = QueueBudget::new(100);
        let reservation = budget.reserve(60);
        let passages: Vec<QueuedPassage> = (0..3)
            .map(|_| QueuedPassage::new(TantivyDocument::default(), Arc::clone(&reservation)))
            .collect();
        drop(reservation);
        assert_eq!(budget.queued_bytes(), 60);
        let mut passages = passages.into_iter();
        passages.next();
        assert_eq!(budget.queued_bytes(), 60);
        drop(passages);
        assert_eq!(budget.queued_bytes(), 0);
    }

    #[test]
    fn reserving_waits_until_earlier_bytes_are_released() {
        let budget = QueueBudget::new(100);
        let first = budget.reserve(80);
        let waiter = {
            let budget = Arc::clone(&budget);
            thread::spawn(move || {
                let second = budget.reserve(50);
                budget.queued_bytes() - second.bytes
            })
        };
        thread::sleep(Duration::from_millis(50));
        assert!(!waiter.is_finished(), "the second reservation did not wait");
        drop(first);
        let queued_besides_second = waiter.join().ok();
        assert_eq!(queued_besides_second, Some(0));
    }

    #[test]
    fn a_document_larger_than_the_budget_is_admitted_alone() {
        let budget = QueueBudget::new(10);
        let large = budget.reserve(1_000);
        assert_eq!(budget.queued_bytes(), 1_000);
        drop(large);
        assert_eq!(budget.queued_bytes(), 0);
    }
}
