//! The uploads' bytes, in a folder addressed by their SHA-256: `DIR/ab/cd/abcd…`. The same
//! bytes are stored once however many applications hold them, a file never changes once
//! written, and reprocessing reads exactly what was uploaded.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::StoreError;
use crate::ingest::lower_hex;

/// Copy buffer: big enough to stream a 10 MB photo in a few reads.
const COPY_BUFFER_BYTES: usize = 256 * 1024;

/// A content-addressed folder of files.
#[derive(Debug, Clone)]
pub struct BlobStore {
    root: PathBuf,
}

/// A file taken into the blob store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBlob {
    pub sha256: String,
    pub size: u64,
}

impl BlobStore {
    pub fn new(root: PathBuf) -> BlobStore {
        BlobStore { root }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the blob with this hash lives (whether or not it is there).
    pub fn path_of(&self, sha256: &str) -> PathBuf {
        let (a, b) = (
            &sha256[..2.min(sha256.len())],
            &sha256[2.min(sha256.len())..4.min(sha256.len())],
        );
        self.root.join(a).join(b).join(sha256)
    }

    /// Copies the file at `source` in, hashing it as it streams (a 200 MB upload never sits
    /// in memory). Written to a temporary file, flushed to disk and renamed, so a blob is
    /// either whole or absent; a full disk fails this call and leaves nothing behind.
    pub fn put_file(&self, source: &Path) -> Result<StoredBlob, StoreError> {
        let mut input = File::open(source).map_err(|e| self.error(source, e))?;
        self.put_reader(&mut input)
    }

    /// As [`BlobStore::put_file`], for bytes already in memory.
    pub fn put_bytes(&self, bytes: &[u8]) -> Result<StoredBlob, StoreError> {
        self.put_reader(&mut &bytes[..])
    }

    fn put_reader(&self, input: &mut dyn Read) -> Result<StoredBlob, StoreError> {
        let staging = self.root.join("tmp");
        std::fs::create_dir_all(&staging).map_err(|e| self.error(&staging, e))?;
        let mut temp =
            tempfile::NamedTempFile::new_in(&staging).map_err(|e| self.error(&staging, e))?;
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        let mut buffer = vec![0u8; COPY_BUFFER_BYTES];
        loop {
            let read = match input.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(self.error(temp.path(), e)),
            };
            hasher.update(&buffer[..read]);
            temp.write_all(&buffer[..read])
                .map_err(|e| self.error(temp.path(), e))?;
            size += read as u64;
        }
        let sha256 = lower_hex(&hasher.finalize());
        let target = self.path_of(&sha256);
        if std::fs::metadata(&target).is_ok_and(|m| m.len() == size) {
            // Same bytes already stored; the temporary file is removed on drop. A file of
            // another size there is damaged and is replaced below.
            return Ok(StoredBlob { sha256, size });
        }
        temp.as_file()
            .sync_all()
            .map_err(|e| self.error(temp.path(), e))?;
        let parent = target.parent().expect("a blob path has a parent");
        std::fs::create_dir_all(parent).map_err(|e| self.error(parent, e))?;
        temp.persist(&target)
            .map_err(|e| self.error(&target, e.error))?;
        Ok(StoredBlob { sha256, size })
    }

    /// Whether the blob is present with the size the database recorded.
    pub fn is_intact(&self, sha256: &str, size: u64) -> bool {
        std::fs::metadata(self.path_of(sha256)).is_ok_and(|m| m.len() == size)
    }

    fn error(&self, path: &Path, source: io::Error) -> StoreError {
        StoreError::Blob {
            path: path.to_path_buf(),
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_bytes_are_stored_once_under_their_hash() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = BlobStore::new(dir.path().join("blobs"));
        let first = blobs.put_bytes(b"licence photo").unwrap();
        let second = blobs.put_bytes(b"licence photo").unwrap();
        assert_eq!(first, second);
        assert_eq!(first.size, 13);
        // sha256("licence photo"), computed independently.
        let expected = crate::ingest::sha256_hex(b"licence photo");
        assert_eq!(first.sha256, expected);
        let path = blobs.path_of(&first.sha256);
        assert_eq!(std::fs::read(&path).unwrap(), b"licence photo");
        assert!(path.starts_with(dir.path().join("blobs").join(&expected[..2])));
        assert!(blobs.is_intact(&first.sha256, 13));
        assert!(!blobs.is_intact(&first.sha256, 12));
        // Nothing is left in the staging folder.
        assert_eq!(
            std::fs::read_dir(dir.path().join("blobs/tmp"))
                .unwrap()
                .count(),
            0
        );
    }

    #[test]
    fn an_empty_file_is_a_blob_like_any_other() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("empty.jpg");
        std::fs::write(&source, b"").unwrap();
        let blobs = BlobStore::new(dir.path().join("blobs"));
        let stored = blobs.put_file(&source).unwrap();
        assert_eq!(stored.size, 0);
        assert!(blobs.is_intact(&stored.sha256, 0));
    }

    #[test]
    fn a_missing_source_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = BlobStore::new(dir.path().join("blobs"));
        let error = blobs.put_file(&dir.path().join("gone.jpg")).unwrap_err();
        assert!(error.to_string().contains("gone.jpg"), "{error}");
    }
}
