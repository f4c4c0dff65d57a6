//! The .xlsx reader for the files the office actually gets: one streaming pass over each
//! worksheet's XML builds the rows and, in the same pass, checks the sheet's extent
//! against the size limits and collects what calamine's grid does not say (merged
//! ranges, hidden rows). The shared strings are held in one buffer, not one `String`
//! each. Before this, a quick-xml scan and calamine each decompressed and parsed the sheet.
//!
//! It gives the same [`Sheet`] calamine's reading gives (same cell texts, numbers and
//! dates, rich text, phonetic runs left out, same row numbers, merged fill-down and
//! formula errors; `tabular::tests` compares both on every workbook fixture). Whatever
//! it does not expect — a comment or CDATA in the XML, a cell without its reference, cells
//! out of order, an `_xHHHH_` escape, an unknown entity, a chart sheet, a part it cannot
//! find — makes it answer [`Fallback`], and the caller reads the file with calamine as
//! before, so an odd or damaged file gets calamine's reading or its error. Only the size
//! limits are decided here.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use calamine::{CellErrorType, Data, Dimensions, ExcelDateTime, ExcelDateTimeType};
use quick_xml::events::{BytesStart, Event};

use super::xlsx_scan::{cell_ref, range_ref, Bounds};
use super::{Format, Limit, Sheet};

/// Not read here: the caller reads the file with calamine.
#[derive(Debug)]
pub(super) struct Fallback;

/// What a reading ends with: a sheet, a size limit, or "ask calamine".
pub(super) enum Outcome<T> {
    Done(T),
    TooLarge(Limit),
    Fallback,
}

impl<T> From<Fallback> for Outcome<T> {
    fn from(_: Fallback) -> Self {
        Outcome::Fallback
    }
}

type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// How a number in a cell of a given style reads (calamine's three kinds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumberKind {
    Plain,
    Date,
    Duration,
}

/// An opened workbook: its sheets, shared strings and number styles.
pub(super) struct Book<'a> {
    zip: Zip<'a>,
    /// (name, part path), in the workbook's order.
    sheets: Vec<(String, String)>,
    strings: Strings,
    styles: Vec<NumberKind>,
    is_1904: bool,
}

/// The shared strings, one buffer and their ends in it.
#[derive(Default)]
struct Strings {
    text: String,
    ends: Vec<usize>,
}

impl Strings {
    fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end)
    }
}

impl<'a> Book<'a> {
    /// Opens the workbook in `bytes` (a zip), or says to fall back.
    pub(super) fn open(bytes: &'a [u8]) -> Result<Book<'a>, Fallback> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| Fallback)?;
        let (sheets, is_1904) = workbook(&mut zip)?;
        let styles = styles(&mut zip)?;
        let strings = match zip.by_name("xl/sharedStrings.xml") {
            Ok(part) => {
                let limit = part.size();
                shared_strings(Tokens::new(part, limit))?
            }
            Err(zip::result::ZipError::FileNotFound) => Strings::default(),
            Err(_) => return Err(Fallback),
        };
        Ok(Book {
            zip,
            sheets,
            strings,
            styles,
            is_1904,
        })
    }

    /// The sheet names, in the workbook's order.
    pub(super) fn sheet_names(&self) -> Vec<String> {
        self.sheets.iter().map(|(n, _)| n.clone()).collect()
    }

    /// Reads the sheet `name` into rows.
    pub(super) fn sheet(&mut self, name: &str, names: &[String]) -> Outcome<Sheet> {
        let Some(path) = self
            .sheets
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, p)| p.clone())
        else {
            return Outcome::Fallback;
        };
        let Ok(part) = self.zip.by_name(&path) else {
            return Outcome::Fallback;
        };
        let size = part.size();
        let ctx = Context {
            strings: &self.strings,
            styles: &self.styles,
            is_1904: self.is_1904,
        };
        let parsed = match parse_part(part, size, &ctx) {
            Outcome::Done(p) => p,
            Outcome::TooLarge(l) => return Outcome::TooLarge(l),
            Outcome::Fallback => return Outcome::Fallback,
        };
        let Parsed {
            mut rows,
            range,
            merged,
            mut hidden_rows,
            ..
        } = parsed;
        hidden_rows.sort_unstable();
        hidden_rows.dedup();
        let merged_filled = range.map_or(0, |r| fill_merged(&mut rows, r, &merged));
        let Some((rows, formula_errors)) = text_rows(&mut rows) else {
            return Outcome::TooLarge(Limit::CellLength);
        };
        Outcome::Done(Sheet {
            format: Format::Xlsx,
            sheet_names: names.to_vec(),
            name: name.to_string(),
            encoding: None,
            rows,
            merged_filled,
            hidden_rows,
            formula_errors,
        })
    }
}

/// The rows as text, with the formula errors found (see `workbook::text_row`); a large
/// sheet's two halves on two threads. `None` when a cell is over the length limit.
fn text_rows(rows: &mut RawRows) -> Option<(Vec<super::Row>, Vec<super::CellError>)> {
    fn convert(rows: &mut [(u32, Vec<Data>)]) -> Option<(Vec<super::Row>, Vec<super::CellError>)> {
        let mut errors = Vec::new();
        let mut out = Vec::with_capacity(rows.len());
        for (row, cells) in rows {
            out.extend(super::workbook::text_row(*row, 0, cells, &mut errors)?);
        }
        Some((out, errors))
    }
    if rows.len() < SPLIT_ROWS_FROM {
        return convert(rows);
    }
    let half = rows.len() / 2;
    let (head, tail) = rows.split_at_mut(half);
    let (first, second) = std::thread::scope(|s| {
        let second = s.spawn(|| convert(tail));
        (convert(head), second.join())
    });
    let (mut rows, mut errors) = first?;
    let (more_rows, more_errors) = second.unwrap_or_else(|p| std::panic::resume_unwind(p))?;
    rows.extend(more_rows);
    errors.extend(more_errors);
    Some((rows, errors))
}

