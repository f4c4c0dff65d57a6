//! `check-in`: on-site check-in of 学号, and what the desktop's 现场签到 page shows between
//! scans: the desk's counts and missing students (`status`), the slots to pick from
//! (`slots`) and a name search (`find`), from the same core calls (`check_in::desk`).

use chrono::{NaiveDate, NaiveTime};
use clap::{Args, Subcommand};
use rollcall::check_in::{Outcome, Tally};
use rollcall::ops::{self, check_in::Arrival};

use crate::{print_json, table, CmdResult, Ctx};

fn time_arg(text: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M")
        .map_err(|_| format!("时间「{text}」应写成 HH:MM，如 09:05"))
}

/// `rollcall check-in STUDENT_NO...`, or one of the desk's views (`status`, `slots`,
/// `find`).
#[derive(Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct CheckInArgs {
    #[command(subcommand)]
    desk: Option<DeskCmd>,
    /// 学号（可多个；扫码枪输入亦可）
    #[arg(required = true, value_name = "STUDENT_NO")]
    student_nos: Vec<String>,
    /// 正在进行的拍摄时段编号（见 `rollcall check-in slots`）；不给则按各学生当天的时段
    #[arg(long, value_name = "ID")]
    slot: Option<i64>,
    /// 签到时间 HH:MM（默认现在）
    #[arg(long, value_name = "HH:MM", value_parser = time_arg)]
    at: Option<NaiveTime>,
    /// 签到日期（默认时段的日期，否则今天）
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<NaiveDate>,
    /// 签到人
    #[arg(long = "by", default_value = "", value_name = "NAME")]
    by: String,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
