// Generated from the Rust types by src-tauri/src/bindings.rs. Do not edit by hand:
// change the Rust type, then run `make types` (a test fails while this file is stale).

export type AgencyAmbiguousRow = {
  row: number,
  name: string,
  class_name: string,
  candidates: Array<AgencyCandidate>,
  reason: string,
};

export type AgencyCandidate = {
  student_no: string,
  name: string,
  class_name: string,
};

/**
 * The agency's count for a route; `None` clears it.
 */
export type AgencyCountInput = {
  route: SettleRoute,
  count: number | null,
};

/**
 * What an import did (or, in a dry run, would do). Every data row is in exactly one of
 * `matched`, `refunds`, `duplicates`, `not_done`, `unknown_status`, `unmatched`,
 * `ambiguous` and `conflicts`; `hidden` lists rows again, whatever became of them.
 */
export type AgencyImportReport = {
  kind: EventKind,
  file: string,
  sheet: string,
  header_row: number,
  /**
   * The status columns read (headers as the file writes them); empty when none.
   */
  status_columns: Array<string>,
  dry_run: boolean,
  /**
   * Data rows read.
   */
  rows: number,
  /**
   * Events written, refunds included (0 in a dry run).
   */
  recorded: number,
  matched: Array<AgencyMatchedRow>,
  /**
   * Payment-list rows whose status says the fee was refunded: a refund is recorded.
   */
  refunds: Array<AgencyMatchedRow>,
  duplicates: Array<AgencyRowNote>,
  /**
   * Rows whose status says it did not happen or is not finished (未拍摄, 缺席, 退款中 …):
   * nothing recorded.
   */
  not_done: Array<AgencyRowNote>,
  /**
   * Rows whose status is blank, a formula error or not a word we know: nothing
   * recorded, nothing guessed.
   */
  unknown_status: Array<AgencyRowNote>,
  unmatched: Array<AgencyRowNote>,
  ambiguous: Array<AgencyAmbiguousRow>,
  conflicts: Array<AgencyRowNote>,
  /**
   * Data rows hidden in Excel (row numbers): read like the others, listed because the
   * person who checked the list on screen did not see them.
   */
  hidden: Array<number>,
};

/**
 * How a row found its student.
 */
export type AgencyMatchBy = "student_no" | "id_number" | "name_class";

export type AgencyMatchedRow = {
  row: number,
  student_no: string,
  name: string,
  class_name: string,
  date: string,
  matched_by: AgencyMatchBy,
  /**
   * The row's status cells, joined with "、" ("" when the list has no status column).
   */
  status: string,
  /**
   * What is recorded for the row: the list's kind, or what its status says instead
   * (a refund on a payment list; 核对有误 or 比对未通过 on a verification list).
   */
  kind: EventKind,
  /**
   * The note recorded with it (what is wrong with a failed photo), "" when none.
   */
  note: string,
};

/**
 * A row that matched a student but says nothing new, or a problem row; `reason` says why.
 */
export type AgencyRowNote = {
  row: number,
  /**
   * The matched student's 学号, else the row's own.
   */
  student_no: string,
  name: string,
  class_name: string,
  /**
   * Masked.
   */
  id_number: string,
  reason: string,
};

export type AppInfo = {
  db_path: string,
  version: string,
  today: string,
  /**
   * Where save fields start (the user's documents folder, else home).
   */
  documents_dir: string,
  /**
   * Set when the window must show a notice instead of the campaign.
   */
  startup: StartupProblem | null,
};

/**
 * One automatic backup on disk.
 */
export type AutoBackup = {
  path: string,
  file_name: string,
  reason: BackupReason,
  reason_label: string,
  /**
   * When it was taken (local time, from the file name).
   */
  taken_at: string,
  bytes: number,
};

/**
 * The automatic backups (newest first), where they are and how many are kept.
 */
export type AutoBackups = {
  folder: string,
  keep: number,
  backups: Array<AutoBackup>,
};

/**
 * What a backup file holds, checked without changing it.
 */
export type BackupInfo = {
  schema_version: number,
  campaigns: Array<string>,
};

/**
 * Why an automatic backup was taken.
 */
export type BackupReason = "reimport" | "restore" | "close" | "sync_import" | "daily";

/**
 * What a backup wrote.
 */
export type BackupReport = {
  path: string,
  bytes: number,
  schema_version: number,
};

/**
 * A stored campaign.
 */
export type Campaign = {
  id: CampaignId,
  created_at: string,
  name: string,
  /**
   * 届: 2025 means students graduating in 2025.
   */
  grad_year: number,
  office_name: string,
  notice_date: string,
  school_code: string,
  region_code: string,
  batch_code: string,
  fee_onsite: Fen,
  fee_online: Fen,
  fee_walk_in: Fen,
  agency_name: string,
  agency_address: string,
  agency_phone: string,
  office_contact: string,
};

/**
 * A campaign with everything that hangs off it.
 */
export type CampaignDetail = {
  campaign: Campaign,
  campuses: Array<Campus>,
  venues: Array<Venue>,
  windows: Array<SessionWindow>,
  milestones: Array<Milestone>,
};

/**
 * What the office types about a campaign: everything but its id.
 */
export type CampaignFacts = {
  name: string,
  /**
   * 届: 2025 means students graduating in 2025.
   */
  grad_year: number,
  office_name: string,
  notice_date: string,
  school_code: string,
  region_code: string,
  batch_code: string,
  fee_onsite: Fen,
  fee_online: Fen,
  fee_walk_in: Fen,
  agency_name: string,
  agency_address: string,
  agency_phone: string,
  office_contact: string,
};

