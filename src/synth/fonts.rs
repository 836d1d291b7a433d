//! The CJK fonts the generator prints with, loaded once from Debian's `fonts-noto-cjk`.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ab_glyph::FontVec;

/// Where Debian's `fonts-noto-cjk` puts its collections, and the index of the
/// Simplified Chinese face in each (`fc-list -f "%{file} %{index} %{family}\n"`).
const FONT_DIR: &str = "/usr/share/fonts/opentype/noto";
const FACES: [(FontKind, &str, u32); 4] = [
    (FontKind::Sans, "NotoSansCJK-Regular.ttc", 2),
    (FontKind::Serif, "NotoSerifCJK-Regular.ttc", 2),
    (FontKind::SerifBold, "NotoSerifCJK-Bold.ttc", 2),
    (FontKind::Mono, "NotoSansCJK-Regular.ttc", 7),
];

/// The faces documents are printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FontKind {
    /// Field values, ID cards, invoices' printed labels.
    Sans,
    /// Licence labels and body text (宋体-like).
    Serif,
    /// Titles (营业执照, 开户许可证).
    SerifBold,
    /// Machine-printed values: invoice dot-matrix print, ID numbers.
    Mono,
}

/// The loaded faces.
pub struct Fonts {
    sans: FontVec,
    serif: FontVec,
    serif_bold: FontVec,
    mono: FontVec,
}

#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error(
        "cannot read font {path}: {source}; install Debian's fonts-noto-cjk (scripts/setup.sh)"
    )]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("font {path} face {index} is not a usable font")]
    Parse { path: PathBuf, index: u32 },
}

impl Fonts {
    /// The fonts of this machine, loaded on first use and shared afterwards.
    pub fn system() -> Result<&'static Fonts, &'static FontError> {
        static FONTS: OnceLock<Result<Fonts, FontError>> = OnceLock::new();
        FONTS
            .get_or_init(|| Fonts::load(Path::new(FONT_DIR)))
            .as_ref()
    }

    fn load(dir: &Path) -> Result<Fonts, FontError> {
        let face = |kind: FontKind| -> Result<FontVec, FontError> {
            let (_, file, index) = FACES
                .iter()
                .find(|(k, _, _)| *k == kind)
                .expect("every kind has a face");
            let path = dir.join(file);
            let bytes = std::fs::read(&path).map_err(|source| FontError::Read {
                path: path.clone(),
                source,
            })?;
            FontVec::try_from_vec_and_index(bytes, *index).map_err(|_| FontError::Parse {
                path,
                index: *index,
            })
        };
        Ok(Fonts {
            sans: face(FontKind::Sans)?,
            serif: face(FontKind::Serif)?,
            serif_bold: face(FontKind::SerifBold)?,
            mono: face(FontKind::Mono)?,
        })
    }

    pub fn get(&self, kind: FontKind) -> &FontVec {
        match kind {
            FontKind::Sans => &self.sans,
            FontKind::Serif => &self.serif,
            FontKind::SerifBold => &self.serif_bold,
            FontKind::Mono => &self.mono,
        }
    }
}
