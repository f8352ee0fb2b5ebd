//! An in-memory file tree for sessions to serve: directories, files, sizes
//! and modification times, with no disk behind it.
//!
//! - [`Tree`]: the tree and every change a session can make (make and
//!   remove directories, store, append, delete, rename), each checked
//!   against the tree's [`TreeLimits`] so that uploads kept in memory stay
//!   bounded.
//! - [`Content`]: literal bytes, or bytes generated from a seed and an
//!   offset, so that a 10 GiB file costs no memory.
//! - [`VPath`]: a client's path resolved against its current directory;
//!   by construction it never leaves the root.
//! - [`demo`]: the small deterministic tree `ftpsim serve` serves by
//!   default. [`manifest`]: a tree described by directories and files by
//!   size (the format of `--tree FILE.toml`).
//! - [`Store`]: how sessions share one tree; a driver decides how it is
//!   locked.
//!
//! Times are seconds since the Unix epoch, passed in by the caller: the tree
//! never reads a clock.

mod content;
pub mod demo;
pub mod manifest;
mod path;

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;

pub use content::Content;
pub use path::{MAX_DEPTH, MAX_NAME_BYTES, MAX_PATH_BYTES, PathError, VPath};

/// A directory: its entries by name (sorted, so listings are stable) and its
/// modification time.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dir {
    pub entries: BTreeMap<String, Node>,
    pub mtime: u64,
}

/// A regular file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    pub content: Content,
    pub mtime: u64,
}

/// An entry of a directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    Dir(Dir),
    File(File),
}

impl Node {
    pub fn is_dir(&self) -> bool {
        matches!(self, Node::Dir(_))
    }

    pub fn mtime(&self) -> u64 {
        match self {
            Node::Dir(dir) => dir.mtime,
            Node::File(file) => file.mtime,
        }
    }

    /// A file's size; directories report 4096, as `ls` shows them on ext4.
    pub fn size(&self) -> u64 {
        match self {
            Node::Dir(_) => DIR_SIZE,
            Node::File(file) => file.content.size(),
        }
    }

    /// Subdirectories plus two, a directory's link count under Unix.
    pub fn links(&self) -> u64 {
        match self {
            Node::Dir(dir) => 2 + dir.entries.values().filter(|n| n.is_dir()).count() as u64,
            Node::File(_) => 1,
        }
    }
}

/// The size `ls -l` shows for a directory.
pub const DIR_SIZE: u64 = 4096;

/// What a listing shows of one entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub is_dir: bool,
    pub size: u64,
    pub mtime: u64,
    pub links: u64,
}

impl Entry {
    fn of(name: &str, node: &Node) -> Entry {
        Entry {
            name: name.into(),
            is_dir: node.is_dir(),
            size: node.size(),
            mtime: node.mtime(),
            links: node.links(),
        }
    }
}

/// Bounds on what a tree may hold; uploads beyond them are refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TreeLimits {
    /// Files and directories, all together.
    pub max_nodes: u64,
    /// Bytes of literal content held in memory (generated content is free).
    pub max_stored_bytes: u64,
}

impl Default for TreeLimits {
    fn default() -> TreeLimits {
        TreeLimits {
            max_nodes: 100_000,
            max_stored_bytes: 64 << 20,
        }
    }
}

/// Why a change to the tree was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VfsError {
    /// Nothing by that name (or a directory on the way is missing).
    NotFound,
    /// A file where a directory is needed.
    NotADirectory,
    /// A directory where a file is needed.
    IsADirectory,
    /// The name is taken.
    Exists,
    /// Removing a directory that still holds entries.
    NotEmpty,
    /// The root cannot be removed, renamed or replaced.
    Root,
    /// Over [`TreeLimits`]: no room for more files or bytes.
    Full,
    /// Renaming a directory into itself.
    IntoItself,
}

impl fmt::Display for VfsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            VfsError::NotFound => "no such file or directory",
            VfsError::NotADirectory => "not a directory",
            VfsError::IsADirectory => "is a directory",
            VfsError::Exists => "file exists",
            VfsError::NotEmpty => "directory not empty",
            VfsError::Root => "the root directory cannot be changed",
            VfsError::Full => "no space left in the tree",
            VfsError::IntoItself => "cannot move a directory into itself",
        })
    }
}

/// How a stored file's bytes join what is there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Write {
    /// Replace the file (or create it).
    Replace,
    /// Append to the file (or create it).
    Append,
    /// Create it; fail with [`VfsError::Exists`] if the name is taken.
    Create,
}