/**
 * Row id of a campaign.
 */
export type CampaignId = number;

export type Campus = {
  id: number,
  name: string,
};

/**
 * Capacity of one campus: minutes and students, used against available.
 */
export type CampusCapacity = {
  campus: string,
  available_minutes: number,
  used_minutes: number,
  /**
   * Students the windows can take at the venues' throughput.
   */
  capacity_students: number,
  placed_students: number,
  /**
   * Eligible students of on-site classes of this campus.
   */
  demand_students: number,
};

export type CampusStatus = {
  id: number,
  name: string,
  venues: Array<VenueStatus>,
  capacity: number,
  /**
   * Eligible students whose campus this is.
   */
  students: number,
};

/**
 * One 学号 at the desk.
 */
export type CheckInLine = {
  student_no: string,
  name: string | null,
  class_name: string | null,
  paid: boolean,
  outcome: CheckInOutcome,
  event_id: number | null,
  slot_id: number | null,
  warnings: Array<CheckInWarning>,
};

/**
 * What happened to one 学号.
 */
export type CheckInOutcome = "checked_in" | "already_checked_in" | "walk_up" | "walk_up_again";

/**
 * What a check-in call did, with the counts after it.
 */
export type CheckInReport = {
  date: string,
  time: string,
  slot: SlotInfo | null,
  lines: Array<CheckInLine>,
  slot_counts: Tally | null,
  day_counts: Tally,
};

/**
 * Something the staff should see about a student at the desk.
 */
export type CheckInWarning = {
  code: WarningCode,
  message: string,
};

/**
 * Everything `campaign check` reports.
 */
export type CheckReport = {
  errors: Array<Finding>,
  warnings: Array<Finding>,
};

/**
 * Where a class is shot: at a campus, or online (no campus).
 */
export type ClassCampus = {
  "kind": "on_site",
  campus: string,
} | {
  "kind": "online",
  reason: string,
};

/**
 * How many students of one class a step concerns.
 */
export type ClassCount = {
  class_name: string,
  count: number,
};

/**
 * One class to schedule, with its eligible head count and the user's constraints.
 */
export type ClassDemand = {
  class_name: string,
  college: string,
  major: string,
  counselor: string,
  headcount: number,
  campus: ClassCampus,
  not_before: string | null,
  not_on: Array<string>,
};

/**
 * The user's constraints on one class.
 */
export type ClassSetting = {
  class_name: string,
  /**
   * Campus to shoot at instead of the roster's (for off-campus-site classes).
   */
  campus: string | null,
  online: boolean,
  not_before: string | null,
  not_on: Array<string>,
};

/**
 * A class's settings as a form shows them: the whole state, not a change, so a form
 * can also clear a campus or a date (JSON null cannot say "clear" in a change).
 */
export type ClassSettingForm = {
  /**
   * Campus to shoot at; None: the roster's campus.
   */
  campus: string | null,
  online: boolean,
  not_before: string | null,
  not_on: Array<string>,
};

/**
 * What the 班级设置 panel lists: every eligible class as the planner sees it (campus
 * resolved, dates applied), the settings the user made, the campaign's campuses and
 * the plan settings.
 */
export type ClassSettingsView = {
  classes: Array<ClassDemand>,
  settings: Array<ClassSetting>,
  campuses: Array<string>,
  plan_settings: PlanSettings,
};

/**
 * What closing as of a day would freeze, and whether it is early.
 */
export type ClosePreview = {
  as_of: string,
  summary: ExportSummary,
  /**
   * The last day a photo counts (final deadline, else walk-in end).
   */
  final_deadline: string | null,
  /**
   * Closing before the final deadline: students still pending end up excluded.
   */
  early: boolean,
  /**
   * Already closed: nothing to do.
   */
  closed: Closing | null,
};

/**
 * A closing of the campaign.
 */
export type Closing = {
  id: number,
  closed_at: string,
  /**
   * The day the frozen lists were built for.
   */
  as_of: string,
  summary: ExportSummary,
  /**
   * `None` while the campaign stays closed.
   */
  reopened_at: string | null,
  /**
   * The automatic backup taken just before closing (only in the answer to
   * [`close`]; `None` when listing closings).
   */
  auto_backup: string | null,
};

/**
 * One column of the file and what it maps to.
 */
export type ColumnMapping = {
  /**
   * 0 = column A.
   */
  index: number,
  /**
   * "A", "B", …
   */
  letter: string,
  header: string,
  target: MappingTarget,
  source: MappingSource,
};

/**
 * Head counts by state among eligible students.
 */
export type Counts = {
  eligible: number,
  done: number,
  pending: number,
  at_risk: number,
  excluded: number,
};

/**
 * What [`create_from`] made.
 */
export type CreatedCampaign = {
  id: CampaignId,
  copied_from: CampaignId | null,
  campuses: number,
  venues: number,
};

/**
 * A date that matters for this student, with days left (0 on the day).
 */
export type Deadline = {
  kind: MilestoneKind,
  label: string,
  date: string,
  days_left: number,
};

/**
 * A slot in the desk's picker.
 */
export type DeskSlot = {
  headcount: number,
  id: number,
  label: string,
  campus: string,
  venue: string,
  date: string,
  start: string,
  end: string,
};

/**
 * The schedule's slots and the one covering the clock now (the default pick).
 */
export type DeskSlots = {
  today: string,
  slots: Array<DeskSlot>,
  current: number | null,
};

/**
 * The desk between scans.
 */
