//! `rollcall`: the command-line face of the core. Each subcommand parses its arguments,
//! calls the core, and prints a Chinese table or one JSON object.
//!
//! Exit codes: 0 ok, 1 user error (stderr says what and how to fix), 2 internal error.

/// `print!` that ends the program quietly when the reader has gone away
/// (`rollcall status | head`): by then the command's work is done and committed, and a
/// panic with a backtrace would only confuse. Other output errors exit 2.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = write!(std::io::stdout().lock(), $($arg)*) {
            $crate::output_failed(&e);
        }
    }};
}

/// [`out`] with a newline.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout().lock(), $($arg)*) {
            $crate::output_failed(&e);
        }
    }};
}

/// Imports and exports make millions of small strings; see Cargo.toml.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod backup_cmd;
mod campaign_cmd;
mod checkin_cmd;
mod export_cmd;
mod hint;
mod places_cmd;
mod plan_cmd;
mod print_cmd;
mod progress_cmd;
mod remind_cmd;
mod roster_cmd;
mod settle_cmd;
mod sync_cmd;
mod table;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use rollcall::campaign::{Campaign, CampaignId};
use rollcall::demo::DemoOptions;
use rollcall::ops::{self, campaign::DemoKind, Clock};
use rollcall::store::{self, Store};

#[derive(Parser)]
#[command(
    name = "rollcall",
    version,
    about = "毕业生电子照片采集：名单、拍摄安排、进度、打印与导出"
)]
struct Cli {
    /// 数据库文件路径（默认：用户数据文件夹下 rollcall/rollcall.sqlite3；也可用 ROLLCALL_DB）
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// 采集任务编号（默认：最近的任务）
    #[arg(long, global = true, value_name = "ID")]
    campaign: Option<i64>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 创建示例采集任务（参考通知的 2025 届任务与生成的学生名单），输出新任务编号
    Demo {
        /// 学生人数
        #[arg(long, default_value_t = 2400)]
        students: u32,
        /// 随机种子：同一种子生成同样的数据
        #[arg(long, default_value_t = 2025)]
        seed: u64,
        /// 数据库里已有任务时不再创建（输出已有的最近任务编号）
        #[arg(long)]
        if_empty: bool,
        /// 按通知原文的日期创建（2025届，含 2024/2025 年份笔误），用于演示 `campaign check`；不模拟进度
        #[arg(long)]
        as_published: bool,
        /// 按通知的 2025 年日期（已改正笔误）创建，不模拟进度（测试与对照用）
        #[arg(long)]
        reference: bool,
        /// 以哪天为“今天”（YYYY-MM-DD，默认系统日期）：日程整体平移到今天正处于线下集采期间，并模拟到今天为止的缴费、签到、拍摄等进度
        #[arg(long, value_name = "YYYY-MM-DD", conflicts_with_all = ["reference", "as_published"])]
        today: Option<NaiveDate>,
    },
    /// 写一份示例名单文件（按学籍系统导出的样子：标题行、不同的列名），用于练习导入
    SampleRoster {
        /// 输出文件（.xlsx，或 .csv）
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// 学生人数（与 demo 相同的种子生成相同的学生）
        #[arg(long, default_value_t = 2400)]
        students: u32,
        #[arg(long, default_value_t = 2025)]
        seed: u64,
        /// 略去前 N 名学生（模拟退学、转出）
        #[arg(long, default_value_t = 0)]
        skip: usize,
        /// .csv 用 GBK 编码（旧版 Excel 另存的样子）；默认 UTF-8 带 BOM
        #[arg(long)]
        gbk: bool,
        /// 写 `demo --reference`（通知原文的 2025 届）的学生；默认写 `demo` 按今天创建的那一届
        #[arg(long)]
        reference: bool,
        /// 以哪天为“今天”选定届别（YYYY-MM-DD，与 `demo --today` 相同）
        #[arg(long, value_name = "YYYY-MM-DD", conflicts_with = "reference")]
        today: Option<NaiveDate>,
    },
    /// 采集任务：新建、查看、检查、修改（基本信息、校区、场地、拍摄时段、日程）、关闭
    #[command(subcommand)]
    Campaign(campaign_cmd::CampaignCmd),
    /// 学生名单：导入（再次导入即更新）与查看
    #[command(subcommand)]
    Roster(roster_cmd::RosterCmd),
    /// 进度记录：录入、作废、查看事件，导入图片社名单
    #[command(subcommand)]
    Record(progress_cmd::RecordCmd),
    /// 学生进度：每名学生的状态（已完成/进行中/有风险/不予制证）、原因与下一步
    Progress(progress_cmd::ProgressArgs),
    /// 催办提醒：按班级生成可直接粘贴到辅导员群的文字（未缴费、未采集、核对未通过；不含身份证号与电话）
    Remind(remind_cmd::RemindArgs),
    /// 费用结算：按缴费、拍摄、退费记录统计线下/线上/散拍人数与金额（按学院、班级），与图片社账单比对，导出 Excel 与 PDF 结算单
    Settle(settle_cmd::SettleArgs),
    /// 排程：按名单与场地时段为每个班安排拍摄时段并保存（锁定的时段不动）
    Plan(plan_cmd::PlanArgs),
    /// 拍摄安排：查看、检查、移动、锁定/解锁、撤销、班级设置
    Schedule(plan_cmd::ScheduleArgs),
    /// 打印：通知、拍摄安排、签到表、辅导员名单（A4 PDF，中文字体子集嵌入）；通知模板与字体设置
    #[command(subcommand)]
    Print(print_cmd::PrintCmd),
    /// 导出文件
    #[command(subcommand)]
    Export(plan_cmd::ExportCmd),
    /// 现场签到：记录学号签到（提示非本时段、未缴费、重复签到；名单外记为现场补登）；status、slots、find 查看签到台
    CheckIn(checkin_cmd::CheckInArgs),
    /// 多台电脑同步：导出、导入同步文件，查看同步记录
    #[command(subcommand)]
    Sync(sync_cmd::SyncCmd),
    /// 备份整个数据库到一个文件（可用于启用第二台电脑）
    Backup(backup_cmd::BackupArgs),
    /// 用备份文件替换当前数据库（原文件保留为 .before-restore-时间）
    Restore(sync_cmd::RestoreArgs),
    /// 检查数据库是否完好（只读，不做更改）；损坏时给出最近的自动备份与恢复命令
    Doctor {
        #[arg(long)]
        json: bool,
    },
    /// 任务概览：各项日程距今天数、校区场地时段与人数
    Status {
        /// 以哪天为“今天”（YYYY-MM-DD，默认系统日期）
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
}

/// A failure to report: the core classifies every error once (`rollcall::failure`); the
/// CLI adds the command that helps (`hint.rs`) and picks the exit code from its kind.
pub use rollcall::failure::Failure;

pub type CmdResult = Result<(), Failure>;

/// What every command gets: the open store, the campaign chosen with `--campaign`, and
/// the clock read once for this run (the CLI's one reading of the time; a command's
/// `--today` moves the day its rules are judged on).
pub struct Ctx {
    pub store: Store,
    pub campaign: Option<CampaignId>,
    pub clock: Clock,
}

impl Ctx {
    /// The campaign to work on (asked for, or the most recent).
    pub fn campaign(&self) -> Result<Campaign, Failure> {
        ops::campaign::resolve(&self.store, self.campaign)
    }

