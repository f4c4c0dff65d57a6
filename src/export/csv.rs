//! A list as CSV: header then rows, nothing above (systems import these files).
//! UTF-8 with a BOM by default, so Excel opens Chinese correctly; GBK for old systems,
//! refusing (with row and column) a character GBK cannot hold rather than writing `?`.
//! A cell that would start a formula in Excel/WPS (`=`, `+`, `-`, `@`, tab, CR) is written
//! with an apostrophe in front, like every CSV the app writes ([`crate::tabular::CsvOut`]).

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::columns::Column;
use super::lists::ListRow;
use super::ExportError;
use crate::tabular::CsvOut;

/// The text encoding of a CSV file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// UTF-8 with a byte order mark.
    #[default]
    Utf8,
    Gbk,
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf8",
            Encoding::Gbk => "gbk",
        }
    }

    /// `utf8`, `utf-8`, `gbk`, `gb2312` (case-insensitive).
    pub fn parse(text: &str) -> Option<Encoding> {
        match text.trim().to_ascii_lowercase().as_str() {
            "utf8" | "utf-8" => Some(Encoding::Utf8),
            "gbk" | "gb2312" | "cp936" => Some(Encoding::Gbk),
            _ => None,
        }
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A list's CSV built a row at a time: each record is encoded as it is written (GBK is
/// stateless, so the bytes are those of the whole text encoded at once).
pub struct ListCsv<'a> {
    columns: &'a [Column],
    encoding: Encoding,
    /// Writes each record, UTF-8, into `record`.
    writer: CsvOut<Shared>,
    record: Shared,
    out: Vec<u8>,
    /// Data rows written.
    rows: usize,
}

impl<'a> ListCsv<'a> {
    /// The header, after a BOM for UTF-8.
    pub fn new(columns: &'a [Column], encoding: Encoding) -> Result<ListCsv<'a>, ExportError> {
        let record = Shared::default();
        let mut w = ListCsv {
            columns,
            encoding,
            writer: CsvOut::new(record.clone()),
            record,
            out: Vec::with_capacity(1 << 20),
            rows: 0,
        };
        if encoding == Encoding::Utf8 {
            w.out.extend_from_slice(BOM);
        }
        w.writer.write_record(columns.iter().map(|c| c.header()))?;
        w.flush_record(None)?;
        Ok(w)
    }

    /// Writes the next row; a character GBK cannot hold is refused with its row and column.
    pub fn row(&mut self, row: &ListRow) -> Result<(), ExportError> {
        self.writer
            .write_record(self.columns.iter().map(|c| c.cell(row)))?;
        self.rows += 1;
        self.flush_record(Some(row))
    }

    /// Moves the current record to the output, encoded.
    fn flush_record(&mut self, row: Option<&ListRow>) -> Result<(), ExportError> {
        self.writer
            .flush()
            .map_err(|e| ExportError::Internal(format!("CSV 缓冲区：{e}")))?;
        let mut utf8 = self.record.0.borrow_mut();
        match self.encoding {
            Encoding::Utf8 => self.out.extend_from_slice(&utf8),
            Encoding::Gbk => {
                let text = std::str::from_utf8(&utf8)
                    .map_err(|e| ExportError::Internal(format!("CSV 不是 UTF-8：{e}")))?;
                let (gbk, _, bad) = encoding_rs::GBK.encode(text);
                if bad {
                    let rows = row.map(std::slice::from_ref).unwrap_or_default();
                    let (_, column, ch) = first_not_gbk(self.columns, rows).unwrap_or((0, "", '?'));
                    return Err(ExportError::NotGbk {
                        line: self.rows + 1,
                        column,
                        ch,
                    });
                }
                self.out.extend_from_slice(&gbk);
            }
        }
        utf8.clear();
        Ok(())
    }

    /// The file's bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.out
    }

    /// Writes the file to `path`.
    pub fn save(self, path: &Path) -> Result<(), ExportError> {
        let access = Column::access(self.columns);
        crate::store::write_file(path, &self.out, access).map_err(|source| ExportError::Write {
            path: path.display().to_string(),
            source,
        })
    }
}

/// A buffer the CSV writer appends to and [`ListCsv`] empties after each record.
#[derive(Clone, Default)]
struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The first cell GBK cannot hold: (row number in the file, header, character).
fn first_not_gbk(columns: &[Column], rows: &[ListRow]) -> Option<(usize, &'static str, char)> {
    for (r, row) in rows.iter().enumerate() {
        for c in columns {
            let cell = c.cell(row);
            let (_, _, bad) = encoding_rs::GBK.encode(&cell);
            if bad {
                let ch = cell
                    .chars()
                    .find(|ch| encoding_rs::GBK.encode(ch.encode_utf8(&mut [0; 4])).2)
                    .unwrap_or('?');
                return Some((r + 2, c.header(), ch));
            }
        }
    }
    None
}

/// The file's bytes in `encoding`.
pub fn bytes(
    columns: &[Column],
    rows: &[ListRow],
    encoding: Encoding,
) -> Result<Vec<u8>, ExportError> {
    let mut w = ListCsv::new(columns, encoding)?;
    for row in rows {
        w.row(row)?;
    }
    Ok(w.into_bytes())
}

/// Writes the list to `path`.
pub fn write(
    columns: &[Column],
    rows: &[ListRow],
    encoding: Encoding,
    path: &Path,
) -> Result<(), ExportError> {
    let mut w = ListCsv::new(columns, encoding)?;
    for row in rows {
        w.row(row)?;
    }
    w.save(path)
}