export type DeskStatus = {
  date: string,
  slot: SlotInfo | null,
  slot_counts: Tally | null,
  day_counts: Tally,
  /**
   * The slot's expected students not checked in (by 学号).
   */
  missing: Array<MissingStudent>,
};

/**
 * The text encoding of a CSV file.
 */
export type Encoding = "utf8" | "gbk";

/**
 * Row id of an event.
 */
export type EventId = number;

/**
 * An event typed by the office for one or many students.
 */
export type EventInput = {
  kind: EventKind,
  /**
   * The day it happened; none: today.
   */
  date: string | null,
  note: string,
  recorded_by: string,
};

/**
 * What happened to a student.
 */
export type EventKind = "paid" | "checked_in" | "photographed" | "online_submitted" | "online_approved" | "walk_in_done" | "refund" | "verified" | "verify_failed" | "compare_failed";

/**
 * Where an event came from.
 */
export type EventSource = "typed" | "check_in" | "agency_import" | "sync";

/**
 * A column with its header, for the UI's column chooser.
 */
export type ExportColumn = {
  column: ExportColumnId,
  header: string,
};

/**
 * One column of a list.
 */
export type ExportColumnId = "student_no" | "name" | "gender" | "id_number" | "college" | "major" | "class" | "level" | "duration" | "school_code" | "method" | "done_date" | "verified" | "campus" | "counselor" | "reason" | "detail" | "state";

/**
 * The file format, from the file name.
 */
export type ExportFormat = "xlsx" | "csv";

/**
 * One export as the log shows it.
 */
export type ExportLogEntry = {
  id: number,
  list: ListKind,
  list_label: string,
  /**
   * `xlsx` or `csv`.
   */
  format: string,
  /**
   * `utf8` or `gbk` for CSV, empty for xlsx.
   */
  encoding: string,
  /**
   * The day the list was built for (the closing day for a frozen list).
   */
  as_of: string,
  rows: number,
  file_name: string,
  columns: Array<string>,
  /**
   * True when the file holds full 身份证号: keep it safe.
   */
  has_id_numbers: boolean,
  /**
   * True when written from the frozen lists of a closed campaign.
   */
  frozen: boolean,
  created_at: string,
};

/**
 * What an export wrote (also the log entry).
 */
export type ExportOutcome = {
  path: string,
  format: ExportFormat,
  encoding: Encoding | null,
  summary: ExportSummary,
  entry: ExportLogEntry,
};

/**
 * The 导出 page: counts, the columns in use and available, and the first rows (ID
 * numbers masked, as on every screen).
 */
export type ExportPreview = {
  list: ListKind,
  list_label: string,
  as_of: string,
  summary: ExportSummary,
  /**
   * Rows the file would have.
   */
  total: number,
  columns: Array<ExportColumn>,
  available: Array<ExportColumn>,
  /**
   * The first rows, cells in column order.
   */
  rows: Array<Array<string>>,
  /**
   * Set when the campaign is closed: the lists are the frozen ones.
   */
  closed: Closing | null,
};

/**
 * Who is on which list, and who on neither. `final + excluded + withdrawn + ineligible
 * = roster`.
 */
export type ExportSummary = {
  roster: number,
  eligible: number,
  final: number,
  excluded: number,
  withdrawn: number,
  ineligible: number,
};

/**
 * An amount of money in fen (1 元 = 100 分); fees are never floats.
 */
export type Fen = number;

/**
 * What the mapping step can offer for a column.
 */
export type FieldInfo = {
  id: string,
  label: string,
};

/**
 * The kinds of file we read.
 */
export type FileFormat = "xlsx" | "xls" | "xlsb" | "ods" | "csv";

/**
 * One thing wrong with a campaign's settings, said in the office's words.
 */
export type Finding = {
  severity: Severity,
  /**
   * Stable identifier for tests and the UI (`milestone_order`, `year_mismatch` …).
   */
  code: string,
  /**
   * What the finding is about (`payment`, `window:12`, `notice_date` …).
   */
  subject: string,
  message: string,
};

/**
 * The font file chosen in 设置, and the fonts documents would use (or why none).
 */
export type FontInfo = {
  chosen: string | null,
  /**
   * One line per font found, as [`FontSet::describe`] gives them.
   */
  found: Array<string>,
  /**
   * Why no usable Chinese font was found (documents cannot be printed until fixed).
   */
  error: string | null,
};

/**
 * A student found by a name (or 学号, 班级) search at the desk.
 */
export type FoundStudent = {
  student_no: string,
  name: string,
  class_name: string,
  paid: boolean,
};

/**
 * Gender as recorded in the roster.
 */
export type Gender = "男" | "女";

/**
 * Counts of one campus, college or class.
 */
export type GroupCounts = {
  name: string,
  eligible: number,
  done: number,
  pending: number,
  at_risk: number,
  excluded: number,
};

/**
 * A college or a class with its counts.
 */
export type GroupLine = {
  name: string,
  /**
   * The class's college ("" on a college line).
   */
  college: string,
  onsite: number,
  online: number,
  walk_in: number,
  refund: number,
  /**
   * onsite, online and walk-in at the campaign's fees (refunds not included).
   */
  amount: Fen,
};

/**
 * What an import did (or, in a dry run, would do).
 */
