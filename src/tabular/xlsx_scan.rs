//! One streaming pass over each worksheet of an .xlsx (or over an .ods's content.xml)
//! before calamine builds its grid: it checks an .xlsx sheet's extent against the size
//! limits (so a sheet too large for memory is refused before it is allocated) and
//! collects what calamine's cell reader does not give: the merged ranges
//! (`<mergeCell ref="A3:A9"/>`; in .ods `table:number-rows-spanned`) and the hidden rows
//! (`<row r="7" hidden="1">`; in .ods `table:visibility="collapse"`).
//!
//! Only element names and attributes are looked at; cell values are left to calamine.

use std::collections::HashMap;
use std::io::{BufReader, Cursor};

use calamine::Dimensions;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::{Limit, TabularError, MAX_COLUMNS, MAX_GRID_CELLS, MAX_ROWS};

/// What the pass found in one sheet.
#[derive(Debug, Default)]
pub(super) struct Scan {
    /// Merged ranges, 0-based (row, column) corners.
    pub merged: Vec<Dimensions>,
    /// Hidden rows, as Excel numbers them (1-based), ascending.
    pub hidden_rows: Vec<u32>,
}

type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// Scans every worksheet of the workbook in `bytes`: sheet name → what it holds. A sheet
/// whose part cannot be located is left out (the caller checks it another way).
pub(super) fn scan_all(bytes: &[u8], shown: &str) -> Result<HashMap<String, Scan>, TabularError> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(HashMap::new());
    };
    let mut out = HashMap::new();
    for (name, part) in sheet_parts(&mut zip) {
        let Ok(file) = zip.by_name(&part) else {
            continue;
        };
        let scan = scan_sheet(BufReader::new(file), shown)?;
        out.insert(name, scan);
    }
    Ok(out)
}

/// Sheet name → the zip path of its XML, from xl/workbook.xml and its relationships.
fn sheet_parts(zip: &mut Zip) -> Vec<(String, String)> {
    let mut ids: Vec<(String, String)> = Vec::new();
    each_element(zip, "xl/workbook.xml", |e| {
        if e.local_name().as_ref() == "sheet" {
            let name = attr(e, |k| k == "name");
            let id = attr(e, |k| k == "id" || k.ends_with(":id"));
            if let (Some(name), Some(id)) = (name, id) {
                ids.push((name, id));
            }
        }
    });
    let mut targets: HashMap<String, String> = HashMap::new();
    each_element(zip, "xl/_rels/workbook.xml.rels", |e| {
        if e.local_name().as_ref() == "Relationship" {
            if let (Some(id), Some(target)) = (attr(e, |k| k == "Id"), attr(e, |k| k == "Target")) {
                let path = match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_string(),
                    None => format!("xl/{target}"),
                };
                targets.insert(id, path);
            }
        }
    });
    ids.into_iter()
        .filter_map(|(name, id)| targets.get(&id).map(|p| (name, p.clone())))
        .collect()
}

/// Calls `f` on every start or empty element of a small part (workbook, relationships).
fn each_element(zip: &mut Zip, part: &str, mut f: impl FnMut(&BytesStart)) {
    let Ok(file) = zip.by_name(part) else {
        return;
    };
    let mut reader = Reader::from_reader(BufReader::new(file));
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => f(&e),
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
}

/// The unescaped value of the first attribute whose key satisfies `key`.
fn attr(e: &BytesStart, key: impl Fn(&str) -> bool) -> Option<String> {
    e.attributes().with_checks(false).flatten().find_map(|a| {
        if !key(a.key.as_ref()) {
            return None;
        }
        quick_xml::escape::unescape(&a.value)
            .ok()
            .map(|v| v.into_owned())
    })
}

/// The raw value of attribute `key`: for the worksheet's own attributes (r, hidden),
/// which never hold an entity, and read once per cell, so no copy is made.
fn raw<'e>(e: &'e BytesStart, key: &str) -> Option<std::borrow::Cow<'e, str>> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .map(|a| a.value)
}

/// Running bounds of the cells seen so far, refusing a sheet past the limits.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Bounds {
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
}

