//! A tree described as data: directories, and files by size, with their
//! content generated from a seed (or given as text). The format of
//! `ftpsim serve --tree FILE.toml`:
//!
//! ```toml
//! seed = 42                 # optional: the seed of generated content
//! mtime = 1704067200        # optional: seconds since 1970 for every entry
//! dirs = ["upload", "empty/one"]
//!
//! [[files]]
//! path = "pub/big.iso"
//! size = "10 GiB"           # a number of bytes, or with B, KB, MB, GB, KiB, MiB, GiB, TiB
//!
//! [[files]]
//! path = "README.txt"
//! text = "Hello\n"          # literal content (then no size)
//! ```
//!
//! Every path is taken from the tree's root; `..` and absolute paths
//! cannot leave it ([`VPath`]). Directories on the way to a file are made
//! as needed.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use super::{Content, Tree, TreeLimits, VPath};

/// A tree, described.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct Manifest {
    /// Seed of generated content; file `i` (in the order given) uses
    /// `seed + i`, so two files of the same size differ.
    pub seed: u64,
    /// Modification time of every entry, in seconds since 1970.
    pub mtime: Option<u64>,
    /// Directories to make (possibly empty).
    pub dirs: Vec<String>,
    pub files: Vec<ManifestFile>,
}

/// One file of a [`Manifest`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, deny_unknown_fields))]
pub struct ManifestFile {
    pub path: String,
    /// Bytes, as a number or a string with a unit (`"64 MiB"`).
    pub size: Option<Size>,
    /// Literal content (instead of `size`).
    pub text: Option<String>,
    /// Its own modification time, over the manifest's.
    pub mtime: Option<u64>,
}

/// A size as a person writes it: `1048576`, `"1 MiB"`, `"1.5 GB"`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(untagged))]
pub enum Size {
    Bytes(u64),
    Text(String),
}

impl Size {
    /// The number of bytes.
    pub fn bytes(&self) -> Result<u64, String> {
        match self {
            Size::Bytes(n) => Ok(*n),
            Size::Text(text) => parse_size(text),
        }
    }
}

/// A manifest that does not describe a tree, with the entry at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManifestError {
    /// `dirs[2]`, `files[0].size`, …
    pub field: String,
    pub message: String,
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl core::error::Error for ManifestError {}

impl Manifest {
    /// The tree it describes; `default_mtime` when the manifest names none.
    pub fn build(&self, default_mtime: u64, limits: TreeLimits) -> Result<Tree, ManifestError> {
        let mtime = self.mtime.unwrap_or(default_mtime);
        let mut tree = Tree::new(mtime, limits);
        let error = |field: String, message: String| ManifestError { field, message };
        for (i, dir) in self.dirs.iter().enumerate() {
            let path =
                VPath::parse(dir).map_err(|e| error(format!("dirs[{i}]"), format!("{e}")))?;
            tree.make_dirs(&path, mtime)
                .map_err(|e| error(format!("dirs[{i}]"), format!("{e}")))?;
        }
        for (i, file) in self.files.iter().enumerate() {
            let field = |name: &str| format!("files[{i}].{name}");
            let path =
                VPath::parse(&file.path).map_err(|e| error(field("path"), format!("{e}")))?;
            if path.is_root() {
                return Err(error(field("path"), "a file needs a name".into()));
            }
            let content = match (&file.size, &file.text) {
                (Some(size), None) => Content::Generated {
                    seed: self.seed.wrapping_add(i as u64),
                    size: size.bytes().map_err(|e| error(field("size"), e))?,
                },
                (None, Some(text)) => Content::literal(text.as_bytes()),
                (None, None) => {
                    return Err(error(field("size"), "give a size or a text".into()));
                }
                (Some(_), Some(_)) => {
                    return Err(error(
                        field("text"),
                        "give a size or a text, not both".into(),
                    ));
                }
            };
            tree.insert_file(&path, content, file.mtime.unwrap_or(mtime))
                .map_err(|e| error(field("path"), format!("{e}")))?;
        }
        Ok(tree)
    }
}

/// `"10 GiB"` → bytes. Decimal units are powers of 1000, binary of 1024.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = (text[..split].trim(), text[split..].trim());
    let scale: u64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1_000,
        "m" | "mb" => 1_000_000,
        "g" | "gb" => 1_000_000_000,
        "t" | "tb" => 1_000_000_000_000,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        "tib" => 1 << 40,
        other => {
            return Err(format!(
                "unknown unit {other:?} (use B, KB, MB, GB, TB, KiB, MiB, GiB or TiB)"
            ));
        }
    };
    let invalid = || format!("{text:?} is not a size");
    match number.split_once('.') {
        None => number
            .parse::<u64>()
            .map_err(|_| invalid())?
            .checked_mul(scale)
            .ok_or_else(invalid),
        Some((whole, fraction)) => {
            // Decimal fractions without floating point: "1.5" GB is
            // 1 GB + 5 * GB / 10.
            let whole: u64 = if whole.is_empty() {
                0
            } else {
                whole.parse().map_err(|_| invalid())?
            };
            let mut bytes = whole.checked_mul(scale).ok_or_else(invalid)?;
            let mut place = scale;
            for digit in fraction.bytes() {
                if !digit.is_ascii_digit() {
                    return Err(invalid());
                }
                place /= 10;
                bytes = bytes
                    .checked_add(u64::from(digit - b'0') * place)
                    .ok_or_else(invalid)?;
            }
            Ok(bytes)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("1024"), Ok(1024));
        assert_eq!(parse_size("10 GiB"), Ok(10 << 30));
        assert_eq!(parse_size("1.5 KB"), Ok(1500));
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert!(parse_size("1 parsec").is_err());
        assert!(parse_size("99999999999 TiB").is_err());
    }

    #[test]
    fn builds_a_tree_and_names_the_faulty_entry() {
        let manifest = Manifest {
            seed: 1,
            mtime: Some(100),
            dirs: vec!["upload".into()],
            files: vec![
                ManifestFile {
                    path: "pub/big.iso".into(),
                    size: Some(Size::Text("10 GiB".into())),
                    ..ManifestFile::default()
                },
                ManifestFile {
                    path: "/../README".into(),
                    text: Some("hi".into()),
                    ..ManifestFile::default()
                },
            ],
        };
        let tree = manifest.build(0, TreeLimits::default()).unwrap();
        assert_eq!(
            tree.entry(&VPath::parse("pub/big.iso").unwrap())
                .unwrap()
                .size,
            10 << 30
        );
        assert_eq!(
            tree.entry(&VPath::parse("README").unwrap()).unwrap().size,
            2
        );
        assert!(tree.is_dir(&VPath::parse("upload").unwrap()));
        let bad = Manifest {
            files: vec![ManifestFile {
                path: "x".into(),
                ..ManifestFile::default()
            }],
            ..Manifest::default()
        };
        assert_eq!(
            bad.build(0, TreeLimits::default()).unwrap_err().field,
            "files[0].size"
        );
    }
}
