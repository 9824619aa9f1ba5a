//! Runs the binary under a watchdog: a time limit (a hang is a failure, and the process is
//! killed) and a memory ceiling (peak resident memory, sampled from `/proc`, above the ceiling is
//! a failure, and the process is killed).

use std::ffi::OsString;
use std::io::Read;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use oversight_test_support::oversight_command;

/// The most resident memory any one command may use.
pub const MEMORY_CEILING_BYTES: u64 = 1536 * 1024 * 1024;

/// A finished (or stopped) run.
#[derive(Debug)]
pub struct Watched {
    /// The exit code, `None` when killed.
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Peak resident memory seen, in bytes.
    pub peak_rss: u64,
    /// Why the watchdog stopped it, if it did.
    pub stopped: Option<String>,
}

impl Watched {
    /// Fails unless the run ended by itself, within the limits, without a panic.
    pub fn healthy(&self) -> Result<(), String> {
        if let Some(reason) = &self.stopped {
            return Err(reason.clone());
        }
        if self.stdout.contains("panicked") || self.stderr.contains("panicked") {
            return Err(format!("panicked: {}", self.stderr.trim()));
        }
        Ok(())
    }
}

/// Runs `oversight ARGS` in `folder` for at most `limit`.
pub fn run(folder: &Path, args: &[OsString], limit: Duration) -> Watched {
    let mut child = oversight_command()
        .args(args)
        .current_dir(folder)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start oversight");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out_reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stdout.read_to_end(&mut text);
        String::from_utf8_lossy(&text).into_owned()
    });
    let err_reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stderr.read_to_end(&mut text);
        String::from_utf8_lossy(&text).into_owned()
    });
    let started = Instant::now();
    let mut peak_rss = 0;
    let mut stopped = None;
    let code = loop {
        if let Ok(Some(status)) = child.try_wait() {
            break status.code();
        }
        peak_rss = peak_rss.max(resident_bytes(child.id()));
        if peak_rss > MEMORY_CEILING_BYTES {
            stopped = Some(format!("used more than {} MiB", peak_rss >> 20));
        } else if started.elapsed() > limit {
            stopped = Some(format!("still running after {limit:?}"));
        }
        if stopped.is_some() {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Watched {
        code,
        stdout: out_reader.join().unwrap_or_default(),
        stderr: err_reader.join().unwrap_or_default(),
        peak_rss,
        stopped,
    }
}

/// The resident memory of a process, from `/proc/PID/status` (0 when gone).
fn resident_bytes(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmRSS:"))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<u64>().ok())
        })
        .map_or(0, |kib| kib * 1024)
}
