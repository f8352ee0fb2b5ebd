//! The tree a server serves, built once at start: the demo tree, a manifest,
//! or a snapshot of a local directory. After this, nothing is read from or
//! written to the disk: uploads live in memory.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use ftpsim::vfs::{Content, Tree, TreeLimits, VPath, demo, manifest::Manifest};

use crate::config::{DataConfig, TreeSource};

/// Most files a directory snapshot reads.
pub const MAX_SNAPSHOT_FILES: u64 = 10_000;
/// Most bytes a directory snapshot reads.
pub const MAX_SNAPSHOT_BYTES: u64 = 256 << 20;

/// Why the tree could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeError {
    pub path: PathBuf,
    pub detail: String,
}

impl fmt::Display for TreeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.detail)
    }
}

impl std::error::Error for TreeError {}

/// Builds the tree `data` names; `now` (seconds since 1970) dates a
/// manifest that gives no time.
pub fn load(data: &DataConfig, now: u64) -> Result<Tree, TreeError> {
    // What the served content holds is not the uploads' budget: the limits
    // apply to what is added afterwards.
    let limits = |stored: u64| TreeLimits {
        max_stored_bytes: stored.saturating_add(data.upload_cap),
        ..TreeLimits::default()
    };
    match &data.tree {
        TreeSource::Demo => {
            let tree = demo::tree(TreeLimits::default());
            let mut tree = tree;
            let stored = tree.stored_bytes();
            tree.set_limits(limits(stored));
            Ok(tree)
        }
        TreeSource::Manifest(path) => {
            let error = |detail: String| TreeError {
                path: path.clone(),
                detail,
            };
            let text = fs::read_to_string(path).map_err(|e| error(e.to_string()))?;
            let manifest: Manifest = toml::from_str(&text).map_err(|e| error(e.to_string()))?;
            let mut tree = manifest
                .build(
                    now,
                    TreeLimits {
                        max_nodes: u64::MAX,
                        max_stored_bytes: u64::MAX,
                    },
                )
                .map_err(|e| error(e.to_string()))?;
            let stored = tree.stored_bytes();
            tree.set_limits(limits(stored));
            Ok(tree)
        }
        TreeSource::Dir(root) => {
            let mut tree = Tree::new(
                mtime_of(root),
                TreeLimits {
                    max_nodes: u64::MAX,
                    max_stored_bytes: u64::MAX,
                },
            );
            let mut budget = Budget {
                files: MAX_SNAPSHOT_FILES,
                bytes: MAX_SNAPSHOT_BYTES,
            };
            snapshot(root, &VPath::ROOT, &mut tree, &mut budget)?;
            let _ = tree.set_mtime(&VPath::ROOT, mtime_of(root));
            let stored = tree.stored_bytes();
            tree.set_limits(limits(stored));
            Ok(tree)
        }
    }
}

struct Budget {
    files: u64,
    bytes: u64,
}

fn mtime_of(path: &Path) -> u64 {
    fs::symlink_metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs())
}

/// Reads `dir` into `tree` at `at`. Symbolic links are skipped (never
/// followed: a link could point anywhere on the machine), and so is what
/// is neither a file nor a directory.
fn snapshot(dir: &Path, at: &VPath, tree: &mut Tree, budget: &mut Budget) -> Result<(), TreeError> {
    let error = |path: &Path, detail: String| TreeError {
        path: path.to_path_buf(),
        detail,
    };
    let mut entries: Vec<_> = fs::read_dir(dir)
        .map_err(|e| error(dir, e.to_string()))?
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        let Some(child) = at.join(&name) else {
            continue;
        };
        let meta = fs::symlink_metadata(&path).map_err(|e| error(&path, e.to_string()))?;
        let mtime = mtime_of(&path);
        if meta.is_dir() {
            tree.make_dirs(&child, mtime)
                .map_err(|e| error(&path, e.to_string()))?;
            snapshot(&path, &child, tree, budget)?;
            // Making its entries dated the directory: its own date again.
            tree.set_mtime(&child, mtime)
                .map_err(|e| error(&path, e.to_string()))?;
        } else if meta.is_file() {
            if budget.files == 0 || meta.len() > budget.bytes {
                return Err(error(
                    &path,
                    format!(
                        "the snapshot is capped at {MAX_SNAPSHOT_FILES} files and {MAX_SNAPSHOT_BYTES} bytes"
                    ),
                ));
            }
            let bytes = fs::read(&path).map_err(|e| error(&path, e.to_string()))?;
            budget.files -= 1;
            budget.bytes -= bytes.len() as u64;
            tree.insert_file(&child, Content::literal(&bytes), mtime)
                .map_err(|e| error(&path, e.to_string()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_skips_links_and_reads_nothing_afterwards() {
        let root = std::env::temp_dir().join(format!("ftpsim-tree-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join("sub")).unwrap();
        fs::write(root.join("a.txt"), b"abc").unwrap();
        fs::write(root.join("sub/b.bin"), [0u8; 10]).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", root.join("link")).unwrap();
        let data = DataConfig {
            tree: TreeSource::Dir(root.clone()),
            ..DataConfig::default()
        };
        let tree = load(&data, 0).unwrap();
        fs::remove_dir_all(&root).unwrap();
        assert_eq!(tree.entry(&VPath::parse("a.txt").unwrap()).unwrap().size, 3);
        assert_eq!(
            tree.entry(&VPath::parse("sub/b.bin").unwrap())
                .unwrap()
                .size,
            10
        );
        assert!(tree.get(&VPath::parse("link").unwrap()).is_none());
        // The served files are not the uploads' budget.
        assert_eq!(tree.room(), data.upload_cap);
    }

    #[test]
    fn a_snapshot_dates_each_directory_as_the_disk_does() {
        use std::time::{Duration, UNIX_EPOCH};
        let root = std::env::temp_dir().join(format!("ftpsim-tree-dates-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join("docs/sub")).unwrap();
        fs::write(root.join("docs/sub/a.txt"), b"abc").unwrap();
        // Children first: writing into a directory dates it.
        for (dir, secs) in [("docs/sub", 2_000_000), ("docs", 1_000_000)] {
            fs::File::open(root.join(dir))
                .unwrap()
                .set_modified(UNIX_EPOCH + Duration::from_secs(secs))
                .unwrap();
        }
        let data = DataConfig {
            tree: TreeSource::Dir(root.clone()),
            ..DataConfig::default()
        };
        let tree = load(&data, 0).unwrap();
        fs::remove_dir_all(&root).unwrap();
        let mtime = |path: &str| tree.entry(&VPath::parse(path).unwrap()).unwrap().mtime;
        assert_eq!(mtime("docs"), 1_000_000);
        assert_eq!(mtime("docs/sub"), 2_000_000);
    }

    #[test]
    fn a_manifest_names_its_faults() {
        let path =
            std::env::temp_dir().join(format!("ftpsim-manifest-{}.toml", std::process::id()));
        fs::write(&path, "[[files]]\npath = \"big.iso\"\nsize = \"10 GiB\"\n").unwrap();
        let data = DataConfig {
            tree: TreeSource::Manifest(path.clone()),
            ..DataConfig::default()
        };
        let tree = load(&data, 0).unwrap();
        assert_eq!(
            tree.entry(&VPath::parse("big.iso").unwrap()).unwrap().size,
            10 << 30
        );
        fs::write(&path, "[[files]]\npath = \"x\"\n").unwrap();
        let err = load(&data, 0).unwrap_err();
        fs::remove_file(&path).unwrap();
        assert!(err.to_string().contains("files[0].size"), "{err}");
    }
}
