//! The tree `ftpsim serve` serves unless told otherwise: small, the same on
//! every run, and shaped for the jobs that open parallel connections (a
//! directory of equal files to mirror, large files to fetch in pieces).

use alloc::format;

use super::{Content, Tree, TreeLimits, VPath};

/// 2024-01-01T00:00:00Z: every file of the demo tree has this modification
/// time, so listings are the same on every run.
pub const DEMO_MTIME: u64 = 1_704_067_200;

/// The seed of the generated files; file `i` of the tree uses `DEMO_SEED + i`.
pub const DEMO_SEED: u64 = 0x00F7_9512;

const README: &str = "\
This is ftpsim's demo tree, served from memory.

pub/      files from 1 KiB to 64 MiB, generated from a seed (the same bytes on every run)
mirror/   twelve files of 256 KiB in two levels, for mirror jobs and recursive downloads
upload/   an empty directory for uploads
";

/// The files of the demo tree: path and size.
pub const DEMO_FILES: &[(&str, u64)] = &[
    ("pub/1k.bin", 1 << 10),
    ("pub/64k.bin", 64 << 10),
    ("pub/1m.bin", 1 << 20),
    ("pub/16m.bin", 16 << 20),
    ("pub/64m.bin", 64 << 20),
];

/// Files per level under `mirror/` and `mirror/deeper/`.
const MIRROR_FILES: u64 = 6;
const MIRROR_FILE_SIZE: u64 = 256 << 10;

/// The demo tree, with `limits` for what uploads may add.
pub fn tree(limits: TreeLimits) -> Tree {
    // The tree is built within limits of its own, then given the caller's:
    // the demo's own content (the README) never counts as a refusal.
    let mut tree = Tree::new(DEMO_MTIME, TreeLimits::default());
    let mut add = |path: &str, content: Content| {
        let path = VPath::parse(path).expect("demo paths are valid");
        tree.insert_file(&path, content, DEMO_MTIME)
            .expect("the demo tree fits its own limits");
    };
    add("README.txt", Content::literal(README.as_bytes()));
    let mut seed = DEMO_SEED;
    for (path, size) in DEMO_FILES {
        add(path, Content::Generated { seed, size: *size });
        seed += 1;
    }
    for level in ["mirror", "mirror/deeper"] {
        for i in 0..MIRROR_FILES {
            add(
                &format!("{level}/part-{i:02}.bin"),
                Content::Generated {
                    seed,
                    size: MIRROR_FILE_SIZE,
                },
            );
            seed += 1;
        }
    }
    tree.make_dirs(&VPath::parse("upload").expect("valid"), DEMO_MTIME)
        .expect("the demo tree fits its own limits");
    tree.set_limits(limits);
    tree
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_tree_is_small_in_memory_and_complete() {
        let tree = tree(TreeLimits::default());
        assert!(tree.stored_bytes() < 1024);
        let names: alloc::vec::Vec<_> = tree
            .list(&VPath::ROOT)
            .unwrap()
            .into_iter()
            .map(|e| e.name)
            .collect();
        assert_eq!(names, ["README.txt", "mirror", "pub", "upload"]);
        let big = tree.entry(&VPath::parse("pub/64m.bin").unwrap()).unwrap();
        assert_eq!(big.size, 64 << 20);
        assert_eq!(
            tree.list(&VPath::parse("mirror/deeper").unwrap())
                .unwrap()
                .len(),
            6
        );
        assert_eq!(tree, super::tree(TreeLimits::default()), "deterministic");
    }
}
