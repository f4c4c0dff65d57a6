//! `backup --out F`, `backup list`, `backup auto --keep N`, `doctor`, and the automatic
//! backup the other commands take before a destructive step.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use rollcall::backup::{AutoBackup, Reason};
use rollcall::ops::{self, sync::Doctor};
use rollcall::store::Health;
use serde::Serialize;

use crate::{print_json, table, CmdResult, Ctx, Failure};

/// `rollcall backup --out F` or `rollcall backup list|auto`.
#[derive(Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct BackupArgs {
    #[command(subcommand)]
    cmd: Option<BackupCmd>,
    /// 备份到此文件
    #[arg(long, value_name = "FILE", required = true)]
    out: Option<PathBuf>,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum BackupCmd {
    /// 列出自动备份（最新的在前）：时间、原因、大小
    List {
        #[arg(long)]
        json: bool,
    },
    /// 查看或设置自动备份保留的份数（数据库文件夹下 backups/）
    Auto {
        /// 只保留最新的 N 份自动备份（默认 10）；更早的立即删除
        #[arg(long, value_name = "N")]
        keep: Option<u32>,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Ctx, args: BackupArgs) -> CmdResult {
    match (args.cmd, args.out) {
        (Some(BackupCmd::List { json }), _) => list(ctx, json),
        (Some(BackupCmd::Auto { keep, json }), _) => auto(ctx, keep, json),
        (None, Some(out)) => to_file(ctx, &out, args.json),
        (None, None) => Err(Failure::user(
            "请用 --out 文件 指定备份位置，或运行 `rollcall backup list` 查看自动备份。",
        )),
    }
}

fn to_file(ctx: &Ctx, out: &Path, json: bool) -> CmdResult {
    let r = ops::sync::backup_to(&ctx.store, out)?;
    if json {
        return print_json(&r);
    }
    outln!(
        "已备份到 {}（{} 字节）。在另一台电脑上用 `rollcall restore {}` 恢复。",
        r.path.display(),
        r.bytes,
        r.path.display()
    );
    Ok(())
}

fn db_path(ctx: &Ctx) -> Result<&Path, Failure> {
    ctx.store
        .path()
        .ok_or_else(|| Failure::user("内存中的数据库没有自动备份。"))
}

fn list(ctx: &Ctx, json: bool) -> CmdResult {
    let listing = ops::sync::auto_backups(&ctx.store, db_path(ctx)?)?;
    if json {
        return print_json(&listing);
    }
    let (folder, keep, backups) = (listing.folder, listing.keep, listing.backups);
    outln!("自动备份文件夹 {}（保留最新 {keep} 份）", folder.display());
    if backups.is_empty() {
        outln!("还没有自动备份：重新导入名单、导入同步文件、关闭任务、恢复备份之前会自动备份。");
        return Ok(());
    }
    out!(
        "{}",
        table::render(&["时间", "原因", "大小", "文件"], &rows(&backups))
    );
    Ok(())
}

fn rows(backups: &[AutoBackup]) -> Vec<Vec<String>> {
    backups
        .iter()
        .map(|b| {
            vec![
                b.taken_at.format("%Y-%m-%d %H:%M:%S").to_string(),
                b.reason_label.to_string(),
                size_text(b.bytes),
                b.file_name.clone(),
            ]
        })
        .collect()
}

fn size_text(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / f64::from(1u32 << 20))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

#[derive(Serialize)]
struct AutoSetting {
    keep: u32,
    pruned: Vec<PathBuf>,
}

fn auto(ctx: &Ctx, keep: Option<u32>, json: bool) -> CmdResult {
    let db = db_path(ctx)?;
    let pruned = match keep {
        Some(n) => ops::sync::set_backup_keep(&ctx.store, &ctx.clock, db, n)?,
        None => Vec::new(),
    };
    let listing = ops::sync::auto_backups(&ctx.store, db)?;
    let keep = listing.keep;
    if json {
        return print_json(&AutoSetting { keep, pruned });
    }
    outln!(
        "自动备份保留最新 {keep} 份（{}）。",
        listing.folder.display()
    );
    if !pruned.is_empty() {
        outln!("已删除 {} 份较早的自动备份。", pruned.len());
    }
    Ok(())
}

/// Says where the core's automatic backup before a destructive step went.
pub fn print_taken(reason: Reason, path: Option<&Path>) {
    if let Some(path) = path {
        outln!("已自动备份（{}）：{}", reason.label(), path.display());
    }
}

/// `rollcall doctor`: runs before the database is opened (opening migrates, i.e. writes).
/// Exit 1 when the file is damaged, with the restore command to run.
pub fn doctor(db: &Path, json: bool) -> CmdResult {
    let report = ops::sync::doctor(db)?;
    if json {
        print_json(&report)?;
    } else {
        print_doctor(&report);
    }
    if !report.health.is_damaged() {
        return Ok(());
    }
    Err(Failure::user(match &report.latest_backup {
        Some(b) => format!(
            "数据库 {} 已损坏。可用最近的自动备份（{}，{}）恢复：rollcall restore {} --yes（损坏的文件会保留为 .before-restore-时间）。",
            db.display(),
            b.taken_at.format("%Y-%m-%d %H:%M"),
            b.reason_label,
            b.path.display()
        ),
        None => format!(
            "数据库 {} 已损坏，且没有自动备份。请用 `rollcall restore 备份文件 --yes` 从手动备份或另一台电脑的备份恢复。",
            db.display()
        ),
    }))
}

fn print_doctor(r: &Doctor) {
    match &r.health {
        Health::Ok => outln!("数据库 {} 完好（完整性检查通过）。", r.path.display()),
        Health::Missing => outln!(
            "还没有数据库文件 {}，第一次使用时会创建。",
            r.path.display()
        ),
        Health::Damaged { messages } => {
            outln!("数据库 {} 完整性检查未通过：", r.path.display());
            messages.iter().take(20).for_each(|m| outln!("  {m}"));
        }
    }
    match &r.latest_backup {
        Some(b) => outln!(
            "最近的自动备份：{}（{}，{}）",
            b.path.display(),
            b.taken_at.format("%Y-%m-%d %H:%M:%S"),
            b.reason_label
        ),
        None => outln!("没有自动备份。"),
    }
}