impl Bounds {
    pub(super) fn add(&mut self, (row, col): (u32, u32)) -> Option<Limit> {
        if row >= MAX_ROWS {
            return Some(Limit::Rows);
        }
        if col >= MAX_COLUMNS {
            return Some(Limit::Columns);
        }
        self.rows = widen(self.rows, Some((row, row)));
        self.cols = widen(self.cols, Some((col, col)));
        self.over_grid().then_some(Limit::GridCells)
    }

    fn over_grid(&self) -> bool {
        let span = |b: Option<(u32, u32)>| b.map_or(0, |(lo, hi)| u64::from(hi - lo) + 1);
        span(self.rows) * span(self.cols) > MAX_GRID_CELLS
    }

    /// The bounds of two parts of one sheet together; `None` when together they pass the
    /// grid limit (each part alone was within it).
    pub(super) fn join(self, other: Bounds) -> Option<Bounds> {
        let joined = Bounds {
            rows: widen(self.rows, other.rows),
            cols: widen(self.cols, other.cols),
        };
        (!joined.over_grid()).then_some(joined)
    }
}

/// The span from the lowest to the highest of both (lo, hi) pairs.
fn widen(a: Option<(u32, u32)>, b: Option<(u32, u32)>) -> Option<(u32, u32)> {
    match (a, b) {
        (Some((l1, h1)), Some((l2, h2))) => Some((l1.min(l2), h1.max(h2))),
        (a, b) => a.or(b),
    }
}

/// One pass over a worksheet's XML.
fn scan_sheet(xml: impl std::io::BufRead, shown: &str) -> Result<Scan, TabularError> {
    let corrupt = |detail: String| TabularError::Corrupt {
        path: shown.to_string(),
        detail,
    };
    let too_large = |limit| TabularError::TooLarge {
        path: shown.to_string(),
        limit,
    };
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut scan = Scan::default();
    let mut bounds = Bounds::default();
    // Rows and cells may omit `r`: then they follow the previous one.
    let (mut row, mut col): (u32, u32) = (0, 0);
    loop {
        buf.clear();
        let (e, has_content) = match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => (e, true),
            Ok(Event::Empty(e)) => (e, false),
            Ok(Event::Eof) => break,
            Ok(_) => continue,
            Err(err) => return Err(corrupt(err.to_string())),
        };
        match e.local_name().as_ref() {
            "row" => {
                row = raw(&e, "r")
                    .and_then(|r| r.parse::<u32>().ok())
                    .map_or(row + 1, |r| r.max(1));
                col = 0;
                let hidden = raw(&e, "hidden");
                if matches!(hidden.as_deref(), Some("1" | "true")) {
                    scan.hidden_rows.push(row);
                }
            }
            "c" => {
                let at = raw(&e, "r").and_then(|r| cell_ref(&r));
                let (r, c) = at.unwrap_or((row.saturating_sub(1), col));
                col = c + 1;
                // `<c r="B2" s="3"/>` is formatting only: no value, no extent.
                if has_content {
                    if let Some(limit) = bounds.add((r, c)) {
                        return Err(too_large(limit));
                    }
                }
            }
            "mergeCell" => {
                if let Some(d) = attr(&e, |k| k == "ref").and_then(|r| range_ref(&r)) {
                    scan.merged.push(d);
                }
            }
            _ => {}
        }
    }
    scan.hidden_rows.sort_unstable();
    scan.hidden_rows.dedup();
    Ok(scan)
}

