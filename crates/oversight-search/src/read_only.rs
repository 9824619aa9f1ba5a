//! The directory the engine reads an index through: tantivy's `MmapDirectory`, except that the meta
//! lock can be taken in a folder this process cannot write (a replica on a read-only mount).
//!
//! Tantivy takes its meta lock (`.tantivy-meta.lock`, an exclusive `flock` on a file it opens for
//! writing, creating it if need be) for two things only: a reader opening the segments that
//! `meta.json` lists, and a writer's garbage collection choosing files to delete. It keeps the
//! collection from deleting a segment between the moment a reader reads `meta.json` and the moment
//! it opens that segment's files. A folder this process cannot write has no writer in this process,
//! and `meta.json` is written atomically, so the lock only matters against a writer elsewhere that
//! writes the same files through another path (the writable side of a read-only mount). When the
//! folder cannot be written, the engine therefore opens the lock file read-only and takes a shared
//! `flock` on it: readers do not exclude each other, and a writer's collection still waits for
//! them. With no lock file no writer has ever collected garbage here, and there is nothing to lock.

use std::fs::{File, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, META_LOCK, MmapDirectory, WatchCallback,
    WatchHandle, WritePtr,
};
use tantivy::{Index, TantivyError};

/// Opens the tantivy index in `path` for reading, on a writable or a read-only folder.
pub fn open_index(path: &Path) -> tantivy::Result<Index> {
    let directory = ReaderDirectory {
        root: path.to_path_buf(),
        inner: MmapDirectory::open(path)?,
    };
    Index::open(directory)
}

/// `MmapDirectory` with a meta lock that also works where the folder cannot be written.
#[derive(Clone, Debug)]
struct ReaderDirectory {
    root: PathBuf,
    inner: MmapDirectory,
}

/// Whether an error means this process may not write the folder.
fn cannot_write(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ReadOnlyFilesystem | io::ErrorKind::PermissionDenied
    )
}

impl ReaderDirectory {
    /// A shared lock on the existing meta lock file, opened read-only; none if there is no file.
    fn shared_meta_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        let file = match File::open(self.root.join(&lock.filepath)) {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                return Ok(DirectoryLock::from(Box::new(())));
            }
            Err(error) => return Err(LockError::wrap_io_error(error)),
        };
        if lock.is_blocking {
            file.lock_shared().map_err(LockError::wrap_io_error)?;
        } else {
            file.try_lock_shared().map_err(|error| match error {
                TryLockError::WouldBlock => LockError::LockBusy,
                TryLockError::Error(error) => LockError::wrap_io_error(error),
            })?;
        }
        // Closing the file releases the lock.
        Ok(DirectoryLock::from(Box::new(file)))
    }
}

impl Directory for ReaderDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
            Err(LockError::IoError(error))
                if lock.filepath == META_LOCK.filepath && cannot_write(&error) =>
            {
                self.shared_meta_lock(lock)
            }
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> Result<WatchHandle, TantivyError> {
        self.inner.watch(watch_callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_writable_folder_keeps_tantivys_exclusive_meta_lock() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let directory = ReaderDirectory {
            root: folder.path().to_path_buf(),
            inner: MmapDirectory::open(folder.path()).expect("open the folder"),
        };
        let _held = directory.acquire_lock(&META_LOCK).expect("meta lock");
        let lock_file = File::open(folder.path().join(&META_LOCK.filepath)).expect("lock file");
        assert!(
            matches!(lock_file.try_lock_shared(), Err(TryLockError::WouldBlock)),
            "the lock taken in a writable folder is exclusive"
        );
    }

    #[test]
    fn the_shared_meta_lock_admits_readers_and_keeps_a_writer_out() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let directory = ReaderDirectory {
            root: folder.path().to_path_buf(),
            inner: MmapDirectory::open(folder.path()).expect("open the folder"),
        };
        let path = folder.path().join(&META_LOCK.filepath);
        std::fs::write(&path, b"").expect("lock file");
        let _first = directory
            .shared_meta_lock(&META_LOCK)
            .expect("first reader");
        let _second = directory
            .shared_meta_lock(&META_LOCK)
            .expect("second reader");
        let writer = File::open(&path).expect("lock file");
        assert!(
            matches!(writer.try_lock(), Err(TryLockError::WouldBlock)),
            "a writer's exclusive lock waits for the readers"
        );
    }

    #[test]
    fn no_lock_file_means_nothing_to_lock() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let directory = ReaderDirectory {
            root: folder.path().to_path_buf(),
            inner: MmapDirectory::open(folder.path()).expect("open the folder"),
        };
        directory
            .shared_meta_lock(&META_LOCK)
            .expect("no lock file is no error");
        assert!(
            !folder.path().join(&META_LOCK.filepath).exists(),
            "the folder is left as it was"
        );
    }
}
