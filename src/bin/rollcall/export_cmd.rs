//! `export final|excluded|log` and `campaign close|reopen`: the final lists, the export
//! log, and freezing the campaign.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;
use rollcall::export::{close::ClosePreview, Closing, Encoding, ListKind, Summary};
use rollcall::ops::{self, export::ListExport};
use serde_json::json;

use crate::{print_json, table, CmdResult, Ctx, Failure};

fn encoding_arg(text: &str) -> Result<Encoding, String> {
    Encoding::parse(text).ok_or_else(|| format!("未知的编码「{text}」，可用：utf8, gbk"))
}

/// `export final|excluded`.
#[derive(Args)]
pub struct ListArgs {
    /// 输出文件：.xlsx 或 .csv（按扩展名决定格式）
    #[arg(long, value_name = "F.xlsx|F.csv")]
    out: PathBuf,
    /// 名单截至哪天（YYYY-MM-DD，默认今天；最终截止日前为预览）
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<NaiveDate>,
    /// CSV 编码：utf8（带 BOM，Excel 直接打开）或 gbk（旧系统）
    #[arg(long, value_parser = encoding_arg, default_value = "utf8")]
    encoding: Encoding,
    /// 导出哪些列及顺序，如 学号,姓名,班级（默认：保存的选择或标准列）
    #[arg(long, value_name = "学号,姓名,...")]
    columns: Option<String>,
    /// 把本次的列选择保存为该名单的默认
    #[arg(long)]
    save_columns: bool,
    #[arg(long)]
    json: bool,
}

/// `export log`.
#[derive(Args)]
pub struct LogArgs {
    #[arg(long)]
    json: bool,
}

/// `campaign close` / `campaign reopen`.
#[derive(Args)]
pub struct CloseArgs {
    /// 确认执行（不加则只显示将要发生的事）
    #[arg(long)]
    yes: bool,
    /// 关闭时名单截至哪天（YYYY-MM-DD，默认今天；仅 close）
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<NaiveDate>,
    #[arg(long)]
    json: bool,
}

fn print_summary(s: &Summary) {
    outln!("{}", s.line());
}

/// Writes one list.
pub fn list(ctx: &Ctx, kind: ListKind, args: ListArgs) -> CmdResult {
    let campaign = ctx.campaign()?;
    let req = ListExport {
        list: kind,
        path: args.out,
        encoding: args.encoding,
        columns: args.columns.as_deref().map(ops::export::split_columns),
        save_columns: args.save_columns,
    };
    let clock = ctx.judging(args.today);
    let out = ops::export::write(&ctx.store, &clock, campaign.id, req)?;
    if args.json {
        return print_json(&out);
    }
    let e = &out.entry;
    let enc = out
        .encoding
        .map(|e| format!("，{} 编码", e.as_str()))
        .unwrap_or_default();
    outln!(
        "已导出{}（截至 {}）{} 人到 {}（{}{enc}）。",
        e.list_label,
        e.as_of,
        e.rows,
        out.path,
        e.format
    );
    print_summary(&out.summary);
    outln!("列：{}", e.columns.join("，"));
    if e.frozen {
        outln!("任务已关闭：导出的是关闭时冻结的名单。");
    }
    if e.has_id_numbers {
        outln!("注意：文件含完整身份证号，请妥善保管，不要在群里转发。");
    }
    Ok(())
}

/// `export log`.
pub fn log(ctx: &Ctx, args: LogArgs) -> CmdResult {
    let campaign = ctx.campaign()?;
    let entries = ops::export::log(&ctx.store, campaign.id)?;
    if args.json {
        return print_json(&json!({ "exports": entries }));
    }
    if entries.is_empty() {
        outln!("还没有导出记录。用 `rollcall export final --out 制证名单.xlsx` 导出。");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            let format = if e.encoding.is_empty() {
                e.format.clone()
            } else {
                format!("{} {}", e.format, e.encoding)
            };
            vec![
                e.id.to_string(),
                e.created_at.clone(),
                e.list_label.to_string(),
                e.as_of.clone(),
                format,
                e.rows.to_string(),
                if e.has_id_numbers { "是" } else { "否" }.to_string(),
                e.file_name.clone(),
            ]
        })
        .collect();
    out!(
        "{}",
        table::render(
            &[
                "编号",
                "导出时间",
                "名单",
                "截至",
                "格式",
                "人数",
                "含身份证号",
                "文件"
            ],
            &rows
        )
    );
    Ok(())
}

fn print_preview(p: &ClosePreview) {
    if let Some(d) = p.final_deadline {
        outln!("最终截止日期：{d}");
    }
    outln!("关闭后冻结截至 {} 的名单：", p.as_of);
    print_summary(&p.summary);
    if p.early {
        outln!("注意：还没过最终截止日期，尚未完成拍摄的学生都会列入不予制证名单。");
    }
}

/// `campaign close [--yes]`.
pub fn close(ctx: &mut Ctx, args: CloseArgs) -> CmdResult {
    let campaign = ctx.campaign()?;
    let clock = ctx.judging(args.today);
    let preview = ops::export::close_preview(&ctx.store, &clock, campaign.id)?;
    if let Some(c) = &preview.closed {
        return Err(Failure::user(format!(
            "任务已于 {} 关闭，无需再次关闭。如需修改，运行 `rollcall campaign reopen --yes`。",
            c.closed_at
        )));
    }
    if !args.yes {
        if args.json {
            print_json(&preview)?;
        } else {
            print_preview(&preview);
        }
        return Err(Failure::user("未关闭任务：确认无误后加 --yes 再运行。"));
    }
    let closing = ops::export::close(&mut ctx.store, &clock, campaign.id)?;
    if args.json {
        return print_json(&closing);
    }
    crate::backup_cmd::print_taken(
        rollcall::backup::Reason::Close,
        closing.auto_backup.as_deref(),
    );
    outln!(
        "已关闭「{}」（{}），冻结截至 {} 的名单：",
        campaign.facts.name,
        closing.closed_at,
        closing.as_of
    );
    print_summary(&closing.summary);
    outln!("此后导入名单、录入进度会被拒绝；如需修改，运行 `rollcall campaign reopen --yes`。");
    Ok(())
}

fn print_closing(c: &Closing) {
    outln!(
        "关闭于 {}，冻结截至 {} 的名单：制证 {} 人，不予制证 {} 人。",
        c.closed_at,
        c.as_of,
        c.summary.final_count,
        c.summary.excluded
    );
}

/// `campaign reopen [--yes]`.
pub fn reopen(ctx: &mut Ctx, args: CloseArgs) -> CmdResult {
    let campaign = ctx.campaign()?;
    let Some(current) = ops::export::current_closing(&ctx.store, campaign.id)? else {
        return Err(Failure::user("采集任务没有关闭，无需重新打开。"));
    };
    if !args.yes {
        if args.json {
            print_json(&current)?;
        } else {
            print_closing(&current);
        }
        return Err(Failure::user(
            "未重新打开：重新打开后可再修改名单与进度，关闭时冻结的名单仍保留。确认后加 --yes 再运行。",
        ));
    }
    let c = ops::export::reopen(&mut ctx.store, &ctx.clock, campaign.id)?;
    if args.json {
        return print_json(&c);
    }
    outln!("已重新打开「{}」，可以继续修改。", campaign.facts.name);
    print_closing(&c);
    outln!("再次关闭：`rollcall campaign close --yes`。");
    Ok(())
}
