//! Which column holds which student field: the synonym table, user overrides, and the
//! mapping remembered per header set.

use serde::{Deserialize, Serialize};

use crate::tabular::normalize_header;

/// A field of [`crate::roster::Student`] a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[ts(rename = "RosterField")]
#[serde(rename_all = "snake_case")]
pub enum Field {
    StudentNo,
    Name,
    Gender,
    IdNumber,
    College,
    Major,
    ClassName,
    IntakeYear,
    DurationYears,
    Level,
    Campus,
    Site,
    EnrolmentStatus,
    GradYear,
    Counselor,
    Phone,
}

/// Every field, in roster order.
pub const FIELDS: [Field; 16] = [
    Field::StudentNo,
    Field::Name,
    Field::Gender,
    Field::IdNumber,
    Field::College,
    Field::Major,
    Field::ClassName,
    Field::IntakeYear,
    Field::DurationYears,
    Field::Level,
    Field::Campus,
    Field::Site,
    Field::EnrolmentStatus,
    Field::GradYear,
    Field::Counselor,
    Field::Phone,
];

impl Field {
    /// The identifier used in `--map` and JSON.
    pub fn id(self) -> &'static str {
        match self {
            Field::StudentNo => "student_no",
            Field::Name => "name",
            Field::Gender => "gender",
            Field::IdNumber => "id_number",
            Field::College => "college",
            Field::Major => "major",
            Field::ClassName => "class_name",
            Field::IntakeYear => "intake_year",
            Field::DurationYears => "duration_years",
            Field::Level => "level",
            Field::Campus => "campus",
            Field::Site => "site",
            Field::EnrolmentStatus => "enrolment_status",
            Field::GradYear => "grad_year",
            Field::Counselor => "counselor",
            Field::Phone => "phone",
        }
    }

    /// The Chinese name shown to the user (the first synonym).
    pub fn label(self) -> &'static str {
        self.synonyms()[0]
    }

    /// Header texts (normalised: no spaces, ASCII lower-case) that mean this field.
    pub fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::StudentNo => &[
                "学号",
                "学生编号",
                "学生学号",
                "学员编号",
                "学生号",
                "考生号",
                "studentno",
                "student_no",
            ],
            Field::Name => &["姓名", "学生姓名", "名字", "学员姓名", "name"],
            Field::Gender => &["性别", "gender", "sex"],
            Field::IdNumber => &[
                "身份证号",
                "身份证件号",
                "证件号码",
                "身份证号码",
                "身份证",
                "身份证件号码",
                "证件号",
                "公民身份号码",
                "居民身份证号",
                "居民身份证号码",
                "学生身份证号",
                "学生身份证号码",
                "idnumber",
                "id_number",
            ],
            Field::College => &[
                "学院",
                "院系",
                "二级学院",
                "专业学院",
                "所在学院",
                "院(系)",
                "系部",
                "系别",
                "所属学院",
                "college",
            ],
            Field::Major => &["专业", "专业名称", "所学专业", "major"],
            Field::ClassName => &[
                "班级",
                "班级名称",
                "行政班",
                "行政班级",
                "所在班级",
                "班别",
                "class",
            ],
            Field::IntakeYear => &["年级", "入学年级", "入学年份", "所在年级"],
            Field::DurationYears => &["学制", "学制(年)", "学习年限"],
            Field::Level => &["层次", "培养层次", "学历层次", "办学层次"],
            Field::Campus => &["校区", "所在校区", "校区名称", "campus"],
            Field::Site => &["教学点", "校外教学点", "教学点名称"],
            Field::EnrolmentStatus => &["学籍状态", "学籍", "学籍状况", "在籍状态"],
            Field::GradYear => &[
                "预计毕业年份",
                "毕业年份",
                "届别",
                "毕业届别",
                "预计毕业时间",
                "预计毕业日期",
                "毕业年度",
                "届",
            ],
            Field::Counselor => &["辅导员", "辅导员姓名", "所属辅导员", "班主任"],
            Field::Phone => &[
                "联系电话",
                "手机号",
                "手机号码",
                "电话",
                "手机",
                "联系方式",
                "phone",
            ],
        }
    }

    /// The field a header names, if any.
    pub fn from_header(header: &str) -> Option<Field> {
        lookup(&normalize_header(header))
    }

    /// Parses a `--map` target: an identifier (`student_no`) or any synonym (`学号`).
    pub fn parse(text: &str) -> Option<Field> {
        let t = text.trim();
        FIELDS
            .into_iter()
            .find(|f| f.id() == t)
            .or_else(|| Field::from_header(t))
    }
}

