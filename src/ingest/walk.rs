//! Finds the applications in an input folder (REPORT.md layout) and the uploads of each.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::form::FORM_FILE_NAME;

/// Ground truth beside the uploads of generated or labelled applications: not an upload.
pub const TRUTH_FILE_NAME: &str = "truth.json";

/// One application folder and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationDir {
    /// The application's id: its folder name.
    pub id: String,
    pub dir: PathBuf,
    /// The uploads, sorted by their path relative to `dir`.
    pub uploads: Vec<UploadPath>,
    /// `application.json`, when present.
    pub form: Option<PathBuf>,
}

/// One upload file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadPath {
    /// The path relative to the application folder, with `/` separators: the `file` of
    /// the report.
    pub name: String,
    pub path: PathBuf,
}

/// What a walk of the input folder found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// The applications, sorted by id.
    pub applications: Vec<ApplicationDir>,
    /// Things left out, each with the reason, for the run summary.
    pub skipped: Vec<String>,
}

/// Why the input folder could not be walked at all.
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    #[error("{path}: {source}")]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0} is not a folder: give the folder that holds one sub-folder per application")]
    NotAFolder(PathBuf),
}

/// Walks `root`: each sub-folder is one application. A folder holding uploads and no
/// sub-folders is taken as a single application. Files lying loose beside application
/// folders are skipped and listed in [`Discovery::skipped`].
pub fn discover(root: &Path) -> Result<Discovery, DiscoverError> {
    let metadata = std::fs::metadata(root).map_err(|source| DiscoverError::Unreadable {
        path: root.to_path_buf(),
        source,
    })?;
    if !metadata.is_dir() {
        return Err(DiscoverError::NotAFolder(root.to_path_buf()));
    }
    let mut sub_folders = Vec::new();
    let mut loose_files = Vec::new();
    let entries = std::fs::read_dir(root).map_err(|source| DiscoverError::Unreadable {
        path: root.to_path_buf(),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| DiscoverError::Unreadable {
            path: root.to_path_buf(),
            source,
        })?;
        let path = entry.path();
        if is_hidden(&path) {
            continue;
        }
        if path.is_dir() {
            sub_folders.push(path);
        } else {
            loose_files.push(path);
        }
    }
    sub_folders.sort();
    loose_files.sort();

    let mut discovery = Discovery::default();
    if sub_folders.is_empty() && !loose_files.is_empty() {
        discovery.applications.push(read_application(root));
        return Ok(discovery);
    }
    for file in loose_files {
        discovery.skipped.push(format!(
            "{}: a file beside the application folders belongs to no application",
            file.display()
        ));
    }
    discovery.applications = sub_folders
        .iter()
        .map(|dir| read_application(dir))
        .collect();
    Ok(discovery)
}

/// Lists one application folder, recursively. An entry that cannot be listed (no
/// permission) is kept as an upload, so reading it fails visibly as a finding.
fn read_application(dir: &Path) -> ApplicationDir {
    let id = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| dir.display().to_string());
    let mut uploads = Vec::new();
    let mut form = None;
    let walk = WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_hidden(e.path()));
    for entry in walk {
        let (path, is_dir) = match entry {
            Ok(entry) => (entry.path().to_path_buf(), entry.file_type().is_dir()),
            Err(error) => match error.path() {
                Some(path) => (path.to_path_buf(), false),
                None => continue,
            },
        };
        if is_dir {
            continue;
        }
        let name = relative_name(dir, &path);
        match name.as_str() {
            FORM_FILE_NAME => form = Some(path),
            TRUTH_FILE_NAME => {}
            _ => uploads.push(UploadPath { name, path }),
        }
    }
    uploads.sort_by(|a, b| a.name.cmp(&b.name));
    ApplicationDir {
        id,
        dir: dir.to_path_buf(),
        uploads,
        form,
    }
}

fn relative_name(dir: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(dir).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Dot-files (`.DS_Store`, editor swap files) are never uploads.
fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn touch(path: &Path) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, b"x").unwrap();
    }

    #[test]
    fn each_sub_folder_is_an_application_with_sorted_uploads() {
        let root = tempfile::tempdir().unwrap();
        touch(&root.path().join("b/lic.jpg"));
        touch(&root.path().join("b/application.json"));
        touch(&root.path().join("b/truth.json"));
        touch(&root.path().join("a/z.png"));
        touch(&root.path().join("a/extra/id.jpg"));
        touch(&root.path().join("a/.DS_Store"));
        touch(&root.path().join("stray.jpg"));

        let found = discover(root.path()).unwrap();
        let ids: Vec<_> = found.applications.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        let a_uploads: Vec<_> = found.applications[0]
            .uploads
            .iter()
            .map(|u| u.name.as_str())
            .collect();
        assert_eq!(a_uploads, ["extra/id.jpg", "z.png"]);
        assert!(found.applications[0].form.is_none());
        let b = &found.applications[1];
        assert_eq!(
            b.uploads.len(),
            1,
            "truth.json and application.json are not uploads"
        );
        assert!(b.form.is_some());
        assert_eq!(found.skipped.len(), 1);
        assert!(found.skipped[0].contains("stray.jpg"));
    }

    #[test]
    fn a_folder_of_uploads_alone_is_one_application() {
        let root = tempfile::tempdir().unwrap();
        touch(&root.path().join("lic.jpg"));
        touch(&root.path().join("application.json"));
        let found = discover(root.path()).unwrap();
        assert_eq!(found.applications.len(), 1);
        assert_eq!(found.applications[0].uploads.len(), 1);
        assert!(found.applications[0].form.is_some());
    }

    #[test]
    fn a_missing_root_or_a_file_is_an_error() {
        let root = tempfile::tempdir().unwrap();
        assert!(matches!(
            discover(&root.path().join("nope")),
            Err(DiscoverError::Unreadable { .. })
        ));
        touch(&root.path().join("f.jpg"));
        assert!(matches!(
            discover(&root.path().join("f.jpg")),
            Err(DiscoverError::NotAFolder(_))
        ));
    }
}
