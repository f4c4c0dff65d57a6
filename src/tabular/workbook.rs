//! Workbooks through calamine: choosing the reader from the file's bytes, naming the
//! problems (password, truncation, HTML saved as .xls) and choosing the sheet.

use std::io::Cursor;

use calamine::{Data, Ods, Range, Reader, Xls, Xlsb, Xlsx};

use super::{
    cell, text, Format, Limit, ReadOptions, Row, Sheet, TabularError, MAX_COLUMNS, MAX_GRID_CELLS,
    MAX_ROWS, MAX_UNPACKED_BYTES,
};

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// Compound File Binary: .xls, and also what an encrypted .xlsx really is.
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

type Bytes = Cursor<Vec<u8>>;

/// Reads the sheet `options` asks for from a workbook's bytes; `ext` is lower-case.
pub(super) fn read(
    bytes: Vec<u8>,
    ext: &str,
    shown: &str,
    options: &ReadOptions,
) -> Result<Sheet, TabularError> {
    let corrupt = |e: &dyn std::fmt::Display| TabularError::Corrupt {
        path: shown.to_string(),
        detail: e.to_string(),
    };
    if bytes.starts_with(ZIP_MAGIC) {
        check_unpacked_size(&bytes, shown)?;
        let data = Cursor::new(bytes);
        return match ext {
            "ods" => from_reader::<Ods<Bytes>>(data, Format::Ods, shown, options, &corrupt),
            "xlsb" => from_reader::<Xlsb<Bytes>>(data, Format::Xlsb, shown, options, &corrupt),
            _ => from_reader::<Xlsx<Bytes>>(data, Format::Xlsx, shown, options, &corrupt),
        };
    }
    if bytes.starts_with(CFB_MAGIC) {
        let data = Cursor::new(bytes);
        return match ext {
            "xls" => from_reader::<Xls<Bytes>>(data, Format::Xls, shown, options, &corrupt),
            // An encrypted .xlsx is a CFB container; the Xlsx reader names it.
            _ => from_reader::<Xlsx<Bytes>>(data, Format::Xlsx, shown, options, &corrupt),
        };
    }
    if ext == "xls" {
        return disguised_xls(&bytes, shown);
    }
    if bytes.len() < 4 && ZIP_MAGIC.starts_with(&bytes) {
        return Err(corrupt(&"文件只有开头几个字节"));
    }
    Err(corrupt(&"内容不是 Excel 或 ODS 格式"))
}

/// Many student systems "export to Excel" as an HTML page or tab-separated text named
/// .xls. Text we can read; HTML we name so the user knows to re-save it.
fn disguised_xls(bytes: &[u8], shown: &str) -> Result<Sheet, TabularError> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with('<') || head.contains("<html") || head.contains("<table") {
        return Err(TabularError::HtmlDisguisedAsXls(shown.to_string()));
    }
    if bytes.iter().take(4096).any(|b| *b == 0) && !bytes.starts_with(&[0xFF, 0xFE]) {
        return Err(TabularError::Corrupt {
            path: shown.to_string(),
            detail: "内容不是 Excel 格式".into(),
        });
    }
    text::read(bytes, std::path::Path::new(shown))
}

/// Refuses a zip whose parts would unpack to more than the budget, before unpacking.
/// (A zip the zip reader cannot list is left to calamine, which names the damage.)
fn check_unpacked_size(bytes: &[u8], shown: &str) -> Result<(), TabularError> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    // The central directory's sizes (also when the parts use data descriptors).
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        if let Ok(part) = archive.by_index_raw(i) {
            total = total.saturating_add(part.size());
        }
    }
    if total > MAX_UNPACKED_BYTES {
        return Err(TabularError::TooLarge {
            path: shown.to_string(),
            limit: Limit::Unpacked,
        });
    }
    Ok(())
}

/// Where a sheet's non-empty cells lie, found by streaming them without building the
/// grid, so a sheet too large for memory is refused before calamine allocates it.
trait Extent {
    fn check_extent(&mut self, name: &str, shown: &str) -> Result<(), TabularError>;
}

/// Running bounds of the non-empty cells seen so far.
#[derive(Default)]
struct Bounds {
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
}

impl Bounds {
    fn add(&mut self, (row, col): (u32, u32)) -> Option<Limit> {
        if row >= MAX_ROWS {
            return Some(Limit::Rows);
        }
        if col >= MAX_COLUMNS {
            return Some(Limit::Columns);
        }
        let widen = |b: Option<(u32, u32)>, v: u32| match b {
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
            None => Some((v, v)),
        };
        self.rows = widen(self.rows, row);
        self.cols = widen(self.cols, col);
        let span = |b: Option<(u32, u32)>| b.map_or(0, |(lo, hi)| u64::from(hi - lo) + 1);
        (span(self.rows) * span(self.cols) > MAX_GRID_CELLS).then_some(Limit::GridCells)
    }
}