/// The tree, its limits and what it holds.
///
/// ```
/// use ftpsim::vfs::{demo, TreeLimits, VPath};
///
/// let tree = demo::tree(TreeLimits::default());
/// // A client's path never leaves the root, whatever it says.
/// let path = VPath::resolve(&VPath::ROOT, b"../../../README.txt").unwrap();
/// let readme = tree.content(&path).unwrap();
/// let mut start = [0u8; 16];
/// let n = readme.read_at(0, &mut start);
/// assert!(n > 0);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tree {
    root: Dir,
    limits: TreeLimits,
    nodes: u64,
    stored_bytes: u64,
}

impl Default for Tree {
    fn default() -> Tree {
        Tree::new(0, TreeLimits::default())
    }
}

impl Tree {
    /// An empty tree whose root was modified at `mtime`.
    pub fn new(mtime: u64, limits: TreeLimits) -> Tree {
        Tree {
            root: Dir {
                entries: BTreeMap::new(),
                mtime,
            },
            limits,
            nodes: 0,
            stored_bytes: 0,
        }
    }

    pub fn limits(&self) -> TreeLimits {
        self.limits
    }

    pub fn set_limits(&mut self, limits: TreeLimits) {
        self.limits = limits;
    }

    /// Files and directories in the tree (the root not counted).
    pub fn nodes(&self) -> u64 {
        self.nodes
    }

    /// Bytes of literal content held.
    pub fn stored_bytes(&self) -> u64 {
        self.stored_bytes
    }

    /// Bytes that may still be stored before [`VfsError::Full`].
    pub fn room(&self) -> u64 {
        self.limits
            .max_stored_bytes
            .saturating_sub(self.stored_bytes)
    }

    pub fn root(&self) -> &Dir {
        &self.root
    }

    /// The node at `path`; the root is a directory node.
    pub fn get(&self, path: &VPath) -> Option<&Node> {
        let (last, dirs) = path.names().split_last()?;
        let dir = self.dir(dirs)?;
        dir.entries.get(last)
    }

    /// What a listing shows of `path` (the root included).
    pub fn entry(&self, path: &VPath) -> Option<Entry> {
        match path.name() {
            None => Some(Entry {
                name: String::from("/"),
                is_dir: true,
                size: DIR_SIZE,
                mtime: self.root.mtime,
                links: Node::Dir(Dir::default()).links()
                    + self.root.entries.values().filter(|n| n.is_dir()).count() as u64,
            }),
            Some(name) => self.get(path).map(|node| Entry::of(name, node)),
        }
    }

    /// Whether `path` is a directory (the root is).
    pub fn is_dir(&self, path: &VPath) -> bool {
        self.dir(path.names()).is_some()
    }

    /// The entries of the directory at `path`, sorted by name.
    pub fn list(&self, path: &VPath) -> Result<Vec<Entry>, VfsError> {
        match self.dir(path.names()) {
            Some(dir) => Ok(dir
                .entries
                .iter()
                .map(|(name, node)| Entry::of(name, node))
                .collect()),
            None if self.get(path).is_some() => Err(VfsError::NotADirectory),
            None => Err(VfsError::NotFound),
        }
    }

    /// The content of the file at `path` (cheap to clone: a handle).
    pub fn content(&self, path: &VPath) -> Result<Content, VfsError> {
        match self.get(path) {
            Some(Node::File(file)) => Ok(file.content.clone()),
            Some(Node::Dir(_)) => Err(VfsError::IsADirectory),
            None if path.is_root() => Err(VfsError::IsADirectory),
            None => Err(VfsError::NotFound),
        }
    }

    /// Makes a directory (its parent must exist).
    pub fn mkdir(&mut self, path: &VPath, mtime: u64) -> Result<(), VfsError> {
        let name = path.name().ok_or(VfsError::Exists)?.into();
        self.check_room(1, 0)?;
        let parent = self.parent_mut(path)?;
        if parent.entries.contains_key(&name) {
            return Err(VfsError::Exists);
        }
        parent.entries.insert(
            name,
            Node::Dir(Dir {
                entries: BTreeMap::new(),
                mtime,
            }),
        );
        parent.mtime = mtime;
        self.nodes += 1;
        Ok(())
    }

    /// Removes an empty directory.
    pub fn rmdir(&mut self, path: &VPath, mtime: u64) -> Result<(), VfsError> {
        let name = path.name().ok_or(VfsError::Root)?;
        let parent = self.parent_mut(path)?;
        match parent.entries.get(name) {
            None => return Err(VfsError::NotFound),
            Some(Node::File(_)) => return Err(VfsError::NotADirectory),
            Some(Node::Dir(dir)) if !dir.entries.is_empty() => return Err(VfsError::NotEmpty),
            Some(Node::Dir(_)) => {}
        }
        parent.entries.remove(name);
        parent.mtime = mtime;
        self.nodes -= 1;
        Ok(())
    }