export type ImportReport = {
  file: string,
  sheet: string,
  header_row: number,
  dry_run: boolean,
  /**
   * Data rows read (blank rows not counted).
   */
  read: number,
  added: number,
  updated: number,
  unchanged: number,
  withdrawn: number,
  /**
   * Imported rows that are not eligible for this campaign (kept, with the reason).
   */
  ineligible: number,
  rejected: Array<RowIssue>,
  warnings: Array<RowIssue>,
  columns: Array<ColumnMapping>,
  /**
   * The automatic backup taken before students were withdrawn.
   */
  auto_backup: string | null,
  /**
   * The sheets read, in order.
   */
  sheets: Array<string>,
  /**
   * File-level notes, as in [`Preview::notes`].
   */
  notes: Array<string>,
  /**
   * Rows that are not students, skipped (neither imported nor rejected).
   */
  skipped: Array<RowIssue>,
  /**
   * Rows hidden in Excel: imported like the others, listed so nobody is surprised.
   */
  hidden: Array<RowIssue>,
  /**
   * The students withdrawn, per class (largest first).
   */
  withdrawn_by_class: Array<ClassCount>,
  /**
   * More than [`WITHDRAW_CONFIRM_PERCENT`] % of the roster would be withdrawn: the
   * import needs [`ImportOptions::allow_withdraw`].
   */
  needs_confirmation: boolean,
  /**
   * The most common reasons students are not eligible (at most five).
   */
  ineligible_reasons: Array<ReasonCount>,
};

/**
 * What explains a difference with the agency's bill.
 */
export type Issue = "paid_not_photographed" | "photographed_not_paid" | "refunded_after_shooting";

/**
 * One student behind a difference.
 */
export type IssueRow = {
  issue: Issue,
  label: string,
  student_no: string,
  name: string,
  college: string,
  class_name: string,
  /**
   * The events that show it, e.g. "缴费 2025-04-20；线上审核通过 2025-05-08".
   */
  detail: string,
};

export type JsonValue = number | string | boolean | Array<JsonValue> | {
  [key in string]: JsonValue
} | null;

/**
 * This laptop's name as 设置 shows it.
 */
export type LaptopName = {
  laptop_id: string,
  /**
   * The name shown in sync logs and on other laptops.
   */
  name: string,
  /**
   * False while the name is the computer's host name (nothing was set).
   */
  is_set: boolean,
};

/**
 * How many classes and students the counselor lists hold.
 */
export type ListCount = {
  classes: number,
  students: number,
};

/**
 * Which list.
 */
export type ListKind = "final" | "excluded";

/**
 * Where a column's mapping came from (the UI shows it).
 */
export type MappingSource = "detected" | "remembered" | "override";

/**
 * What one column becomes.
 */
export type MappingTarget = {
  "kind": "field",
  "field": RosterField
} | {
  "kind": "extra"
} | {
  "kind": "ignore"
};

/**
 * What merging the journal changed here.
 */
export type MergeReport = {
  events_added: number,
  /**
   * The events added, in the order they were recorded.
   */
  added: Array<SyncAddedEvent>,
  voids_applied: number,
  walk_ups_added: number,
  duplicates: Array<SyncDuplicate>,
  not_on_roster: Array<SyncNotOnRoster>,
};

/**
 * One row of the timeline. `start` is `None` for a single day or an open start
 * ("即日起至 4月27日").
 */
export type Milestone = {
  kind: MilestoneKind,
  start: string | null,
  end: string,
  note: string,
};

/**
 * The kinds of dates a campaign runs by (工作安排表).
 */
export type MilestoneKind = "payment" | "onsite" | "online" | "walk_in" | "final_deadline" | "verification";

/**
 * A milestone's span: `start` may be open.
 */
export type MilestoneSpan = {
  start: string | null,
  end: string,
};

/**
 * The campaign's timeline as the rules need it; a missing milestone is `None`.
 */
export type MilestoneSpans = {
  payment: MilestoneSpan | null,
  onsite: MilestoneSpan | null,
  online: MilestoneSpan | null,
  walk_in: MilestoneSpan | null,
  final_deadline: MilestoneSpan | null,
  verification: MilestoneSpan | null,
};

export type MilestoneStatus = {
  kind: MilestoneKind,
  label: string,
  start: string | null,
  end: string,
  note: string,
  phase: Phase,
  /**
   * Days from today to the start (0 today, negative once started).
   */
  days_until_start: number,
  /**
   * Days from today to the end date (0 on the last day, negative when past).
   */
  days_left: number,
};

/**
 * A student of the slot who has not checked in yet.
 */
export type MissingStudent = {
  student_no: string,
  name: string,
  class_name: string,
  paid: boolean,
};

/**
 * Where to move a slot.
 */
export type MoveRequest = {
  class_name: string,
  /**
   * Which part of a split class; may be left out for a whole class.
   */
  part: number | null,
  /**
   * Venue name, or "校区/场地" when the name is used at several campuses.
   */
  venue: string,
  date: string,
  start: string,
};

/**
 * What the office gives to start a campaign.
 */
export type NewCampaign = {
  name: string,
  grad_year: number,
  /**
   * `None`: the source campaign's office (without a source, validation asks for one).
   */
  office_name: string | null,
  /**
   * `None`: today.
   */
  notice_date: string | null,
  /**
   * The campaign to carry facts and places over from.
   */
  from: CampaignId | null,
};

/**
 * The template being edited and what the editor offers.
 */
export type NoticeTemplate = {
  text: string,
  is_default: boolean,
  default_text: string,
  placeholders: Array<string>,
};

/**
 * A class taking part online, listed so no class disappears from the plan unsaid.
 */
export type OnlineClass = {
  class_name: string,
  headcount: number,
  reason: string,
};

/**
 * What the 任务概览 page shows.
 */
