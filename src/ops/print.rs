//! 打印: the notice, schedule, sign-in sheets and counselor lists as A4 PDFs (one
//! pipeline for both shells: data, fonts, layout, write, each stage reported), the
//! notice template (get, check, preview, save, reset) and the font setting.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{some, Clock, Result};
use crate::campaign::CampaignId;
use crate::print::list_book;
use crate::print::lists::{self, ListKind, ListScope};
use crate::print::sign_in::SheetLayout;
use crate::print::{self, notice, schedule, sign_in, FontInfo};
use crate::store::Store;

/// Which document to print.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "PrintDocument")]
pub enum Document {
    Notice,
    Schedule,
    SignIn,
    Lists,
}

impl Document {
    /// The document's name as the office says it.
    pub fn label(self, list: ListKind) -> &'static str {
        match self {
            Document::Notice => "通知",
            Document::Schedule => "拍摄安排",
            Document::SignIn => "签到表",
            Document::Lists => list.title(),
        }
    }
}

/// Which slots (or, for the counselor lists, which classes) to print; blank fields do
/// not filter. Lists use `class_name` and `college`; the other documents the rest.
#[derive(Debug, Deserialize, Default, ts_rs::TS)]
#[ts(rename = "PrintScope")]
pub struct Scope {
    pub campus: Option<String>,
    pub date: Option<NaiveDate>,
    pub class_name: Option<String>,
    pub college: Option<String>,
}

impl Scope {
    fn slots(&self) -> sign_in::Scope {
        sign_in::Scope {
            campus: some(self.campus.clone()),
            date: self.date,
            class_name: some(self.class_name.clone()),
        }
    }

    fn classes(&self) -> ListScope {
        ListScope {
            class_name: some(self.class_name.clone()),
            college: some(self.college.clone()),
            ..ListScope::default()
        }
    }
}

/// One print job.
#[derive(Debug)]
pub struct PrintJob {
    pub document: Document,
    pub scope: Scope,
    /// For [`Document::Lists`]: which list (default: unpaid).
    pub list: Option<ListKind>,
    /// For [`Document::SignIn`]: the sign-in sheet or the agency's 核对表.
    pub layout: SheetLayout,
    /// A font file that overrides the one chosen in 设置 for this job.
    pub font: Option<PathBuf>,
    /// For [`Document::Notice`]: a template text instead of the saved one.
    pub template: Option<String>,
    pub path: PathBuf,
}

/// A finished PDF (or, for the counselor lists, an .xlsx workbook).
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct Printed {
    pub path: PathBuf,
    pub bytes: usize,
    /// Pages of the PDF; 0 for a workbook.
    pub pages: usize,
    /// For the counselor lists: how many classes and students are on them.
    pub lists: Option<ListCount>,
}

/// How many classes and students the counselor lists hold.
#[derive(Debug, Clone, Copy, Serialize, ts_rs::TS)]
pub struct ListCount {
    pub classes: usize,
    pub students: usize,
}

/// How far a print job is, reported as it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Data,
    Fonts,
    Layout,
    Write,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Data => "data",
            Stage::Fonts => "fonts",
            Stage::Layout => "layout",
            Stage::Write => "write",
        }
    }
}