    /// Deletes a file.
    pub fn delete(&mut self, path: &VPath, mtime: u64) -> Result<(), VfsError> {
        let name = path.name().ok_or(VfsError::IsADirectory)?;
        let parent = self.parent_mut(path)?;
        let freed = match parent.entries.get(name) {
            None => return Err(VfsError::NotFound),
            Some(Node::Dir(_)) => return Err(VfsError::IsADirectory),
            Some(Node::File(file)) => file.content.stored_bytes(),
        };
        parent.entries.remove(name);
        parent.mtime = mtime;
        self.nodes -= 1;
        self.stored_bytes -= freed;
        Ok(())
    }

    /// Moves `from` to `to` (replacing a file there, never a directory).
    pub fn rename(&mut self, from: &VPath, to: &VPath, mtime: u64) -> Result<(), VfsError> {
        if from.is_root() || to.is_root() {
            return Err(VfsError::Root);
        }
        if from == to {
            return self.get(from).map(|_| ()).ok_or(VfsError::NotFound);
        }
        if to.names().starts_with(from.names()) {
            return Err(VfsError::IntoItself);
        }
        if self.get(from).is_none() {
            return Err(VfsError::NotFound);
        }
        let freed = match self.get(to) {
            Some(Node::Dir(_)) => return Err(VfsError::Exists),
            Some(Node::File(file)) => Some(file.content.stored_bytes()),
            None => None,
        };
        // The destination's directory must exist before anything moves.
        self.parent_mut(to)?;
        let from_name = from.name().unwrap_or_default();
        let source_parent = self.parent_mut(from)?;
        let Some(node) = source_parent.entries.remove(from_name) else {
            return Err(VfsError::NotFound);
        };
        source_parent.mtime = mtime;
        let to_name = to.name().unwrap_or_default().into();
        let target_parent = self.parent_mut(to)?;
        target_parent.entries.insert(to_name, node);
        target_parent.mtime = mtime;
        if let Some(freed) = freed {
            self.nodes -= 1;
            self.stored_bytes -= freed;
        }
        Ok(())
    }

    /// Stores `bytes` at `path` as `how` says, keeping them in memory.
    pub fn write(
        &mut self,
        path: &VPath,
        bytes: &[u8],
        how: Write,
        mtime: u64,
    ) -> Result<(), VfsError> {
        let name = path.name().ok_or(VfsError::IsADirectory)?;
        let existing = match self.get(path) {
            Some(Node::Dir(_)) => return Err(VfsError::IsADirectory),
            Some(Node::File(_)) if how == Write::Create => return Err(VfsError::Exists),
            Some(Node::File(file)) => Some(file.content.clone()),
            None => None,
        };
        let new_content = match (&existing, how) {
            (Some(old), Write::Append) => {
                let mut joined = Vec::with_capacity((old.size() as usize) + bytes.len());
                let mut chunk = [0u8; 8192];
                let mut at = 0;
                loop {
                    let n = old.read_at(at, &mut chunk);
                    if n == 0 {
                        break;
                    }
                    joined.extend_from_slice(&chunk[..n]);
                    at += n as u64;
                }
                joined.extend_from_slice(bytes);
                Content::Literal(Arc::from(joined))
            }
            _ => Content::literal(bytes),
        };
        let freed = existing.as_ref().map_or(0, Content::stored_bytes);
        let added_nodes = u64::from(existing.is_none());
        let needed = new_content.stored_bytes();
        if self.nodes + added_nodes > self.limits.max_nodes
            || self.stored_bytes - freed + needed > self.limits.max_stored_bytes
        {
            return Err(VfsError::Full);
        }
        let name = String::from(name);
        let parent = self.parent_mut(path)?;
        parent.entries.insert(
            name,
            Node::File(File {
                content: new_content,
                mtime,
            }),
        );
        parent.mtime = mtime;
        self.nodes += added_nodes;
        self.stored_bytes = self.stored_bytes - freed + needed;
        Ok(())
    }

    /// Puts a file with `content` at `path`, making the directories on the
    /// way (for loaders: the demo tree, manifests, snapshots).
    pub fn insert_file(
        &mut self,
        path: &VPath,
        content: Content,
        mtime: u64,
    ) -> Result<(), VfsError> {
        let name = path.name().ok_or(VfsError::IsADirectory)?;
        self.make_dirs(&path.parent(), mtime)?;
        let stored = content.stored_bytes();
        self.check_room(1, stored)?;
        let parent = self.parent_mut(path)?;
        if parent.entries.contains_key(name) {
            return Err(VfsError::Exists);
        }
        parent
            .entries
            .insert(name.into(), Node::File(File { content, mtime }));
        self.nodes += 1;
        self.stored_bytes += stored;
        Ok(())
    }

