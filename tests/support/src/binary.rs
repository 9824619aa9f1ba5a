//! Where the `oversight` binary under test is. Cargo builds the package's binary before its
//! integration tests and puts it beside the folder of the test executables, but tells only the
//! package's own targets its path (`CARGO_BIN_EXE_oversight`), not a library they use; so it is
//! found from the running test executable, as `assert_cmd` does.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

/// The path of the `oversight` binary built for these tests.
pub fn oversight() -> PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let test = std::env::current_exe().expect("the path of the test executable");
        // `target/<profile>/deps/<test>` → `target/<profile>/oversight`.
        let folder = test
            .parent()
            .and_then(|deps| deps.parent())
            .expect("the test executable sits in target/<profile>/deps");
        let binary = folder.join(format!("oversight{}", std::env::consts::EXE_SUFFIX));
        assert!(
            binary.is_file(),
            "{} is missing: run the tests with `cargo test`, which builds it",
            binary.display()
        );
        binary
    })
    .clone()
}

/// A command running the binary with the default log level, whatever the caller's environment
/// says (the tests read what it prints).
pub fn oversight_command() -> Command {
    let mut command = Command::new(oversight());
    command.env_remove("OVERSIGHT_LOG");
    command
}