/// What one column becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(rename = "MappingTarget")]
#[serde(rename_all = "snake_case", tag = "kind", content = "field")]
pub enum Target {
    Field(Field),
    /// Kept in the student's extra data under its header.
    Extra,
    /// Dropped (e.g. a 序号 column).
    Ignore,
}

impl Target {
    /// Parses the right side of `--map 表头=…`: a field, `extra`/`保留`, `ignore`/`-`/`忽略`.
    pub fn parse(text: &str) -> Option<Target> {
        match text.trim() {
            "extra" | "保留" | "其他" => Some(Target::Extra),
            "ignore" | "-" | "忽略" => Some(Target::Ignore),
            t => Field::parse(t).map(Target::Field),
        }
    }

    fn code(self) -> String {
        match self {
            Target::Field(f) => f.id().to_string(),
            Target::Extra => "extra".into(),
            Target::Ignore => "ignore".into(),
        }
    }
}

/// Where a column's mapping came from (the UI shows it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum MappingSource {
    /// The header matched a synonym (or nothing, and the column is kept as extra).
    Detected,
    /// The mapping saved the last time this header set was imported.
    Remembered,
    /// `--map` or the UI's mapping step.
    Override,
}

/// One column of the file and what it maps to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ColumnMapping {
    /// 0 = column A.
    pub index: usize,
    /// "A", "B", …
    pub letter: String,
    pub header: String,
    pub target: Target,
    pub source: MappingSource,
}

/// The key a mapping is remembered under: the normalised headers in order.
pub fn header_key(headers: &[String]) -> String {
    headers
        .iter()
        .map(|h| normalize_header(h))
        .collect::<Vec<_>>()
        .join("\u{1f}")
}

/// A remembered mapping as stored: one target code per column.
pub fn encode_mapping(columns: &[ColumnMapping]) -> String {
    let codes: Vec<String> = columns.iter().map(|c| c.target.code()).collect();
    serde_json::to_string(&codes).unwrap_or_else(|_| "[]".into())
}

/// Reads a stored mapping back; `None` when it does not fit `width` columns.
pub fn decode_mapping(json: &str, width: usize) -> Option<Vec<Target>> {
    let codes: Vec<String> = serde_json::from_str(json).ok()?;
    if codes.len() != width {
        return None;
    }
    codes.iter().map(|c| Target::parse(c)).collect()
}

/// Headers of columns that only number the rows of the file.
const IGNORED: &[&str] = &["序号", "行号", "no", "no."];

/// Maps `headers`: overrides (by header text) first, then the remembered mapping, then
/// synonyms. When several columns name one field, the closest synonym wins (学号 over
/// 考生号), then the leftmost; the others are kept as extra data. Empty headers are ignored.
pub fn map_columns(
    headers: &[String],
    overrides: &[(String, Target)],
    remembered: Option<&[Target]>,
) -> Vec<ColumnMapping> {
    let chosen: Vec<(Target, MappingSource)> = headers
        .iter()
        .enumerate()
        .map(|(index, header)| {
            let norm = normalize_header(header);
            let forced = overrides
                .iter()
                .find(|(h, _)| !norm.is_empty() && normalize_header(h) == norm)
                .map(|(_, t)| *t);
            match (forced, remembered.and_then(|r| r.get(index))) {
                (Some(t), _) => (t, MappingSource::Override),
                (None, Some(t)) => (*t, MappingSource::Remembered),
                (None, None) if norm.is_empty() || IGNORED.contains(&norm.as_str()) => {
                    (Target::Ignore, MappingSource::Detected)
                }
                (None, None) => (
                    Field::from_header(header).map_or(Target::Extra, Target::Field),
                    MappingSource::Detected,
                ),
            }
        })
        .collect();
    let rank = |i: usize| -> (u8, usize, usize) {
        let source_rank = match chosen[i].1 {
            MappingSource::Override => 0,
            MappingSource::Remembered => 1,
            MappingSource::Detected => 2,
        };
        let norm = normalize_header(&headers[i]);
        let syn = match chosen[i].0 {
            Target::Field(f) => f.synonyms().iter().position(|s| *s == norm).unwrap_or(99),
            _ => 99,
        };
        (source_rank, syn, i)
    };
    let mut out = Vec::with_capacity(headers.len());
    for (index, header) in headers.iter().enumerate() {
        let (mut target, source) = chosen[index];
        if let Target::Field(f) = target {
            let winner = (0..headers.len())
                .filter(|j| chosen[*j].0 == Target::Field(f))
                .min_by_key(|j| rank(*j));
            if winner != Some(index) {
                target = Target::Extra;
            }
        }
        out.push(column(index, header, target, source));
    }
    out
}

