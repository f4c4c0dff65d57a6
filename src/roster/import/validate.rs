//! One data row → a [`Student`] with its warnings, or the reason it is rejected; then
//! duplicate 学号 across the file.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::headers::{ColumnMapping, Field, Target, FIELDS};
use crate::roster::id_number::{self, Gender};
use crate::roster::{Student, StudentNo};
use crate::tabular::Row;

/// A problem with one row, named by row (as Excel shows it) and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowIssue {
    pub row: u32,
    /// The column's header as the file has it; `None` for a whole-row problem.
    pub column: Option<String>,
    /// The column letter ("C").
    pub letter: Option<String>,
    pub reason: String,
}

impl std::fmt::Display for RowIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "第 {} 行", self.row)?;
        if let (Some(c), Some(l)) = (&self.column, &self.letter) {
            write!(f, "「{c}」列（{l} 列）")?;
        }
        write!(f, "：{}", self.reason)
    }
}

/// A warning as stored with the student (row numbers change between imports).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredWarning {
    pub column: String,
    pub reason: String,
}

/// A row that became a student.
#[derive(Debug, Clone)]
pub struct ParsedRow {
    pub row: u32,
    pub student: Student,
    /// Unmapped columns, as a JSON object text.
    pub extra: String,
    pub warnings: Vec<StoredWarning>,
}

/// The mapping laid out for per-row lookups.
pub struct Plan {
    field_col: [Option<usize>; FIELDS.len()],
    headers: Vec<String>,
    extras: Vec<(usize, String)>,
}

impl Plan {
    pub fn new(columns: &[ColumnMapping]) -> Plan {
        let mut field_col = [None; FIELDS.len()];
        let mut extras: Vec<(usize, String)> = Vec::new();
        for c in columns {
            match c.target {
                Target::Field(f) => field_col[f as usize] = Some(c.index),
                Target::Extra => {
                    // Two columns with one header keep both values.
                    let mut key = c.header.clone();
                    let mut n = 2;
                    while extras.iter().any(|(_, k)| *k == key) {
                        key = format!("{}({n})", c.header);
                        n += 1;
                    }
                    extras.push((c.index, key));
                }
                Target::Ignore => {}
            }
        }
        Plan {
            field_col,
            headers: columns.iter().map(|c| c.header.clone()).collect(),
            extras,
        }
    }

    pub fn has(&self, f: Field) -> bool {
        self.field_col[f as usize].is_some()
    }

    fn get<'r>(&self, row: &'r Row, f: Field) -> &'r str {
        self.field_col[f as usize].map_or("", |i| row.cell(i))
    }

    fn issue(&self, row: u32, f: Field, reason: String) -> RowIssue {
        let col = self.field_col[f as usize];
        RowIssue {
            row,
            column: col.map(|i| self.headers[i].clone()),
            letter: col.map(crate::tabular::column_letter),
            reason,
        }
    }

    /// The header text of the column mapped to `f` (its label when unmapped).
    fn header(&self, f: Field) -> String {
        self.field_col[f as usize]
            .map_or_else(|| f.label().to_string(), |i| self.headers[i].clone())
    }
}

/// Parses one row. Warnings go both into the row (stored) and `warnings` (reported).
pub fn parse_row(
    plan: &Plan,
    row: &Row,
    warnings: &mut Vec<RowIssue>,
) -> Result<ParsedRow, RowIssue> {
    let student_no = StudentNo::new(unwrap_text_formula(plan.get(row, Field::StudentNo)));
    let name = plan.get(row, Field::Name);
    let Some(student_no) = student_no else {
        let reason = if name.is_empty() {
            "缺少学号和姓名"
        } else {
            "缺少学号"
        };
        return Err(plan.issue(row.number, Field::StudentNo, reason.into()));
    };
    if name.is_empty() {
        return Err(plan.issue(row.number, Field::Name, "缺少姓名".into()));
    }
    let mut stored = Vec::new();
    let mut warn = |f: Field, reason: String| {
        warnings.push(plan.issue(row.number, f, reason.clone()));
        stored.push(StoredWarning {
            column: plan.header(f),
            reason,
        });
    };
    let text = |f: Field| plan.get(row, f).to_string();
    let gender_text = plan.get(row, Field::Gender);
    let mut gender = Gender::parse(gender_text);
    if gender.is_none() && !gender_text.is_empty() {
        warn(
            Field::Gender,
            format!("性别「{gender_text}」无法识别，应为 男 或 女"),
        );
    }
    let id = normalize_id(plan.get(row, Field::IdNumber));
    if !id.is_empty() {
        match id_number::validate(&id) {
            Err(problem) => warn(Field::IdNumber, problem.to_string()),
            Ok(info) => match gender {
                None => gender = Some(info.gender),
                Some(g) if g != info.gender => warn(
                    Field::Gender,
                    format!(
                        "性别为{}，但身份证号显示为{}",
                        g.as_str(),
                        info.gender.as_str()
                    ),
                ),
                Some(_) => {}
            },
        }
    }
    let mut number = |f: Field, parse: fn(&str) -> Option<i32>, what: &str| {
        let t = plan.get(row, f);
        let v = parse(t);
        if v.is_none() && !t.is_empty() {
            warn(f, format!("{what}「{t}」无法识别"));
        }
        v
    };
    let intake_year = number(Field::IntakeYear, parse_year, "年级");
    let duration_years = number(Field::DurationYears, parse_duration, "学制");
    let grad_year = number(Field::GradYear, parse_year, "预计毕业年份");
    let student = Student {
        student_no,
        name: name.to_string(),
        gender,
        id_number: (!id.is_empty()).then_some(id),
        college: text(Field::College),
        major: text(Field::Major),
        class_name: text(Field::ClassName),
        intake_year,
        duration_years,
        level: text(Field::Level),
        campus: text(Field::Campus),
        site: text(Field::Site),
        enrolment_status: text(Field::EnrolmentStatus),
        grad_year,
        counselor: text(Field::Counselor),
        phone: text(Field::Phone),
    };
    Ok(ParsedRow {
        row: row.number,
        student,
        extra: extra_json(plan, row),
        warnings: stored,
    })
}

