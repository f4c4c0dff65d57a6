//! `print notice|schedule|sign-in|lists`: writes A4 PDFs of the campaign's documents;
//! `print template` and `print font`: the notice template and the font, as the desktop's
//! 打印 settings edit them (same core calls).

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{ArgGroup, Args, Subcommand, ValueEnum};
use rollcall::campaign::CampaignId;
use rollcall::ops::{
    self,
    print::{Document, PrintJob, Scope},
};
use rollcall::print::lists::ListKind;
use rollcall::print::sign_in::SheetLayout;
use serde_json::json;

use crate::{print_json, CmdResult, Ctx, Failure};

#[derive(Subcommand)]
pub enum PrintCmd {
    /// 通知：按任务信息与通知模板生成（含工作安排表、附件列表、落款）
    Notice {
        #[command(flatten)]
        common: Common,
        /// 用这个模板文件代替已保存的模板（占位符如 {缴费截止}）
        #[arg(long, value_name = "FILE")]
        template: Option<PathBuf>,
    },
    /// 附件1 拍摄安排：按日期与校区列出各班拍摄时间、到场时间、场地、人数
    Schedule {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        scope: ScopeArgs,
    },
    /// 签到表：每个拍摄场次一张（可按校区、日期、班级筛选）
    SignIn {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        scope: ScopeArgs,
        /// sign-in（签到表，默认）或 check（毕业学生信息核对表：拍摄序号与本人签名栏）
        #[arg(long, value_enum, default_value = "sign-in")]
        layout: LayoutArg,
    },
    /// 辅导员名单：每班一份未缴费、未采集、核对未通过或未核对名单（按进度数据，说明栏写明下一步与截止日期）；
    /// --out 以 .xlsx 结尾时导出 Excel 工作簿（一个工作表，按班级排列，可筛选），便于发给辅导员
    Lists {
        #[command(flatten)]
        common: Common,
        /// 哪一种名单：unpaid（未缴费）、not-photographed（未采集）、verify-failed（核对未通过）或 unverified（未核对）
        #[arg(long, value_enum)]
        kind: KindArg,
        /// 只打印这个班级
        #[arg(long = "class", value_name = "班级")]
        class_name: Option<String>,
        /// 只打印这个学院的班级
        #[arg(long, value_name = "学院")]
        college: Option<String>,
        /// 按这一天的进度判断（YYYY-MM-DD，默认今天）
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<NaiveDate>,
    },
    /// 通知模板：显示（默认）、检查、预览、保存模板文件或恢复默认
    Template(TemplateArgs),
    /// 打印用的中文字体：显示找到的字体（默认），指定字体文件或恢复自动查找
    Font(FontArgs),
}

/// `print template [--show | --set FILE | --reset | --check FILE | --preview [FILE]]`.
#[derive(Args)]
#[command(group(ArgGroup::new("action").multiple(false)))]
pub struct TemplateArgs {
    /// 显示当前模板（默认）；可重定向到文件修改后用 --set 保存
    #[arg(long, group = "action")]
    show: bool,
    /// 检查并保存这个模板文件（UTF-8 文本，占位符如 {缴费截止}）
    #[arg(long, value_name = "FILE", group = "action")]
    set: Option<PathBuf>,
    /// 恢复默认模板
    #[arg(long, group = "action")]
    reset: bool,
    /// 只检查模板文件的占位符与花括号，不保存
    #[arg(long, value_name = "FILE", group = "action")]
    check: Option<PathBuf>,
    /// 按当前任务填入占位符，显示通知正文；可给模板文件，默认用当前模板
    #[arg(long, value_name = "FILE", group = "action", num_args = 0..=1)]
    preview: Option<Option<PathBuf>>,
    #[arg(long)]
    json: bool,
}

/// `print font [--set PATH | --reset]`.
#[derive(Args)]
pub struct FontArgs {
    /// 使用这个中文字体文件（.ttf/.otf/.ttc；先检查能否读取、是否含中文）
    #[arg(long, value_name = "PATH", conflicts_with = "reset")]
    set: Option<PathBuf>,
    /// 不再指定字体文件，改为在本机自动查找
    #[arg(long)]
    reset: bool,
    #[arg(long)]
    json: bool,
}

