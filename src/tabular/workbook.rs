//! Workbooks through calamine: choosing the reader from the file's bytes, naming the
//! problems (password, truncation, HTML saved as .xls) and choosing the sheet.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, Dimensions, Ods, Range, Reader, Xls, Xlsb, Xlsx};

use super::xlsx_read;
use super::xlsx_scan::{self, Bounds, Scan};
use super::{cell, text, CellError, Format, Limit, Row, Sheet, TabularError, MAX_UNPACKED_BYTES};

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// Compound File Binary: .xls, and also what an encrypted .xlsx really is.
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

type Bytes = Cursor<Vec<u8>>;

/// Which sheets of a workbook to read.
#[derive(Debug, Clone, Copy)]
pub(super) enum Which<'a> {
    /// The sheet of that name.
    Named(&'a str),
    /// The first sheet with any data.
    FirstWithData,
    /// Every sheet, in the workbook's order.
    All,
}

/// Reads the sheets `which` asks for from a workbook's bytes; `ext` is lower-case.
pub(super) fn read(
    bytes: Vec<u8>,
    ext: &str,
    shown: &str,
    which: Which,
) -> Result<Vec<Sheet>, TabularError> {
    let corrupt = |e: &dyn std::fmt::Display| TabularError::Corrupt {
        path: shown.to_string(),
        detail: e.to_string(),
    };
    if bytes.starts_with(ZIP_MAGIC) {
        check_unpacked_size(&bytes, shown)?;
        if matches!(ext, "xlsx" | "xlsm") {
            if let Some(sheets) = read_fast(&bytes, shown, which)? {
                return Ok(sheets);
            }
        }
        return read_zip(bytes, ext, shown, which);
    }
    if bytes.starts_with(CFB_MAGIC) {
        let data = Cursor::new(bytes);
        let read = Read {
            shown,
            which,
            corrupt: &corrupt,
        };
        let mut none = HashMap::new();
        return match ext {
            "xls" => read.sheets::<Xls<Bytes>>(data, Format::Xls, &mut none),
            // An encrypted .xlsx is a CFB container; the Xlsx reader names it.
            _ => read.sheets::<Xlsx<Bytes>>(data, Format::Xlsx, &mut none),
        };
    }
    if ext == "xls" {
        return disguised_xls(&bytes, shown).map(|s| vec![s]);
    }
    if bytes.len() < 4 && ZIP_MAGIC.starts_with(&bytes) {
        return Err(corrupt(&"文件只有开头几个字节"));
    }
    Err(corrupt(&"内容不是 Excel 或 ODS 格式"))
}

/// A zip workbook through calamine: a streaming scan first (merges, hidden rows, an
/// .xlsx sheet's extent), then calamine's grid. An .xlsx the one-pass reader leaves, an
/// .ods, an .xlsb.
fn read_zip(
    bytes: Vec<u8>,
    ext: &str,
    shown: &str,
    which: Which,
) -> Result<Vec<Sheet>, TabularError> {
    let corrupt = |e: &dyn std::fmt::Display| TabularError::Corrupt {
        path: shown.to_string(),
        detail: e.to_string(),
    };
    let mut scans = match ext {
        "ods" => xlsx_scan::scan_ods(&bytes, shown)?,
        "xlsb" => HashMap::new(),
        _ => xlsx_scan::scan_all(&bytes, shown)?,
    };
    let data = Cursor::new(bytes);
    let read = Read {
        shown,
        which,
        corrupt: &corrupt,
    };
    match ext {
        "ods" => read.sheets::<Ods<Bytes>>(data, Format::Ods, &mut scans),
        "xlsb" => read.sheets::<Xlsb<Bytes>>(data, Format::Xlsb, &mut scans),
        _ => read.sheets::<Xlsx<Bytes>>(data, Format::Xlsx, &mut scans),
    }
}

/// The one-pass reader (`xlsx_read`); `None` when it leaves the file to calamine.
fn read_fast(bytes: &[u8], shown: &str, which: Which) -> Result<Option<Vec<Sheet>>, TabularError> {
    let Ok(mut book) = xlsx_read::Book::open(bytes) else {
        return Ok(None);
    };
    let names = book.sheet_names();
    select(&names, which, shown, |name| {
        match book.sheet(name, &names) {
            xlsx_read::Outcome::Done(sheet) => Ok(Some(sheet)),
            xlsx_read::Outcome::TooLarge(limit) => Err(TabularError::TooLarge {
                path: shown.to_string(),
                limit,
            }),
            xlsx_read::Outcome::Fallback => Ok(None),
        }
    })
}

