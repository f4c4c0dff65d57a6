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

/// The CSV bytes of the list (before encoding). Cells that would start a formula get an
/// apostrophe in front ([`crate::tabular::CsvOut`]).
fn utf8_bytes(columns: &[Column], rows: &[ListRow]) -> Result<Vec<u8>, ExportError> {
    let mut w = CsvOut::new(Vec::with_capacity(rows.len() * 160));
    w.write_record(columns.iter().map(|c| c.header()))?;
    for row in rows {
        w.write_record(columns.iter().map(|c| c.cell(row)))?;
    }
    w.into_inner()
        .map_err(|e| ExportError::Internal(format!("CSV 缓冲区：{e}")))
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
    let utf8 = utf8_bytes(columns, rows)?;
    match encoding {
        Encoding::Utf8 => {
            let mut out = Vec::with_capacity(utf8.len() + BOM.len());
            out.extend_from_slice(BOM);
            out.extend_from_slice(&utf8);
            Ok(out)
        }
        Encoding::Gbk => {
            let text = String::from_utf8(utf8)
                .map_err(|e| ExportError::Internal(format!("CSV 不是 UTF-8：{e}")))?;
            let (gbk, _, bad) = encoding_rs::GBK.encode(&text);
            if bad {
                let (line, column, ch) = first_not_gbk(columns, rows).unwrap_or((0, "", '?'));
                return Err(ExportError::NotGbk { line, column, ch });
            }
            Ok(gbk.into_owned())
        }
    }
}

/// Writes the list to `path`.
pub fn write(
    columns: &[Column],
    rows: &[ListRow],
    encoding: Encoding,
    path: &Path,
) -> Result<(), ExportError> {
    let data = bytes(columns, rows, encoding)?;
    crate::store::write_file(path, &data, Column::access(columns)).map_err(|source| {
        ExportError::Write {
            path: path.display().to_string(),
            source,
        }
    })
}
