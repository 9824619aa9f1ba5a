//! Streamed response bodies from blocking engine work: a producer on tokio's blocking pool writes
//! rows into a [`ChunkWriter`], whose chunks travel through a bounded channel into the body, so
//! the first rows leave while later ones are still being read and memory holds only a few chunks.
//!
//! When the client goes away the body is dropped, the channel closes, the writer's next send
//! fails and every later write answers [`io::ErrorKind::BrokenPipe`]: the producer stops at its
//! next row instead of reading the rest of the index for nobody.

use std::fmt::Display;
use std::io::{self, Write};

use axum::body::Body;
use bytes::Bytes;
use tokio::sync::mpsc;

/// The size at which buffered bytes are sent as one chunk: large enough that the channel is not
/// crossed for every row, small enough that the first rows leave soon.
pub const CHUNK_BYTES: usize = 64 * 1024;

/// How many chunks may wait in the channel for a slow client before the producer blocks.
pub const CHANNEL_CHUNKS: usize = 4;

/// Where a producer writes: an [`io::Write`] (so `csv::Writer` and `serde_json::to_writer` write
/// into it directly) that sends its bytes to the response body in chunks of about
/// [`CHUNK_BYTES`].
pub struct ChunkWriter {
    sender: mpsc::Sender<io::Result<Bytes>>,
    buffer: Vec<u8>,
    gone: bool,
}

impl ChunkWriter {
    fn new(sender: mpsc::Sender<io::Result<Bytes>>) -> ChunkWriter {
        ChunkWriter {
            sender,
            buffer: Vec::with_capacity(CHUNK_BYTES),
            gone: false,
        }
    }

    /// Whether the client has gone (a send failed); every write then fails.
    pub fn is_gone(&self) -> bool {
        self.gone
    }

    /// Sends the buffered bytes as one chunk, waiting while the channel is full.
    fn send_buffer(&mut self) -> io::Result<()> {
        if self.gone {
            return Err(gone());
        }
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(
            &mut self.buffer,
            Vec::with_capacity(CHUNK_BYTES),
        ));
        if self.sender.blocking_send(Ok(chunk)).is_err() {
            self.gone = true;
            return Err(gone());
        }
        Ok(())
    }

    /// Ends the body with an error, so the client sees a cut transfer rather than a complete one.
    fn fail(self, detail: &dyn Display) {
        tracing::error!(%detail, "streamed response failed after its headers were sent");
        let _ = self
            .sender
            .blocking_send(Err(io::Error::other("the response could not be completed")));
    }
}

impl Write for ChunkWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.gone {
            return Err(gone());
        }
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= CHUNK_BYTES {
            self.send_buffer()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send_buffer()
    }
}

fn gone() -> io::Error {
    io::Error::new(io::ErrorKind::BrokenPipe, "the client has gone")
}

/// A body streaming what `produce` writes, run on the blocking pool. What is buffered when it
/// returns is sent; an error it returns (other than the client having gone) ends the body with
/// an error, since the status has already been sent.
pub fn blocking_body<F, E>(produce: F) -> Body
where
    F: FnOnce(&mut ChunkWriter) -> Result<(), E> + Send + 'static,
    E: Display + Send + 'static,
{
    let (sender, receiver) = mpsc::channel(CHANNEL_CHUNKS);
    tokio::task::spawn_blocking(move || {
        let mut writer = ChunkWriter::new(sender);
        match produce(&mut writer) {
            Ok(()) => {
                let _ = writer.send_buffer();
            }
            Err(_) if writer.is_gone() => {}
            Err(error) => writer.fail(&error),
        }
    });
    Body::from_stream(futures_util::stream::unfold(
        receiver,
        |mut receiver| async move { receiver.recv().await.map(|chunk| (chunk, receiver)) },
    ))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    fn row(number: usize) -> String {
        format!("row {number:06} {}\n", "x".repeat(100))
    }

    #[tokio::test]
    async fn chunks_arrive_in_order_and_whole() {
        let rows = 5_000;
        let body = blocking_body(move |writer| -> io::Result<()> {
            for number in 0..rows {
                writer.write_all(row(number).as_bytes())?;
            }
            Ok(())
        });
        let mut body = body.into_data_stream();
        let mut received = Vec::new();
        let mut chunks = 0;
        while let Some(chunk) = futures_util::StreamExt::next(&mut body).await {
            let chunk = chunk.expect("no error");
            assert!(chunk.len() <= CHUNK_BYTES + row(0).len(), "{}", chunk.len());
            received.extend_from_slice(&chunk);
            chunks += 1;
        }
        let expected: String = (0..rows).map(row).collect();
        assert_eq!(String::from_utf8(received).expect("UTF-8"), expected);
        assert!(chunks > 1, "the rows came in {chunks} chunk");
    }

    #[tokio::test]
    async fn a_dropped_body_stops_the_producer() {
        let written = Arc::new(AtomicUsize::new(0));
        let (finished_sender, finished) = tokio::sync::oneshot::channel();
        let counter = Arc::clone(&written);
        let body = blocking_body(move |writer| -> io::Result<()> {
            let outcome = (0..10_000_000).try_for_each(|number| {
                writer.write_all(row(number).as_bytes())?;
                counter.fetch_add(1, Ordering::SeqCst);
                Ok(())
            });
            let _ = finished_sender.send(outcome.is_err() && writer.is_gone());
            outcome
        });
        let mut body = body.into_data_stream();
        let first = futures_util::StreamExt::next(&mut body).await;
        assert!(matches!(first, Some(Ok(_))));
        drop(body);
        let stopped_because_gone =
            tokio::time::timeout(std::time::Duration::from_secs(30), finished)
                .await
                .expect("the producer stopped")
                .expect("the producer reported");
        assert!(stopped_because_gone);
        let rows_per_chunk = CHUNK_BYTES / row(0).len() + 1;
        let at_most = rows_per_chunk * (CHANNEL_CHUNKS + 3);
        assert!(
            written.load(Ordering::SeqCst) <= at_most,
            "{} rows written after the body was dropped (at most {at_most} expected)",
            written.load(Ordering::SeqCst)
        );
    }

    #[tokio::test]
    async fn a_failing_producer_ends_the_body_with_an_error() {
        let body = blocking_body(|writer| {
            writer
                .write_all(b"header\n")
                .map_err(|error| error.to_string())?;
            writer.flush().map_err(|error| error.to_string())?;
            Err("the index could not be read".to_string())
        });
        let mut body = body.into_data_stream();
        let first = futures_util::StreamExt::next(&mut body).await;
        assert_eq!(
            first.and_then(Result::ok).as_deref(),
            Some(&b"header\n"[..])
        );
        let second = futures_util::StreamExt::next(&mut body).await;
        assert!(matches!(second, Some(Err(_))), "{second:?}");
    }
}
