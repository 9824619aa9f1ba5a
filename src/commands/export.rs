//! `oversight export`: every match of a search written as CSV or NDJSON, row by row as the index
//! is read, to standard output or to a file that appears only once it is complete.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow};
use oversight_schema::vocab::Vocabulary;
use oversight_search::{ExportLevel, SearchEngine};
use oversight_server::export_file::{ExportFormat, RowWriter};

use super::search_flags::valid_filtered_search;
use crate::cli::ExportArgs;
use crate::plural::counted;

pub fn run(args: &ExportArgs) -> anyhow::Result<()> {
    let format = ExportFormat::parse(&args.format)
        .map_err(|_| anyhow!("invalid `--format`: `{}`; use csv or ndjson", args.format))?;
    let level = ExportLevel::parse(&args.level).map_err(|_| {
        anyhow!(
            "invalid `--level`: `{}`; use passage or document",
            args.level
        )
    })?;
    let vocabulary = Vocabulary::bundled()?;
    let search = valid_filtered_search(&args.query, &args.filters, &vocabulary)?;
    let engine = SearchEngine::open(&args.location.index, vocabulary)?;
    let export = engine.export(&search, level)?;
    match &args.out {
        None => {
            let out = BufWriter::new(std::io::stdout().lock());
            let mut writer = RowWriter::new(out, format, level, args.bom)?;
            write_rows(export, &mut writer)?;
            writer.finish()?.flush()?;
        }
        Some(path) => {
            let partial = partial_path(path);
            let written = write_file(export, &partial, format, level, args.bom);
            match written {
                Ok(rows) => {
                    std::fs::rename(&partial, path)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    eprintln!("wrote {} to {}", counted(rows, "row"), path.display());
                }
                Err(error) => {
                    let _ = std::fs::remove_file(&partial);
                    return Err(error);
                }
            }
        }
    }
    Ok(())
}

/// Where a file is written until it is complete: beside it, hidden.
fn partial_path(path: &Path) -> PathBuf {
    let name = path.file_name().map_or_else(
        || "export".into(),
        |name| name.to_string_lossy().into_owned(),
    );
    path.with_file_name(format!(".{name}.partial"))
}

fn write_file(
    export: oversight_search::Export,
    path: &Path,
    format: ExportFormat,
    level: ExportLevel,
    bom: bool,
) -> anyhow::Result<u64> {
    let file = File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
    let mut writer = RowWriter::new(BufWriter::new(file), format, level, bom)?;
    let rows = write_rows(export, &mut writer)?;
    let file = writer
        .finish()?
        .into_inner()
        .map_err(|error| error.into_error())?;
    file.sync_all()?;
    Ok(rows)
}

/// Writes every row; the first failed write ends the export with its error.
fn write_rows<W: Write>(
    export: oversight_search::Export,
    writer: &mut RowWriter<W>,
) -> anyhow::Result<u64> {
    let mut failed = None;
    let summary = export.run(|row| match writer.write(row) {
        Ok(()) => ControlFlow::Continue(()),
        Err(error) => {
            failed = Some(error);
            ControlFlow::Break(())
        }
    })?;
    match failed {
        Some(error) => Err(error.into()),
        None => Ok(summary.rows),
    }
}