/// Scans an .ods's content.xml: sheet name → merged ranges and hidden rows. (calamine
/// caps the .ods grid itself; no extent is checked here.)
pub(super) fn scan_ods(bytes: &[u8], shown: &str) -> Result<HashMap<String, Scan>, TabularError> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(HashMap::new());
    };
    let Ok(file) = zip.by_name("content.xml") else {
        return Ok(HashMap::new());
    };
    let mut reader = Reader::from_reader(BufReader::new(file));
    let mut buf = Vec::new();
    let mut out = HashMap::new();
    let mut current: Option<(String, Scan)> = None;
    // Rows seen so far in the sheet, the 0-based row being read, its next column.
    let (mut row, mut top, mut col): (u32, u32, u32) = (0, 0, 0);
    let number = |e: &BytesStart, key: &str| {
        attr(e, |k| k == key)
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(1)
            .max(1)
    };
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.name().as_ref() {
                "table:table" => {
                    let name = attr(&e, |k| k == "table:name").unwrap_or_default();
                    current = Some((name, Scan::default()));
                    row = 0;
                }
                "table:table-row" => {
                    let repeated = number(&e, "table:number-rows-repeated");
                    let hidden = matches!(
                        attr(&e, |k| k == "table:visibility").as_deref(),
                        Some("collapse" | "filter")
                    );
                    // Trailing formatted rows repeat a million times: never data.
                    if let Some((_, scan)) =
                        current.as_mut().filter(|_| hidden && repeated <= 10_000)
                    {
                        scan.hidden_rows.extend((row + 1)..=(row + repeated));
                    }
                    top = row;
                    row = row.saturating_add(repeated);
                    col = 0;
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let repeated = number(&e, "table:number-columns-repeated");
                    let rows = number(&e, "table:number-rows-spanned");
                    let cols = number(&e, "table:number-columns-spanned");
                    if rows > 1 || cols > 1 {
                        if let Some((_, scan)) = current.as_mut() {
                            scan.merged.push(Dimensions::new(
                                (top, col),
                                (top + rows - 1, col + cols - 1),
                            ));
                        }
                    }
                    col = col.saturating_add(repeated);
                }
                _ => {}
            },
            Ok(Event::End(e)) if e.name().as_ref() == "table:table" => {
                if let Some((name, scan)) = current.take() {
                    out.insert(name, scan);
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(err) => {
                return Err(TabularError::Corrupt {
                    path: shown.to_string(),
                    detail: err.to_string(),
                })
            }
        }
    }
    Ok(out)
}

/// "AB12" → (11, 27), 0-based.
pub(super) fn cell_ref(text: &str) -> Option<(u32, u32)> {
    let split = text.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = text.split_at(split);
    if letters.is_empty() || !letters.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let mut col: u32 = 0;
    for b in letters.bytes() {
        col = col
            .checked_mul(26)?
            .checked_add(u32::from(b.to_ascii_uppercase() - b'A') + 1)?;
    }
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

/// "A3:C9" (or a single "A3") → its corners.
pub(super) fn range_ref(text: &str) -> Option<Dimensions> {
    let (a, b) = text.split_once(':').unwrap_or((text, text));
    let (start, end) = (cell_ref(a)?, cell_ref(b)?);
    Some(Dimensions::new(
        (start.0.min(end.0), start.1.min(end.1)),
        (start.0.max(end.0), start.1.max(end.1)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_and_range_references() {
        assert_eq!(cell_ref("A1"), Some((0, 0)));
        assert_eq!(cell_ref("AB12"), Some((11, 27)));
        assert_eq!(cell_ref("12"), None);
        assert_eq!(cell_ref("A0"), None);
        let d = range_ref("C9:A3").unwrap();
        assert_eq!((d.start, d.end), ((2, 0), (8, 2)));
    }

    #[test]
    fn finds_hidden_rows_merges_and_refuses_a_far_corner() {
        let xml = r#"<worksheet><sheetData>
            <row r="1"><c r="A1" t="s"><v>0</v></c></row>
            <row r="3" hidden="1"><c r="A3"><v>1</v></c><c r="B3" s="2"/></row>
            <row><c><v>2</v></c></row>
            </sheetData><mergeCells><mergeCell ref="A1:A3"/></mergeCells></worksheet>"#;
        let scan = scan_sheet(xml.as_bytes(), "t.xlsx").unwrap();
        assert_eq!(scan.hidden_rows, [3]);
        assert_eq!(scan.merged.len(), 1);
        assert_eq!(scan.merged[0].end, (2, 0));
        let far = r#"<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row>
            <row r="1000000"><c r="XFA1000000"><v>1</v></c></row></sheetData></worksheet>"#;
        assert!(matches!(
            scan_sheet(far.as_bytes(), "t.xlsx"),
            Err(TabularError::TooLarge {
                limit: Limit::GridCells,
                ..
            })
        ));
    }
}
