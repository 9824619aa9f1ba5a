//! Writing a generated corpus to a folder, and reading it back: the text files, plus a hidden
//! `.bench-meta.tsv` (what each document was meant to be) that Oversight's indexer ignores and the
//! peers use for their filter and facet fields.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::generator::{DocumentPlan, Generator};
use crate::{Error, Result};

/// The name of the metadata file inside a generated corpus folder.
pub const META_FILE: &str = ".bench-meta.tsv";
/// Documents generated per parallel batch.
const BATCH_DOCUMENTS: usize = 64;
/// Corpus sizes, in MiB, at which the distinct-term count is reported.
const HEAPS_CHECKPOINTS_MIB: &[u64] = &[1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

/// One generated document, as the metadata file records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusEntry {
    /// File name inside the corpus folder.
    pub file: String,
    /// Intended document type slug.
    pub doc_type: String,
    /// Intended force slug.
    pub force: String,
    /// Intended date, ISO.
    pub date: String,
    /// Intended year.
    pub year: u16,
    /// Size of the text in bytes.
    pub bytes: u64,
}

/// A generated corpus on disk.
#[derive(Debug, Clone)]
pub struct BenchCorpus {
    /// The folder.
    pub dir: PathBuf,
    /// Its documents.
    pub entries: Vec<CorpusEntry>,
}

impl BenchCorpus {
    /// Reads the metadata of a corpus written by [`write_corpus`].
    pub fn load(dir: &Path) -> Result<BenchCorpus> {
        let path = dir.join(META_FILE);
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        let mut entries = Vec::new();
        for (number, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let bad = || Error::Format {
                path: path.clone(),
                message: format!("line {} is not file, type, force, date, bytes", number + 1),
            };
            let [file, doc_type, force, date, bytes] = fields[..] else {
                return Err(bad());
            };
            entries.push(CorpusEntry {
                file: file.to_string(),
                doc_type: doc_type.to_string(),
                force: force.to_string(),
                date: date.to_string(),
                year: date
                    .get(..4)
                    .and_then(|year| year.parse().ok())
                    .ok_or_else(bad)?,
                bytes: bytes.parse().map_err(|_| bad())?,
            });
        }
        Ok(BenchCorpus {
            dir: dir.to_path_buf(),
            entries,
        })
    }

    /// Total size of the text, in bytes.
    pub fn total_bytes(&self) -> u64 {
        self.entries.iter().map(|entry| entry.bytes).sum()
    }

    /// Reads one document's text.
    pub fn read(&self, entry: &CorpusEntry) -> Result<String> {
        let path = self.dir.join(&entry.file);
        std::fs::read_to_string(&path).map_err(|source| Error::Io { path, source })
    }
}

/// What writing a corpus produced.
#[derive(Debug, Clone)]
pub struct CorpusSummary {
    /// Documents written.
    pub documents: usize,
    /// Bytes of text written.
    pub bytes: u64,
    /// Documents per kind: meeting packs, reports, short pages.
    pub kinds: [usize; 3],
    /// (bytes so far, distinct lower-cased terms so far) at each checkpoint, when counted.
    pub heaps: Vec<(u64, usize)>,
}

/// Generates documents until `total_bytes` and writes them to `out`, counting distinct terms along
/// the way when `count_terms` is set.
pub fn write_corpus(
    generator: &Generator,
    total_bytes: u64,
    out: &Path,
    count_terms: bool,
) -> Result<CorpusSummary> {
    std::fs::create_dir_all(out).map_err(|source| Error::Io {
        path: out.to_path_buf(),
        source,
    })?;
    let plans = generator.plan(total_bytes);
    let mut meta = format!("# seed={} bytes={total_bytes}\n", generator.seed());
    let mut summary = CorpusSummary {
        documents: plans.len(),
        bytes: 0,
        kinds: [0; 3],
        heaps: Vec::new(),
    };
    let mut distinct: HashSet<String> = HashSet::new();
    let mut checkpoints = HEAPS_CHECKPOINTS_MIB.iter().map(|mib| mib << 20).peekable();
    for batch in plans.chunks(BATCH_DOCUMENTS) {
        let written: Vec<(u64, HashSet<String>)> = batch
            .par_iter()
            .map(|plan| write_document(generator, plan, out, count_terms))
            .collect::<Result<_>>()?;
        for (plan, (bytes, terms)) in batch.iter().zip(written) {
            summary.bytes += bytes;
            summary.kinds[plan.kind as usize] += 1;
            distinct.extend(terms);
            let _ = writeln!(
                meta,
                "{}\t{}\t{}\t{}\t{bytes}",
                plan.file_name(),
                plan.kind.doc_type(),
                plan.force,
                plan.date.iso()
            );
        }
        if count_terms {
            while checkpoints
                .peek()
                .is_some_and(|checkpoint| summary.bytes >= *checkpoint)
            {
                checkpoints.next();
                if summary.heaps.last().map(|(bytes, _)| *bytes) != Some(summary.bytes) {
                    summary.heaps.push((summary.bytes, distinct.len()));
                }
            }
        }
    }
    if count_terms && summary.heaps.last().map(|(bytes, _)| *bytes) != Some(summary.bytes) {
        summary.heaps.push((summary.bytes, distinct.len()));
    }
    let meta_path = out.join(META_FILE);
    std::fs::write(&meta_path, meta).map_err(|source| Error::Io {
        path: meta_path,
        source,
    })?;
    Ok(summary)
}

fn write_document(
    generator: &Generator,
    plan: &DocumentPlan,
    out: &Path,
    count_terms: bool,
) -> Result<(u64, HashSet<String>)> {
    let text = generator.write(plan);
    let terms = if count_terms {
        distinct_terms(&text)
    } else {
        HashSet::new()
    };
    let path = out.join(plan.file_name());
    std::fs::write(&path, &text).map_err(|source| Error::Io { path, source })?;
    Ok((text.len() as u64, terms))
}

/// The distinct lower-cased alphanumeric terms of a text (unstemmed).
pub fn distinct_terms(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|term| !term.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}
