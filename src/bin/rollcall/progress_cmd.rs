//! `record add|void|list|import` and `progress`: student progress events, agency list
//! reconciliation, and each student's derived status.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use rollcall::ops::{
    self,
    progress::{EventInput, Filter, ListImport},
};
use rollcall::progress::{reconcile::RowNote, Event, EventId, EventKind, ImportReport, State};
use serde_json::json;

use crate::{print_json, table, CmdResult, Ctx};

fn kind_arg(text: &str) -> Result<EventKind, String> {
    EventKind::parse(text).ok_or_else(|| {
        let all: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("未知的事件类型「{text}」，可用：{}", all.join(", "))
    })
}

fn state_arg(text: &str) -> Result<State, String> {
    State::parse(text)
        .ok_or_else(|| format!("未知的状态「{text}」，可用：at-risk, pending, done, excluded"))
}

#[derive(Subcommand)]
pub enum RecordCmd {
    /// 为一名或多名学生记录进度事件（缴费、签到、拍摄、线上提交/通过、散拍、退费、核对）
    Add {
        /// 学号（可多个）
        #[arg(required = true, value_name = "STUDENT_NO")]
        student_nos: Vec<String>,
        /// paid | checked-in | photographed | online-submitted | online-approved |
        /// walk-in-done | refund | verified | verify-failed（核对有误，--note 写明错误）|
        /// compare-failed（人像比对未通过）
        #[arg(long, value_parser = kind_arg)]
        kind: EventKind,
        /// 发生日期（YYYY-MM-DD，默认今天）
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<NaiveDate>,
        #[arg(long, default_value = "")]
        note: String,
        /// 录入人
        #[arg(long = "by", default_value = "", value_name = "NAME")]
        by: String,
        #[arg(long)]
        json: bool,
    },
    /// 作废一条记错的事件（不删除，保留记录）
    Void {
        #[arg(value_name = "EVENT_ID")]
        id: i64,
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// 列出进度事件（含已作废的），可只看一名学生
    List {
        #[arg(value_name = "STUDENT_NO")]
        student_no: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 导入图片社名单（.xlsx/.xls/.csv）并记录事件；同一名单重复导入不会重复记录
    Import {
        /// paid | photographed | online-approved | walk-in（= walk-in-done）|
        /// verified（核对通过）| verify-failed（核对有误）| compare-failed（比对未通过）。
        /// 名单有「状态」「订单状态」等列时，只记录状态表明已完成的行；缴费名单中「已退款」的行记为退费；
        /// 核对名单按「核对结果」「比对结果」列记为核对通过、核对有误或比对未通过，「错误原因」列记入备注
        #[arg(long, value_parser = kind_arg)]
        kind: EventKind,
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// 只预览匹配结果，不写入
        #[arg(long)]
        dry_run: bool,
        /// 名单没有日期列时使用的日期（默认今天）
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<NaiveDate>,
        /// 工作表名称（默认第一个有图片社名单表头的工作表）
        #[arg(long)]
        sheet: Option<String>,
        #[arg(long = "by", default_value = "", value_name = "NAME")]
        by: String,
        #[arg(long)]
        json: bool,
    },
}

/// `rollcall progress`: students with their state, reason and next step.
#[derive(Args)]
pub struct ProgressArgs {
    /// 以哪天为“今天”（YYYY-MM-DD，默认系统日期）
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<NaiveDate>,
    /// 只看一个班级
    #[arg(long = "class", value_name = "班级")]
    class_name: Option<String>,
    #[arg(long)]
    campus: Option<String>,
    #[arg(long)]
    college: Option<String>,
    /// at-risk | pending | done | excluded
    #[arg(long, value_parser = state_arg)]
    state: Option<State>,
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &mut Ctx, cmd: RecordCmd) -> CmdResult {
    match cmd {
        RecordCmd::Add {
            student_nos,
            kind,
            date,
            note,
            by,
            json,
        } => add(ctx, student_nos, kind, date, note, by, json),
        RecordCmd::Void { id, reason, json } => void(ctx, id, &reason, json),
        RecordCmd::List { student_no, json } => list(ctx, student_no.as_deref(), json),
        RecordCmd::Import {
            kind,
            file,
            dry_run,
            date,
            sheet,
            by,
            json,
        } => {
            let req = ListImport {
                path: &file,
                kind,
                dry_run,
                date,
                recorded_by: &by,
                sheet,
            };
            import(ctx, req, json)
        }
    }
}

fn add(
    ctx: &mut Ctx,
    student_nos: Vec<String>,
    kind: EventKind,
    date: Option<NaiveDate>,
    note: String,
    by: String,
    json: bool,
) -> CmdResult {
    let c = ctx.campaign()?;
    let event = EventInput {
        kind,
        date,
        note,
        recorded_by: by,
    };
    let r = ops::progress::record(&mut ctx.store, &ctx.clock, c.id, &student_nos, event)?;
    if json {
        return print_json(&r);
    }
    outln!(
        "已记录「{}」{} 人（{}）。",
        kind.label(),
        r.recorded.len(),
        r.date
    );
    for s in &r.recorded {
        outln!("  记录 {}  {} {}", s.id, s.student_no, s.name);
    }
    for (tag, list) in [("已有记录", &r.duplicates), ("有冲突", &r.conflicts)] {
        for s in list {
            outln!("  [{tag}] {} {}：{}", s.student_no, s.name, s.reason);
        }
    }
    Ok(())
}

fn void(ctx: &mut Ctx, id: i64, reason: &str, json: bool) -> CmdResult {
    let c = ctx.campaign()?;
    let e = ops::progress::void(&ctx.store, &ctx.clock, c.id, EventId(id), reason)?;
    if json {
        return print_json(&json!({ "voided": e }));
    }
    outln!(
        "已作废记录 {}：{} {} 「{}」（{}）。学生状态已按其余记录重新计算。",
        e.id,
        e.student_no,
        e.name,
        e.kind.label(),
        e.date
    );
    Ok(())
}

fn list(ctx: &Ctx, student_no: Option<&str>, json: bool) -> CmdResult {
    let c = ctx.campaign()?;
    let events = ops::progress::events(&ctx.store, c.id, student_no)?;
    if json {
        return print_json(&json!({ "events": events }));
    }
    if events.is_empty() {
        outln!("还没有进度记录。用 `rollcall record add` 录入，或 `rollcall record import` 导入图片社名单。");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = events.iter().map(event_row).collect();
    out!(
        "{}",
        table::render(
            &[
                "编号",
                "学号",
                "姓名",
                "事件",
                "日期",
                "来源",
                "录入人",
                "备注",
                "作废"
            ],
            &rows
        )
    );
    Ok(())
}

fn event_row(e: &Event) -> Vec<String> {
    let note = if e.origin.is_empty() {
        e.note.clone()
    } else if e.note.is_empty() {
        e.origin.clone()
    } else {
        format!("{}；{}", e.note, e.origin)
    };
    vec![
        e.id.to_string(),
        e.student_no.to_string(),
        e.name.clone(),
        e.kind.label().into(),
        e.date.to_string(),
        e.source.label().into(),
        e.recorded_by.clone(),
        note,
        match &e.voided_at {
            Some(at) if e.void_reason.is_empty() => format!("已作废 {at}"),
            Some(at) => format!("已作废 {at}：{}", e.void_reason),
            None => String::new(),
        },
    ]
}

fn import(ctx: &mut Ctx, req: ListImport<'_>, json: bool) -> CmdResult {
    let c = ctx.campaign()?;
    let r = ops::progress::import(&mut ctx.store, &ctx.clock, c.id, req)?;
    if json {
        return print_json(&r);
    }
    print_import(&r);
    Ok(())
}

fn print_import(r: &ImportReport) {
    outln!(
        "{}（工作表「{}」，表头在第 {} 行）：{} 行，导入为「{}」",
        r.file,
        r.sheet,
        r.header_row,
        r.rows,
        r.kind.label()
    );
    if !r.status_columns.is_empty() {
        outln!(
            "状态列：{}（只记录状态表明已完成的行）",
            r.status_columns.join("、")
        );
    }
    outln!(
        "匹配 {}，退费 {}，已记录过 {}，状态未完成 {}，状态无法识别 {}，未匹配 {}，无法确定 {}，冲突 {}",
        r.matched.len(),
        r.refunds.len(),
        r.duplicates.len(),
        r.not_done.len(),
        r.unknown_status.len(),
        r.unmatched.len(),
        r.ambiguous.len(),
        r.conflicts.len()
    );
    let notes = |tag: &str, list: &[RowNote]| {
        for n in list {
            outln!(
                "  [{tag}] 第 {} 行 {} {}：{}",
                n.row,
                n.student_no,
                n.name,
                n.reason
            );
        }
    };
    for m in r.matched.iter().filter(|m| m.kind != r.kind) {
        let note = if m.note.is_empty() {
            String::new()
        } else {
            format!("：{}", m.note)
        };
        outln!(
            "  [{}] 第 {} 行 {} {}（{}）{note}",
            m.kind.label(),
            m.row,
            m.student_no,
            m.name,
            m.date
        );
    }
    for m in &r.refunds {
        outln!(
            "  [退费] 第 {} 行 {} {}：名单状态「{}」，记录「{}」（{}）",
            m.row,
            m.student_no,
            m.name,
            m.status,
            EventKind::Refund.label(),
            m.date
        );
    }
    notes("未完成", &r.not_done);
    notes("状态无法识别", &r.unknown_status);
    notes("未匹配", &r.unmatched);
    for a in &r.ambiguous {
        let who: Vec<String> = a
            .candidates
            .iter()
            .map(|c| format!("{} {}", c.student_no, c.class_name))
            .collect();
        outln!(
            "  [无法确定] 第 {} 行 {} {}：{}（{}）",
            a.row,
            a.name,
            a.class_name,
            a.reason,
            who.join("；")
        );
    }
    notes("冲突", &r.conflicts);
    if !r.hidden.is_empty() {
        let rows: Vec<String> = r.hidden.iter().map(u32::to_string).collect();
        outln!(
            "注意：第 {} 行在 Excel 中是隐藏行，已和其他行一样处理，请确认这些行确实属于名单。",
            rows.join("、")
        );
    }
    if r.dry_run {
        outln!("预览：未写入任何记录。去掉 --dry-run 即可导入。");
    } else {
        outln!("已写入 {} 条记录。", r.recorded);
    }
}

pub fn show(ctx: &Ctx, args: ProgressArgs) -> CmdResult {
    let c = ctx.campaign()?;
    let clock = ctx.judging(args.today);
    let today = clock.today();
    let filter = Filter {
        class_name: args.class_name,
        campus: args.campus,
        college: args.college,
        state: args.state,
    };
    let r = ops::progress::report(&ctx.store, &clock, c.id, filter)?;
    if args.json {
        return print_json(&r);
    }
    let o = r.counts.overall;
    outln!(
        "今天 {today}：符合条件 {} 人，已完成 {}，进行中 {}，有风险 {}，不予制证 {}\n",
        o.eligible,
        o.done,
        o.pending,
        o.at_risk,
        o.excluded
    );
    if r.students.is_empty() {
        outln!("没有符合筛选条件的学生。");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = r
        .students
        .iter()
        .map(|s| {
            vec![
                s.student_no.clone(),
                s.name.clone(),
                s.class_name.clone(),
                s.status.state.label().into(),
                s.status.reason.clone(),
                s.status.next_step.clone(),
                s.status
                    .next_deadline
                    .map(|d| format!("{} {}（{}天）", d.label, d.date, d.days_left))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    out!(
        "{}",
        table::render(
            &["学号", "姓名", "班级", "状态", "原因", "下一步", "截止"],
            &rows
        )
    );
    Ok(())
}
