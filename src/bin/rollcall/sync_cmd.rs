//! `sync export|import|log`, `backup` and `restore`: several laptops on the same
//! campaign, and full copies.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use rollcall::backup;
use rollcall::ops::{self, Clock};
use rollcall::sync;

use crate::{print_json, table, CmdResult, Ctx, Failure};

#[derive(Subcommand)]
pub enum SyncCmd {
    /// 导出本机自上次导出以来的新记录（签到、进度事件、作废、现场补登）到同步文件
    Export {
        /// 输出文件，如 高明.rollcall-sync
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// 同时重新包含编号 N 之后各次导出的内容（编号见 `sync log`；0 = 全部）
        #[arg(long, value_name = "N")]
        since: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// 导入另一台电脑导出的同步文件（重复导入不会重复记录）
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// 本机标识与导出、导入过的同步文件
    Log {
        #[arg(long)]
        json: bool,
    },
    /// 本机名称：显示（默认）或设置；同步文件带上它，其他电脑的同步记录里显示在标识旁
    Name {
        /// 本机名称，如「高明签到台」（1 到 40 个字）
        #[arg(long, value_name = "NAME", conflicts_with = "reset")]
        set: Option<String>,
        /// 不再使用设置的名称，改用计算机名
        #[arg(long)]
        reset: bool,
        #[arg(long)]
        json: bool,
    },
}

/// `rollcall restore F [--yes]`.
#[derive(Args)]
pub struct RestoreArgs {
    /// `rollcall backup` 生成的备份文件
    #[arg(value_name = "FILE")]
    from: PathBuf,
    /// 不再询问，直接替换当前数据库（原文件保留为 .before-restore-时间）
    #[arg(long)]
    yes: bool,
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &mut Ctx, cmd: SyncCmd) -> CmdResult {
    match cmd {
        SyncCmd::Export { out, since, json } => export(ctx, &out, since, json),
        SyncCmd::Import { file, json } => import(ctx, &file, json),
        SyncCmd::Log { json } => log(ctx, json),
        SyncCmd::Name { set, reset, json } => name(ctx, set, reset, json),
    }
}

fn name(ctx: &Ctx, set: Option<String>, reset: bool, json: bool) -> CmdResult {
    let n = if set.is_some() || reset {
        ops::sync::set_laptop_name(&ctx.store, set.as_deref())?
    } else {
        ops::sync::laptop_name(&ctx.store)?
    };
    if json {
        return print_json(&n);
    }
    let source = if n.is_set {
        "已设置"
    } else {
        "计算机名"
    };
    outln!("本机名称：{}（{source}），本机标识 {}", n.name, n.laptop_id);
    Ok(())
}

/// A laptop as the log shows it: its name and id, or the id alone.
fn laptop(id: &str, name: &str) -> String {
    if name.is_empty() {
        id.to_string()
    } else {
        format!("{name}（{id}）")
    }
}

fn counts_text(c: &sync::Counts) -> String {
    format!(
        "事件 {}、作废 {}、现场补登 {}",
        c.events, c.voids, c.walk_ups
    )
}

fn export(ctx: &mut Ctx, out: &Path, since: Option<i64>, json: bool) -> CmdResult {
    let c = ctx.campaign()?;
    let r = ops::sync::export(&mut ctx.store, &ctx.clock, c.id, out, since)?;
    if json {
        return print_json(&r);
    }
    outln!(
        "已导出到 {}（导出编号 {}，本机 {}）：{}。",
        r.path.display(),
        r.export_id,
        r.laptop_id,
        counts_text(&r.counts)
    );
    if r.since.is_some() {
        outln!("其中本次新增：{}。", counts_text(&r.new));
    }
    outln!(
        "在另一台电脑上运行 `rollcall sync import {}` 合并。",
        r.path.display()
    );
    Ok(())
}

fn import(ctx: &mut Ctx, file: &Path, json: bool) -> CmdResult {
    let r = ops::sync::import(&mut ctx.store, &ctx.clock, ctx.campaign, file)?;
    if json {
        return print_json(&r);
    }
    if let Some(at) = &r.already_imported {
        outln!("此文件已于 {at} 导入过，未做任何更改。");
        return Ok(());
    }
    crate::backup_cmd::print_taken(backup::Reason::SyncImport, r.auto_backup.as_deref());
    let m = &r.merged;
    outln!(
        "已导入「{}」来自电脑 {}（{} 导出）：文件含 {}。",
        r.campaign_name,
        laptop(&r.from_laptop, &r.from_laptop_name),
        r.exported_at,
        counts_text(&r.received)
    );
    outln!(
        "新增事件 {}，作废 {}，现场补登 {}。",
        m.events_added,
        m.voids_applied,
        m.walk_ups_added
    );
    if !m.duplicates.is_empty() {
        outln!("两台电脑重复记录（保留较早的一条，另一条已作废）：");
        let rows: Vec<Vec<String>> = m
            .duplicates
            .iter()
            .map(|d| {
                vec![
                    d.student_no.clone(),
                    d.name.clone(),
                    d.kind.clone(),
                    format!("{}（{}）", d.kept, d.kept_laptop),
                    format!("{}（{}）", d.voided, d.voided_laptop),
                ]
            })
            .collect();
        out!(
            "{}",
            table::render(&["学号", "姓名", "事件", "保留", "作废"], &rows)
        );
    }
    for n in &m.not_on_roster {
        outln!(
            "  [名单中没有] 学号 {} 的「{}」（{}）暂未加入：导入名单后再次导入任一同步文件即可补上。",
            n.student_no, n.kind, n.date
        );
    }
    Ok(())
}

fn log(ctx: &Ctx, json: bool) -> CmdResult {
    let c = ctx.campaign()?;
    let l = ops::sync::log(&ctx.store, c.id)?;
    if json {
        return print_json(&l);
    }
    outln!(
        "本机 {}；任务「{}」同步标识 {}",
        laptop(&l.identity.laptop_id, &l.identity.laptop_name),
        c.facts.name,
        l.identity.campaign_uuid
    );
    if l.entries.is_empty() {
        outln!("还没有导出或导入过同步文件。");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = l
        .entries
        .iter()
        .map(|e| {
            vec![
                e.id.to_string(),
                if e.direction == "export" {
                    "导出"
                } else {
                    "导入"
                }
                .to_string(),
                e.at.clone(),
                laptop(&e.laptop_id, &e.laptop_name),
                e.file_name.clone(),
                counts_text(&e.counts),
            ]
        })
        .collect();
    out!(
        "{}",
        table::render(&["编号", "方向", "时间", "来自电脑", "文件", "内容"], &rows)
    );
    Ok(())
}

/// Runs before the database is opened: the file is about to be replaced.
pub fn restore(db: &Path, clock: &Clock, args: RestoreArgs) -> CmdResult {
    let info = ops::sync::inspect(&args.from)?;
    if !args.yes && !confirm(db, &args.from, &info)? {
        return Err(Failure::user("已取消，数据库未改动。"));
    }
    let r = ops::sync::restore_file(db, &args.from, clock)?;
    if let Some(e) = &r.auto_backup_failed {
        eprintln!("注意：恢复前的自动备份未完成（{e}）；原数据库仍会保留。");
    }
    if args.json {
        return print_json(&r);
    }
    crate::backup_cmd::print_taken(backup::Reason::Restore, r.auto_backup.as_deref());
    outln!(
        "已用 {} 恢复数据库 {}（任务：{}）。本机新标识 {}。",
        r.from.display(),
        r.path.display(),
        r.info.campaigns.join("、"),
        r.laptop_id
    );
    if let Some(old) = &r.kept_old {
        outln!("原数据库保留为 {}。", old.display());
    }
    Ok(())
}

/// Asks on a terminal; refuses on a pipe, where nobody can answer.
fn confirm(db: &Path, from: &Path, info: &backup::BackupInfo) -> Result<bool, Failure> {
    if !std::io::stdin().is_terminal() {
        return Err(Failure::user(format!(
            "恢复会替换当前数据库 {}。非交互方式运行时请加 --yes 确认（原文件会保留为 .before-restore-时间）。",
            db.display()
        )));
    }
    out!(
        "用 {}（任务：{}）替换当前数据库 {}？原文件会保留。[y/N] ",
        from.display(),
        info.campaigns.join("、"),
        db.display()
    );
    std::io::stdout()
        .flush()
        .map_err(|e| Failure::user(e.to_string()))?;
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| Failure::user(e.to_string()))?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "是"))
}
