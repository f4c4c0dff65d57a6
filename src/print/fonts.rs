//! Chinese fonts for printing: finding one on Windows, macOS or Linux (or the file chosen
//! in 设置), resolving characters to glyphs with a Latin fallback, and subsetting exactly
//! the glyphs a document uses so a 1,000-page file stays small.
//!
//! printpdf 0.12 embeds whole fonts unless built with its html feature (a 26 MB .ttc per
//! file), so this module subsets with `subsetter` and hands printpdf a ready
//! [`printpdf::ParsedFont`] whose cmap and widths point at the subset's glyph ids.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use thiserror::Error;

/// Errors from finding, reading or embedding a font.
#[derive(Debug, Error)]
pub enum FontError {
    #[error(
        "没有找到中文字体，无法生成 PDF。请安装一种中文字体后重试：Windows 自带宋体、黑体或微软雅黑；\
         macOS 自带宋体、苹方；Linux 请安装 fonts-noto-cjk（思源宋体/思源黑体）或 fonts-wqy-microhei\
         （文泉驿微米黑）。也可以在“设置”中选择一个中文字体文件（.ttf/.otf/.ttc）。"
    )]
    NoChineseFont,
    #[error("无法读取字体文件 {path}：{detail}。请检查路径，或在“设置”中重新选择字体文件。")]
    Read { path: PathBuf, detail: String },
    #[error("字体文件 {0} 不是可用的 TrueType/OpenType 字体。请选择 .ttf、.otf 或 .ttc 文件。")]
    Parse(PathBuf),
    #[error("字体文件 {0} 不含中文字形。请选择一个中文字体，如宋体、黑体、思源宋体。")]
    NotChinese(PathBuf),
    #[error("字体 {name} 无法嵌入 PDF（子集化失败：{detail}）。请在“设置”中换一个字体文件。")]
    Subset { name: String, detail: String },
}

/// What a piece of text is set in: body text in a serif (宋体-like) face, titles and
/// table headers in a sans (黑体-like) face when the machine has both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Body,
    Heading,
}

/// Where to look for fonts. [`FontSearch::system`] knows the usual folders of each OS;
/// `override_path` (the file chosen in 设置) wins over all of them.
#[derive(Debug, Clone, Default)]
pub struct FontSearch {
    pub override_path: Option<PathBuf>,
    pub dirs: Vec<PathBuf>,
}

/// Serif candidates (宋体-like), best first, as paths relative to a font folder.
const SERIF: &[&str] = &[
    "simsun.ttc",
    "SimSun.ttc",
    "simsun.ttf",
    "STSONG.TTF",
    "simfang.ttf",
    "Supplemental/Songti.ttc",
    "Songti.ttc",
    "opentype/noto/NotoSerifCJK-Regular.ttc",
    "noto-cjk/NotoSerifCJK-Regular.ttc",
    "google-noto-cjk/NotoSerifCJK-Regular.ttc",
    "opentype/noto/NotoSerifCJKsc-Regular.otf",
    "noto/NotoSerifCJK-Regular.ttc",
    "truetype/arphic/uming.ttc",
];

/// Sans candidates (黑体-like), best first; bold faces first because they set titles.
const SANS: &[&str] = &[
    "msyhbd.ttc",
    "msyhbd.ttf",
    "simhei.ttf",
    "SimHei.ttf",
    "msyh.ttc",
    "msyh.ttf",
    "PingFang.ttc",
    "STHeiti Medium.ttc",
    "STHeiti Light.ttc",
    "Hiragino Sans GB.ttc",
    "opentype/noto/NotoSansCJK-Bold.ttc",
    "noto-cjk/NotoSansCJK-Bold.ttc",
    "google-noto-cjk/NotoSansCJK-Bold.ttc",
    "opentype/noto/NotoSansCJK-Regular.ttc",
    "noto-cjk/NotoSansCJK-Regular.ttc",
    "google-noto-cjk/NotoSansCJK-Regular.ttc",
    "opentype/noto/NotoSansCJKsc-Regular.otf",
    "truetype/wqy/wqy-zenhei.ttc",
    "truetype/wqy/wqy-microhei.ttc",
    "wqy-microhei/wqy-microhei.ttc",
    "wqy-zenhei/wqy-zenhei.ttc",
    "truetype/droid/DroidSansFallbackFull.ttf",
    "google-droid-sans-fonts/DroidSansFallbackFull.ttf",
];