    /// Dates the node at `path` (the root included), for loaders: a
    /// directory must be dated after its entries are made, since making
    /// each dates it anew.
    pub fn set_mtime(&mut self, path: &VPath, mtime: u64) -> Result<(), VfsError> {
        let Some(name) = path.name() else {
            self.root.mtime = mtime;
            return Ok(());
        };
        match self.parent_mut(path)?.entries.get_mut(name) {
            Some(Node::Dir(dir)) => dir.mtime = mtime,
            Some(Node::File(file)) => file.mtime = mtime,
            None => return Err(VfsError::NotFound),
        }
        Ok(())
    }

    /// Makes `path` and every missing directory above it.
    pub fn make_dirs(&mut self, path: &VPath, mtime: u64) -> Result<(), VfsError> {
        let mut at = VPath::ROOT;
        for name in path.names() {
            at = at.join(name).ok_or(VfsError::NotFound)?;
            match self.get(&at) {
                Some(Node::Dir(_)) => {}
                Some(Node::File(_)) => return Err(VfsError::NotADirectory),
                None => self.mkdir(&at, mtime)?,
            }
        }
        Ok(())
    }

    fn check_room(&self, nodes: u64, bytes: u64) -> Result<(), VfsError> {
        if self.nodes + nodes > self.limits.max_nodes
            || self.stored_bytes + bytes > self.limits.max_stored_bytes
        {
            Err(VfsError::Full)
        } else {
            Ok(())
        }
    }

    fn dir(&self, names: &[String]) -> Option<&Dir> {
        let mut dir = &self.root;
        for name in names {
            match dir.entries.get(name)? {
                Node::Dir(sub) => dir = sub,
                Node::File(_) => return None,
            }
        }
        Some(dir)
    }

    fn parent_mut(&mut self, path: &VPath) -> Result<&mut Dir, VfsError> {
        let names = path.names();
        let dirs = &names[..names.len().saturating_sub(1)];
        let mut dir = &mut self.root;
        for name in dirs {
            match dir.entries.get_mut(name) {
                Some(Node::Dir(sub)) => dir = sub,
                Some(Node::File(_)) => return Err(VfsError::NotADirectory),
                None => return Err(VfsError::NotFound),
            }
        }
        Ok(dir)
    }
}

/// One tree shared by every session of a server. The driver chooses the
/// lock; the session holds it only for one command, never during a
/// transfer (it reads a file through a cloned [`Content`]).
pub trait Store: Send + Sync + fmt::Debug {
    /// Runs `f` with the tree.
    fn with_tree(&self, f: &mut dyn FnMut(&mut Tree));
}

/// A tree behind a standard mutex: the store of the tokio server and of
/// tests. (Without `std`, a driver implements [`Store`] with the lock its
/// platform has.)
#[cfg(feature = "std")]
#[derive(Debug, Default)]
pub struct SharedTree(std::sync::Mutex<Tree>);

#[cfg(feature = "std")]
impl SharedTree {
    pub fn new(tree: Tree) -> SharedTree {
        SharedTree(std::sync::Mutex::new(tree))
    }

    /// A copy of the tree as it is now.
    pub fn snapshot(&self) -> Tree {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Tree> {
        // A panic in another session while it held the tree leaves the
        // tree as it was at that moment, which is still a valid tree.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(feature = "std")]
impl Store for SharedTree {
    fn with_tree(&self, f: &mut dyn FnMut(&mut Tree)) {
        f(&mut self.lock());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn making_an_entry_dates_its_directory_and_set_mtime_dates_it_again() {
        let mut tree = Tree::new(1, TreeLimits::default());
        let docs = VPath::parse("docs").unwrap();
        tree.make_dirs(&docs, 10).unwrap();
        tree.mkdir(&VPath::parse("docs/sub").unwrap(), 20).unwrap();
        assert_eq!(tree.entry(&docs).unwrap().mtime, 20);
        tree.set_mtime(&docs, 10).unwrap();
        tree.set_mtime(&VPath::ROOT, 5).unwrap();
        assert_eq!(tree.entry(&docs).unwrap().mtime, 10);
        assert_eq!(tree.entry(&VPath::ROOT).unwrap().mtime, 5);
        assert_eq!(
            tree.set_mtime(&VPath::parse("missing").unwrap(), 1),
            Err(VfsError::NotFound)
        );
    }
}