/// Sheets with fewer rows turn them into text on one thread.
const SPLIT_ROWS_FROM: usize = 8192;

/// Sheet names and parts from xl/workbook.xml and its relationships; the 1904 flag.
fn workbook(zip: &mut Zip) -> Result<(Vec<(String, String)>, bool), Fallback> {
    let mut ids: Vec<(String, String)> = Vec::new();
    let mut is_1904 = false;
    each_element(zip, "xl/workbook.xml", |e| {
        match e.local_name().as_ref() {
            "sheet" => {
                let name = attr(e, |k| k == "name")?;
                let id = attr(e, |k| k == "id" || k.ends_with(":id"))?;
                ids.push((name, id));
            }
            "workbookPr" => {
                if let Some(v) = attr(e, |k| k == "date1904") {
                    is_1904 = v == "1" || v == "true";
                }
            }
            _ => {}
        }
        Some(())
    })?;
    let mut targets: HashMap<String, String> = HashMap::new();
    each_element(zip, "xl/_rels/workbook.xml.rels", |e| {
        if e.local_name().as_ref() == "Relationship" {
            let id = attr(e, |k| k == "Id")?;
            let target = attr(e, |k| k == "Target")?;
            let kind = attr(e, |k| k == "Type")?;
            // Chart and dialog sheets: calamine's reading handles them.
            if !kind.ends_with("/worksheet") && ids.iter().any(|(_, i)| *i == id) {
                return None;
            }
            let path = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None => format!("xl/{target}"),
            };
            targets.insert(id, path);
        }
        Some(())
    })?;
    let sheets = ids
        .into_iter()
        .map(|(name, id)| targets.get(&id).map(|p| (name, p.clone())))
        .collect::<Option<Vec<_>>>()
        .ok_or(Fallback)?;
    Ok((sheets, is_1904))
}

/// Calls `f` on every start or empty element of a small part; `None` from `f`, a missing
/// part or bad XML is a fallback.
fn each_element(
    zip: &mut Zip,
    part: &str,
    mut f: impl FnMut(&BytesStart) -> Option<()>,
) -> Result<(), Fallback> {
    let file = zip.by_name(part).map_err(|_| Fallback)?;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(file));
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => f(&e).ok_or(Fallback)?,
            Ok(Event::Eof) => return Ok(()),
            Err(_) => return Err(Fallback),
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

/// The number kind of every cell style (`cellXfs`), as calamine decides it.
fn styles(zip: &mut Zip) -> Result<Vec<NumberKind>, Fallback> {
    let file = match zip.by_name("xl/styles.xml") {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(Vec::new()),
        Err(_) => return Err(Fallback),
    };
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(file));
    let mut buf = Vec::new();
    let mut formats: HashMap<String, String> = HashMap::new();
    let mut xfs: Vec<Option<String>> = Vec::new();
    let (mut in_formats, mut in_xfs) = (false, false);
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                "numFmts" => in_formats = true,
                "cellXfs" => in_xfs = true,
                "numFmt" if in_formats => {
                    let id = attr(&e, |k| k == "numFmtId");
                    let code = attr(&e, |k| k == "formatCode");
                    if let (Some(id), Some(code)) = (id, code) {
                        formats.insert(id, code);
                    }
                }
                "xf" if in_xfs => xfs.push(attr(&e, |k| k == "numFmtId")),
                _ => {}
            },
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                "numFmts" => in_formats = false,
                "cellXfs" => in_xfs = false,
                _ => {}
            },
            Ok(Event::Eof) => break,
            Err(_) => return Err(Fallback),
            _ => {}
        }
    }
    Ok(xfs
        .into_iter()
        .map(|id| match id {
            None => NumberKind::Plain,
            Some(id) => match formats.get(&id) {
                Some(code) => custom_format_kind(code),
                None => builtin_format_kind(&id),
            },
        })
        .collect())
}