/// The sheets `which` asks for among `names`, each read by `load`; `None` as soon as
/// `load` gives up on one.
fn select(
    names: &[String],
    which: Which,
    shown: &str,
    mut load: impl FnMut(&str) -> Result<Option<Sheet>, TabularError>,
) -> Result<Option<Vec<Sheet>>, TabularError> {
    let wanted: Vec<String> = match which {
        Which::Named(wanted) => vec![names
            .iter()
            .find(|n| n.trim() == wanted.trim())
            .cloned()
            .ok_or_else(|| TabularError::NoSuchSheet {
                wanted: wanted.to_string(),
                available: names.to_vec(),
            })?],
        Which::FirstWithData | Which::All => names.to_vec(),
    };
    let mut out = Vec::new();
    for name in wanted {
        let Some(sheet) = load(&name)? else {
            return Ok(None);
        };
        let has_data = !sheet.rows.is_empty();
        out.push(sheet);
        if has_data && matches!(which, Which::FirstWithData) {
            return Ok(Some(out.split_off(out.len() - 1)));
        }
    }
    if out.is_empty() {
        return Err(TabularError::Corrupt {
            path: shown.to_string(),
            detail: "工作簿中没有工作表".into(),
        });
    }
    if matches!(which, Which::FirstWithData) {
        // No sheet has data: the first, so the caller reports "no data".
        out.truncate(1);
    }
    Ok(Some(out))
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
    if bytes.len() as u64 > super::MAX_TEXT_FILE_BYTES {
        let mb = |b: u64| b.div_ceil(1024 * 1024);
        return Err(TabularError::FileTooLarge {
            path: shown.to_string(),
            size_mb: mb(bytes.len() as u64),
            limit_mb: mb(super::MAX_TEXT_FILE_BYTES),
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

/// What calamine's grid does not say about a sheet (merged ranges, hidden rows), found
/// before the grid is built; finding it also refuses a sheet too large for memory.
trait Extras: Sized {
    fn extras(
        &mut self,
        name: &str,
        shown: &str,
        scans: &mut HashMap<String, Scan>,
    ) -> Result<Scan, TabularError>;
}

/// Checks a sheet's extent by streaming its cells without building the grid.
macro_rules! streamed_extent {
    ($book:expr, $name:expr, $shown:expr) => {{
        let corrupt = |e: &dyn std::fmt::Display| TabularError::Corrupt {
            path: $shown.to_string(),
            detail: e.to_string(),
        };
        // Not a worksheet (a chart sheet): calamine's range reader handles it.
        if let Ok(mut cells) = $book.worksheet_cells_reader($name) {
            let mut bounds = Bounds::default();
            while let Some(c) = cells.next_cell().map_err(|e| corrupt(&e))? {
                if matches!(c.get_value(), calamine::DataRef::Empty) {
                    continue;
                }
                if let Some(limit) = bounds.add(c.get_position()) {
                    return Err(TabularError::TooLarge {
                        path: $shown.to_string(),
                        limit,
                    });
                }
            }
        }
    }};
}

/// .xlsx: the scan made before opening (extent, merges, hidden rows); a sheet it could
/// not locate is checked by streaming its cells.
impl Extras for Xlsx<Bytes> {
    fn extras(
        &mut self,
        name: &str,
        shown: &str,
        scans: &mut HashMap<String, Scan>,
    ) -> Result<Scan, TabularError> {
        if let Some(scan) = scans.remove(name) {
            return Ok(scan);
        }
        streamed_extent!(self, name, shown);
        Ok(Scan::default())
    }
}

/// .xlsb: extent only (merges and hidden rows are not read from this rare format).
impl Extras for Xlsb<Bytes> {
    fn extras(
        &mut self,
        name: &str,
        shown: &str,
        _: &mut HashMap<String, Scan>,
    ) -> Result<Scan, TabularError> {
        streamed_extent!(self, name, shown);
        Ok(Scan::default())
    }
}

/// .xls cannot exceed 65,536 × 256 cells; calamine reads its merged ranges.
impl Extras for Xls<Bytes> {
    fn extras(
        &mut self,
        name: &str,
        _: &str,
        _: &mut HashMap<String, Scan>,
    ) -> Result<Scan, TabularError> {
        Ok(Scan {
            merged: self.merge_cells_by_sheet_name(name).unwrap_or_default(),
            hidden_rows: Vec::new(),
        })
    }
}

/// .ods: calamine caps the grid at 100 million cells itself.
impl Extras for Ods<Bytes> {
    fn extras(
        &mut self,
        name: &str,
        _: &str,
        scans: &mut HashMap<String, Scan>,
    ) -> Result<Scan, TabularError> {
        Ok(scans.remove(name).unwrap_or_default())
    }
}

/// One reading of a workbook: which sheets, and how to name damage.
struct Read<'a> {
    shown: &'a str,
    which: Which<'a>,
    corrupt: &'a dyn Fn(&dyn std::fmt::Display) -> TabularError,
}

impl Read<'_> {
    fn sheets<R>(
        &self,
        data: Bytes,
        format: Format,
        scans: &mut HashMap<String, Scan>,
    ) -> Result<Vec<Sheet>, TabularError>
    where
        R: Reader<Bytes> + Extras,
        R::Error: std::fmt::Display,
    {
        let mut book = R::new(data).map_err(|e| open_error(&e, self.shown, self.corrupt))?;
        let names = book.sheet_names();
        let sheets = select(&names, self.which, self.shown, |name| {
            let scan = book.extras(name, self.shown, scans)?;
            let range = book.worksheet_range(name).map_err(|e| (self.corrupt)(&e))?;
            sheet_of(format, &names, name.to_string(), range, scan)
                .ok_or(TabularError::TooLarge {
                    path: self.shown.to_string(),
                    limit: Limit::CellLength,
                })
                .map(Some)
        })?;
        Ok(sheets.unwrap_or_default())
    }
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

/// A sheet from calamine's grid: merged ranges filled, formula errors taken out.
fn sheet_of(
    format: Format,
    names: &[String],
    name: String,
    mut range: Range<Data>,
    scan: Scan,
) -> Option<Sheet> {
    let merged_filled = fill_merged(&mut range, &scan.merged);
    let mut formula_errors = Vec::new();
    let rows = rows_of(range, &mut formula_errors)?;
    Some(Sheet {
        format,
        sheet_names: names.to_vec(),
        name,
        encoding: None,
        rows,
        merged_filled,
        hidden_rows: scan.hidden_rows,
        formula_errors,
    })
}

/// Gives every cell of a merged range that spans several rows the value of the range's
/// first cell (where Excel keeps it): 学院 merged over a group of students belongs to
/// each of them. Ranges within one row (a title across the columns, a group header) are
/// left alone: the value belongs to the range as a whole, not to each column. Returns how
/// many cells were filled. Only cells inside the used range are filled, so a hostile
/// merge over the whole sheet cannot grow the grid.
fn fill_merged(range: &mut Range<Data>, merged: &[Dimensions]) -> usize {
    let (Some(start), Some(end)) = (range.start(), range.end()) else {
        return 0;
    };
    let mut filled = 0;
    for m in merged.iter().filter(|m| m.end.0 > m.start.0) {
        let value = match range.get_value(m.start) {
            Some(v) if !matches!(v, Data::Empty) => v.clone(),
            _ => continue,
        };
        let rows = m.start.0.max(start.0)..=m.end.0.min(end.0);
        for r in rows {
            for c in m.start.1.max(start.1)..=m.end.1.min(end.1) {
                if (r, c) != m.start && matches!(range.get_value((r, c)), Some(Data::Empty) | None)
                {
                    range.set_value((r, c), value.clone());
                    filled += 1;
                }
            }
        }
    }
    filled
}

/// The range's non-blank rows, with absolute row numbers and cells from column A.
/// Formula errors (#N/A …) become blank cells, each listed in `errors`. `None` when a
/// cell is longer than [`super::MAX_CELL_CHARS`].
fn rows_of(mut range: Range<Data>, errors: &mut Vec<CellError>) -> Option<Vec<Row>> {
    let Some((row0, col0)) = range.start() else {
        return Some(Vec::new());
    };
    let mut rows = Vec::with_capacity(range.height());
    for i in 0..range.height() {
        let row = row0 + i as u32;
        rows.extend(text_row(row, col0 as usize, &mut range[i], errors)?);
    }
    Some(rows)
}

/// One row of cells (0-based row, column of its first cell) as a text row: numbered as
/// Excel shows it, cells from column A up to the last one holding a value, formula errors
/// blanked and listed in `errors`. `Some(None)` for a row without text; `None` when a
/// cell is longer than [`super::MAX_CELL_CHARS`].
pub(super) fn text_row(
    row: u32,
    col0: usize,
    cells_in: &mut [Data],
    errors: &mut Vec<CellError>,
) -> Option<Option<Row>> {
    let number = row + 1;
    let Some(last) = cells_in.iter().rposition(|c| !matches!(c, Data::Empty)) else {
        return Some(None);
    };
    let mut cells = Vec::with_capacity(col0 + last + 1);
    cells.resize(col0, String::new());
    for cell in cells_in[..=last].iter_mut() {
        let column = cells.len();
        let text = cell::data_text(cell);
        if super::over_cell_limit(&text) {
            return None;
        }
        match cell::error_of(cell, &text) {
            Some(error) => {
                errors.push(CellError {
                    row: number,
                    column,
                    error,
                });
                cells.push(String::new());
            }
            None => cells.push(text),
        }
    }
    if cells.iter().all(String::is_empty) {
        return Some(None);
    }
    Some(Some(Row { number, cells }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::{Format as CellFormat, Formula, Workbook};

    /// A workbook with what office files hold: a merged title, 学院 merged over rows,
    /// hidden rows, numbers, dates in several formats, a duration, booleans, formula
    /// errors and text results, rich text, padded and escaped text, blanks with a format,
    /// a far cell, a second sheet and an empty one.
    fn messy_book(constant_memory: bool) -> Vec<u8> {
        let mut book = Workbook::new();
        let date = CellFormat::new().set_num_format("yyyy-mm-dd");
        let cn_date = CellFormat::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
        let time = CellFormat::new().set_num_format("h:mm");
        let duration = CellFormat::new().set_num_format("[h]:mm:ss");
        let text = CellFormat::new().set_num_format("@");
        let bold = CellFormat::new().set_bold();
        {
            let s = if constant_memory {
                book.add_worksheet_with_constant_memory().unwrap()
            } else {
                book.add_worksheet()
            };
            s.set_name("名单").unwrap();
            s.merge_range(0, 0, 0, 5, "2025届 毕业生名单", &bold)
                .unwrap();
            for (c, h) in ["学号", "姓名", "学院", "出生日期", "时长", "备注"]
                .iter()
                .enumerate()
            {
                s.write_string(1, c as u16, *h).unwrap();
            }
            s.merge_range(2, 2, 5, 2, "信息学院", &CellFormat::new())
                .unwrap();
            for r in 2..9u32 {
                s.write_string_with_format(r, 0, format!("2022{r:06}"), &text)
                    .unwrap();
                s.write_string(r, 1, format!(" 学生{r}\u{3000}")).unwrap();
                s.write_number_with_format(r, 3, 36000.0 + f64::from(r), &date)
                    .unwrap();
                s.write_number_with_format(r, 4, 1.25 + f64::from(r), &duration)
                    .unwrap();
            }
            s.write_number_with_format(6, 3, 45000.0, &cn_date).unwrap();
            s.write_number_with_format(7, 3, 0.5, &time).unwrap();
            s.write_number(8, 3, 440604200001011234.0).unwrap();
            s.write_number(8, 4, 3.5).unwrap();
            s.write_boolean(6, 5, true).unwrap();
            s.write_string(5, 5, "A&B <c> \"d\" 'e'").unwrap();
            s.write_string(4, 5, "两\r\n行").unwrap();
            s.write_string(3, 5, "").unwrap();
            s.write_formula(7, 5, Formula::new("=1/0").set_result("#DIV/0!"))
                .unwrap();
            s.write_formula(8, 5, Formula::new("=\"x\"&\"y\"").set_result("xy"))
                .unwrap();
            s.write_blank(9, 1, &bold).unwrap();
            s.write_rich_string(9, 5, &[(&bold, "林 "), (&CellFormat::default(), "子")])
                .unwrap();
            s.write_string(30, 12, "far").unwrap();
            s.set_row_hidden(4).unwrap();
            s.set_row_hidden(12).unwrap();
        }
        let s = book.add_worksheet();
        s.set_name("第二页").unwrap();
        s.write_string(0, 0, "学号").unwrap();
        s.write_number(1, 0, 12.0).unwrap();
        book.add_worksheet().set_name("空").unwrap();
        book.save_to_buffer().unwrap()
    }

    #[test]
    fn the_one_pass_reader_reads_as_calamine_does() {
        for constant_memory in [false, true] {
            let bytes = messy_book(constant_memory);
            for which in [Which::All, Which::FirstWithData, Which::Named("第二页")] {
                let fast = read_fast(&bytes, "t.xlsx", which).unwrap();
                let fast = fast.expect("the one-pass reader reads it");
                let slow = read_zip(bytes.clone(), "xlsx", "t.xlsx", which).unwrap();
                assert_eq!(format!("{fast:#?}"), format!("{slow:#?}"), "{which:?}");
            }
            let sheets = read_fast(&bytes, "t.xlsx", Which::All).unwrap().unwrap();
            let first = &sheets[0];
            assert_eq!(first.rows[3].cells[2], "信息学院");
            assert!(first.merged_filled >= 3, "{}", first.merged_filled);
            // (Constant-memory mode cannot hide rows already written, nor keep the
            // result of a formula.)
            if !constant_memory {
                assert_eq!(first.hidden_rows, [5, 13]);
                assert_eq!(first.formula_errors.len(), 1);
            }
        }
    }

    #[test]
    fn a_far_cell_is_refused_by_the_one_pass_reader() {
        let mut book = Workbook::new();
        let s = book.add_worksheet();
        s.write_string(0, 0, "学号").unwrap();
        s.write_string(1_048_575, 16_383, "x").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        assert!(matches!(
            read_fast(&bytes, "t.xlsx", Which::All),
            Err(TabularError::TooLarge {
                limit: Limit::GridCells,
                ..
            })
        ));
    }
}
