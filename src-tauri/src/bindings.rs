//! The UI's TypeScript types, generated from the Rust types that cross the IPC boundary
//! (every command's arguments and result, the channel messages and [`UiError`]) into one
//! file, `ui/src/lib/generated/bindings.ts`. Each type derives `ts_rs::TS` beside its
//! serde derive, so the serde attributes (rename_all, tag, flatten, skip …) shape both.
//!
//! `make types` rewrites the file (`ROLLCALL_WRITE_UI_TYPES=1 cargo test -p
//! rollcall-desktop ui_types`); the same test without the variable fails when the
//! committed file is stale, so `make test` catches a Rust change the UI was not told of.
//!
//! The output is one file, declarations sorted by name: the same types give the same
//! bytes. Two Rust types with the same TypeScript name fail the test (give one a
//! `#[ts(rename = "…")]`) instead of one silently replacing the other.

use std::any::{type_name, TypeId};
use std::collections::BTreeMap;
use std::path::PathBuf;

use ts_rs::{Config, TypeVisitor, TS};

use crate::commands::{campaign, print, roster};
use crate::error::UiError;
use crate::state::StartupProblem;

/// Where the generated file lives, relative to the repository root.
const OUTPUT: &str = "ui/src/lib/generated/bindings.ts";

const HEADER: &str = "\
// Generated from the Rust types by src-tauri/src/bindings.rs. Do not edit by hand:
// change the Rust type, then run `make types` (a test fails while this file is stale).
";

/// Every type a command takes or returns (the rest are reached through their fields).
fn visit_roots(v: &mut impl TypeVisitor) {
    use rollcall::{
        backup, campaign as c, check_in as ci, export as ex, ops, plan, progress as pr,
    };

    v.visit::<UiError>();
    v.visit::<crate::commands::files::PickMode>();
    v.visit::<StartupProblem>();
    // 任务概览
    v.visit::<campaign::AppInfo>();
    v.visit::<ops::campaign::Overview>();
    v.visit::<c::Campaign>();
    v.visit::<c::CampaignId>();
    v.visit::<c::NewCampaign>();
    v.visit::<c::Created>();
    v.visit::<c::CampaignFacts>();
    v.visit::<c::VenueInput>();
    v.visit::<c::WindowInput>();
    v.visit::<c::Milestone>();
    v.visit::<c::MilestoneKind>();
    // 设置 → 同步与备份
    v.visit::<rollcall::sync::SyncLog>();
    v.visit::<rollcall::sync::ExportReport>();
    v.visit::<rollcall::sync::ImportReport>();
    v.visit::<backup::BackupReport>();
    v.visit::<rollcall::settings::LaptopName>();
    v.visit::<backup::RestoreReport>();
    v.visit::<ops::sync::AutoBackups>();
    // 进度跟踪
    v.visit::<ops::progress::Filter>();
    v.visit::<ops::progress::EventInput>();
    v.visit::<pr::ProgressReport>();
    v.visit::<pr::RecordReport>();
    v.visit::<pr::Event>();
    v.visit::<pr::EventKind>();
    v.visit::<pr::ImportReport>();
    // 导出
    v.visit::<ex::ListKind>();
    v.visit::<ex::Encoding>();
    v.visit::<ex::Preview>();
    v.visit::<ex::ExportOutcome>();
    v.visit::<ex::LogEntry>();
    v.visit::<ex::close::ClosePreview>();
    v.visit::<ex::Closing>();
    // 现场签到
    v.visit::<ops::check_in::DeskSlots>();
    v.visit::<ci::desk::DeskStatus>();
    v.visit::<ci::desk::Found>();
    v.visit::<ci::CheckInReport>();
    // 学生名单
    v.visit::<ops::roster::FieldInfo>();
    v.visit::<ops::roster::ReadChoice>();
    v.visit::<roster::Progress>();
    v.visit::<ops::roster::Revealed>();
    v.visit::<rollcall::roster::import::Preview>();
    v.visit::<rollcall::roster::import::ImportReport>();
    v.visit::<rollcall::roster::RosterEntry>();
    // 拍摄安排
    v.visit::<ops::plan::ScheduleView>();
    v.visit::<ops::plan::ScheduleExport>();
    v.visit::<ops::plan::ClassSettingsView>();
    v.visit::<ops::plan::ClassSettingForm>();
    v.visit::<plan::PlanOutcome>();
    v.visit::<plan::MoveRequest>();
    v.visit::<plan::Slot>();
    v.visit::<plan::ClassSetting>();
    v.visit::<plan::PlanSettings>();
    // 打印
    v.visit::<ops::print::Document>();
    v.visit::<ops::print::Scope>();
    v.visit::<print::PrintStage>();
    v.visit::<ops::print::Printed>();
    v.visit::<ops::print::NoticeTemplate>();
    v.visit::<rollcall::print::lists::ListKind>();
    v.visit::<rollcall::print::sign_in::SheetLayout>();
    v.visit::<rollcall::print::FontInfo>();
    // 催办提醒
    v.visit::<ops::remind::Scope>();
    v.visit::<rollcall::remind::RemindKind>();
    v.visit::<rollcall::remind::Reminders>();
    // 费用结算
    v.visit::<rollcall::settle::Settlement>();
    v.visit::<ops::settle::AgencyCountInput>();
    v.visit::<ops::settle::SettleFile>();
}