/// A custom number format's kind: calamine's `detect_custom_number_format` (MIT,
/// Johann Tuffe), so a date reads as calamine reads it.
fn custom_format_kind(format: &str) -> NumberKind {
    let mut escaped = false;
    let mut is_quote = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for s in format.chars() {
        match (s, escaped, is_quote, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => is_quote = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => is_quote = true,
            (';', ..) => return NumberKind::Plain,
            ('[', ..) => brackets += 1,
            (']', .., 1) if hms => return NumberKind::Duration,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return NumberKind::Date,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return NumberKind::Date
            }
            _ => {
                if !(hms && s.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    NumberKind::Plain
}

/// A built-in number format's kind (calamine's `builtin_format_by_id`).
fn builtin_format_kind(id: &str) -> NumberKind {
    match id {
        "14" | "15" | "16" | "17" | "18" | "19" | "20" | "21" | "22" | "45" | "47" | "27"
        | "28" | "29" | "30" | "31" | "32" | "33" | "34" | "35" | "36" | "50" | "51" | "52"
        | "53" | "54" | "55" | "56" | "57" | "58" => NumberKind::Date,
        "46" => NumberKind::Duration,
        _ => NumberKind::Plain,
    }
}

/// XML read in chunks as it is unpacked: tags and the text between them, borrowed from
/// one growing buffer. Comments, CDATA and DOCTYPE are not expected in these parts and
/// end the fast reading.
struct Tokens<R> {
    src: R,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    /// Bytes read so far and the most the zip directory said the part holds.
    read: u64,
    limit: u64,
}

/// One piece of XML, as a range of [`Tokens::buf`].
#[derive(Clone, Copy)]
enum Tok {
    /// Between `<` and `>`.
    Tag(usize, usize),
    Text(usize, usize),
    Eof,
}

const CHUNK: usize = 256 * 1024;

impl<R: Read> Tokens<R> {
    fn new(src: R, limit: u64) -> Tokens<R> {
        Tokens {
            src,
            buf: vec![0; CHUNK * 2],
            start: 0,
            end: 0,
            eof: false,
            read: 0,
            limit,
        }
    }

    /// Keeps `start..end`, reads more after it. False at the end of the part.
    fn fill(&mut self) -> Result<bool, Fallback> {
        if self.eof {
            return Ok(false);
        }
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.buf.len() - self.end < CHUNK {
            self.buf.resize(self.buf.len() * 2, 0);
        }
        let n = loop {
            match self.src.read(&mut self.buf[self.end..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => return Err(Fallback),
            }
        };
        self.read += n as u64;
        // More than the directory said: not what it claims to be.
        if self.read > self.limit {
            return Err(Fallback);
        }
        self.end += n;
        if n == 0 {
            self.eof = true;
        }
        Ok(n > 0)
    }

    fn next(&mut self) -> Result<Tok, Fallback> {
        loop {
            if self.start == self.end && !self.fill()? {
                return Ok(Tok::Eof);
            }
            if self.buf[self.start] == b'<' {
                let from = self.start + 1;
                match memchr::memchr(b'>', &self.buf[from..self.end]) {
                    Some(i) => {
                        let (s, e) = (from, from + i);
                        self.start = e + 1;
                        match self.buf.get(s) {
                            Some(b'?') => continue,
                            Some(b'!') | None => return Err(Fallback),
                            _ => return Ok(Tok::Tag(s, e)),
                        }
                    }
                    None => {
                        if !self.fill()? {
                            return Err(Fallback);
                        }
                    }
                }
            } else {
                match memchr::memchr(b'<', &self.buf[self.start..self.end]) {
                    Some(i) => {
                        let (s, e) = (self.start, self.start + i);
                        self.start = e;
                        return Ok(Tok::Text(s, e));
                    }
                    None => {
                        if !self.fill()? {
                            let (s, e) = (self.start, self.end);
                            self.start = e;
                            return Ok(Tok::Text(s, e));
                        }
                    }
                }
            }
        }
    }

    fn bytes(&self, s: usize, e: usize) -> &[u8] {
        &self.buf[s..e]
    }
}

/// A tag's parts: local name, closing, self-closing, its attributes' text.
struct Tag<'b> {
    name: &'b [u8],
    closing: bool,
    empty: bool,
    attrs: &'b [u8],
}

fn tag(raw: &[u8]) -> Tag<'_> {
    let (closing, raw) = match raw.strip_prefix(b"/") {
        Some(rest) => (true, rest),
        None => (false, raw),
    };
    let (empty, raw) = match raw.strip_suffix(b"/") {
        Some(rest) => (true, rest),
        None => (false, raw),
    };
    let split = raw
        .iter()
        .position(|b| b.is_ascii_whitespace())
        .unwrap_or(raw.len());
    let qname = &raw[..split];
    let name = match memchr::memchr(b':', qname) {
        Some(i) => &qname[i + 1..],
        None => qname,
    };
    Tag {
        name,
        closing,
        empty,
        attrs: &raw[split..],
    }
}

/// The raw value of attribute `key` (exact qualified name); `Err` when the attributes
/// are not well formed.
fn raw_attr<'b>(attrs: &'b [u8], key: &[u8]) -> Result<Option<&'b [u8]>, Fallback> {
    let mut rest = attrs;
    loop {
        let skip = rest
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(rest.len());
        rest = &rest[skip..];
        if rest.is_empty() {
            return Ok(None);
        }
        let eq = memchr::memchr(b'=', rest).ok_or(Fallback)?;
        let k = rest[..eq].trim_ascii();
        let after = rest[eq + 1..].trim_ascii_start();
        let quote = *after.first().ok_or(Fallback)?;
        if quote != b'"' && quote != b'\'' {
            return Err(Fallback);
        }
        let close = memchr::memchr(quote, &after[1..]).ok_or(Fallback)?;
        let value = &after[1..1 + close];
        if k == key {
            return Ok(Some(value));
        }
        rest = &after[close + 2..];
    }
}

/// Appends XML text to `out`: entities decoded, line ends as XML reads them (CR LF and
/// CR become LF). An unknown entity is left to calamine.
fn push_text(raw: &[u8], out: &mut String) -> Result<(), Fallback> {
    let text = std::str::from_utf8(raw).map_err(|_| Fallback)?;
    if !text.contains(['&', '\r']) {
        out.push_str(text);
        return Ok(());
    }
    let mut rest = text;
    while let Some(i) = rest.find(['&', '\r']) {
        out.push_str(&rest[..i]);
        if rest.as_bytes()[i] == b'\r' {
            out.push('\n');
            rest = &rest[i + 1..];
            if rest.starts_with('\n') {
                rest = &rest[1..];
            }
            continue;
        }
        let semi = rest[i..].find(';').ok_or(Fallback)? + i;
        let entity = &rest[i + 1..semi];
        let ch = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = entity.strip_prefix('#') {
                    dec.parse().ok()
                } else {
                    None
                };
                code.and_then(char::from_u32).ok_or(Fallback)?
            }
        };
        out.push(ch);
        rest = &rest[semi + 1..];
    }
    out.push_str(rest);
    Ok(())
}