macro_rules! streamed_extent {
    ($reader:ty) => {
        impl Extent for $reader {
            fn check_extent(&mut self, name: &str, shown: &str) -> Result<(), TabularError> {
                let corrupt = |e: &dyn std::fmt::Display| TabularError::Corrupt {
                    path: shown.to_string(),
                    detail: e.to_string(),
                };
                // Not a worksheet (a chart sheet): calamine's range reader handles it.
                let Ok(mut cells) = self.worksheet_cells_reader(name) else {
                    return Ok(());
                };
                let mut bounds = Bounds::default();
                while let Some(c) = cells.next_cell().map_err(|e| corrupt(&e))? {
                    if matches!(c.get_value(), calamine::DataRef::Empty) {
                        continue;
                    }
                    if let Some(limit) = bounds.add(c.get_position()) {
                        return Err(TabularError::TooLarge {
                            path: shown.to_string(),
                            limit,
                        });
                    }
                }
                Ok(())
            }
        }
    };
}
streamed_extent!(Xlsx<Bytes>);
streamed_extent!(Xlsb<Bytes>);

/// .xls cannot exceed 65,536 × 256 cells; calamine caps .ods at 100 million cells itself.
impl Extent for Xls<Bytes> {
    fn check_extent(&mut self, _: &str, _: &str) -> Result<(), TabularError> {
        Ok(())
    }
}
impl Extent for Ods<Bytes> {
    fn check_extent(&mut self, _: &str, _: &str) -> Result<(), TabularError> {
        Ok(())
    }
}

fn from_reader<R>(
    data: Bytes,
    format: Format,
    shown: &str,
    options: &ReadOptions,
    corrupt: &dyn Fn(&dyn std::fmt::Display) -> TabularError,
) -> Result<Sheet, TabularError>
where
    R: Reader<Bytes> + Extent,
    R::Error: std::fmt::Display,
{
    let mut book = R::new(data).map_err(|e| open_error(&e, shown, corrupt))?;
    let sheet_names = book.sheet_names();
    let (name, range) = match &options.sheet {
        Some(wanted) => {
            let name = sheet_names
                .iter()
                .find(|n| n.trim() == wanted.trim())
                .cloned()
                .ok_or_else(|| TabularError::NoSuchSheet {
                    wanted: wanted.clone(),
                    available: sheet_names.clone(),
                })?;
            book.check_extent(&name, shown)?;
            let range = book.worksheet_range(&name).map_err(|e| corrupt(&e))?;
            (name, range)
        }
        None => first_with_data(&mut book, &sheet_names, shown, corrupt)?,
    };
    Ok(Sheet {
        format,
        sheet_names,
        name,
        encoding: None,
        rows: rows_of(range),
    })
}

/// A password error names the password; any other failure to open is damage.
fn open_error(
    e: &dyn std::fmt::Display,
    shown: &str,
    corrupt: &dyn Fn(&dyn std::fmt::Display) -> TabularError,
) -> TabularError {
    if e.to_string().contains("password protected") {
        TabularError::Encrypted(shown.to_string())
    } else {
        corrupt(e)
    }
}

fn first_with_data<R>(
    book: &mut R,
    names: &[String],
    shown: &str,
    corrupt: &dyn Fn(&dyn std::fmt::Display) -> TabularError,
) -> Result<(String, Range<Data>), TabularError>
where
    R: Reader<Bytes> + Extent,
    R::Error: std::fmt::Display,
{
    let mut first = None;
    for name in names {
        book.check_extent(name, shown)?;
        let range = book.worksheet_range(name).map_err(|e| corrupt(&e))?;
        if range
            .used_cells()
            .any(|(_, _, c)| !matches!(c, Data::Empty))
        {
            return Ok((name.clone(), range));
        }
        first.get_or_insert((name.clone(), range));
    }
    // No sheet has data: return the first so the caller reports "no data".
    first.ok_or_else(|| corrupt(&"工作簿中没有工作表"))
}

/// The range's non-blank rows, with absolute row numbers and cells from column A.
fn rows_of(mut range: Range<Data>) -> Vec<Row> {
    let Some((row0, col0)) = range.start() else {
        return Vec::new();
    };
    let mut rows = Vec::with_capacity(range.height());
    for i in 0..range.height() {
        let cells_in = &mut range[i];
        let last = cells_in.iter().rposition(|c| !matches!(c, Data::Empty));
        let Some(last) = last else { continue };
        let mut cells = Vec::with_capacity(col0 as usize + last + 1);
        cells.resize(col0 as usize, String::new());
        cells.extend(cells_in[..=last].iter_mut().map(cell::data_text));
        if cells.iter().all(String::is_empty) {
            continue;
        }
        rows.push(Row {
            number: row0 + i as u32 + 1,
            cells,
        });
    }
    rows
}