/// Builds the document, lays it out and writes the PDF (the counselor lists: an .xlsx
/// workbook when the path ends in .xlsx); lists are judged on the clock's today.
pub fn print(
    store: &Store,
    clock: &Clock,
    campaign: CampaignId,
    job: PrintJob,
    stage: &mut dyn FnMut(Stage),
) -> Result<Printed> {
    let workbook = is_workbook(&job.path);
    if workbook && job.document != Document::Lists {
        // Said before anything is read: a PDF named .xlsx would not open in Excel.
        let what = job.document.label(ListKind::Unpaid);
        return Err(print::PrintError::NotAWorkbook { what }.into());
    }
    stage(Stage::Data);
    let d = super::campaign::detail(store, Some(campaign))?;
    let conn = store.conn();
    let id = d.campaign.id;
    let fonts = |stage: &mut dyn FnMut(Stage)| -> Result<print::FontSet> {
        stage(Stage::Fonts);
        let f = print::fonts_for(conn, id, job.font.clone())?;
        stage(Stage::Layout);
        Ok(f)
    };
    let bytes = match job.document {
        Document::Notice => {
            let text = match &job.template {
                Some(t) => t.clone(),
                None => notice::template(conn, id)?,
            };
            let fonts = fonts(stage)?;
            notice::render(&d, &text, &fonts)?
        }
        Document::Schedule => {
            let fonts = fonts(stage)?;
            schedule::print(conn, &d, &job.scope.slots(), &fonts)?
        }
        Document::SignIn => {
            let sheets = sign_in::sheets_with_payments(conn, &d, &job.scope.slots())?;
            let fonts = fonts(stage)?;
            sign_in::render_as(&sheets, &fonts, job.layout)?
        }
        Document::Lists => {
            let kind = job.list.unwrap_or(ListKind::Unpaid);
            let built = lists::build(conn, &d, kind, clock.today(), &job.scope.classes())?;
            let bytes = if workbook {
                stage(Stage::Layout);
                list_book::workbook(&built, &job.path)?
            } else {
                let fonts = fonts(stage)?;
                lists::render(&built, &fonts)?
            };
            let count = ListCount {
                classes: built.len(),
                students: built.iter().map(|l| l.rows.len()).sum(),
            };
            return finish(job.path, bytes, !workbook, Some(count), stage);
        }
    };
    finish(job.path, bytes, true, None, stage)
}

/// Counselor lists go to Excel when the file name asks for it (`名单.xlsx`), else to PDF.
fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

fn finish(
    path: PathBuf,
    bytes: Vec<u8>,
    pdf: bool,
    lists: Option<ListCount>,
    stage: &mut dyn FnMut(Stage),
) -> Result<Printed> {
    stage(Stage::Write);
    print::write_file(&path, &bytes)?;
    Ok(Printed {
        path,
        bytes: bytes.len(),
        pages: if pdf { print::page_count(&bytes) } else { 0 },
        lists,
    })
}

/// The template being edited and what the editor offers.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct NoticeTemplate {
    pub text: String,
    pub is_default: bool,
    pub default_text: &'static str,
    pub placeholders: &'static [&'static str],
}

pub fn notice_template(store: &Store, campaign: CampaignId) -> Result<NoticeTemplate> {
    let text = notice::template(store.conn(), campaign)?;
    Ok(NoticeTemplate {
        is_default: text == notice::DEFAULT_TEMPLATE,
        text,
        default_text: notice::DEFAULT_TEMPLATE,
        placeholders: notice::PLACEHOLDERS,
    })
}

/// Checks placeholders and braces; the error names the unknown placeholder and its line.
pub fn notice_check(text: &str) -> Result<()> {
    Ok(notice::check_template(text)?)
}

/// `text` (else the saved template) filled in from the campaign, as plain text.
pub fn notice_preview(store: &Store, campaign: CampaignId, text: Option<&str>) -> Result<String> {
    let d = super::campaign::detail(store, Some(campaign))?;
    let text = match text {
        Some(t) => t.to_string(),
        None => notice::template(store.conn(), campaign)?,
    };
    Ok(notice::preview_text(&d, &text)?)
}

/// Saves the template (checked first); `None` restores the default.
pub fn notice_save(store: &Store, campaign: CampaignId, text: Option<&str>) -> Result<()> {
    Ok(notice::save_template(store.conn(), campaign, text)?)
}

/// The font chosen in 设置 (if any) and what printing will use.
pub fn fonts(store: &Store, campaign: CampaignId) -> Result<FontInfo> {
    Ok(print::font_info(store.conn(), campaign)?)
}

/// Chooses a font file (checked to hold Chinese), or `None` to search the machine again.
pub fn set_font(store: &Store, campaign: CampaignId, path: Option<&Path>) -> Result<FontInfo> {
    print::set_font_path(store.conn(), campaign, path)?;
    fonts(store, campaign)
}
