//! The commands of the binary, each in its own module.

mod concordance;
mod index;
mod inspect;
mod search;
mod search_flags;
mod serve;

use crate::cli::{Cli, Command};

/// Runs the command the user asked for.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Index(args) => index::run(&args),
        Command::Search(args) => search::run(&args),
        Command::Concordance(args) => concordance::run(&args),
        Command::Inspect(args) => inspect::run(&args),
        Command::Serve(args) => serve::run(&args),
    }
}
