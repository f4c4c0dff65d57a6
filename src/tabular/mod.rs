//! Reading tabular files as the office gets them: one sheet of a workbook (.xlsx, .xlsm,
//! .xls, .xlsb, .ods) or a delimited text file (.csv, .txt in UTF-8, UTF-16 or GBK),
//! turned into rows of trimmed text cells numbered as Excel shows them, plus finding the
//! header row under title rows.
//!
//! Generic on purpose: the roster import and the agency-list reconciliation both read
//! through it and bring their own idea of what a header looks like.
//!
//! ```no_run
//! use rollcall::tabular::{self, ReadOptions};
//! let sheet = tabular::read(std::path::Path::new("名单.xlsx"), &ReadOptions::default())?;
//! // The header is the first row (of the first 30) with the most cells a caller knows.
//! let known = |h: &str| matches!(h, "学号" | "姓名" | "班级");
//! if let Some(h) = tabular::find_header(&sheet.rows, known, 2) {
//!     println!("header on row {}", sheet.rows[h].number);
//! }
//! # Ok::<(), rollcall::tabular::TabularError>(())
//! ```
//!
//! **Invariant:** reading never writes anything; a file that cannot be read whole is an
//! error, never a partial sheet.
//!
//! **Memory budget:** reading one file stays under about 1 GB whatever the file holds:
//! the file itself (at most [`MAX_FILE_BYTES`], 200 MB; a text file at most
//! [`MAX_TEXT_FILE_BYTES`], 32 MB, and 5,000,000 cells) is held in memory; a workbook's
//! parts unpack to at most [`MAX_UNPACKED_BYTES`] (256 MB, streamed except the shared
//! strings and a sheet of 4–96 MB, held whole to be read in two halves at once); the
//! used range of the sheet is at most [`MAX_GRID_CELLS`] cells (32 bytes
//! each in calamine's grid: 320 MB) within Excel's own [`MAX_ROWS`] × [`MAX_COLUMNS`].
//! Larger files are refused with a message that states the limit, before they are
//! unpacked. Importing a typical 30,000-row .xlsx roster peaks at about 100 MB
//! (`rollcall roster import`, measured; 77 MB when its sheet was streamed in one pass).

mod cell;
mod header;
mod normalize;
mod text;
mod workbook;
mod write;
mod xlsx_read;
mod xlsx_scan;

use std::path::Path;

use serde::Serialize;
use thiserror::Error;

pub use cell::clean_text;
pub use header::{find_header, normalize_header, HEADER_SCAN_ROWS};
pub use normalize::{
    code_key, formula_error, id_key, is_invisible, is_scientific, normalize_code, normalize_name,
};
pub use write::{defuse_formula, CsvOut};

/// Largest file read: 200 MB (a 50,000-student roster is a few MB).
pub const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;
/// Largest text file (.csv, .txt) read: 32 MB. A text file is held three times over
/// (bytes, decoded text, cells), so 200 MB of CSV took 1.7 GB; a 50,000-student GBK
/// roster is about 8 MB.
pub const MAX_TEXT_FILE_BYTES: u64 = 32 * 1024 * 1024;
/// Largest total size of a workbook's unpacked parts: 256 MB (guards against zip bombs;
/// calamine holds the shared strings whole: 250 MB of them peaked at 670 MB, 1 GB at
/// over 3 GB). A 50,000-student roster unpacks to 29 MB.
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;
/// Excel's row limit: 1,048,576.
pub const MAX_ROWS: u32 = 1_048_576;
/// Excel's column limit: 16,384 (XFD).
pub const MAX_COLUMNS: u32 = 16_384;
/// Largest used range (rows × columns, blanks inside it included): 5,000,000 cells (32
/// bytes each in calamine's grid, then a `String` each); a 50,000 × 16 roster is 800,000.
pub const MAX_GRID_CELLS: u64 = 5_000_000;
/// Longest cell: 32,767 characters, Excel's own limit, so no roster or list a clerk
/// could have saved is refused, and a text file cannot hold a 10 MB "cell".
pub const MAX_CELL_CHARS: usize = 32_767;