/// Latin faces used only when the Chinese face lacks ASCII (Droid Sans Fallback).
const LATIN: &[&str] = &[
    "arial.ttf",
    "Supplemental/Arial.ttf",
    "Helvetica.ttc",
    "truetype/dejavu/DejaVuSans.ttf",
    "dejavu/DejaVuSans.ttf",
    "truetype/liberation/LiberationSans-Regular.ttf",
    "liberation-sans/LiberationSans-Regular.ttf",
];

impl FontSearch {
    /// The font folders of Windows, macOS and Linux (only existing ones matter).
    pub fn system() -> FontSearch {
        let mut dirs = Vec::new();
        let windir =
            std::env::var_os("WINDIR").map_or_else(|| PathBuf::from(r"C:\Windows"), PathBuf::from);
        dirs.push(windir.join("Fonts"));
        if let Some(local) = std::env::var_os("LOCALAPPDATA") {
            dirs.push(PathBuf::from(local).join(r"Microsoft\Windows\Fonts"));
        }
        dirs.extend(["/System/Library/Fonts", "/Library/Fonts"].map(PathBuf::from));
        if let Some(home) = dirs::home_dir() {
            dirs.push(home.join("Library/Fonts"));
            dirs.push(home.join(".local/share/fonts"));
            dirs.push(home.join(".fonts"));
        }
        dirs.extend(["/usr/share/fonts", "/usr/local/share/fonts"].map(PathBuf::from));
        FontSearch {
            override_path: None,
            dirs,
        }
    }

    /// The same folders with the user's chosen file on top.
    pub fn with_override(mut self, path: Option<PathBuf>) -> FontSearch {
        self.override_path = path;
        self
    }

    fn first(&self, names: &[&str]) -> Option<PathBuf> {
        names
            .iter()
            .flat_map(|n| self.dirs.iter().map(move |d| d.join(n)))
            .find(|p| p.is_file())
    }

    /// Loads the fonts for a document: the chosen file for everything, or the best serif
    /// for body text and the best sans for headings, plus a Latin face when needed.
    pub fn load(&self) -> Result<FontSet, FontError> {
        let mut faces = Vec::new();
        if let Some(path) = &self.override_path {
            let face = Face::load(path)?;
            if !face.covers('中') {
                return Err(FontError::NotChinese(path.clone()));
            }
            faces.push(face);
        } else {
            for names in [SERIF, SANS] {
                if let Some(path) = self.first(names) {
                    // A found file that fails to parse is skipped, not fatal: another
                    // candidate may still do.
                    if let Ok(face) = Face::load(&path) {
                        if face.covers('中') {
                            faces.push(face);
                        }
                    }
                }
            }
        }
        if faces.is_empty() {
            return Err(FontError::NoChineseFont);
        }
        let body = 0;
        let heading = faces.len() - 1;
        let mut set = FontSet {
            body: vec![body],
            heading: vec![heading],
            faces,
        };
        if !set.faces.iter().all(|f| f.covers('A') && f.covers('0')) {
            if let Some(face) = self.first(LATIN).and_then(|p| Face::load(&p).ok()) {
                let i = set.faces.len();
                set.faces.push(face);
                set.body.push(i);
                set.heading.push(i);
            }
        }
        // Each chain also falls back on the other Chinese face for a rare character.
        if heading != body {
            set.body.push(heading);
            set.heading.push(body);
        }
        Ok(set)
    }
}

/// One face of a font file, with the bytes it came from.
#[derive(Debug, Clone)]
pub struct Face {
    pub path: PathBuf,
    pub index: u32,
    /// Family name as the font gives it, e.g. "Noto Serif CJK SC".
    pub family: String,
    postscript: String,
    data: Arc<Vec<u8>>,
}