    /// The clock with the rules judged on `today` when one is given.
    pub fn judging(&self, today: Option<NaiveDate>) -> Clock {
        self.clock.judging(today)
    }
}

/// Prints one JSON object on stdout, written as it is serialized (50,000 students'
/// progress is tens of MB of text, never held as one string).
pub fn print_json(value: &impl serde::Serialize) -> CmdResult {
    use std::io::Write as _;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if let Err(e) = serde_json::to_writer_pretty(&mut out, value) {
        match e.io_error_kind() {
            Some(_) => output_failed(&e.into()),
            None => return Err(e.into()),
        }
    }
    if let Err(e) = writeln!(out).and_then(|()| out.flush()) {
        output_failed(&e);
    }
    Ok(())
}

/// See [`outln`].
fn output_failed(e: &std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("错误：无法输出结果：{e}");
    std::process::exit(2);
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 1 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("错误：{}", f.message);
            if let Some(hint) = hint::for_code(&f.code) {
                eprintln!("提示：{hint}");
            }
            ExitCode::from(if f.kind == rollcall::failure::Kind::Internal {
                2
            } else {
                1
            })
        }
    }
}

fn run(cli: Cli) -> CmdResult {
    let path = store::resolve_db_path(cli.db.as_deref())?;
    let clock = Clock::system();
    // Restore replaces the file, so it runs before the database is opened.
    let command = match cli.command {
        Command::Restore(args) => return sync_cmd::restore(&path, &clock, args),
        // Checks the file as it is: opening would migrate it.
        Command::Doctor { json } => return backup_cmd::doctor(&path, json),
        // Writes a file only: no database is opened (or created).
        Command::SampleRoster {
            out,
            students,
            seed,
            skip,
            gbk,
            reference,
            today,
        } => {
            let opts = DemoOptions {
                students,
                seed,
                as_published: false,
            };
            let cohort = if reference {
                DemoKind::Reference
            } else {
                DemoKind::Live
            };
            let clock = clock.judging(today);
            return campaign_cmd::sample_roster(&out, &clock, opts, cohort, skip, gbk);
        }
        other => other,
    };
    let mut ctx = Ctx {
        store: Store::open(&path)?,
        campaign: cli.campaign.map(CampaignId),
        clock,
    };
    match command {
        Command::Demo {
            students,
            seed,
            if_empty,
            as_published,
            reference,
            today,
        } => campaign_cmd::demo(
            &mut ctx,
            DemoOptions {
                students,
                seed,
                as_published,
            },
            if_empty,
            if reference || as_published {
                DemoKind::Reference
            } else {
                DemoKind::Live
            },
            today,
        ),
        Command::SampleRoster { .. } => Ok(()),
        Command::Campaign(cmd) => campaign_cmd::run(&mut ctx, cmd),
        Command::Roster(cmd) => roster_cmd::run(&mut ctx, cmd),
        Command::Record(cmd) => progress_cmd::run(&mut ctx, cmd),
        Command::Progress(args) => progress_cmd::show(&ctx, args),
        Command::Remind(args) => remind_cmd::run(&ctx, args),
        Command::Settle(args) => settle_cmd::run(&mut ctx, args),
        Command::Plan(args) => plan_cmd::plan(&mut ctx, args),
        Command::Schedule(args) => plan_cmd::schedule(&mut ctx, args),
        Command::Export(cmd) => plan_cmd::export(&ctx, cmd),
        Command::Print(cmd) => print_cmd::run(&ctx, cmd),
        Command::CheckIn(args) => checkin_cmd::run(&mut ctx, args),
        Command::Sync(cmd) => sync_cmd::run(&mut ctx, cmd),
        Command::Backup(args) => backup_cmd::run(&ctx, args),
        Command::Restore(_) | Command::Doctor { .. } => Ok(()),
        Command::Status { today, json } => campaign_cmd::status(&ctx, today, json),
    }
}