pub enum DeskCmd {
    /// 签到台状态：本时段与全天的应到、实到、未到人数，及本时段还没签到的学生
    Status {
        /// 拍摄时段编号（见 `check-in slots`；默认现在正在进行的时段）
        #[arg(long, value_name = "ID")]
        slot: Option<i64>,
        /// 只看这一天的全天人数（YYYY-MM-DD，默认今天；给出 --slot 时按时段的日期）
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// 列出拍摄时段及编号（按日期与时间），标出现在正在进行的时段
    Slots {
        #[arg(long)]
        json: bool,
    },
    /// 按学号、姓名或班级查找学生（及是否已缴费），用于签到时查学号
    Find {
        /// 学号、姓名或班级的一部分
        text: String,
        /// 最多列出多少人
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &mut Ctx, args: CheckInArgs) -> CmdResult {
    match args.desk {
        Some(DeskCmd::Status { slot, date, json }) => status(ctx, slot, date, json),
        Some(DeskCmd::Slots { json }) => slots(ctx, json),
        Some(DeskCmd::Find { text, limit, json }) => find(ctx, &text, limit, json),
        None => check_in(ctx, args),
    }
}

fn tally(t: &Tally) -> String {
    format!(
        "应到 {}，实到 {}，未到 {}",
        t.expected, t.present, t.missing
    )
}

fn status(ctx: &Ctx, slot: Option<i64>, date: Option<NaiveDate>, json: bool) -> CmdResult {
    let c = ctx.campaign()?;
    // As the desk opens: the slot running now, unless another slot or day is asked for.
    let slot = match (slot, date) {
        (Some(s), _) => Some(s),
        (None, Some(_)) => None,
        (None, None) => ops::check_in::slots(&ctx.store, &ctx.clock, c.id)?.current,
    };
    let s = ops::check_in::status(&ctx.store, &ctx.clock, c.id, slot, date)?;
    if json {
        return print_json(&s);
    }
    match (&s.slot, &s.slot_counts) {
        (Some(info), Some(t)) => {
            outln!(
                "时段 {}：{} {} {}–{} {} {}",
                info.id,
                info.label,
                info.date,
                info.start,
                info.end,
                info.campus,
                info.venue
            );
            outln!("本时段：{}", tally(t));
        }
        _ => outln!("没有选定时段（现在没有进行中的时段）。用 --slot 编号 查看某一时段；`rollcall check-in slots` 列出时段。"),
    }
    outln!("{} 全天：{}", s.date, tally(&s.day_counts));
    if s.slot.is_some() {
        if s.missing.is_empty() {
            outln!("本时段的学生都已签到。");
        } else {
            outln!("\n本时段还没签到的学生：");
            let rows: Vec<Vec<String>> = s
                .missing
                .iter()
                .map(|m| {
                    vec![
                        m.student_no.clone(),
                        m.name.clone(),
                        m.class_name.clone(),
                        if m.paid { "已缴费" } else { "未缴费" }.to_string(),
                    ]
                })
                .collect();
            out!(
                "{}",
                table::render(&["学号", "姓名", "班级", "缴费"], &rows)
            );
        }
    }
    Ok(())
}

fn slots(ctx: &Ctx, json: bool) -> CmdResult {
    let c = ctx.campaign()?;
    let desk = ops::check_in::slots(&ctx.store, &ctx.clock, c.id)?;
    if json {
        return print_json(&desk);
    }
    let (all, current) = (desk.slots, desk.current);
    if all.is_empty() {
        outln!("还没有拍摄安排。运行 `rollcall plan` 排程。");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|s| {
            let i = &s.info;
            vec![
                i.id.to_string(),
                i.date.to_string(),
                format!("{}–{}", i.start, i.end),
                i.campus.clone(),
                i.venue.clone(),
                i.label.clone(),
                s.headcount.to_string(),
                if Some(i.id) == current {
                    "进行中"
                } else {
                    ""
                }
                .to_string(),
            ]
        })
        .collect();
    out!(
        "{}",
        table::render(
            &["编号", "日期", "时间", "校区", "场地", "班级", "人数", ""],
            &rows
        )
    );
    Ok(())
}

fn find(ctx: &Ctx, text: &str, limit: usize, json: bool) -> CmdResult {
    let c = ctx.campaign()?;
    let found = ops::check_in::find(&ctx.store, c.id, text, limit)?;
    if json {
        return print_json(&serde_json::json!({ "students": found }));
    }
    if found.is_empty() {
        outln!("没有学号、姓名或班级含「{}」的学生。", text.trim());
        return Ok(());
    }
    let rows: Vec<Vec<String>> = found
        .iter()
        .map(|f| {
            vec![
                f.student_no.clone(),
                f.name.clone(),
                f.class_name.clone(),
                if f.paid { "已缴费" } else { "未缴费" }.to_string(),
            ]
        })
        .collect();
    out!(
        "{}",
        table::render(&["学号", "姓名", "班级", "缴费"], &rows)
    );
    Ok(())
}

fn check_in(ctx: &mut Ctx, args: CheckInArgs) -> CmdResult {
    let c = ctx.campaign()?;
    let arrival = Arrival {
        student_nos: args.student_nos,
        slot: args.slot,
        date: args.date,
        time: args.at,
        recorded_by: args.by,
    };
    let r = ops::check_in::record(&mut ctx.store, &ctx.clock, c.id, arrival)?;
    if args.json {
        return print_json(&r);
    }
    if let Some(s) = &r.slot {
        outln!(
            "时段 {}：{} {} {}–{} {} {}",
            s.id,
            s.label,
            s.date,
            s.start,
            s.end,
            s.campus,
            s.venue
        );
    }
    for line in &r.lines {
        let what = match line.outcome {
            Outcome::CheckedIn => "已签到",
            Outcome::AlreadyCheckedIn => "重复签到",
            Outcome::WalkUp => "现场补登",
            Outcome::WalkUpAgain => "已补登过",
        };
        outln!(
            "{} {} {} {}  {}  {}",
            r.time,
            line.student_no,
            line.name.as_deref().unwrap_or("（名单中没有）"),
            line.class_name.as_deref().unwrap_or(""),
            what,
            match (&line.name, line.paid) {
                (None, _) => "",
                (Some(_), true) => "已缴费",
                (Some(_), false) => "未缴费",
            }
        );
        for w in &line.warnings {
            outln!("    ！{}", w.message);
        }
    }
    if let Some(t) = &r.slot_counts {
        outln!(
            "本时段：应到 {}，实到 {}，未到 {}",
            t.expected,
            t.present,
            t.missing
        );
    }
    let d = &r.day_counts;
    outln!(
        "{} 全天：应到 {}，实到 {}，未到 {}",
        r.date,
        d.expected,
        d.present,
        d.missing
    );
    Ok(())
}