/// Appends `text` to `out` with Excel's `_xHHHH_` escapes undone (a UTF-16 unit each,
/// "_x000D_" for CR; a lone surrogate becomes U+FFFD), as calamine's `unescape_xml`.
fn push_unescaped(text: &str, out: &mut String) {
    fn unit_at(text: &str, i: usize) -> Option<u16> {
        let b = text.as_bytes().get(i..i + 7)?;
        if b[0] != b'_'
            || b[1] != b'x'
            || b[6] != b'_'
            || !b[2..6].iter().all(u8::is_ascii_hexdigit)
        {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&b[2..6]).ok()?, 16).ok()
    }
    if !text.contains("_x") {
        out.push_str(text);
        return;
    }
    let (mut i, mut copied) = (0, 0);
    while let Some(off) = text[i..].find('_') {
        let at = i + off;
        let Some(unit) = unit_at(text, at) else {
            i = at + 1;
            continue;
        };
        out.push_str(&text[copied..at]);
        let mut next = at + 7;
        let ch = match unit {
            0xD800..=0xDBFF => match unit_at(text, next) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    next += 7;
                    let c =
                        0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER)
                }
                _ => char::REPLACEMENT_CHARACTER,
            },
            0xDC00..=0xDFFF => char::REPLACEMENT_CHARACTER,
            u => char::from_u32(u32::from(u)).unwrap_or(char::REPLACEMENT_CHARACTER),
        };
        out.push(ch);
        copied = next;
        i = next;
    }
    out.push_str(&text[copied..]);
}