/// `--layout` of `print sign-in`.
#[derive(Clone, Copy, ValueEnum)]
pub enum LayoutArg {
    /// 签到表（缴费 ✓、签名）
    SignIn,
    /// 毕业学生信息核对表（拍摄序号、本人签名）
    Check,
}

impl From<LayoutArg> for SheetLayout {
    fn from(l: LayoutArg) -> SheetLayout {
        match l {
            LayoutArg::SignIn => SheetLayout::SignIn,
            LayoutArg::Check => SheetLayout::Check,
        }
    }
}

/// `--kind` of `print lists`.
#[derive(Clone, Copy, ValueEnum)]
pub enum KindArg {
    /// 未缴费名单
    Unpaid,
    /// 未采集名单
    NotPhotographed,
    /// 核对未通过名单（核对有误、人像比对未通过）
    VerifyFailed,
    /// 未核对名单（学历照核对已到期或逾期）
    Unverified,
}

impl From<KindArg> for ListKind {
    fn from(k: KindArg) -> ListKind {
        match k {
            KindArg::Unpaid => ListKind::Unpaid,
            KindArg::NotPhotographed => ListKind::NotPhotographed,
            KindArg::VerifyFailed => ListKind::VerifyFailed,
            KindArg::Unverified => ListKind::Unverified,
        }
    }
}

