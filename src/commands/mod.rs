//! The commands of the binary, each in its own module.

mod concordance;
mod export;
mod index;
mod inspect;
mod search;
mod search_flags;
mod serve;
mod trends;

use crate::cli::{Cli, Command};

/// Runs the command the user asked for.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Index(args) => index::run(&args),
        Command::Search(args) => search::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Trends(args) => trends::run(&args),
        Command::Concordance(args) => concordance::run(&args),
        Command::Inspect(args) => inspect::run(&args),
        Command::Serve(args) => serve::run(&args),
    }
}