fn extra_json(plan: &Plan, row: &Row) -> String {
    let map: serde_json::Map<String, serde_json::Value> = plan
        .extras
        .iter()
        .filter(|(i, _)| !row.cell(*i).is_empty())
        .map(|(i, k)| {
            (
                k.clone(),
                serde_json::Value::String(row.cell(*i).to_string()),
            )
        })
        .collect();
    serde_json::Value::Object(map).to_string()
}

/// CSV written by some systems wraps text in a formula to keep leading zeros: ="0123".
fn unwrap_text_formula(text: &str) -> &str {
    text.strip_prefix("=\"")
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text)
}

/// ID numbers: no inner spaces, lower-case x made upper-case.
fn normalize_id(text: &str) -> String {
    unwrap_text_formula(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == 'x' { 'X' } else { c })
        .collect()
}

/// A year from "2025", "2025届", "2022级", "2025-06-30", "2025年6月": the first run of
/// exactly four digits between 1950 and 2100.
pub fn parse_year(text: &str) -> Option<i32> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 4 {
                let y: i32 = text[start..i].parse().ok()?;
                return (1950..=2100).contains(&y).then_some(y);
            }
        } else {
            i += 1;
        }
    }
    None
}

/// Years of study from "3", "3年", "三年制", "两年制".
pub fn parse_duration(text: &str) -> Option<i32> {
    let first = text.chars().next()?;
    let n = match first {
        '1'..='9' => first.to_digit(10).map(|d| d as i32),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        _ => None,
    }?;
    let rest = text[first.len_utf8()..].trim();
    matches!(rest, "" | "年" | "年制" | ".0").then_some(n)
}

/// Rejects every row whose 学号 appears more than once, naming all the rows.
pub fn reject_duplicates(
    parsed: Vec<ParsedRow>,
    plan: &Plan,
    rejected: &mut Vec<RowIssue>,
) -> Vec<ParsedRow> {
    let mut rows_of: HashMap<&str, Vec<u32>> = HashMap::with_capacity(parsed.len());
    for p in &parsed {
        rows_of
            .entry(p.student.student_no.as_str())
            .or_default()
            .push(p.row);
    }
    let dup: HashMap<String, String> = rows_of
        .into_iter()
        .filter(|(_, rows)| rows.len() > 1)
        .map(|(no, rows)| {
            let list: Vec<String> = rows.iter().map(u32::to_string).collect();
            (no.to_string(), list.join("、"))
        })
        .collect();
    if dup.is_empty() {
        return parsed;
    }
    parsed
        .into_iter()
        .filter(|p| match dup.get(p.student.student_no.as_str()) {
            Some(rows) => {
                rejected.push(plan.issue(
                    p.row,
                    Field::StudentNo,
                    format!(
                        "学号 {} 在第 {rows} 行重复出现，这几行都未导入",
                        p.student.student_no
                    ),
                ));
                false
            }
            None => true,
        })
        .collect()
}

/// Fields the file has no column for keep what the roster already says: a weekly update
/// exported with fewer columns must not blank out ID numbers, campuses or counselors.
pub fn keep_unmapped(plan: &Plan, student: &mut Student, stored: &Student) {
    for f in FIELDS {
        if plan.has(f) {
            continue;
        }
        match f {
            Field::StudentNo | Field::Name => {}
            // Without a gender column the gender comes from the ID number when there is one.
            Field::Gender if plan.has(Field::IdNumber) => {}
            Field::Gender => student.gender = stored.gender,
            Field::IdNumber => student.id_number = stored.id_number.clone(),
            Field::College => student.college = stored.college.clone(),
            Field::Major => student.major = stored.major.clone(),
            Field::ClassName => student.class_name = stored.class_name.clone(),
            Field::IntakeYear => student.intake_year = stored.intake_year,
            Field::DurationYears => student.duration_years = stored.duration_years,
            Field::Level => student.level = stored.level.clone(),
            Field::Campus => student.campus = stored.campus.clone(),
            Field::Site => student.site = stored.site.clone(),
            Field::EnrolmentStatus => student.enrolment_status = stored.enrolment_status.clone(),
            Field::GradYear => student.grad_year = stored.grad_year,
            Field::Counselor => student.counselor = stored.counselor.clone(),
            Field::Phone => student.phone = stored.phone.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_and_durations() {
        assert_eq!(parse_year("2025届"), Some(2025));
        assert_eq!(parse_year("2022级"), Some(2022));
        assert_eq!(parse_year("2025-06-30"), Some(2025));
        assert_eq!(parse_year("45838"), None);
        assert_eq!(parse_year("明年"), None);
        assert_eq!(parse_duration("三年制"), Some(3));
        assert_eq!(parse_duration("两年制"), Some(2));
        assert_eq!(parse_duration("3"), Some(3));
        assert_eq!(parse_duration("3年"), Some(3));
        assert_eq!(parse_duration("很久"), None);
    }

    #[test]
    fn text_formula_and_lower_case_x() {
        assert_eq!(unwrap_text_formula("=\"020221234\""), "020221234");
        assert_eq!(normalize_id("11010519491231002x"), "11010519491231002X");
    }
}