export type Overview = {
  status: StatusReport,
  check: CheckReport,
  detail: CampaignDetail,
};

/**
 * Where a milestone stands relative to today.
 */
export type Phase = "upcoming" | "active" | "past";

/**
 * A reason or next step in machine-readable form, so the UI can word it in any
 * language: `code` names the sentence (snake_case), `args` fill it (dates as
 * YYYY-MM-DD, milestone and event kinds as their ids). The Chinese text stays in
 * `reason` / `next_step` for the CLI, exports and PDFs.
 */
export type Phrase = {
  code: string,
  args: {
    [key in string]: string
  },
};

/**
 * Which dialog to show.
 */
export type PickMode = "open" | "save";

/**
 * What the planner returns: the schedule and everything it could not do.
 */
export type PlanOutcome = {
  slots: Array<Slot>,
  unplaced: Array<Unplaced>,
  shortfall: Array<Shortfall>,
  online: Array<OnlineClass>,
  /**
   * Things the user should know, e.g. a class split into parts.
   */
  notes: Array<string>,
};

/**
 * Per-campaign planning settings (stored in `plan_settings`).
 */
export type PlanSettings = {
  /**
   * Slot lengths are rounded up to a multiple of this (5 in the reference).
   */
  round_minutes: number,
  /**
   * A class arrives this long before its start (20 in the reference).
   */
  arrival_minutes: number,
};

/**
 * What the UI shows before the user confirms an import.
 */
export type Preview = {
  format: FileFormat,
  encoding: string | null,
  sheet_names: Array<string>,
  sheet: string,
  /**
   * The header row as Excel numbers it.
   */
  header_row: number,
  columns: Array<ColumnMapping>,
  /**
   * Required fields no column maps to (学号, 姓名): the import would refuse.
   */
  missing: Array<RosterField>,
  /**
   * The first data rows, cells in column order.
   */
  rows: Array<SheetRow>,
  /**
   * How many student rows the sheets have below the header (skipped rows not counted).
   */
  data_rows: number,
  /**
   * Every sheet of the file, with its row count and whether it can join the import.
   */
  sheets: Array<SheetSummary>,
  /**
   * What the reading did to the file that the user should know (merged cells filled
   * down, which sheet was used, other sheets with the same header …).
   */
  notes: Array<string>,
  /**
   * Rows under the header that are not students (hint rows, totals, signatures).
   */
  skipped: Array<RowIssue>,
};

/**
 * Which document to print.
 */
export type PrintDocument = "notice" | "schedule" | "sign_in" | "lists";

/**
 * Which list.
 */
export type PrintListKind = "unpaid" | "not_photographed" | "verify_failed" | "unverified";

/**
 * Which slots (or, for the counselor lists, which classes) to print; blank fields do
 * not filter. Lists use `class_name` and `college`; the other documents the rest.
 */
export type PrintScope = {
  campus: string | null,
  date: string | null,
  class_name: string | null,
  college: string | null,
};

/**
 * How far a print job is: `data`, `fonts`, `layout`, `write`.
 */
export type PrintStage = {
  stage: "data" | "fonts" | "layout" | "write",
};

/**
 * A finished PDF (or, for the counselor lists, an .xlsx workbook).
 */
export type Printed = {
  path: string,
  bytes: number,
  /**
   * Pages of the PDF; 0 for a workbook.
   */
  pages: number,
  /**
   * For the counselor lists: how many classes and students are on them.
   */
  lists: ListCount | null,
};

/**
 * Progress of a long import, sent as it goes.
 */
export type Progress = {
  done: number,
  total: number,
};

/**
 * Counts overall and per campus, college and class (each group sorted by name).
 */
export type ProgressCounts = {
  overall: Counts,
  campuses: Array<GroupCounts>,
  colleges: Array<GroupCounts>,
  classes: Array<GroupCounts>,
};

/**
 * A stored event, with the student it belongs to.
 */
export type ProgressEvent = {
  id: EventId,
  student_id: number,
  student_no: StudentNo,
  name: string,
  kind: EventKind,
  date: string,
  source: EventSource,
  note: string,
  recorded_by: string,
  origin: string,
  created_at: string,
  voided_at: string | null,
  void_reason: string,
};

/**
 * The list's filter as a form sends it; blank text does not filter.
 */
export type ProgressFilter = {
  class_name: string | null,
  campus?: string,
  college?: string,
  state: StudentState | null,
};

/**
 * The progress page: counts of everyone eligible, and the students the filter keeps,
 * at risk first, then by next deadline, class and 学号.
 */
export type ProgressReport = {
  today: string,
  settings: ProgressSettings,
  milestones: MilestoneSpans,
  counts: ProgressCounts,
  students: Array<StudentProgress>,
};

/**
 * The campaign's progress settings (stored per campaign, defaults from the notice).
 */
export type ProgressSettings = {
  /**
   * Verification is due this many days after the photo was taken (notice: 40).
   */
  verification_days: number,
  /**
   * At risk this many days before a payment, on-site or online deadline (0: the day).
   */
  warn_days: number,
  /**
   * At risk this many days before the walk-in / final deadline.
   */
  walk_in_warn_days: number,
};

/**
 * The user's choices about how to read the file, as a form sends them.
 */
export type ReadChoice = {
  path: string,
  /**
   * The sheets to read as one roster, in workbook order; empty: the first sheet that
   * holds a header.
   */
  sheets: Array<string>,
  /**
   * Also read every other sheet whose header is the same as the first one's.
   */
  all_sheets: boolean,
  header_row: number | null,
  /**
   * Column header → field id, `extra` or `ignore`.
   */
  overrides: Array<[string, string]>,
};