impl Face {
    /// Reads a font file and picks its Simplified Chinese face (a .ttc holds several).
    pub fn load(path: &Path) -> Result<Face, FontError> {
        let data = std::fs::read(path).map_err(|e| FontError::Read {
            path: path.to_path_buf(),
            detail: e.to_string(),
        })?;
        let count = ttf_parser::fonts_in_collection(&data).unwrap_or(1);
        let mut chosen = None;
        for index in 0..count {
            let Ok(face) = ttf_parser::Face::parse(&data, index) else {
                continue;
            };
            let family = name(&face, ttf_parser::name_id::TYPOGRAPHIC_FAMILY)
                .or_else(|| name(&face, ttf_parser::name_id::FAMILY))
                .unwrap_or_default();
            let postscript = name(&face, ttf_parser::name_id::POST_SCRIPT_NAME)
                .unwrap_or_else(|| "ChineseFont".into());
            let simplified = is_simplified(&family);
            if chosen.is_none() || simplified {
                chosen = Some((index, family, postscript));
            }
            if simplified {
                break;
            }
        }
        let (index, family, postscript) =
            chosen.ok_or_else(|| FontError::Parse(path.to_path_buf()))?;
        Ok(Face {
            path: path.to_path_buf(),
            index,
            family,
            postscript,
            data: Arc::new(data),
        })
    }

    /// The parsed face; parsing only reads the table directory, so this is cheap.
    pub fn parse(&self) -> Option<ttf_parser::Face<'_>> {
        ttf_parser::Face::parse(&self.data, self.index).ok()
    }

    pub fn covers(&self, c: char) -> bool {
        self.parse()
            .and_then(|f| f.glyph_index(c))
            .is_some_and(|g| g.0 != 0)
    }
}

fn name(face: &ttf_parser::Face<'_>, id: u16) -> Option<String> {
    let names = face.names();
    let english = names
        .into_iter()
        .filter(|n| n.name_id == id && n.is_unicode())
        .find(|n| n.language() == ttf_parser::Language::English_UnitedStates);
    english
        .or_else(|| {
            names
                .into_iter()
                .find(|n| n.name_id == id && n.is_unicode())
        })
        .and_then(|n| n.to_string())
}

/// True for the Simplified Chinese member of a CJK collection ("Noto Serif CJK SC",
/// "PingFang SC", "Songti SC", "Heiti SC").
fn is_simplified(family: &str) -> bool {
    family.ends_with(" SC") || family.contains(" SC ") || family.ends_with(" GB")
}

/// The faces of a document and, per [`Role`], the order to try them for a character.
#[derive(Debug, Clone)]
pub struct FontSet {
    pub faces: Vec<Face>,
    body: Vec<usize>,
    heading: Vec<usize>,
}

impl FontSet {
    /// Fonts found on this machine, or the file chosen in 设置.
    pub fn discover(override_path: Option<PathBuf>) -> Result<FontSet, FontError> {
        FontSearch::system().with_override(override_path).load()
    }

    pub fn chain(&self, role: Role) -> &[usize] {
        match role {
            Role::Body => &self.body,
            Role::Heading => &self.heading,
        }
    }

    /// Parsed views of every face, indexed like `faces`.
    pub fn parsed(&self) -> Vec<Option<ttf_parser::Face<'_>>> {
        self.faces.iter().map(Face::parse).collect()
    }

    /// Describes the faces in use, e.g. for `--json` output and the 设置 page.
    pub fn describe(&self) -> Vec<String> {
        self.faces
            .iter()
            .map(|f| format!("{}（{}）", f.family, f.path.display()))
            .collect()
    }
}

/// One face cut down to the characters a document uses, ready for printpdf.
pub struct Subset {
    pub font: printpdf::ParsedFont,
}