fn column(index: usize, header: &str, target: Target, source: MappingSource) -> ColumnMapping {
    ColumnMapping {
        index,
        letter: crate::tabular::column_letter(index),
        header: header.to_string(),
        target,
        source,
    }
}

/// True when a header names any field (used to find the header row).
pub fn is_known_header(normalized: &str) -> bool {
    lookup(normalized).is_some()
}

/// The field of a normalised header: its synonym, else the synonym left once notes in
/// brackets are taken out ("身份证号码(18位)", "身份证号(必填)" → 身份证号…).
fn lookup(normalized: &str) -> Option<Field> {
    let find = |h: &str| FIELDS.into_iter().find(|f| f.synonyms().contains(&h));
    find(normalized).or_else(|| {
        let bare = without_brackets(normalized);
        (bare != normalized && !bare.is_empty())
            .then(|| find(&bare))
            .flatten()
    })
}

/// `text` without its bracketed notes: "身份证号(必填)" → "身份证号".
fn without_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '[' | '【' => depth += 1,
            ')' | ']' | '】' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn synonyms_and_labels() {
        assert_eq!(Field::from_header("学生编号"), Some(Field::StudentNo));
        assert_eq!(Field::from_header(" 身份证件号 "), Some(Field::IdNumber));
        assert_eq!(Field::from_header("二级学院"), Some(Field::College));
        assert_eq!(Field::from_header("所在校区"), Some(Field::Campus));
        assert_eq!(Field::from_header("备注"), None);
        for h in [
            "身份证号码（18位）",
            "居民身份证号码",
            "身份证号(必填)",
            "学生身份证号",
            "证件号码",
            "*身份证号\n（必填）",
        ] {
            assert_eq!(Field::from_header(h), Some(Field::IdNumber), "{h}");
        }
        assert_eq!(Field::from_header("院（系）"), Some(Field::College));
        assert_eq!(Field::from_header("(必填)"), None);
        for f in FIELDS {
            assert_eq!(Field::parse(f.id()), Some(f));
            assert_eq!(Field::parse(f.label()), Some(f));
        }
    }

    #[test]
    fn overrides_win_and_duplicates_become_extra() {
        let headers = h(&["序号", "编号", "姓名", "手机", "联系电话", ""]);
        let cols = map_columns(
            &headers,
            &[
                ("编号".into(), Target::Field(Field::StudentNo)),
                ("序号".into(), Target::Ignore),
            ],
            None,
        );
        let targets: Vec<Target> = cols.iter().map(|c| c.target).collect();
        assert_eq!(
            targets,
            [
                Target::Ignore,
                Target::Field(Field::StudentNo),
                Target::Field(Field::Name),
                Target::Extra,
                Target::Field(Field::Phone),
                Target::Ignore
            ]
        );
        assert_eq!(cols[1].source, MappingSource::Override);
    }

    #[test]
    fn the_closest_synonym_wins() {
        let cols = map_columns(&h(&["考生号", "电话", "学号", "联系电话"]), &[], None);
        let targets: Vec<Target> = cols.iter().map(|c| c.target).collect();
        assert_eq!(
            targets,
            [
                Target::Extra,
                Target::Extra,
                Target::Field(Field::StudentNo),
                Target::Field(Field::Phone)
            ]
        );
    }

    #[test]
    fn remembered_mapping_round_trips() {
        let headers = h(&["编号", "姓名"]);
        let cols = map_columns(
            &headers,
            &[("编号".into(), Target::Field(Field::StudentNo))],
            None,
        );
        let stored = encode_mapping(&cols);
        let back = decode_mapping(&stored, 2).unwrap();
        let again = map_columns(&headers, &[], Some(&back));
        assert_eq!(again[0].target, Target::Field(Field::StudentNo));
        assert_eq!(again[0].source, MappingSource::Remembered);
        assert!(decode_mapping(&stored, 3).is_none());
    }
}