/**
 * Why the student is where they are, for filtering (the text is in `reason`).
 */
export type ReasonCode = "photographed" | "verification_due" | "verified" | "verification_overdue" | "verify_failed" | "reshot" | "unpaid" | "awaiting_onsite" | "checked_in" | "awaiting_online" | "online_submitted" | "walk_in_needed" | "no_deadline" | "no_photo";

/**
 * How many rows share one reason.
 */
export type ReasonCount = {
  reason: string,
  count: number,
};

/**
 * What recording an event for many students did.
 */
export type RecordReport = {
  kind: EventKind,
  date: string,
  recorded: Array<RecordedEvent>,
  /**
   * Already known (e.g. paid twice): nothing written.
   */
  duplicates: Array<SkippedStudent>,
  /**
   * Contradicts what is known (e.g. photographed on site but approved online).
   */
  conflicts: Array<SkippedStudent>,
};

/**
 * One event written.
 */
export type RecordedEvent = {
  id: EventId,
  student_no: string,
  name: string,
};

/**
 * What the reminder is about.
 */
export type RemindKind = "unpaid" | "not_photographed" | "verify_failed";

/**
 * Which classes to remind; blank fields do not filter.
 */
export type RemindScope = {
  class_name: string | null,
  college: string | null,
  /**
   * Every class of one counselor.
   */
  counselor: string | null,
};

/**
 * One class's reminder.
 */
export type Reminder = {
  class_name: string,
  college: string,
  counselor: string,
  /**
   * How many students it names.
   */
  students: number,
  /**
   * The text to paste, lines separated by `\n`.
   */
  text: string,
};

/**
 * The reminders of one kind as of a day, one per class that has someone to remind, in
 * the counselor lists' class order.
 */
export type Reminders = {
  kind: RemindKind,
  today: string,
  reminders: Array<Reminder>,
};

/**
 * What a restore did.
 */
export type RestoreReport = {
  path: string,
  from: string,
  /**
   * Where the replaced database now is (`None` when there was none).
   */
  kept_old: string | null,
  info: BackupInfo,
  /**
   * The restored copy's new laptop id.
   */
  laptop_id: string,
  /**
   * The automatic backup of the replaced database, when one could be taken.
   */
  auto_backup: string | null,
  /**
   * Why that backup could not be taken (a damaged file is the usual reason to
   * restore); the replaced file is kept in any case, as `kept_old`.
   */
  auto_backup_failed: string | null,
};

/**
 * One student's full ID number and phone, on the user's explicit request.
 */
export type Revealed = {
  id_number: string | null,
  phone: string,
};

/**
 * Head counts of a campaign's roster.
 */
export type RosterCounts = {
  /**
   * Everyone on the roster and not withdrawn.
   */
  total: number,
  eligible: number,
  ineligible: number,
  withdrawn: number,
};

/**
 * A student as the roster shows them: the fields, eligibility, withdrawal, the file's
 * extra columns and the import's warnings.
 */
export type RosterEntry = {
  /**
   * `None` when eligible.
   */
  ineligible_reason: string | null,
  /**
   * When a later import no longer listed the student.
   */
  withdrawn_at: string | null,
  /**
   * Columns of the imported file that map to no field, header → value.
   */
  extra: {
    [key in string]: JsonValue
  },
  warnings: Array<StoredWarning>,
  student_no: StudentNo,
  name: string,
  gender: Gender | null,
  id_number: string | null,
  college: string,
  major: string,
  class_name: string,
  intake_year: number | null,
  duration_years: number | null,
  level: string,
  campus: string,
  site: string,
  enrolment_status: string,
  grad_year: number | null,
  counselor: string,
  phone: string,
};

/**
 * A field of [`crate::roster::Student`] a column can fill.
 */
export type RosterField = "student_no" | "name" | "gender" | "id_number" | "college" | "major" | "class_name" | "intake_year" | "duration_years" | "level" | "campus" | "site" | "enrolment_status" | "grad_year" | "counselor" | "phone";

/**
 * How the student is expected to be photographed, from the schedule.
 */
export type Route = "onsite" | "online";

/**
 * Head counts per route, for the whole campaign, a college or a class.
 */
export type RouteCounts = {
  onsite: number,
  online: number,
  walk_in: number,
  refund: number,
  /**
   * onsite, online and walk-in at the campaign's fees (refunds not included).
   */
  amount: Fen,
};

/**
 * One route of the bill: ours, and the agency's when typed in.
 */
export type RouteLine = {
  route: SettleRoute,
  label: string,
  unit: Fen,
  count: number,
  amount: Fen,
  agency_count: number | null,
  /**
   * The agency's count minus ours, when typed in.
   */
  difference: number | null,
};

/**
 * A problem with one row, named by row (as Excel shows it) and column.
 */
export type RowIssue = {
  /**
   * The sheet, when the import reads several.
   */
  sheet: string | null,
  row: number,
  /**
   * The column's header as the file has it; `None` for a whole-row problem.
   */
  column: string | null,
  /**
   * The column letter ("C").
   */
  letter: string | null,
  reason: string,
};

/**
 * The stored schedule of a campaign: what `rollcall schedule` shows, what the sign-in
 * sheets and the schedule PDF print. Slots sorted by date, campus, venue, start.
 */
export type Schedule = {
  campaign_id: CampaignId,
  settings: PlanSettings,
  slots: Array<Slot>,
};

/**
 * Result of checking a schedule. `ok` when there are no problems.
 */