/// The kinds of file we read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
#[ts(rename = "FileFormat")]
pub enum Format {
    Xlsx,
    Xls,
    Xlsb,
    Ods,
    /// Delimited text (.csv or .txt).
    Csv,
}

/// Which sheet to read.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The sheet's name; `None` picks the first sheet that has data.
    pub sheet: Option<String>,
}

/// One non-blank row: its number as Excel shows it (1-based) and its cells from column A,
/// each trimmed (full-width spaces too); numbers without a needless `.0`, dates ISO.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(rename = "SheetRow")]
pub struct Row {
    pub number: u32,
    pub cells: Vec<String>,
}

impl Row {
    /// The cell in column `index` (0 = A), or "" past the row's end.
    pub fn cell(&self, index: usize) -> &str {
        self.cells.get(index).map_or("", String::as_str)
    }
}

/// A sheet read whole: blank rows dropped, the others in order.
#[derive(Debug, Clone, Serialize)]
pub struct Sheet {
    pub format: Format,
    /// All sheet names of the workbook (one, named after the file, for text files).
    pub sheet_names: Vec<String>,
    /// The sheet that was read.
    pub name: String,
    /// Text encoding of a text file ("UTF-8", "GBK", "UTF-16LE" …); `None` for workbooks.
    pub encoding: Option<String>,
    pub rows: Vec<Row>,
    /// Cells given the value of the merged range they belong to (Excel keeps it only in
    /// the range's first cell): ranges spanning several rows are filled down.
    pub merged_filled: usize,
    /// Rows hidden in Excel, numbered as Excel shows them, ascending.
    pub hidden_rows: Vec<u32>,
    /// Cells that held a formula error (#N/A, #REF! …) instead of a value. They are
    /// blank in `rows`: an error is never data.
    pub formula_errors: Vec<CellError>,
}

impl Sheet {
    /// True when Excel hides row `number`.
    pub fn is_hidden(&self, number: u32) -> bool {
        self.hidden_rows.binary_search(&number).is_ok()
    }

    /// The formula error that stood in row `number`, column `index` (0 = A), if any.
    pub fn formula_error_at(&self, number: u32, index: usize) -> Option<&'static str> {
        self.formula_errors
            .iter()
            .find(|e| e.row == number && e.column == index)
            .map(|e| e.error)
    }
}

/// A cell that showed a formula error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellError {
    /// The row as Excel numbers it.
    pub row: u32,
    /// 0 = column A.
    pub column: usize,
    /// "#N/A", "#REF!" …
    pub error: &'static str,
}

/// Why a file could not be read. Each message says what to do about it.
#[derive(Debug, Error)]
pub enum TabularError {
    #[error("找不到文件 {0}，请检查路径。")]
    NotFound(String),
    #[error("无法读取文件 {path}：{source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("文件 {0} 是空的，请重新导出。")]
    Empty(String),
    #[error(
        "不支持的文件类型「{0}」。请使用 Excel 文件（.xlsx .xlsm .xls .xlsb）、\
         WPS/LibreOffice 表格（.ods）或 CSV 文本（.csv .txt）。"
    )]
    UnsupportedType(String),
    #[error(
        "文件 {0} 有密码保护，请在 Excel 中取消密码（文件 → 信息 → 保护工作簿）后另存再导入。"
    )]
    Encrypted(String),
    #[error(
        "文件 {0} 实际是网页（HTML）格式，只是扩展名为 .xls。请用 Excel 或 WPS 打开后\
         另存为 .xlsx 再导入。"
    )]
    HtmlDisguisedAsXls(String),
    #[error(
        "文件 {path} 已损坏或不完整（{detail}）。请重新导出或重新复制该文件；\
         也可以用 Excel 打开后另存为 .xlsx。"
    )]
    Corrupt { path: String, detail: String },
    #[error("文件中没有名为「{wanted}」的工作表。现有工作表：{}", .available.join("、"))]
    NoSuchSheet {
        wanted: String,
        available: Vec<String>,
    },
    #[error("文件 {0} 的工作表中没有任何数据。")]
    NoData(String),
    #[error("CSV 文件第 {row} 行无法解析：{detail}")]
    Csv { row: u64, detail: String },
    #[error(
        "文件 {path} 有 {size_mb} MB，超过导入上限 {limit_mb} MB。请只保留名单所在的工作表和\
         需要的列，另存后再导入。"
    )]
    FileTooLarge {
        path: String,
        size_mb: u64,
        limit_mb: u64,
    },
    #[error("文件 {path} 超出导入上限：{limit}。请只保留需要的行和列，另存后再导入。")]
    TooLarge { path: String, limit: Limit },
}

