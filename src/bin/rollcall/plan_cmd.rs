//! `plan`, `schedule …` and `export schedule`.

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveTime};
use clap::{Args, Subcommand};
use rollcall::campaign::hhmm;
use rollcall::ops;
use rollcall::plan::{
    ClassSettingChange, MoveRequest, PlanOutcome, PlanSettings, ScheduleReport, Slot,
};
use serde_json::json;

use crate::{print_json, table, CmdResult, Ctx, Failure};

#[derive(Args)]
pub struct PlanArgs {
    #[arg(long)]
    json: bool,
    /// 只预览，不保存
    #[arg(long)]
    dry_run: bool,
}

#[derive(Args)]
pub struct ScheduleArgs {
    #[command(subcommand)]
    cmd: Option<ScheduleCmd>,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
pub enum ScheduleCmd {
    /// 检查拍摄安排：场地时间不重叠、都在时段内、每个班恰好排一次（有问题时退出码为 1）
    Check {
        #[arg(long)]
        json: bool,
    },
    /// 把一个班移到另一场地/日期/时间（移动后自动锁定）
    Move {
        /// 班级名称
        class: String,
        /// 场地名称，或「校区/场地」
        #[arg(long)]
        venue: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: NaiveDate,
        #[arg(long, value_name = "HH:MM", value_parser = parse_time)]
        start: NaiveTime,
        /// 分场的班级：移动第几场
        #[arg(long)]
        part: Option<u32>,
        #[arg(long)]
        json: bool,
    },
    /// 锁定一个班的时段：重新排程时保持不动
    Lock { class: String },
    /// 解除锁定
    Unlock { class: String },
    /// 撤销上一次排程、移动、锁定或解锁
    Undo,
    /// 设置班级的校区、线上采集与日期限制（不带选项时显示全部班级设置）
    Class(ClassArgs),
    /// 设置时段取整分钟与提前到场分钟（不带选项时显示当前设置）
    Settings {
        /// 时段长度取整到多少分钟（默认 5）
        #[arg(long)]
        round: Option<u32>,
        /// 提前多少分钟到场（默认 20）
        #[arg(long)]
        arrival: Option<u32>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
pub struct ClassArgs {
    /// 班级名称
    class: Option<String>,
    /// 在此校区现场拍摄（用于校外教学点的班级，或改到其他校区）
    #[arg(long, conflicts_with_all = ["online", "roster_campus"])]
    campus: Option<String>,
    /// 改为线上采集
    #[arg(long)]
    online: bool,
    /// 取消校区指定与线上设置，按名单中的校区
    #[arg(long)]
    roster_campus: bool,
    /// 不早于此日期
    #[arg(long, value_name = "YYYY-MM-DD")]
    not_before: Option<NaiveDate>,
    /// 取消“不早于”
    #[arg(long, conflicts_with = "not_before")]
    clear_not_before: bool,
    /// 这天不能来（可重复）
    #[arg(long, value_name = "YYYY-MM-DD")]
    not_on: Vec<NaiveDate>,
    /// 清除全部“不能来”的日期
    #[arg(long)]
    clear_not_on: bool,
    #[arg(long)]
    json: bool,
}

/// `export` targets; other capabilities add their own variants (final, excluded).
#[derive(Subcommand)]
pub enum ExportCmd {
    /// 导出拍摄安排为 .xlsx（每个时段一行，按日期、校区、场地、开始时间排序）
    Schedule {
        #[arg(long, value_name = "F.xlsx")]
        out: PathBuf,
    },
    /// 导出制证名单（已完成拍摄的符合条件学生）为 .xlsx 或 .csv
    Final(crate::export_cmd::ListArgs),
    /// 导出不予制证名单（未完成拍摄的符合条件学生及原因）为 .xlsx 或 .csv
    Excluded(crate::export_cmd::ListArgs),
    /// 查看导出记录（导出了什么、何时、多少人、文件、是否含身份证号）
    Log(crate::export_cmd::LogArgs),
}

fn parse_time(text: &str) -> Result<NaiveTime, String> {
    hhmm::parse(text).ok_or_else(|| format!("时间格式应为 HH:MM，如 08:30：{text}"))
}

pub fn plan(ctx: &mut Ctx, args: PlanArgs) -> CmdResult {
    let id = ctx.campaign()?.id;
    let outcome = ops::plan::plan(&mut ctx.store, &ctx.clock, id, args.dry_run)?;
    if args.json {
        return print_json(&outcome);
    }
    print_slots(&outcome.slots);
    print_outcome(&outcome);
    if !args.dry_run {
        outln!("\n已保存。用 `rollcall schedule undo` 可恢复到排程前。");
    }
    Ok(())
}

fn print_outcome(o: &PlanOutcome) {
    let students: u32 = o.slots.iter().map(|s| s.headcount).sum();
    outln!(
        "\n共 {} 个时段，{} 人；未能安排 {} 个，线上采集 {} 个班。",
        o.slots.len(),
        students,
        o.unplaced.len(),
        o.online.len()
    );
    for n in &o.notes {
        outln!("[说明] {n}");
    }
    for u in &o.unplaced {
        outln!(
            "[未安排] {}（{} 人）：{}",
            u.class_name,
            u.headcount,
            u.reason
        );
    }
    for s in &o.shortfall {
        outln!(
            "[容量不足] {}校区缺 {} 人、约 {} 分钟。{}",
            s.campus,
            s.students,
            s.minutes,
            s.suggestion
        );
    }
    for c in &o.online {
        outln!(
            "[线上] {}（{} 人）：{}",
            c.class_name,
            c.headcount,
            c.reason
        );
    }
}

fn print_slots(slots: &[Slot]) {
    if slots.is_empty() {
        outln!("还没有拍摄安排。运行 `rollcall plan` 排程。");
        return;
    }
    let rows: Vec<Vec<String>> = slots
        .iter()
        .map(|s| {
            vec![
                s.date.format("%m-%d").to_string(),
                s.campus.clone(),
                s.venue.clone(),
                s.arrival.format("%H:%M").to_string(),
                format!("{}–{}", s.start.format("%H:%M"), s.end.format("%H:%M")),
                s.college.clone(),
                s.label(),
                s.headcount.to_string(),
                if s.locked { "锁定" } else { "" }.to_string(),
            ]
        })
        .collect();
    out!(
        "{}",
        table::render(
            &["日期", "校区", "场地", "到场", "时间", "学院", "班级", "人数", ""],
            &rows
        )
    );
}

pub fn schedule(ctx: &mut Ctx, args: ScheduleArgs) -> CmdResult {
    match args.cmd {
        None => show(ctx, args.json),
        Some(ScheduleCmd::Check { json }) => check(ctx, json),
        Some(ScheduleCmd::Move {
            class,
            venue,
            date,
            start,
            part,
            json,
        }) => move_slot(
            ctx,
            MoveRequest {
                class_name: class,
                part,
                venue,
                date,
                start,
            },
            json,
        ),
        Some(ScheduleCmd::Lock { class }) => lock(ctx, &class, true),
        Some(ScheduleCmd::Unlock { class }) => lock(ctx, &class, false),
        Some(ScheduleCmd::Undo) => undo(ctx),
        Some(ScheduleCmd::Class(a)) => class(ctx, a),
        Some(ScheduleCmd::Settings {
            round,
            arrival,
            json,
        }) => settings(ctx, round, arrival, json),
    }
}

fn report(ctx: &Ctx) -> Result<ScheduleReport, Failure> {
    let id = ctx.campaign()?.id;
    ops::plan::report(&ctx.store, id)
}

fn show(ctx: &Ctx, json: bool) -> CmdResult {
    let r = report(ctx)?;
    if json {
        return print_json(&r);
    }
    print_slots(&r.schedule.slots);
    outln!();
    let rows: Vec<Vec<String>> = r
        .capacity
        .iter()
        .map(|c| {
            vec![
                c.campus.clone(),
                format!("{}/{}", c.used_minutes, c.available_minutes),
                format!("{}/{}", c.placed_students, c.capacity_students),
                c.demand_students.to_string(),
            ]
        })
        .collect();
    out!(
        "{}",
        table::render(
            &["校区", "已用/可用分钟", "已排/可拍人数", "应拍人数"],
            &rows
        )
    );
    print_problems(&r);
    Ok(())
}

fn print_problems(r: &ScheduleReport) {
    for c in &r.online {
        outln!(
            "[线上] {}（{} 人）：{}",
            c.class_name,
            c.headcount,
            c.reason
        );
    }
    if r.check.ok {
        outln!("检查通过：无重叠、均在时段内、每个现场班级恰好排一次。");
    } else {
        for p in &r.check.problems {
            outln!("[问题] {}", p.message);
        }
    }
}

fn check(ctx: &Ctx, json: bool) -> CmdResult {
    let r = report(ctx)?;
    if json {
        print_json(&r.check)?;
    } else {
        print_problems(&r);
    }
    if r.check.ok {
        Ok(())
    } else {
        Err(Failure::user(format!(
            "拍摄安排有 {} 个问题，请按上面的提示调整，或运行 `rollcall plan` 重新排程。",
            r.check.problems.len()
        )))
    }
}

fn move_slot(ctx: &mut Ctx, req: MoveRequest, json: bool) -> CmdResult {
    let id = ctx.campaign()?.id;
    let slot = ops::plan::move_slot(&mut ctx.store, &ctx.clock, id, &req)?;
    if json {
        return print_json(&slot);
    }
    outln!(
        "已将「{}」移到 {}校区「{}」{} {}–{}（{} 到场），并已锁定。",
        slot.label(),
        slot.campus,
        slot.venue,
        slot.date,
        slot.start.format("%H:%M"),
        slot.end.format("%H:%M"),
        slot.arrival.format("%H:%M")
    );
    Ok(())
}

fn lock(ctx: &mut Ctx, class: &str, locked: bool) -> CmdResult {
    let id = ctx.campaign()?.id;
    let n = ops::plan::lock(&mut ctx.store, &ctx.clock, id, class, locked)?;
    let verb = if locked { "锁定" } else { "解除锁定" };
    outln!("已{verb}「{class}」的 {n} 个时段。");
    Ok(())
}

fn undo(ctx: &mut Ctx) -> CmdResult {
    let id = ctx.campaign()?.id;
    let action = ops::plan::undo(&mut ctx.store, id)?;
    let label = match action.as_str() {
        "plan" => "排程",
        "move" => "移动",
        "lock" => "锁定",
        "unlock" => "解除锁定",
        other => other,
    };
    outln!("已撤销上一次{label}。");
    Ok(())
}

fn class(ctx: &mut Ctx, a: ClassArgs) -> CmdResult {
    let id = ctx.campaign()?.id;
    let Some(name) = a.class else {
        let all = ops::plan::class_settings(&ctx.store, id)?;
        if a.json {
            return print_json(&json!({ "classes": all }));
        }
        let rows: Vec<Vec<String>> = all
            .iter()
            .map(|s| {
                vec![
                    s.class_name.clone(),
                    if s.online {
                        "线上".into()
                    } else {
                        s.campus.clone().unwrap_or_default()
                    },
                    s.not_before.map(|d| d.to_string()).unwrap_or_default(),
                    s.not_on
                        .iter()
                        .map(|d| d.to_string())
                        .collect::<Vec<_>>()
                        .join("、"),
                ]
            })
            .collect();
        out!(
            "{}",
            table::render(&["班级", "校区", "不早于", "不能来"], &rows)
        );
        return Ok(());
    };
    let change = ClassSettingChange {
        campus: match (&a.campus, a.roster_campus) {
            (Some(c), _) => Some(Some(c.clone())),
            (None, true) => Some(None),
            (None, false) => None,
        },
        online: if a.online {
            Some(true)
        } else {
            a.roster_campus.then_some(false)
        },
        not_before: match (a.not_before, a.clear_not_before) {
            (Some(d), _) => Some(Some(d)),
            (None, true) => Some(None),
            (None, false) => None,
        },
        add_not_on: a.not_on,
        clear_not_on: a.clear_not_on,
    };
    let s = ops::plan::change_class(&ctx.store, id, &name, &change)?;
    if a.json {
        return print_json(&s);
    }
    let campus = if s.online {
        "线上采集".to_string()
    } else {
        s.campus
            .clone()
            .map_or("按名单".into(), |c| format!("{c}校区"))
    };
    outln!(
        "「{}」：{}；不早于 {}；不能来 {}。运行 `rollcall plan` 按新设置重新排程。",
        s.class_name,
        campus,
        s.not_before.map_or("—".into(), |d| d.to_string()),
        if s.not_on.is_empty() {
            "—".into()
        } else {
            s.not_on
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("、")
        }
    );
    Ok(())
}

fn settings(ctx: &Ctx, round: Option<u32>, arrival: Option<u32>, json: bool) -> CmdResult {
    let id = ctx.campaign()?.id;
    let mut s: PlanSettings = ops::plan::settings(&ctx.store, id)?;
    if round.is_some() || arrival.is_some() {
        s.round_minutes = round.unwrap_or(s.round_minutes);
        s.arrival_minutes = arrival.unwrap_or(s.arrival_minutes);
        s = ops::plan::set_settings(&ctx.store, id, &s)?;
    }
    if json {
        return print_json(&s);
    }
    outln!(
        "时段长度取整到 {} 分钟；提前 {} 分钟到场。",
        s.round_minutes,
        s.arrival_minutes
    );
    Ok(())
}

pub fn export(ctx: &Ctx, cmd: ExportCmd) -> CmdResult {
    match cmd {
        ExportCmd::Schedule { out } => {
            let id = ctx.campaign()?.id;
            let done = ops::plan::export(&ctx.store, id, &out)?;
            outln!("已导出 {} 个时段到 {}。", done.slots, done.path.display());
            Ok(())
        }
        ExportCmd::Final(args) => {
            crate::export_cmd::list(ctx, rollcall::export::ListKind::Final, args)
        }
        ExportCmd::Excluded(args) => {
            crate::export_cmd::list(ctx, rollcall::export::ListKind::Excluded, args)
        }
        ExportCmd::Log(args) => crate::export_cmd::log(ctx, args),
    }
}
