//! File-system faults: an index folder on a small tmpfs that can be filled, a read-only index
//! folder (a read-only bind mount as root, who ignores permissions; `chmod` otherwise) and a
//! read-only view of a folder that stays writable. Every mount is undone when its guard is dropped.
//! The tmpfs and the view need root: a case that asks for one without it fails and says so.

use std::path::{Path, PathBuf};
use std::process::Command;

use oversight_test_support::Workspace;

/// The failure of a mount without root.
const NEEDS_ROOT: &str = "mounting needs root: sudo cargo test --test faults -- --ignored";

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|output| String::from_utf8_lossy(&output.stdout).trim() == "0")
}

fn run(program: &str, args: &[&str], path: &Path) -> bool {
    Command::new(program)
        .args(args)
        .arg(path)
        .status()
        .is_ok_and(|status| status.success())
}

/// A workspace whose index folder is a tmpfs of a given size.
pub struct TmpfsWorkspace {
    /// The workspace (dropped after the unmount).
    pub workspace: Workspace,
    mount: PathBuf,
}

/// A workspace whose index folder is on a fresh tmpfs of `size` (e.g. `8m`).
pub fn workspace_on_tmpfs(size: &str) -> TmpfsWorkspace {
    assert!(is_root(), "{NEEDS_ROOT}");
    let mut workspace = Workspace::with_empty_corpus();
    let mount = workspace.path("disk");
    std::fs::create_dir(&mount).expect("mount point");
    let options = format!("size={size}");
    assert!(
        run("mount", &["-t", "tmpfs", "-o", &options, "tmpfs"], &mount),
        "mount a tmpfs on {}",
        mount.display()
    );
    workspace.index = mount.join("index");
    TmpfsWorkspace { workspace, mount }
}

impl TmpfsWorkspace {
    /// Fills the tmpfs to the last byte; returns the filler file.
    pub fn fill(&self) -> PathBuf {
        use std::io::Write;
        let path = self.mount.join("filler");
        let mut file = std::fs::File::create(&path).expect("create the filler");
        let block = vec![0u8; 64 * 1024];
        while file.write_all(&block).is_ok() {}
        let mut byte = [0u8; 1];
        while file.write_all(&byte).is_ok() {
            byte[0] = 1;
        }
        path
    }
}

impl Drop for TmpfsWorkspace {
    fn drop(&mut self) {
        run("umount", &["-l"], &self.mount);
    }
}

/// Makes a folder read-only until dropped.
pub struct ReadOnly {
    path: PathBuf,
    mounted: bool,
}

impl ReadOnly {
    /// A read-only bind mount of `path` over itself as root, else `chmod -R a-w`.
    pub fn new(path: &Path) -> ReadOnly {
        let target = path.to_string_lossy().into_owned();
        let bound = is_root()
            && Command::new("mount")
                .args(["--bind", &target, &target])
                .status()
                .is_ok_and(|status| status.success());
        let mounted = bound && run("mount", &["-o", "remount,ro,bind"], path);
        if bound && !mounted {
            run("umount", &["-l"], path);
        }
        if !mounted {
            assert!(
                run("chmod", &["-R", "a-w"], path),
                "chmod {}",
                path.display()
            );
        }
        ReadOnly {
            path: path.to_path_buf(),
            mounted,
        }
    }

    /// What a write into the folder is refused with.
    pub fn refusal(&self) -> &'static str {
        if self.mounted {
            "Read-only file system"
        } else {
            "Permission denied"
        }
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        if self.mounted {
            run("umount", &["-l"], &self.path);
        } else {
            run("chmod", &["-R", "u+w"], &self.path);
        }
    }
}

/// A read-only bind mount of a folder at another path, the folder itself staying writable.
pub struct ReadOnlyView {
    path: PathBuf,
}

impl ReadOnlyView {
    /// A read-only view of `folder` beside it.
    pub fn new(folder: &Path) -> ReadOnlyView {
        assert!(is_root(), "{NEEDS_ROOT}");
        let mut name = folder
            .file_name()
            .expect("the folder has a name")
            .to_os_string();
        name.push("-read-only");
        let path = folder.with_file_name(name);
        std::fs::create_dir(&path).expect("mount point");
        let source = folder.to_string_lossy().into_owned();
        assert!(
            run("mount", &["--bind", &source], &path),
            "bind-mount {source}"
        );
        let view = ReadOnlyView { path };
        assert!(
            run("mount", &["-o", "remount,ro,bind"], &view.path),
            "remount {} read-only",
            view.path.display()
        );
        view
    }

    /// Where the view is.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for ReadOnlyView {
    fn drop(&mut self) {
        run("umount", &["-l"], &self.path);
    }
}