export type ScheduleCheck = {
  ok: boolean,
  problems: Array<ScheduleProblem>,
};

/**
 * A written schedule file.
 */
export type ScheduleExport = {
  path: string,
  slots: number,
};

/**
 * A problem a schedule check found.
 */
export type ScheduleProblem = {
  /**
   * `overlap`, `outside_window`, `unknown_venue`, `not_placed`, `placed_twice`,
   * `not_eligible`, `headcount_changed`, `date_not_allowed`, `online_class_placed`.
   */
  code: string,
  class_name: string,
  /**
   * The slot concerned, when there is one.
   */
  slot_id: number | null,
  message: string,
};

/**
 * The stored schedule with its checks and capacity: what the 拍摄安排 page shows.
 */
export type ScheduleReport = {
  schedule: Schedule,
  check: ScheduleCheck,
  capacity: Array<CampusCapacity>,
  online: Array<OnlineClass>,
  /**
   * How many changes `schedule undo` can take back.
   */
  undo_depth: number,
};

/**
 * What the schedule page draws: the stored schedule with its checks, and the venues
 * and windows that make the timeline's lanes and shading.
 */
export type ScheduleView = {
  report: ScheduleReport,
  venues: Array<Venue>,
  windows: Array<SessionWindow>,
};

/**
 * A time span at a venue on one day when shooting happens (e.g. a morning).
 */
export type SessionWindow = {
  id: number,
  venue_id: number,
  date: string,
  start: string,
  end: string,
};

/**
 * The campaign's fees per route (a refund gives back the on-site fee).
 */
export type SettleFees = {
  onsite: Fen,
  online: Fen,
  walk_in: Fen,
};

/**
 * Which file to write.
 */
export type SettleFile = "xlsx" | "pdf";

/**
 * A line of the bill.
 */
export type SettleRoute = "onsite" | "online" | "walk_in" | "refund";

/**
 * The settlement as of a day.
 */
export type Settlement = {
  campaign: string,
  agency: string,
  as_of: string,
  fees: SettleFees,
  routes: Array<RouteLine>,
  total: RouteCounts,
  colleges: Array<GroupLine>,
  classes: Array<GroupLine>,
  issues: Array<IssueRow>,
};

/**
 * How bad a finding is: errors are refused on save, warnings are shown.
 */
export type Severity = "error" | "warning";

/**
 * Which sheet to print for a slot.
 */
export type SheetLayout = "sign_in" | "check";

/**
 * One non-blank row: its number as Excel shows it (1-based) and its cells from column A,
 * each trimmed (full-width spaces too); numbers without a needless `.0`, dates ISO.
 */
export type SheetRow = {
  number: number,
  cells: Array<string>,
};

/**
 * One sheet of the workbook as the import sees it.
 */
export type SheetSummary = {
  name: string,
  /**
   * Rows below the header (all non-blank rows when the sheet has no header).
   */
  rows: number,
  /**
   * The sheet's header is the same as the header of the first sheet used.
   */
  same_header: boolean,
  /**
   * The sheet is read in this import.
   */
  used: boolean,
};

/**
 * How much capacity a campus lacks, and what would fix it.
 */
export type Shortfall = {
  campus: string,
  /**
   * Students of the classes that did not fit.
   */
  students: number,
  /**
   * Minutes of window those classes need at the campus's fastest venue.
   */
  minutes: number,
  /**
   * What would fix it, in words: one more station, or N more minutes.
   */
  suggestion: string,
};

/**
 * A student skipped, with why.
 */
export type SkippedStudent = {
  student_no: string,
  name: string,
  reason: string,
};

/**
 * One class (or one part of a split class) at one venue, date and time.
 */
export type Slot = {
  /**
   * Row id once stored; 0 for a slot just planned and not saved.
   */
  id: number,
  campus: string,
  venue_id: number,
  venue: string,
  date: string,
  start: string,
  end: string,
  /**
   * When the class must be there: start − the campaign's arrival minutes.
   */
  arrival: string,
  college: string,
  major: string,
  class_name: string,
  counselor: string,
  headcount: number,
  /**
   * 1-based part of a class split over several slots; 1 of 1 for a whole class.
   */
  part: number,
  parts: number,
  /**
   * Students of the class (sorted by 学号) before this part; part takes the next
   * `headcount`. 0 for a whole class.
   */
  student_offset: number,
  locked: boolean,
};

/**
 * The slot being run, as shown at the desk.
 */
export type SlotInfo = {
  id: number,
  label: string,
  campus: string,
  venue: string,
  date: string,
  start: string,
  end: string,
};

/**
 * Why the window shows a notice instead of the campaign.
 */
export type StartupProblem = {
  "kind": "already_open",
  message: string,
} | {
  "kind": "damaged",
  messages: Array<string>,
  latest_backup: AutoBackup | null,
} | {
  "kind": "open_failed",
  message: string,
};

/**
 * Everything the overview shows.
 */
export type StatusReport = {
  campaign: Campaign,
  today: string,
  students: RosterCounts,
  milestones: Array<MilestoneStatus>,
  /**
   * The first milestone not yet over, if any.
   */
  next_milestone: MilestoneStatus | null,
  campuses: Array<CampusStatus>,
  /**
   * Eligible students by progress state, overall and per campus, college and class.
   */
  counts: ProgressCounts,
};

/**
 * A warning as stored with the student (row numbers change between imports).
 */
export type StoredWarning = {
  column: string,
  reason: string,
};

/**
 * 学号: text, never a number (leading zeros matter).
 */