/// Collects each named type once with its declaration, following fields to their types.
struct Collect {
    cfg: Config,
    /// TypeScript name → (Rust type, its name, `export type …`).
    decls: BTreeMap<String, (TypeId, &'static str, String)>,
    clashes: Vec<String>,
}

impl TypeVisitor for Collect {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        // Primitives, Option, Vec … have no declaration of their own.
        if T::output_path().is_none() {
            return;
        }
        let name = T::ident(&self.cfg);
        if let Some((id, other, decl)) = self.decls.get(&name) {
            // The same type again, or a stand-in for it (serde_json's Value).
            if *id != TypeId::of::<T>() && *decl != declaration::<T>(&self.cfg) {
                let clash = format!("{name}: {other} and {}", type_name::<T>());
                if !self.clashes.contains(&clash) {
                    self.clashes.push(clash);
                }
            }
            return;
        }
        let decl = declaration::<T>(&self.cfg);
        self.decls
            .insert(name, (TypeId::of::<T>(), type_name::<T>(), decl));
        T::visit_dependencies(self);
    }
}

/// `export type …`, after the Rust doc comment.
fn declaration<T: TS + ?Sized>(cfg: &Config) -> String {
    let mut decl = T::docs().unwrap_or_default();
    decl.push_str("export ");
    decl.push_str(&T::decl(cfg));
    layout(&decl)
}

/// One field per line: ts-rs writes each declaration on one line, with field comments
/// breaking it wherever they fall. Object members are re-indented two spaces per level;
/// nothing inside `<>`, `[]` or a string is touched.
fn layout(decl: &str) -> String {
    fn newline(out: &mut String, depth: usize) {
        out.truncate(out.trim_end_matches(' ').len());
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&"  ".repeat(depth));
    }
    let mut out = String::with_capacity(decl.len() * 2);
    let mut open: Vec<char> = Vec::new();
    let (mut in_string, mut in_comment) = (false, false);
    let mut chars = decl.chars().peekable();
    while let Some(c) = chars.next() {
        let depth = open.iter().filter(|&&b| b == '{').count();
        let in_object = open.last() == Some(&'{');
        if in_string {
            in_string = c != '"' || out.ends_with('\\');
            out.push(c);
            continue;
        }
        match c {
            '\n' if in_comment || in_object || open.is_empty() => newline(&mut out, depth),
            _ if in_comment => {
                out.push(c);
                in_comment = !out.ends_with("*/");
            }
            '/' if chars.peek() == Some(&'*') => {
                in_comment = true;
                out.push(c);
            }
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' => {
                open.push(c);
                out.push(c);
                newline(&mut out, depth + 1);
            }
            '}' => {
                open.pop();
                out.truncate(out.trim_end().len());
                if !out.ends_with('{') {
                    newline(&mut out, depth - 1);
                }
                out.push(c);
            }
            ',' if in_object => {
                out.push(c);
                newline(&mut out, depth);
            }
            ' ' if in_object && out.ends_with(' ') => {}
            '<' | '[' | '(' => {
                open.push(c);
                out.push(c);
            }
            '>' | ']' | ')' => {
                open.pop();
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// The file's text: the header, then every declaration sorted by name.
fn generate() -> String {
    // Ids and counts are i64 in Rust and plain JSON numbers on the wire.
    let mut c = Collect {
        cfg: Config::new().with_large_int("number"),
        decls: BTreeMap::new(),
        clashes: Vec::new(),
    };
    visit_roots(&mut c);
    assert!(
        c.clashes.is_empty(),
        "two Rust types would have the same TypeScript name; give one #[ts(rename = \"…\")]:\n{}",
        c.clashes.join("\n")
    );
    let mut out = String::from(HEADER);
    for (_, _, decl) in c.decls.values() {
        out.push('\n');
        out.push_str(decl.trim_end());
        out.push('\n');
    }
    out
}

fn output_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(OUTPUT)
}

#[test]
fn ui_types_are_current() {
    let generated = generate();
    let path = output_path();
    if std::env::var_os("ROLLCALL_WRITE_UI_TYPES").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != generated {
        let first = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(generated.lines().count()));
        panic!(
            "{OUTPUT} is stale: the Rust types the UI receives changed (first difference at \
             line {}). Run `make types` and commit the file.",
            first + 1
        );
    }
}