/// Reads a string item (`<si>` or `<is>`, its start tag already read) up to the closing
/// tag named `closing`, as calamine does: the `<t>` runs joined, each trimmed of ASCII
/// white space unless `xml:space="preserve"`, phonetic runs (`<rPh>`) left out.
fn string_item<R: Read>(
    tokens: &mut Tokens<R>,
    closing: &[u8],
    out: &mut String,
) -> Result<(), Fallback> {
    let mut phonetic = false;
    let mut run = String::new();
    loop {
        match tokens.next()? {
            Tok::Eof => return Err(Fallback),
            Tok::Text(..) => {}
            Tok::Tag(s, e) => {
                let t = tag(tokens.bytes(s, e));
                match (t.name, t.closing) {
                    (n, true) if n == closing => return Ok(()),
                    (b"rPh", false) => phonetic = !t.empty,
                    (b"rPh", true) => phonetic = false,
                    (b"t", false) if !phonetic => {
                        if t.empty {
                            continue;
                        }
                        let preserve =
                            raw_attr(t.attrs, b"xml:space")?.is_some_and(|v| v == b"preserve");
                        run.clear();
                        loop {
                            match tokens.next()? {
                                Tok::Text(s, e) => push_text(tokens.bytes(s, e), &mut run)?,
                                Tok::Tag(s, e) => {
                                    let end = tag(tokens.bytes(s, e));
                                    if end.closing && end.name == b"t" {
                                        break;
                                    }
                                    return Err(Fallback);
                                }
                                Tok::Eof => return Err(Fallback),
                            }
                        }
                        if preserve {
                            push_unescaped(&run, out);
                        } else {
                            push_unescaped(run.trim_matches([' ', '\t', '\r', '\n']), out);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

/// xl/sharedStrings.xml into one buffer.
fn shared_strings<R: Read>(mut tokens: Tokens<R>) -> Result<Strings, Fallback> {
    let mut strings = Strings::default();
    loop {
        match tokens.next()? {
            Tok::Eof => return Ok(strings),
            Tok::Text(..) => {}
            Tok::Tag(s, e) => {
                let t = tag(tokens.bytes(s, e));
                match (t.name, t.closing, t.empty) {
                    (b"sst", false, false) => {
                        if let Some(n) = raw_attr(t.attrs, b"uniqueCount")?
                            .and_then(|v| std::str::from_utf8(v).ok()?.parse::<usize>().ok())
                        {
                            strings.ends.reserve(n.min(1 << 20));
                        }
                    }
                    (b"si", false, false) => {
                        let mut text = std::mem::take(&mut strings.text);
                        string_item(&mut tokens, b"si", &mut text)?;
                        strings.text = text;
                        strings.ends.push(strings.text.len());
                    }
                    (b"si", false, true) => strings.ends.push(strings.text.len()),
                    _ => {}
                }
            }
        }
    }
}

struct Context<'c> {
    strings: &'c Strings,
    styles: &'c [NumberKind],
    is_1904: bool,
}

/// One sheet's cells by row: (0-based row, cells by absolute column, `Empty` between).
type RawRows = Vec<(u32, Vec<Data>)>;

struct Parsed {
    rows: RawRows,
    /// Corners of the cells holding a value, as calamine's range.
    range: Option<Dimensions>,
    merged: Vec<Dimensions>,
    hidden_rows: Vec<u32>,
    /// The cells the size limits count, and the first and last cell element read (empty
    /// ones too): what joining two halves of a sheet checks.
    bounds: Bounds,
    first_cell: Option<(u32, u32)>,
    last_cell: Option<(u32, u32)>,
}

/// Where a piece of worksheet XML starts: at the document's start, or at a `<row>`
/// inside `<sheetData>` (the second half of a sheet read in two).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Start {
    Document,
    Rows,
}

/// A cell's `t` attribute.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CellType {
    Shared,
    Bool,
    Date,
    Error,
    FormulaText,
    Inline,
    Number,
    Unknown,
}

impl CellType {
    fn of(t: Option<&[u8]>) -> CellType {
        match t {
            Some(b"s") => CellType::Shared,
            Some(b"b") => CellType::Bool,
            Some(b"d") => CellType::Date,
            Some(b"e") => CellType::Error,
            Some(b"str") => CellType::FormulaText,
            Some(b"inlineStr" | b"is") => CellType::Inline,
            Some(b"n") | None => CellType::Number,
            Some(_) => CellType::Unknown,
        }
    }
}

/// A cell's `s` attribute: `None` without one, 0 when it is not a number (as calamine).
fn style_index(s: Option<&[u8]>) -> Option<usize> {
    s.map(|s| {
        std::str::from_utf8(s)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    })
}

/// The value of one cell from its type, style and `<v>` text, as calamine reads it.
fn value(ctx: &Context, kind: CellType, style: Option<usize>, v: &str) -> Option<Data> {
    Some(match kind {
        CellType::Shared => {
            if v.is_empty() {
                return Some(Data::Empty);
            }
            let i: usize = v.parse().ok()?;
            Data::String(ctx.strings.get(i)?.to_string())
        }
        CellType::Bool => match v.trim() {
            "" => Data::Empty,
            "0" => Data::Bool(false),
            "1" => Data::Bool(true),
            t if t.eq_ignore_ascii_case("false") => Data::Bool(false),
            t if t.eq_ignore_ascii_case("true") => Data::Bool(true),
            _ => return None,
        },
        CellType::Date => Data::DateTimeIso(v.to_string()),
        CellType::Error => Data::Error(v.parse::<CellErrorType>().ok()?),
        CellType::FormulaText => {
            let mut s = String::with_capacity(v.len());
            push_unescaped(v, &mut s);
            Data::String(s)
        }
        CellType::Number => {
            if v.is_empty() {
                return Some(Data::Empty);
            }
            let f: f64 = v.parse().ok()?;
            let number = style
                .and_then(|i| ctx.styles.get(i).copied())
                .unwrap_or(NumberKind::Plain);
            match number {
                NumberKind::Plain => Data::Float(f),
                NumberKind::Date => Data::DateTime(ExcelDateTime::new(
                    f,
                    ExcelDateTimeType::DateTime,
                    ctx.is_1904,
                )),
                NumberKind::Duration => Data::DateTime(ExcelDateTime::new(
                    f,
                    ExcelDateTimeType::TimeDelta,
                    ctx.is_1904,
                )),
            }
        }
        CellType::Inline | CellType::Unknown => return None,
    })
}

/// The one pass over a worksheet.
fn parse_sheet<R: Read>(mut tokens: Tokens<R>, ctx: &Context) -> Outcome<Parsed> {
    match parse_sheet_inner(&mut tokens, ctx, Start::Document) {
        Ok(Ok(p)) => Outcome::Done(p),
        Ok(Err(limit)) => Outcome::TooLarge(limit),
        Err(Fallback) => Outcome::Fallback,
    }
}

/// Sheets whose XML unpacks to at least this are read in two halves, one per thread
/// (the import's largest cost after the write); smaller ones are not worth a thread.
const SPLIT_FROM: u64 = 4 * 1024 * 1024;

/// Above this the sheet is streamed, not held whole in memory to be split.
const SPLIT_UP_TO: u64 = 96 * 1024 * 1024;

/// Reads a worksheet part of `size` bytes (as the zip directory says): held whole and
/// read in two halves at once when it is large, else streamed in one pass.
fn parse_part<R: Read>(part: R, size: u64, ctx: &Context) -> Outcome<Parsed> {
    if !(SPLIT_FROM..=SPLIT_UP_TO).contains(&size) {
        return parse_sheet(Tokens::new(part, size), ctx);
    }
    let mut xml = Vec::with_capacity(size as usize);
    // One byte more than the directory said: the same refusal the stream makes.
    match part.take(size + 1).read_to_end(&mut xml) {
        Ok(n) if n as u64 <= size => parse_in_halves(&xml, ctx),
        _ => Outcome::Fallback,
    }
}

/// One worksheet's XML read as two halves on two threads, split at a `<row>` near the
/// middle. The halves are joined only when that gives what one pass gives (rows in
/// order, no row in both, within the grid limit); anything else, a size limit or a
/// fallback included, is read again in one pass, so the answer is always one pass's.
fn parse_in_halves(xml: &[u8], ctx: &Context) -> Outcome<Parsed> {
    match row_start_after(xml, xml.len() / 2).and_then(|at| read_halves(xml, at, ctx)) {
        Some(parsed) => Outcome::Done(parsed),
        None => parse_sheet(Tokens::new(xml, xml.len() as u64), ctx),
    }
}

/// `xml` read as the halves before and after `at` at once; `None` unless both are read
/// and join as one pass would have read them.
fn read_halves(xml: &[u8], at: usize, ctx: &Context) -> Option<Parsed> {
    let (head, tail) = xml.split_at(at);
    let read = |part: &[u8], start| {
        parse_sheet_inner(&mut Tokens::new(part, part.len() as u64), ctx, start)
    };
    let (first, second) = std::thread::scope(|s| {
        let second = s.spawn(|| read(tail, Start::Rows));
        (read(head, Start::Document), second.join())
    });
    let second = second.unwrap_or_else(|p| std::panic::resume_unwind(p));
    join_halves(first.ok()?.ok()?, second.ok()?.ok()?)
}

/// Where the first `<row r="…">` at or after `from` starts, inside the only
/// `<sheetData>`. `None` when there is none (rows with a namespace prefix or without
/// their number are not split).
fn row_start_after(xml: &[u8], from: usize) -> Option<usize> {
    let data = memchr::memmem::find(xml, b"<sheetData")? + b"<sheetData".len();
    let from = from.max(data);
    let at = from + memchr::memmem::find(xml.get(from..)?, b"<row")?;
    // `</sheetData>` before the split: the row is not in the data.
    if memchr::memmem::find(&xml[data..at], b"sheetData").is_some() {
        return None;
    }
    let end = at + memchr::memchr(b'>', &xml[at..])?;
    let t = tag(&xml[at + 1..end]);
    let numbered = raw_attr(t.attrs, b"r")
        .ok()?
        .and_then(|r| std::str::from_utf8(r).ok()?.parse::<u32>().ok())
        .is_some();
    (t.name == b"row" && !t.closing && numbered).then_some(at)
}

/// The two halves as one pass would have read them, or `None` when that cannot be told
/// from the halves (then the sheet is read in one pass).
fn join_halves(mut first: Parsed, second: Parsed) -> Option<Parsed> {
    if let (Some(last), Some(next)) = (first.last_cell, second.first_cell) {
        // Strictly a later row: one row split over both halves is read in one pass.
        if last.0 >= next.0 {
            return None;
        }
    }
    let bounds = first.bounds.join(second.bounds)?;
    let range = match (first.range, second.range) {
        (Some(a), Some(b)) => Some(cover(a, b)),
        (a, b) => a.or(b),
    };
    first.rows.extend(second.rows);
    first.merged.extend(second.merged);
    first.hidden_rows.extend(second.hidden_rows);
    Some(Parsed {
        rows: first.rows,
        range,
        merged: first.merged,
        hidden_rows: first.hidden_rows,
        bounds,
        first_cell: first.first_cell.or(second.first_cell),
        last_cell: second.last_cell.or(first.last_cell),
    })
}

/// The smallest range holding both.
fn cover(a: Dimensions, b: Dimensions) -> Dimensions {
    Dimensions::new(
        (a.start.0.min(b.start.0), a.start.1.min(b.start.1)),
        (a.end.0.max(b.end.0), a.end.1.max(b.end.1)),
    )
}

fn parse_sheet_inner<R: Read>(
    tokens: &mut Tokens<R>,
    ctx: &Context,
    start: Start,
) -> Result<Result<Parsed, Limit>, Fallback> {
    let mut rows: RawRows = Vec::new();
    let mut merged = Vec::new();
    let mut hidden_rows = Vec::new();
    let mut bounds = Bounds::default();
    let mut range: Option<Dimensions> = None;
    // The row being read as the old scan numbered it (1-based), for hidden rows.
    let mut row_number: u32 = 0;
    // The last cell placed, to insist on reading order.
    let mut last: Option<(u32, u32)> = None;
    let mut first_cell: Option<(u32, u32)> = None;
    let mut root_seen = start == Start::Rows;
    let mut in_data = start == Start::Rows;
    let mut text = String::new();
    loop {
        let (s, e) = match tokens.next()? {
            Tok::Eof => break,
            Tok::Text(..) => continue,
            Tok::Tag(s, e) => (s, e),
        };
        let t = tag(tokens.bytes(s, e));
        if !root_seen {
            if t.name != b"worksheet" {
                return Err(Fallback);
            }
            root_seen = true;
            continue;
        }
        if t.closing {
            if t.name == b"sheetData" {
                in_data = false;
            }
            continue;
        }
        match t.name {
            b"sheetData" if !t.empty => in_data = true,
            b"row" if in_data => {
                row_number = raw_attr(t.attrs, b"r")?
                    .and_then(|r| std::str::from_utf8(r).ok()?.parse::<u32>().ok())
                    .map_or(row_number + 1, |r| r.max(1));
                if matches!(raw_attr(t.attrs, b"hidden")?, Some(b"1" | b"true")) {
                    hidden_rows.push(row_number);
                }
            }
            b"c" if in_data => {
                let at = raw_attr(t.attrs, b"r")?
                    .and_then(|r| std::str::from_utf8(r).ok())
                    .and_then(cell_ref)
                    .ok_or(Fallback)?;
                if last.is_some_and(|l| l >= at) {
                    return Err(Fallback);
                }
                last = Some(at);
                first_cell = first_cell.or(last);
                if t.empty {
                    continue;
                }
                if let Some(limit) = bounds.add(at) {
                    return Ok(Err(limit));
                }
                let kind = CellType::of(raw_attr(t.attrs, b"t")?);
                let style = style_index(raw_attr(t.attrs, b"s")?);
                let data = cell(tokens, ctx, kind, style, &mut text)?;
                if matches!(data, Data::Empty) {
                    continue;
                }
                let (r, c) = at;
                let here = Dimensions::new(at, at);
                range = Some(range.map_or(here, |d| cover(d, here)));
                if rows.last().is_none_or(|(lr, _)| *lr != r) {
                    rows.push((r, Vec::new()));
                }
                if let Some((_, cells)) = rows.last_mut() {
                    cells.resize(c as usize, Data::Empty);
                    cells.push(data);
                }
            }
            b"mergeCell" if !in_data => {
                let r = raw_attr(t.attrs, b"ref")?
                    .and_then(|r| std::str::from_utf8(r).ok())
                    .and_then(range_ref);
                merged.extend(r);
            }
            _ => {}
        }
    }
    if !root_seen {
        return Err(Fallback);
    }
    Ok(Ok(Parsed {
        rows,
        range,
        merged,
        hidden_rows,
        bounds,
        first_cell,
        last_cell: last,
    }))
}

/// Reads a cell's children (its start tag read) up to `</c>`: the value.
fn cell<R: Read>(
    tokens: &mut Tokens<R>,
    ctx: &Context,
    kind: CellType,
    style: Option<usize>,
    text: &mut String,
) -> Result<Data, Fallback> {
    // As in calamine, each child sets the value: `<f>` (and `<v>` of an inline string)
    // to nothing.
    let mut data = Data::Empty;
    loop {
        let (s, e) = match tokens.next()? {
            Tok::Eof => return Err(Fallback),
            Tok::Text(..) => continue,
            Tok::Tag(s, e) => (s, e),
        };
        let t = tag(tokens.bytes(s, e));
        match (t.name, t.closing) {
            (b"c", true) => return Ok(data),
            (b"v", false) => {
                text.clear();
                if !t.empty {
                    skip_to_text_end(tokens, b"v", Some(text))?;
                }
                data = match kind {
                    CellType::Inline => Data::Empty,
                    _ => value(ctx, kind, style, text).ok_or(Fallback)?,
                };
            }
            (b"f", false) => {
                if !t.empty {
                    skip_to_text_end(tokens, b"f", None)?;
                }
                data = Data::Empty;
            }
            (b"is", false) => {
                let mut s = String::new();
                if !t.empty {
                    string_item(tokens, b"is", &mut s)?;
                }
                data = Data::String(s);
            }
            _ => return Err(Fallback),
        }
    }
}

/// Reads text up to `</name>` (into `out` when given); any element inside falls back.
fn skip_to_text_end<R: Read>(
    tokens: &mut Tokens<R>,
    name: &[u8],
    mut out: Option<&mut String>,
) -> Result<(), Fallback> {
    loop {
        match tokens.next()? {
            Tok::Text(s, e) => {
                if let Some(out) = out.as_deref_mut() {
                    push_text(tokens.bytes(s, e), out)?;
                }
            }
            Tok::Tag(s, e) => {
                let t = tag(tokens.bytes(s, e));
                if t.closing && t.name == name {
                    return Ok(());
                }
                return Err(Fallback);
            }
            Tok::Eof => return Err(Fallback),
        }
    }
}

/// Fills merged ranges that span several rows down, as `workbook::fill_merged` does on
/// calamine's grid: only inside the used range, only blank cells, from a non-blank first
/// cell. Rows the range covers that have no cell yet are added.
fn fill_merged(rows: &mut RawRows, range: Dimensions, merged: &[Dimensions]) -> usize {
    let (start, end) = (range.start, range.end);
    let get = |rows: &RawRows, (r, c): (u32, u32)| -> Option<Data> {
        let i = rows.binary_search_by_key(&r, |(n, _)| *n).ok()?;
        rows[i].1.get(c as usize).cloned()
    };
    let mut filled = 0;
    for m in merged.iter().filter(|m| m.end.0 > m.start.0) {
        let inside = |(r, c): (u32, u32)| r >= start.0 && r <= end.0 && c >= start.1 && c <= end.1;
        if !inside(m.start) {
            continue;
        }
        let value = match get(rows, m.start) {
            Some(v) if !matches!(v, Data::Empty) => v,
            _ => continue,
        };
        for r in m.start.0.max(start.0)..=m.end.0.min(end.0) {
            for c in m.start.1.max(start.1)..=m.end.1.min(end.1) {
                if (r, c) == m.start {
                    continue;
                }
                let i = match rows.binary_search_by_key(&r, |(n, _)| *n) {
                    Ok(i) => i,
                    Err(i) => {
                        rows.insert(i, (r, Vec::new()));
                        i
                    }
                };
                let cells = &mut rows[i].1;
                let c = c as usize;
                if cells.len() <= c {
                    cells.resize(c + 1, Data::Empty);
                }
                if matches!(cells[c], Data::Empty) {
                    cells[c] = value.clone();
                    filled += 1;
                }
            }
        }
    }
    filled
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(xml: &str) -> Tokens<&[u8]> {
        Tokens::new(xml.as_bytes(), xml.len() as u64)
    }

    #[test]
    fn text_is_unescaped_and_line_ends_normalised() {
        let mut out = String::new();
        push_text(b"a&amp;b&#x4E2D;&#25991;\r\nc\rd", &mut out).unwrap();
        assert_eq!(out, "a&b中文\nc\nd");
        assert!(push_text(b"&nbsp;", &mut String::new()).is_err());
        let mut out = String::new();
        push_unescaped("两_x000D_行_x005F_x000D__xD83D__xDCF7__xD800_x_y", &mut out);
        assert_eq!(out, "两\r行_x000D_📷\u{fffd}x_y");
    }

    #[test]
    fn shared_strings_join_runs_and_drop_phonetics() {
        let xml = r#"<?xml version="1.0"?><sst uniqueCount="3"><si><t> 张三 </t></si><si><r><t xml:space="preserve">林 </t></r><r><t>子</t></r><rPh><t>リン</t></rPh></si><si/></sst>"#;
        let s = shared_strings(tokens(xml)).unwrap();
        assert_eq!(s.get(0), Some("张三"));
        assert_eq!(s.get(1), Some("林 子"));
        assert_eq!(s.get(2), Some(""));
        assert_eq!(s.get(3), None);
    }

    #[test]
    fn a_sheet_in_one_pass() {
        let strings = shared_strings(tokens("<sst><si><t>学号</t></si></sst>")).unwrap();
        let ctx = Context {
            strings: &strings,
            styles: &[NumberKind::Plain, NumberKind::Date],
            is_1904: false,
        };
        let xml = r#"<worksheet><sheetData>
            <row r="1"><c r="A1" t="s"><v>0</v></c></row>
            <row r="3" hidden="1"><c r="A3"><v>20221234</v></c><c r="B3" s="1"><v>45000</v></c><c r="C3" s="2"/></row>
            <row r="4"><c r="B4" t="inlineStr"><is><t>x</t></is></c><c r="C4" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>
            </sheetData><mergeCells><mergeCell ref="A3:A4"/></mergeCells></worksheet>"#;
        let Outcome::Done(p) = parse_sheet(tokens(xml), &ctx) else {
            panic!("not read");
        };
        assert_eq!(p.hidden_rows, [3]);
        assert_eq!(p.merged.len(), 1);
        assert_eq!(p.rows.len(), 3);
        assert_eq!(p.rows[1].1[0], Data::Float(20221234.0));
        assert!(matches!(p.rows[1].1[1], Data::DateTime(_)));
        assert_eq!(p.rows[2].1[1], Data::String("x".into()));
        assert!(matches!(p.rows[2].1[2], Data::Error(_)));
        let range = p.range.unwrap();
        assert_eq!((range.start, range.end), ((0, 0), (3, 2)));
    }

    /// A sheet with what the halves must carry over: hidden rows, an empty cell element,
    /// formula errors, an inline string, merged cells after the data, and one row written
    /// as two `<row>` elements.
    fn sheet_xml() -> String {
        let mut xml =
            String::from(r#"<?xml version="1.0"?><worksheet><dimension ref="A1:E40"/><sheetData>"#);
        for r in 1..=40 {
            let hidden = if r % 7 == 0 { r#" hidden="1""# } else { "" };
            xml += &format!(
                r#"<row r="{r}"{hidden}><c r="A{r}" t="s"><v>{}</v></c><c r="B{r}"><v>{r}.5</v></c>"#,
                r % 2
            );
            if r % 5 == 0 {
                xml += &format!(
                    r#"<c r="C{r}" s="1"/><c r="D{r}" t="e"><f>1/0</f><v>#DIV/0!</v></c>"#
                );
            }
            if r == 20 {
                xml += r#"</row><row r="20"><c r="E20" t="inlineStr"><is><t>again</t></is></c>"#;
            }
            xml += "</row>";
        }
        xml + r#"</sheetData><mergeCells count="1"><mergeCell ref="C10:C12"/></mergeCells></worksheet>"#
    }

    #[test]
    fn a_sheet_read_in_halves_reads_as_one_pass() {
        let strings = shared_strings(tokens(
            "<sst><si><t>学号</t></si><si><t>张三</t></si></sst>",
        ))
        .unwrap();
        let ctx = Context {
            strings: &strings,
            styles: &[NumberKind::Plain, NumberKind::Date],
            is_1904: false,
        };
        let xml = sheet_xml();
        let Outcome::Done(one) = parse_sheet(tokens(&xml), &ctx) else {
            panic!("not read");
        };
        assert_eq!(one.rows.len(), 40);
        let same = |p: &Parsed| {
            p.rows == one.rows
                && p.range == one.range
                && p.merged == one.merged
                && p.hidden_rows == one.hidden_rows
        };
        let mut splits: Vec<usize> = (0..xml.len())
            .filter_map(|from| row_start_after(xml.as_bytes(), from))
            .collect();
        splits.dedup();
        assert_eq!(splits.len(), 41);
        let mut joined = 0;
        for at in splits {
            assert!(xml[at..].starts_with("<row r="), "split at {at}");
            if let Some(p) = read_halves(xml.as_bytes(), at, &ctx) {
                joined += 1;
                assert!(same(&p), "split at {at}");
            }
        }
        // Every row but the one written twice can start the second half.
        assert_eq!(joined, 40);
        let twice = xml.rfind(r#"<row r="20">"#).unwrap();
        assert!(read_halves(xml.as_bytes(), twice, &ctx).is_none());
        let Outcome::Done(p) = parse_in_halves(xml.as_bytes(), &ctx) else {
            panic!("not read");
        };
        assert!(same(&p));
        // Past the last row, and in a sheet without numbered rows: no split.
        assert_eq!(
            row_start_after(xml.as_bytes(), xml.rfind("</row>").unwrap()),
            None
        );
        let unnumbered =
            "<worksheet><sheetData><row><c r=\"A1\"><v>1</v></c></row></sheetData></worksheet>";
        assert_eq!(row_start_after(unnumbered.as_bytes(), 0), None);
    }

    #[test]
    fn halves_within_the_grid_limit_can_be_over_it_together() {
        let mut wide = Bounds::default();
        assert!(wide.add((0, 0)).is_none() && wide.add((0, 16_000)).is_none());
        let mut tall = Bounds::default();
        assert!(tall.add((400_000, 0)).is_none());
        assert!(wide.join(tall).is_none());
        let mut near = Bounds::default();
        assert!(near.add((10, 5)).is_none());
        assert!(wide.join(near).is_some());
    }

    #[test]
    fn odd_xml_falls_back() {
        let ctx = Context {
            strings: &Strings::default(),
            styles: &[],
            is_1904: false,
        };
        for xml in [
            "<worksheet><sheetData><row><c><v>1</v></c></row></sheetData></worksheet>",
            "<worksheet><!-- x --><sheetData/></worksheet>",
            r#"<worksheet><sheetData><row r="1"><c r="B1"><v>1</v></c><c r="A1"><v>1</v></c></row></sheetData></worksheet>"#,
            "<chartsheet/>",
        ] {
            assert!(
                matches!(parse_sheet(tokens(xml), &ctx), Outcome::Fallback),
                "{xml}"
            );
        }
    }
}