#[derive(Args)]
pub struct Common {
    /// 输出的 PDF 文件（辅导员名单也可以是 .xlsx）
    #[arg(long, value_name = "F.pdf")]
    out: PathBuf,
    /// 使用这个中文字体文件（.ttf/.otf/.ttc），优先于设置中选的字体
    #[arg(long, value_name = "FILE")]
    font: Option<PathBuf>,
    /// 输出一个 JSON 对象（文件、页数、字体）
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct ScopeArgs {
    /// 只打印这个校区（如 高明 或 高明校区）
    #[arg(long)]
    campus: Option<String>,
    /// 只打印这一天（YYYY-MM-DD）
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<NaiveDate>,
    /// 只打印这个班级
    #[arg(long = "class", value_name = "班级")]
    class_name: Option<String>,
}

impl From<ScopeArgs> for Scope {
    fn from(a: ScopeArgs) -> Scope {
        Scope {
            campus: a.campus,
            date: a.date,
            class_name: a.class_name,
            college: None,
        }
    }
}

fn read_template(p: &std::path::Path) -> Result<String, Failure> {
    std::fs::read_to_string(p).map_err(|e| {
        Failure::user(format!(
            "无法读取模板文件 {}：{e}。模板应为 UTF-8 文本文件。",
            p.display()
        ))
    })
}

pub fn run(ctx: &Ctx, cmd: PrintCmd) -> CmdResult {
    let (common, job) = match cmd {
        PrintCmd::Template(args) => return template(ctx, args),
        PrintCmd::Font(args) => return font(ctx, args),
        PrintCmd::Notice { common, template } => {
            let text = template.as_deref().map(read_template).transpose()?;
            let job = common.job(Document::Notice, Scope::default(), None, text);
            (common, job)
        }
        PrintCmd::Schedule { common, scope } => {
            let job = common.job(Document::Schedule, scope.into(), None, None);
            (common, job)
        }
        PrintCmd::SignIn {
            common,
            scope,
            layout,
        } => {
            let mut job = common.job(Document::SignIn, scope.into(), None, None);
            job.job.layout = SheetLayout::from(layout);
            (common, job)
        }
        PrintCmd::Lists {
            common,
            kind,
            class_name,
            college,
            today,
        } => {
            let scope = Scope {
                class_name,
                college,
                ..Scope::default()
            };
            let mut job = common.job(Document::Lists, scope, Some(kind.into()), None);
            job.today = today;
            (common, job)
        }
    };
    let what = job
        .job
        .document
        .label(job.job.list.unwrap_or(ListKind::Unpaid));
    let clock = ctx.judging(job.today);
    let id = ctx.campaign()?.id;
    let printed = ops::print::print(&ctx.store, &clock, id, job.job, &mut |_| {})?;
    if common.json {
        return print_json(&json!({
            "document": what,
            "out": printed.path,
            "bytes": printed.bytes,
            "pages": printed.pages,
            "lists": printed.lists,
        }));
    }
    let listed = printed.lists.map_or(String::new(), |n| {
        format!("，{} 个班级共 {} 人", n.classes, n.students)
    });
    outln!(
        "已生成{what}：{}（{} KB{listed}）",
        printed.path.display(),
        printed.bytes / 1024
    );
    Ok(())
}

/// A print job and the day its lists are judged on.
struct Job {
    job: PrintJob,
    today: Option<NaiveDate>,
}

impl Common {
    fn job(
        &self,
        document: Document,
        scope: Scope,
        list: Option<ListKind>,
        template: Option<String>,
    ) -> Job {
        Job {
            job: PrintJob {
                document,
                scope,
                list,
                layout: SheetLayout::default(),
                font: self.font.clone(),
                template,
                path: self.out.clone(),
            },
            today: None,
        }
    }
}

fn template(ctx: &Ctx, a: TemplateArgs) -> CmdResult {
    let c = ctx.campaign()?;
    let says = |json: bool, value: serde_json::Value, text: &str| {
        if json {
            print_json(&value)
        } else {
            outln!("{text}");
            Ok(())
        }
    };
    if let Some(path) = &a.set {
        let text = read_template(path)?;
        ops::print::notice_save(&ctx.store, c.id, Some(&text))?;
        let lines = text.lines().count();
        let msg = format!(
            "已保存「{}」的通知模板（{lines} 行，来自 {}）。`rollcall print notice --out 通知.pdf` 按它打印。",
            c.facts.name,
            path.display()
        );
        return says(a.json, json!({ "saved": true, "lines": lines }), &msg);
    }
    if a.reset {
        ops::print::notice_save(&ctx.store, c.id, None)?;
        let msg = format!("已恢复「{}」的默认通知模板。", c.facts.name);
        return says(a.json, json!({ "saved": true, "default": true }), &msg);
    }
    if let Some(path) = &a.check {
        ops::print::notice_check(&read_template(path)?)?;
        let msg = format!("模板 {} 检查通过：占位符与花括号都正确。", path.display());
        return says(a.json, json!({ "ok": true }), &msg);
    }
    if let Some(file) = &a.preview {
        let text = file.as_deref().map(read_template).transpose()?;
        let filled = ops::print::notice_preview(&ctx.store, c.id, text.as_deref())?;
        return says(a.json, json!({ "text": filled }), filled.trim_end());
    }
    show_template(ctx, c.id, a.json)
}

fn show_template(ctx: &Ctx, id: CampaignId, json: bool) -> CmdResult {
    let t = ops::print::notice_template(&ctx.store, id)?;
    if json {
        return print_json(&t);
    }
    let (text, is_default) = (t.text, t.is_default);
    // The template alone on stdout, so it can be redirected to a file and edited.
    out!("{text}");
    if !text.ends_with('\n') {
        outln!();
    }
    eprintln!(
        "（{}；可用的占位符：{}。修改后用 `rollcall print template --set 文件` 保存）",
        if is_default {
            "默认模板"
        } else {
            "已修改的模板"
        },
        t.placeholders
            .iter()
            .map(|p| format!("{{{p}}}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    Ok(())
}

fn font(ctx: &Ctx, a: FontArgs) -> CmdResult {
    let id = ctx.campaign()?.id;
    let info = if a.set.is_some() || a.reset {
        ops::print::set_font(&ctx.store, id, a.set.as_deref())?
    } else {
        ops::print::fonts(&ctx.store, id)?
    };
    if a.json {
        return print_json(&info);
    }
    match &info.chosen {
        Some(p) => outln!("指定的字体文件：{}", p.display()),
        None => outln!("没有指定字体文件：在本机自动查找中文字体。"),
    }
    if let Some(e) = &info.error {
        outln!("[问题] {e}");
        outln!("用 `rollcall print font --set 字体文件` 指定一个含中文的字体（.ttf/.otf/.ttc）。");
    } else {
        outln!("打印将使用：");
        for f in &info.found {
            outln!("  {f}");
        }
    }
    Ok(())
}
