//! The columns a list can show, their headers and cells, the defaults per list, and the
//! office's saved choice (order included).

use std::borrow::Cow;

use serde::Serialize;

use super::lists::{ListKind, ListRow};
use super::ExportError;

/// One column of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ts_rs::TS)]
#[ts(rename = "ExportColumnId")]
#[serde(rename_all = "snake_case")]
pub enum Column {
    StudentNo,
    Name,
    Gender,
    IdNumber,
    College,
    Major,
    Class,
    Level,
    Duration,
    SchoolCode,
    Method,
    DoneDate,
    Verified,
    Campus,
    Counselor,
    Reason,
    Detail,
    State,
}

use Column::*;

const FINAL_DEFAULT: &[Column] = &[
    StudentNo, Name, Gender, IdNumber, College, Major, Class, Level, Duration, SchoolCode, Method,
    DoneDate, Verified,
];
const FINAL_MORE: &[Column] = &[Campus, Counselor];
const EXCLUDED_DEFAULT: &[Column] = &[
    StudentNo, Name, Gender, College, Major, Class, Counselor, Reason, Detail,
];
const EXCLUDED_MORE: &[Column] = &[IdNumber, Level, Duration, Campus, State];

impl Column {
    /// Who may read a file with these columns: the owner only (0600) when it carries ID
    /// numbers (the lists have no phone column), like the database itself.
    pub fn access(columns: &[Column]) -> crate::store::Access {
        if columns.contains(&IdNumber) {
            crate::store::Access::Private
        } else {
            crate::store::Access::Shared
        }
    }

    /// The header written in files and accepted by `--columns`.
    pub fn header(self) -> &'static str {
        match self {
            StudentNo => "学号",
            Name => "姓名",
            Gender => "性别",
            IdNumber => "身份证号",
            College => "学院",
            Major => "专业",
            Class => "班级",
            Level => "层次",
            Duration => "学制",
            SchoolCode => "院校代码",
            Method => "采集方式",
            DoneDate => "完成日期",
            Verified => "已核对",
            Campus => "校区",
            Counselor => "辅导员",
            Reason => "原因",
            Detail => "说明",
            State => "当前状态",
        }
    }

    /// Digits that must stay text (leading zeros, 18 digits): Excel would turn them into
    /// numbers like 2.02212E+07.
    pub fn is_code(self) -> bool {
        matches!(self, StudentNo | IdNumber | SchoolCode)
    }

    /// The cell for `row`.
    pub fn cell(self, row: &ListRow) -> Cow<'_, str> {
        let date = |d: Option<chrono::NaiveDate>| {
            Cow::Owned(
                d.map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
            )
        };
        match self {
            StudentNo => Cow::Borrowed(&row.student_no),
            Name => Cow::Borrowed(&row.name),
            Gender => Cow::Borrowed(&row.gender),
            IdNumber => Cow::Borrowed(&row.id_number),
            College => Cow::Borrowed(&row.college),
            Major => Cow::Borrowed(&row.major),
            Class => Cow::Borrowed(&row.class_name),
            Level => Cow::Borrowed(&row.level),
            Duration => Cow::Borrowed(&row.duration),
            SchoolCode => Cow::Borrowed(&row.school_code),
            Method => Cow::Borrowed(row.method.map(|m| m.label()).unwrap_or_default()),
            DoneDate => date(row.done_date),
            Verified => match row.verified {
                Some(d) => date(Some(d)),
                None => Cow::Borrowed("否"),
            },
            Campus => Cow::Borrowed(&row.campus),
            Counselor => Cow::Borrowed(&row.counselor),
            Reason => Cow::Borrowed(row.reason.map(|r| r.label()).unwrap_or_default()),
            Detail => Cow::Borrowed(&row.detail),
            State => Cow::Borrowed(row.state.label()),
        }
    }
}

/// The columns a list shows unless the office chose otherwise.
pub fn defaults(list: ListKind) -> &'static [Column] {
    match list {
        ListKind::Final => FINAL_DEFAULT,
        ListKind::Excluded => EXCLUDED_DEFAULT,
    }
}

/// Every column a list can show: the defaults, then the optional ones.
pub fn available(list: ListKind) -> Vec<Column> {
    let more = match list {
        ListKind::Final => FINAL_MORE,
        ListKind::Excluded => EXCLUDED_MORE,
    };
    defaults(list).iter().chain(more).copied().collect()
}

/// A column with its header, for the UI's column chooser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(rename = "ExportColumn")]
pub struct ColumnInfo {
    pub column: Column,
    pub header: &'static str,
}

pub fn info(columns: &[Column]) -> Vec<ColumnInfo> {
    columns
        .iter()
        .map(|&column| ColumnInfo {
            column,
            header: column.header(),
        })
        .collect()
}

/// Parses headers (in the order given) into the list's columns; refuses unknown or
/// repeated ones and an empty choice.
pub fn parse<S: AsRef<str>>(list: ListKind, headers: &[S]) -> Result<Vec<Column>, ExportError> {
    let allowed = available(list);
    let mut out: Vec<Column> = Vec::new();
    for h in headers
        .iter()
        .map(|h| h.as_ref().trim())
        .filter(|h| !h.is_empty())
    {
        let col = allowed
            .iter()
            .copied()
            .find(|c| c.header() == h)
            .ok_or_else(|| ExportError::UnknownColumn {
                list: list.label(),
                name: h.to_string(),
                available: allowed
                    .iter()
                    .map(|c| c.header())
                    .collect::<Vec<_>>()
                    .join("，"),
            })?;
        if out.contains(&col) {
            return Err(ExportError::RepeatedColumn(h.to_string()));
        }
        out.push(col);
    }
    if out.is_empty() {
        return Err(ExportError::NoColumns);
    }
    Ok(out)
}

/// Splits `学号,姓名，班级` (ASCII or full-width commas, 、 too) into headers.
pub fn split(text: &str) -> Vec<String> {
    text.split([',', '，', '、'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Saved headers → columns, skipping any this build no longer knows (never fails: a
/// stale choice falls back to the defaults).
pub fn from_saved(list: ListKind, headers: &[String]) -> Vec<Column> {
    let allowed = available(list);
    let mut out: Vec<Column> = Vec::new();
    for h in headers {
        if let Some(c) = allowed.iter().copied().find(|c| c.header() == h) {
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    if out.is_empty() {
        defaults(list).to_vec()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn final_defaults_are_the_issue_columns_in_order() {
        let headers: Vec<&str> = defaults(ListKind::Final)
            .iter()
            .map(|c| c.header())
            .collect();
        assert_eq!(
            headers.join(","),
            "学号,姓名,性别,身份证号,学院,专业,班级,层次,学制,院校代码,采集方式,完成日期,已核对"
        );
    }

    #[test]
    fn a_choice_keeps_its_order_and_refuses_unknown_and_repeated_headers() {
        let cols = parse(ListKind::Excluded, &split("班级，学号、姓名,原因")).unwrap();
        assert_eq!(cols, vec![Class, StudentNo, Name, Reason]);
        assert!(matches!(
            parse(ListKind::Final, &["学号", "原因"]),
            Err(ExportError::UnknownColumn { .. })
        ));
        assert!(matches!(
            parse(ListKind::Final, &["学号", "学号"]),
            Err(ExportError::RepeatedColumn(_))
        ));
        assert!(matches!(
            parse::<&str>(ListKind::Final, &[]),
            Err(ExportError::NoColumns)
        ));
        assert_eq!(from_saved(ListKind::Final, &["旧列".into()]), FINAL_DEFAULT);
    }
}
