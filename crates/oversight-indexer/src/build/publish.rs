//! Publishing a new generation: `CURRENT` replaced atomically, then every generation but the new
//! one and the one it replaces deleted (readers may still hold the previous one open).

use std::fs;
use std::io::Write;
use std::path::Path;

use oversight_schema::layout::{self, CURRENT_FILE};

use super::index_folder::temporary_current_name;
use crate::{Error, Result};

/// Points `CURRENT` at `generation` atomically, then deletes every generation but it and `previous`.
pub fn publish(root: &Path, generation: &str, previous: Option<&str>) -> Result<()> {
    let io_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::IndexIo { path, source }
    };
    let temporary = root.join(temporary_current_name());
    let mut file = fs::File::create(&temporary).map_err(io_error(&temporary))?;
    file.write_all(format!("{generation}\n").as_bytes())
        .map_err(io_error(&temporary))?;
    file.sync_all().map_err(io_error(&temporary))?;
    let current = root.join(CURRENT_FILE);
    fs::rename(&temporary, &current).map_err(io_error(&current))?;
    if let Ok(directory) = fs::File::open(root) {
        directory.sync_all().map_err(io_error(root))?;
    }
    let entries = fs::read_dir(root).map_err(io_error(root))?;
    for entry in entries.filter_map(|entry| entry.ok()) {
        let name = entry.file_name().to_string_lossy().to_string();
        let stale = layout::generation_number(&name).is_some()
            && name != generation
            && Some(name.as_str()) != previous;
        if stale {
            fs::remove_dir_all(entry.path()).map_err(io_error(&entry.path()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publishing_names_the_generation_and_keeps_only_it_and_the_previous_one() {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in ["gen-000001", "gen-000002", "gen-000003", "notes"] {
            fs::create_dir(dir.path().join(name)).expect("folder");
        }
        publish(dir.path(), "gen-000003", Some("gen-000002")).expect("published");
        let current = layout::current_generation(dir.path()).expect("readable");
        assert_eq!(current.map(|(name, _)| name).as_deref(), Some("gen-000003"));
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .expect("list")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        left.sort();
        assert_eq!(left, ["CURRENT", "gen-000002", "gen-000003", "notes"]);
    }
}