export type StudentNo = string;

/**
 * One student with their derived status.
 */
export type StudentProgress = {
  student_no: string,
  name: string,
  class_name: string,
  college: string,
  /**
   * The roster's campus, else the off-campus site.
   */
  campus: string,
  counselor: string,
  route: Route,
  state: StudentState,
  code: ReasonCode,
  reason: string,
  next_step: string,
  /**
   * `reason` as a [`Phrase`].
   */
  why: Phrase,
  /**
   * `next_step` as a [`Phrase`].
   */
  next: Phrase,
  next_deadline: Deadline | null,
  /**
   * The day the counting photo was taken (earliest), when there is one.
   */
  photo_date: string | null,
};

export type StudentState = "done" | "pending" | "at_risk" | "excluded";

/**
 * An event from another laptop now in this database (shown as the import's list).
 */
export type SyncAddedEvent = {
  student_no: string,
  name: string,
  kind: string,
  date: string,
  /**
   * The check-in time, for check-ins.
   */
  time: string | null,
  recorded_by: string,
  /**
   * The laptop that recorded it: its id, and its name when one is known.
   */
  laptop_id: string,
  laptop_name: string,
};

/**
 * Rows of each journal table in a file.
 */
export type SyncCounts = {
  events: number,
  voids: number,
  walk_ups: number,
};

/**
 * Two laptops recorded the same thing; the earliest stays, the other is voided.
 */
export type SyncDuplicate = {
  student_no: string,
  name: string,
  kind: string,
  /**
   * "YYYY-MM-DD HH:MM" of the record kept and of the one voided.
   */
  kept: string,
  kept_laptop: string,
  voided: string,
  voided_laptop: string,
};

/**
 * What an export wrote.
 */
export type SyncExportReport = {
  path: string,
  file_id: string,
  /**
   * This export's number in the sync log (what a later `--since` takes).
   */
  export_id: number,
  since: number | null,
  laptop_id: string,
  /**
   * Rows learnt since the last export.
   */
  new: SyncCounts,
  /**
   * Rows in the file (more than `new` with `--since`).
   */
  counts: SyncCounts,
  bytes: number,
};

/**
 * Who this database is, for sync.
 */
export type SyncIdentity = {
  laptop_id: string,
  /**
   * This laptop's name (设置 → 本机名称, else the computer's host name).
   */
  laptop_name: string,
  campaign_uuid: string,
};

/**
 * What an import did.
 */
export type SyncImportReport = {
  path: string,
  file_id: string,
  from_laptop: string,
  /**
   * The name that laptop gave itself (empty from a file of an earlier version).
   */
  from_laptop_name: string,
  campaign_id: CampaignId,
  campaign_name: string,
  exported_at: string,
  /**
   * When the file was imported before: then nothing was changed now.
   */
  already_imported: string | null,
  /**
   * Rows in the file.
   */
  received: SyncCounts,
  merged: MergeReport,
  /**
   * The automatic backup taken just before the merge (`None` when nothing was
   * merged: the file was imported before).
   */
  auto_backup: string | null,
};

/**
 * The sync page: who this laptop is and every file written or read.
 */
export type SyncLog = {
  identity: SyncIdentity,
  entries: Array<SyncLogEntry>,
};

/**
 * A sync log line as shown.
 */
export type SyncLogEntry = {
  id: number,
  direction: string,
  file_id: string,
  laptop_id: string,
  /**
   * The name that laptop goes by here ("" when no file of it carried one).
   */
  laptop_name: string,
  file_name: string,
  at: string,
  counts: SyncCounts,
  summary: JsonValue,
};

/**
 * An event from another laptop for a 学号 this roster lacks: kept in the journal and
 * added by a later import once the roster has the student. (Files are now refused
 * whole when they name a 学号 this roster lacks, [`super::validate`]; this covers rows
 * journaled before that.)
 */
export type SyncNotOnRoster = {
  student_no: string,
  kind: string,
  date: string,
};

/**
 * Expected / present / missing.
 */
export type Tally = {
  expected: number,
  present: number,
  missing: number,
};

export type UiError = {
  message: string,
  /**
   * "user": the user can fix it (their input, or the file or disk); "internal": a
   * fault to report.
   */
  kind: "user" | "internal",
  /**
   * The core's stable code (`campaign.NoCampaign` …); "" for the shell's own errors.
   */
  code: string,
  /**
   * The message's arguments by name, for saying it in English by code.
   */
  args: {
    [key in string]: string
  },
  findings: Array<Finding>,
};

/**
 * A class the planner could not place, and why.
 */
export type Unplaced = {
  class_name: string,
  reason: string,
  campus: string,
  headcount: number,
  /**
   * Set when only one part of a split class is missing.
   */
  part: number,
  parts: number,
};

export type Venue = {
  id: number,
  campus_id: number,
  campus: string,
  name: string,
  stations: number,
  throughput_per_hour: number,
};

/**
 * What the office types for a venue.
 */
export type VenueInput = {
  name: string,
  stations: number,
  throughput_per_hour: number,
};

export type VenueStatus = {
  id: number,
  name: string,
  stations: number,
  throughput_per_hour: number,
  windows: Array<SessionWindow>,
  /**
   * Students the venue can take in all its windows.
   */
  capacity: number,
};

export type WarningCode = "not_in_slot" | "no_slot_that_day" | "not_paid" | "already_checked_in" | "not_in_roster" | "not_eligible" | "withdrawn";

/**
 * What the office types for a window.
 */
export type WindowInput = {
  date: string,
  start: string,
  end: string,
};
