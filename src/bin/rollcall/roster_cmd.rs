//! `roster import`, `roster list` and `roster fields`.

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;
use rollcall::ops;
use rollcall::roster::import::{self, ImportOptions, ImportReport, Target, FIELDS};
use rollcall::roster::ListFilter;
use serde_json::json;

use crate::{print_json, table, CmdResult, Ctx};

#[derive(Subcommand)]
pub enum RosterCmd {
    /// 导入学生名单（.xlsx .xlsm .xls .xlsb .ods .csv .txt）；再次导入即更新：新增、修改、
    /// 未再出现的学生标记为已退出
    Import {
        /// 名单文件
        file: PathBuf,
        /// 工作表名称，可写多次一起导入（默认：第一个有表头的工作表）
        #[arg(long = "sheet", value_name = "NAME")]
        sheets: Vec<String>,
        /// 把表头相同的所有工作表（如每个学院一个工作表）合起来作为一份名单导入
        #[arg(long)]
        all_sheets: bool,
        /// 确认导入：即使会把较多学生（超过 20%）标记为已退出
        #[arg(long)]
        allow_withdraw: bool,
        /// 表头所在行（按 Excel 的行号；默认自动识别）
        #[arg(long, value_name = "N")]
        header_row: Option<u32>,
        /// 指定列的含义：表头=字段，如 --map 学生编号=student_no；字段也可写 extra 或 ignore
        #[arg(long = "map", value_name = "表头=字段")]
        maps: Vec<String>,
        /// 只显示导入结果，不写入数据库
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// 列出学生名单（身份证号默认打码）
    List {
        /// 只列出该班级
        #[arg(long = "class", value_name = "班级")]
        class_name: Option<String>,
        /// 只列出该校区
        #[arg(long, value_name = "校区")]
        campus: Option<String>,
        /// 只列出该学院
        #[arg(long, value_name = "学院")]
        college: Option<String>,
        /// 按学号、姓名或班级搜索
        #[arg(long, value_name = "文字")]
        search: Option<String>,
        /// 也列出已退出的学生
        #[arg(long)]
        withdrawn: bool,
        /// 显示完整身份证号
        #[arg(long)]
        reveal: bool,
        #[arg(long)]
        json: bool,
    },
    /// 列出名单的字段（`roster import --map 表头=字段` 中的字段名）
    Fields {
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &mut Ctx, cmd: RosterCmd) -> CmdResult {
    match cmd {
        RosterCmd::Fields { json } => fields(json),
        RosterCmd::Import {
            file,
            sheets,
            all_sheets,
            allow_withdraw,
            header_row,
            maps,
            dry_run,
            json,
        } => {
            let overrides = maps
                .iter()
                .map(|m| ops::roster::parse_map(m))
                .collect::<Result<Vec<(String, Target)>, _>>()?;
            let options = ImportOptions {
                sheets,
                all_sheets,
                header_row,
                overrides,
                allow_withdraw,
            };
            import(ctx, &file, &options, dry_run, json)
        }
        RosterCmd::List {
            class_name,
            campus,
            college,
            search,
            withdrawn,
            reveal,
            json,
        } => {
            let filter = ListFilter {
                class_name,
                campus,
                college,
                search,
                include_withdrawn: withdrawn,
            };
            list(ctx, &filter, reveal, json)
        }
    }
}

fn import(
    ctx: &mut Ctx,
    file: &std::path::Path,
    options: &ImportOptions,
    dry_run: bool,
    json: bool,
) -> CmdResult {
    let campaign = ctx.campaign()?;
    let report = ops::roster::import(
        &mut ctx.store,
        &ctx.clock,
        campaign.id,
        file,
        options,
        dry_run,
        &mut |_, _| {},
    )?;
    if json {
        return print_json(&report);
    }
    print_report(&report);
    Ok(())
}

fn print_report(r: &ImportReport) {
    if let Some(path) = &r.auto_backup {
        outln!(
            "已自动备份（{}）：{}",
            rollcall::backup::Reason::Reimport.label(),
            path.display()
        );
    }
    let verb = if r.dry_run {
        "试导入（未写入）"
    } else {
        "已导入"
    };
    outln!(
        "{verb}：{}（工作表「{}」，表头在第 {} 行）",
        r.file,
        r.sheets.join("」「"),
        r.header_row
    );
    for note in &r.notes {
        outln!("注意：{note}");
    }
    if r.notes.iter().any(|n| n.contains("表头相同")) && r.sheets.len() == 1 {
        outln!("      （命令行：加 --all-sheets 导入所有表头相同的工作表）");
    }
    outln!(
        "读取 {} 行：新增 {}，更新 {}，未变 {}，标记退出 {}；不符合采集条件 {}，拒绝 {}，警告 {}",
        r.read,
        r.added,
        r.updated,
        r.unchanged,
        r.withdrawn,
        r.ineligible,
        r.rejected.len(),
        r.warnings.len()
    );
    if r.withdrawn > 0 {
        let classes: Vec<String> = r
            .withdrawn_by_class
            .iter()
            .take(10)
            .map(|c| format!("{} {} 人", c.class_name, c.count))
            .collect();
        outln!("将标记为已退出的学生按班级：{}", classes.join("、"));
        if r.needs_confirmation {
            outln!(
                "超过名单的 {}%：正式导入需要加 --allow-withdraw 确认。",
                import::WITHDRAW_CONFIRM_PERCENT
            );
        }
    }
    if !r.ineligible_reasons.is_empty() {
        let reasons: Vec<String> = r
            .ineligible_reasons
            .iter()
            .map(|x| format!("{}（{} 人）", x.reason, x.count))
            .collect();
        outln!("不符合采集条件的原因：{}", reasons.join("；"));
    }
    if !r.rejected.is_empty() {
        outln!("\n被拒绝的行（未导入）：");
        r.rejected.iter().for_each(|i| outln!("  {i}"));
    }
    if !r.skipped.is_empty() {
        outln!("\n跳过的行（不是学生）：");
        r.skipped.iter().for_each(|i| outln!("  {i}"));
    }
    if !r.hidden.is_empty() {
        let rows: Vec<String> = r.hidden.iter().map(|i| i.row.to_string()).collect();
        outln!("\n隐藏的行（已导入）：第 {} 行", rows.join("、"));
    }
    if !r.warnings.is_empty() {
        outln!("\n警告（已导入，请核对）：");
        r.warnings.iter().take(50).for_each(|i| outln!("  {i}"));
        if r.warnings.len() > 50 {
            outln!("  …… 另有 {} 条，用 --json 查看全部", r.warnings.len() - 50);
        }
    }
}

fn list(ctx: &Ctx, filter: &ListFilter, reveal: bool, json: bool) -> CmdResult {
    let campaign = ctx.campaign()?;
    // ID numbers and phones alike: masked unless asked for (--reveal).
    let entries = ops::roster::list(&ctx.store, campaign.id, filter, reveal)?;
    if json {
        return print_json(
            &json!({ "campaign": campaign.id, "count": entries.len(), "students": entries }),
        );
    }
    if entries.is_empty() {
        outln!("没有符合条件的学生。用 `rollcall roster import 文件` 导入名单。");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            let s = &e.student;
            let status = match (&e.withdrawn_at, &e.ineligible_reason) {
                (Some(_), _) => "已退出".to_string(),
                (None, Some(r)) => format!("不符合：{r}"),
                (None, None) => "符合".to_string(),
            };
            vec![
                s.student_no.to_string(),
                s.name.clone(),
                s.gender.map(|g| g.as_str().to_string()).unwrap_or_default(),
                s.id_number.clone().unwrap_or_default(),
                s.class_name.clone(),
                s.campus.clone(),
                status,
                if e.warnings.is_empty() {
                    String::new()
                } else {
                    e.warnings.len().to_string()
                },
            ]
        })
        .collect();
    let text = table::render(
        &[
            "学号",
            "姓名",
            "性别",
            "身份证号",
            "班级",
            "校区",
            "采集条件",
            "警告",
        ],
        &rows,
    );
    // A long roster is often piped into `head`: a closed pipe is not an error.
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}共 {} 人", entries.len());
    Ok(())
}

/// The fields a column can be mapped to, as the desktop's mapping step offers them.
fn fields(json: bool) -> CmdResult {
    if json {
        let all: Vec<_> = FIELDS
            .iter()
            .map(|f| json!({ "id": f.id(), "label": f.label() }))
            .collect();
        return print_json(&json!({ "fields": all, "also": ["extra", "ignore"] }));
    }
    let mut rows: Vec<Vec<String>> = FIELDS
        .iter()
        .map(|f| vec![f.id().to_string(), f.label().to_string()])
        .collect();
    rows.push(vec!["extra".into(), "其他信息（保留，不作字段）".into()]);
    rows.push(vec!["ignore".into(), "不导入此列".into()]);
    out!("{}", table::render(&["字段", "含义"], &rows));
    outln!("例：rollcall roster import 名单.xlsx --map 学生编号=student_no");
    Ok(())
}
