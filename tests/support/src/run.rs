//! A finished run of the binary: how it exited and what it printed, with the checks every
//! command-line test makes (success, or one `error:` line and exit code 1; JSON on stdout).

use std::process::{ExitStatus, Output};

use serde_json::Value;

/// A finished run of the binary.
pub struct Run {
    /// The command line, for failure messages.
    pub command: String,
    /// How it exited.
    pub status: ExitStatus,
    /// What it printed on stdout.
    pub stdout: String,
    /// What it printed on stderr.
    pub stderr: String,
}

impl Run {
    /// Records a run; no command may ever panic, whatever it is given.
    pub fn new(command: String, output: Output) -> Run {
        let run = Run {
            command,
            status: output.status,
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        assert!(
            !run.stdout.contains("panicked") && !run.stderr.contains("panicked"),
            "{} panicked:\n{}",
            run.command,
            run.output()
        );
        run
    }

    /// Both streams, for failure messages.
    pub fn output(&self) -> String {
        format!(
            "status: {}\n--- stdout\n{}\n--- stderr\n{}",
            self.status, self.stdout, self.stderr
        )
    }

    /// Fails the test unless the run succeeded.
    pub fn assert_success(&self) -> &Run {
        assert!(
            self.status.success(),
            "{} failed:\n{}",
            self.command,
            self.output()
        );
        self
    }

    /// Fails the test unless the run exited with code 1 and printed exactly one line on stderr,
    /// starting with `error: `; returns that line.
    pub fn error_line(&self) -> &str {
        assert_eq!(
            self.status.code(),
            Some(1),
            "{} should exit with code 1:\n{}",
            self.command,
            self.output()
        );
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(
            lines.len(),
            1,
            "{} should print one line on stderr:\n{}",
            self.command,
            self.output()
        );
        assert!(
            lines[0].starts_with("error: "),
            "{} should print `error: ...` on stderr:\n{}",
            self.command,
            self.output()
        );
        lines[0]
    }

    /// Stdout parsed as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|error| {
            panic!(
                "{} did not print JSON ({error}):\n{}",
                self.command,
                self.output()
            )
        })
    }
}
