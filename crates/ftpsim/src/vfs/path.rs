//! Paths inside the tree: what a client names, resolved against its
//! current directory, never anything outside the root.
//!
//! A [`VPath`] is a list of names, none of which is empty, `.`, `..`, or
//! contains `/`, NUL or another control byte. That is the whole defence: a
//! resolved path is a walk down from the root by construction, so `..` at
//! the root stays at the root (as in a chroot), an absolute path starts at
//! the tree's root, and a name the client percent-encodes (`..%2F`) or
//! writes with a backslash is just an odd name, looked up literally.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// Longest path a client may name, in bytes (vsftpd's command line limit is
/// 4096; PATH_MAX on Linux too).
pub const MAX_PATH_BYTES: usize = 4096;
/// Deepest path a resolution may produce.
pub const MAX_DEPTH: usize = 64;
/// Longest single name (NAME_MAX on Linux).
pub const MAX_NAME_BYTES: usize = 255;

/// A resolved path: names from the root down.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VPath(Vec<String>);

/// Why a name given by a client cannot be resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathError {
    /// Not UTF-8.
    NotUtf8,
    /// Longer than [`MAX_PATH_BYTES`], a name longer than
    /// [`MAX_NAME_BYTES`], or deeper than [`MAX_DEPTH`].
    TooLong,
    /// A NUL or another control byte in a name.
    BadByte,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PathError::NotUtf8 => "the path is not UTF-8",
            PathError::TooLong => "the path is too long",
            PathError::BadByte => "the path contains a control character",
        })
    }
}

impl VPath {
    pub const ROOT: VPath = VPath(Vec::new());

    /// The names from the root down.
    pub fn names(&self) -> &[String] {
        &self.0
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The last name; `None` for the root.
    pub fn name(&self) -> Option<&str> {
        self.0.last().map(String::as_str)
    }

    /// The directory holding this path (the root's parent is the root).
    pub fn parent(&self) -> VPath {
        let mut names = self.0.clone();
        names.pop();
        VPath(names)
    }

    /// This path with `name` appended; `None` when `name` is not a valid
    /// single name.
    pub fn join(&self, name: &str) -> Option<VPath> {
        if !valid_name(name) || self.0.len() >= MAX_DEPTH {
            return None;
        }
        let mut names = self.0.clone();
        names.push(name.into());
        Some(VPath(names))
    }

    /// Resolves what a client sent (`arg`) against its current directory
    /// `cwd`, as a shell would, but never above the root.
    pub fn resolve(cwd: &VPath, arg: &[u8]) -> Result<VPath, PathError> {
        if arg.len() > MAX_PATH_BYTES {
            return Err(PathError::TooLong);
        }
        let text = core::str::from_utf8(arg).map_err(|_| PathError::NotUtf8)?;
        let mut names = if text.starts_with('/') {
            Vec::new()
        } else {
            cwd.0.clone()
        };
        for part in text.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    names.pop();
                }
                name => {
                    if name.len() > MAX_NAME_BYTES {
                        return Err(PathError::TooLong);
                    }
                    if name.bytes().any(|b| b < 0x20 || b == 0x7F) {
                        return Err(PathError::BadByte);
                    }
                    if names.len() >= MAX_DEPTH {
                        return Err(PathError::TooLong);
                    }
                    names.push(name.into());
                }
            }
        }
        Ok(VPath(names))
    }

    /// Builds a path from names, checking each (for manifests and loaders).
    pub fn from_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Option<VPath> {
        let mut path = VPath::ROOT;
        for name in names {
            path = path.join(name)?;
        }
        Some(path)
    }

    /// Parses an absolute or relative path from the root (`a/b`, `/a/b`).
    pub fn parse(text: &str) -> Result<VPath, PathError> {
        VPath::resolve(&VPath::ROOT, text.as_bytes())
    }
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && name.len() <= MAX_NAME_BYTES
        && !name.bytes().any(|b| b == b'/' || b < 0x20 || b == 0x7F)
}

impl fmt::Display for VPath {
    /// `/`, or `/a/b`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("/");
        }
        for name in &self.0 {
            write!(f, "/{name}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn resolve(cwd: &str, arg: &str) -> String {
        let cwd = VPath::parse(cwd).unwrap();
        VPath::resolve(&cwd, arg.as_bytes()).unwrap().to_string()
    }

    #[test]
    fn like_a_shell_in_a_chroot() {
        assert_eq!(resolve("/", "pub"), "/pub");
        assert_eq!(resolve("/pub", "../../../etc/passwd"), "/etc/passwd");
        assert_eq!(resolve("/pub", "/"), "/");
        assert_eq!(resolve("/pub/a", ".."), "/pub");
        assert_eq!(resolve("/pub", "./x//y/"), "/pub/x/y");
        assert_eq!(resolve("/pub", "..%2F..%2Fetc"), "/pub/..%2F..%2Fetc");
        assert_eq!(resolve("/pub", "..\\..\\x"), "/pub/..\\..\\x");
        assert_eq!(resolve("/pub", ""), "/pub");
    }

    #[test]
    fn bad_names_are_refused() {
        let root = VPath::ROOT;
        assert_eq!(VPath::resolve(&root, b"a\0b"), Err(PathError::BadByte));
        assert_eq!(VPath::resolve(&root, b"\x1b[31m"), Err(PathError::BadByte));
        assert_eq!(VPath::resolve(&root, b"\xFF"), Err(PathError::NotUtf8));
        let deep = "a/".repeat(MAX_DEPTH + 1);
        assert_eq!(
            VPath::resolve(&root, deep.as_bytes()),
            Err(PathError::TooLong)
        );
        assert!(root.join("..").is_none());
        assert!(root.join("a/b").is_none());
    }

    proptest::proptest! {
        /// Whatever a client sends, from wherever it stands, the result is
        /// a walk down from the root: no empty, `.` or `..` name, no
        /// separator or control byte inside a name, bounded depth; and
        /// its printed form names the same place from any directory.
        #[test]
        fn resolution_never_leaves_the_root(
            cwd in proptest::collection::vec("[a-z.]{1,4}", 0..6),
            arg in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just(b'/'),
                    proptest::strategy::Just(b'.'),
                    proptest::strategy::Just(b'\\'),
                    proptest::strategy::Just(b'%'),
                    proptest::num::u8::ANY,
                ],
                0..64,
            ),
        ) {
            let cwd = VPath::from_names(cwd.iter().map(String::as_str).filter(|n| valid_name(n)))
                .unwrap_or_default();
            if let Ok(path) = VPath::resolve(&cwd, &arg) {
                proptest::prop_assert!(path.names().len() <= MAX_DEPTH);
                for name in path.names() {
                    proptest::prop_assert!(valid_name(name), "{name:?}");
                }
                let printed = path.to_string();
                proptest::prop_assert!(printed.starts_with('/'));
                let elsewhere = VPath::parse("/a/b/c").unwrap();
                proptest::prop_assert_eq!(
                    VPath::resolve(&elsewhere, printed.as_bytes()).unwrap(),
                    path
                );
            }
        }
    }
}