/// Which size limit a file went over (each message states the limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Rows,
    Columns,
    GridCells,
    Unpacked,
    CellLength,
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Limit::Rows => "行数超过 1,048,576 行",
            Limit::Columns => "列数超过 16,384 列",
            Limit::GridCells => "表格区域（行数 × 列数）超过 5,000,000 个单元格",
            Limit::Unpacked => "解压后超过 256 MB（文件可能已损坏或被恶意构造）",
            Limit::CellLength => "有单元格超过 32,767 个字符（Excel 单元格的上限）",
        })
    }
}

/// Reads one sheet of `path` (see the module doc for the formats): the one `options`
/// names, else the first with data.
pub fn read(path: &Path, options: &ReadOptions) -> Result<Sheet, TabularError> {
    let which = match &options.sheet {
        Some(name) => workbook::Which::Named(name),
        None => workbook::Which::FirstWithData,
    };
    let mut sheets = read_sheets(path, which)?;
    let sheet = sheets.swap_remove(0);
    if sheet.rows.is_empty() {
        return Err(TabularError::NoData(path.display().to_string()));
    }
    Ok(sheet)
}

/// Reads every sheet of `path`, in the workbook's order (a text file is one sheet), so a
/// caller can find the sheet that holds its header, or several with the same header.
/// Sheets without data are included (with no rows); a file with no data at all is an
/// error.
pub fn read_all(path: &Path) -> Result<Vec<Sheet>, TabularError> {
    let sheets = read_sheets(path, workbook::Which::All)?;
    if sheets.iter().all(|s| s.rows.is_empty()) {
        return Err(TabularError::NoData(path.display().to_string()));
    }
    Ok(sheets)
}

fn read_sheets(path: &Path, which: workbook::Which) -> Result<Vec<Sheet>, TabularError> {
    let shown = path.display().to_string();
    let io_error = |source: std::io::Error| match source.kind() {
        std::io::ErrorKind::NotFound => TabularError::NotFound(shown.clone()),
        _ => TabularError::Io {
            path: shown.clone(),
            source,
        },
    };
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let limit = match ext.as_str() {
        "csv" | "txt" => MAX_TEXT_FILE_BYTES,
        _ => MAX_FILE_BYTES,
    };
    let size = std::fs::metadata(path).map_err(io_error)?.len();
    if size > limit {
        let mb = |b: u64| b.div_ceil(1024 * 1024);
        return Err(TabularError::FileTooLarge {
            path: shown,
            size_mb: mb(size),
            limit_mb: mb(limit),
        });
    }
    let bytes = std::fs::read(path).map_err(io_error)?;
    if bytes.is_empty() {
        return Err(TabularError::Empty(shown));
    }
    let sheets = match ext.as_str() {
        "csv" | "txt" => vec![text::read(&bytes, path)?],
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => workbook::read(bytes, &ext, &shown, which)?,
        other => {
            let shown_ext = if other.is_empty() {
                "（无扩展名）".to_string()
            } else {
                format!(".{other}")
            };
            return Err(TabularError::UnsupportedType(shown_ext));
        }
    };
    Ok(sheets)
}

/// True when a cell's text is longer than [`MAX_CELL_CHARS`] (bytes checked first: a
/// character is at most 4 bytes, so most cells need no count).
pub(crate) fn over_cell_limit(text: &str) -> bool {
    text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS
}

/// Column letters as Excel shows them: 0 → "A", 25 → "Z", 26 → "AA".
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_match_excel() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }
}