/// Subsets `face` to `chars` (those it has glyphs for) and builds printpdf's font with
/// a cmap and widths keyed by the subset's glyph ids.
pub fn subset(face: &Face, chars: &BTreeSet<char>) -> Result<Subset, FontError> {
    let fail = |detail: String| FontError::Subset {
        name: face.family.clone(),
        detail,
    };
    let parsed = face.parse().ok_or_else(|| fail("无法解析字体".into()))?;
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut old_of: BTreeMap<char, u16> = BTreeMap::new();
    for &c in chars {
        if let Some(g) = parsed.glyph_index(c).filter(|g| g.0 != 0) {
            remapper.remap(g.0);
            old_of.insert(c, g.0);
        }
    }
    let bytes =
        subsetter::subset(&face.data, face.index, &remapper).map_err(|e| fail(e.to_string()))?;
    let mut codepoint_to_glyph = BTreeMap::new();
    let mut glyph_widths = BTreeMap::new();
    for (c, old) in &old_of {
        let Some(new) = remapper.get(*old) else {
            continue;
        };
        codepoint_to_glyph.insert(*c as u32, new);
        let advance = parsed
            .glyph_hor_advance(ttf_parser::GlyphId(*old))
            .unwrap_or(0);
        glyph_widths.insert(new, advance);
    }
    let bbox = parsed.global_bounding_box();
    let upm = parsed.units_per_em();
    let is_cff = parsed.tables().cff.is_some();
    let font = printpdf::ParsedFont {
        original_bytes: bytes,
        font_index: 0,
        // The six-letter tag marks a subset (ISO 32000-1 9.6.4); `pdffonts` reads it.
        font_name: Some(format!("{}+{}", subset_tag(&old_of), face.postscript)),
        codepoint_to_glyph,
        glyph_widths,
        units_per_em: upm,
        font_metrics: printpdf::FontMetrics {
            ascent: parsed.ascender(),
            descent: parsed.descender(),
        },
        font_type: if is_cff {
            printpdf::FontType::OpenTypeCFF(())
        } else {
            printpdf::FontType::TrueType
        },
        pdf_font_metrics: printpdf::PdfFontMetricsStub {
            units_per_em: upm,
            x_min: bbox.x_min,
            y_min: bbox.y_min,
            x_max: bbox.x_max,
            y_max: bbox.y_max,
            caret_slope_rise: 1,
            caret_slope_run: 0,
            us_weight_class: parsed.weight().to_number(),
        },
    };
    Ok(Subset { font })
}

/// Six capital letters derived from the glyph set, so the same content gets the same tag.
fn subset_tag(glyphs: &BTreeMap<char, u16>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for g in glyphs.values() {
        for b in g.to_le_bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 8)) % 26) as u8))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_font_is_a_clear_message() {
        let search = FontSearch {
            override_path: None,
            dirs: vec![PathBuf::from("/nonexistent-font-dir")],
        };
        let e = search.load().unwrap_err();
        assert!(matches!(e, FontError::NoChineseFont));
        assert!(e.to_string().contains("fonts-noto-cjk"), "{e}");
    }

    #[test]
    fn missing_override_names_the_file() {
        let e = FontSet::discover(Some(PathBuf::from("/nope/宋体.ttf"))).unwrap_err();
        assert!(e.to_string().contains("/nope/宋体.ttf"), "{e}");
    }

    #[test]
    fn picks_the_simplified_face_of_a_collection() {
        let path = Path::new("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc");
        if !path.exists() {
            return;
        }
        let face = Face::load(path).unwrap();
        assert_eq!(face.family, "Noto Serif CJK SC");
        assert!(face.covers('签') && face.covers('7'));
    }

    #[test]
    fn subset_is_small_and_maps_every_char() {
        let Ok(set) = FontSet::discover(None) else {
            return;
        };
        let chars: BTreeSet<char> = "签到表学号0123456789".chars().collect();
        let s = subset(&set.faces[0], &chars).unwrap();
        assert!(
            s.font.original_bytes.len() < 60_000,
            "{}",
            s.font.original_bytes.len()
        );
        for c in &chars {
            assert!(s.font.codepoint_to_glyph.contains_key(&(*c as u32)), "{c}");
        }
        assert!(s.font.font_name.unwrap().contains('+'));
    }
}
