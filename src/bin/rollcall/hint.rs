//! The CLI's own hint for a core failure, by its code: the core says what to do in
//! words, the CLI names the command or option that does it (the desktop names its
//! button the same way).

/// (a code segment path the failure's code must contain, the hint).
const HINTS: &[(&str, &str)] = &[
    ("NoCampaign", "运行 `rollcall demo` 创建示例任务，或 `rollcall campaign new --name 名称 --grad-year 年份` 新建任务。"),
    ("CampaignClosed", "运行 `rollcall campaign reopen --yes` 重新打开任务。"),
    ("campaign.NotFound", "用 `rollcall campaign list` 查看已有任务的编号。"),
    ("Campaign.NotFound", "用 `rollcall campaign list` 查看已有任务的编号。"),
    ("UnknownSlot", "用 `rollcall check-in slots` 查看时段编号。"),
    ("ClassNotScheduled", "用 `rollcall schedule` 查看已排的班级，或先运行 `rollcall plan`。"),
    ("PartNeeded", "加 --part 序号 指明哪一场。"),
    ("UnknownEvent", "用 `rollcall record list` 查看记录编号。"),
    ("NoColumns", "用 --columns 指定列，如 --columns 学号,姓名。"),
    ("NotGbk", "去掉 --encoding gbk，或把 --out 改为 .xlsx 文件。"),
    ("roster.import.NoHeader", "用 --header-row N 指定表头所在行，用 --map 列名=字段 指定列（可先加 --dry-run 试导入）。"),
    ("MissingColumns", "用 --map 列名=student_no（或 name）指定对应的列。"),
    ("TooManyWithdrawals", "先用 --dry-run 查看会退出哪些学生；确认无误后加 --allow-withdraw 再导入。"),
    ("NotASyncFile", "同步文件由另一台电脑的 `rollcall sync export --out 文件` 导出。"),
    ("WrongCampaign", "用 --campaign 编号 选择正确的任务（`rollcall campaign list` 列出编号）。"),
    ("UnknownExport", "用 `rollcall sync log` 查看导出编号。"),
    ("sync.Forged", "在本机运行 `rollcall backup --out 备份文件`，在那台电脑上运行 `rollcall restore 备份文件 --yes`，再在那台电脑上 `rollcall sync export`。"),
    ("sync.OldFormat", "在本机运行 `rollcall backup --out 备份文件`，在那台电脑上更新 Rollcall 后运行 `rollcall restore 备份文件 --yes`，再导出同步文件。"),
    ("NoDataDir", "用 --db 路径 或环境变量 ROLLCALL_DB 指定数据库文件。"),
    ("store.ReadOnly", "把文件复制到可写的文件夹后，用 --db 指定复制后的文件。"),
    ("backup.NotRollcall", "备份文件由 `rollcall backup --out 文件` 生成。"),
    ("SameFile", "换一个 --out 路径。"),
    ("NoSchedule", "先运行 `rollcall plan` 排好拍摄安排。"),
    ("plan.NothingToExport", "先运行 `rollcall plan` 排程。"),
    ("backup.InMemory", "用 --db 指定数据库文件。"),
    ("NothingSelected", "核对 --campus、--date、--class 的写法（`rollcall schedule` 列出校区、日期和班级）。"),
];

/// The hint for a failure's code, if the CLI has one.
pub fn for_code(code: &str) -> Option<&'static str> {
    HINTS
        .iter()
        .find(|(path, _)| contains_path(code, path))
        .map(|(_, hint)| *hint)
}

/// True when `code` ("roster.import.Read.NotFound") holds the segments of `path`
/// ("import.Read") in a row.
fn contains_path(code: &str, path: &str) -> bool {
    let code: Vec<&str> = code.split('.').collect();
    let path: Vec<&str> = path.split('.').collect();
    code.windows(path.len()).any(|w| w == path.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_are_found_by_segments() {
        assert!(for_code("plan.Campaign.NoCampaign").is_some());
        assert!(for_code("campaign.NotFound").is_some());
        assert!(for_code("progress.NotFound").is_none());
        assert!(
            for_code("roster.import.Closed.CampaignClosed").is_some_and(|h| h.contains("reopen"))
        );
        assert!(for_code("progress.NoHeader").is_none());
        assert!(for_code("sync.Forged").is_some_and(|h| h.contains("restore")));
    }
}
