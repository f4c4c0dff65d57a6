// Mirrors of the core's serde types (field names as in Rust). Keep in step with
// src/campaign/model.rs, src/campaign/check.rs and src/status.rs.

export type MilestoneKind = 'payment' | 'onsite' | 'online' | 'walk_in' | 'final_deadline' | 'verification';

export interface CampaignFacts {
  name: string;
  grad_year: number;
  office_name: string;
  notice_date: string;
  school_code: string;
  region_code: string;
  batch_code: string;
  /** Fees in fen (1 元 = 100). */
  fee_onsite: number;
  fee_online: number;
  fee_walk_in: number;
  agency_name: string;
  agency_address: string;
  agency_phone: string;
  office_contact: string;
}

export interface Campaign extends CampaignFacts {
  id: number;
  created_at: string;
}

/** What the office gives to start a campaign; omitted fields come from `from` (or today). */
export interface NewCampaign {
  name: string;
  grad_year: number;
  office_name: string | null;
  notice_date: string | null;
  /** Campaign whose office, agency, contacts, fees, campuses and venues are carried over. */
  from: number | null;
}

export interface CreatedCampaign {
  id: number;
  copied_from: number | null;
  campuses: number;
  venues: number;
}

export interface Campus {
  id: number;
  name: string;
}

export interface Venue {
  id: number;
  campus_id: number;
  campus: string;
  name: string;
  stations: number;
  throughput_per_hour: number;
}

export interface VenueInput {
  name: string;
  stations: number;
  throughput_per_hour: number;
}

export interface SessionWindow {
  id: number;
  venue_id: number;
  date: string;
  start: string;
  end: string;
}

export interface WindowInput {
  date: string;
  start: string;
  end: string;
}

export interface Milestone {
  kind: MilestoneKind;
  start: string | null;
  end: string;
  note: string;
}

export interface Finding {
  severity: 'error' | 'warning';
  code: string;
  subject: string;
  message: string;
}

export interface CheckReport {
  errors: Finding[];
  warnings: Finding[];
}

export type Phase = 'upcoming' | 'active' | 'past';

export interface MilestoneStatus extends Milestone {
  label: string;
  phase: Phase;
  days_until_start: number;
  days_left: number;
}

export interface VenueStatus {
  id: number;
  name: string;
  stations: number;
  throughput_per_hour: number;
  windows: SessionWindow[];
  capacity: number;
}

export interface CampusStatus {
  id: number;
  name: string;
  venues: VenueStatus[];
  capacity: number;
  students: number;
}

export interface RosterCounts {
  total: number;
  eligible: number;
  ineligible: number;
  withdrawn: number;
}

export interface StatusReport {
  campaign: Campaign;
  today: string;
  students: RosterCounts;
  milestones: MilestoneStatus[];
  next_milestone: MilestoneStatus | null;
  campuses: CampusStatus[];
  /** Progress counts as of today (src/progress). */
  counts: ProgressCounts;
}

export interface CampaignDetail {
  campaign: Campaign;
  campuses: Campus[];
  venues: Venue[];
  windows: SessionWindow[];
  milestones: Milestone[];
}

export interface Overview {
  status: StatusReport;
  check: CheckReport;
  detail: CampaignDetail;
}

export interface AppInfo {
  db_path: string;
  version: string;
  today: string;
  /** Where save fields start: the user's documents folder. */
  documents_dir: string;
  /** Set when the window shows a notice instead of the campaign. */
  startup: StartupProblem | null;
}

/** What the window found at start (src-tauri/src/state.rs). */
export type StartupProblem =
  | { kind: 'already_open'; message: string }
  | { kind: 'damaged'; messages: string[]; latest_backup: AutoBackup | null }
  | { kind: 'open_failed'; message: string };

/** One automatic backup (src/backup/auto.rs). */
export interface AutoBackup {
  path: string;
  file_name: string;
  reason: 'reimport' | 'restore' | 'close' | 'sync_import' | 'daily';
  reason_label: string;
  taken_at: string;
  bytes: number;
}

export interface AutoBackups {
  folder: string;
  keep: number;
  backups: AutoBackup[];
}

/** What a failed command returns. */
export interface UiError {
  message: string;
  kind: 'user' | 'internal';
  findings: Finding[];
}

// Roster (src/roster, src/tabular).
export interface FieldInfo {
  id: string;
  label: string;
}

export type Target = { kind: 'field'; field: string } | { kind: 'extra' } | { kind: 'ignore' };

export interface ColumnMapping {
  index: number;
  letter: string;
  header: string;
  target: Target;
  source: 'detected' | 'remembered' | 'override';
}

export interface SheetRow {
  number: number;
  cells: string[];
}

export interface Preview {
  format: string;
  encoding: string | null;
  sheet_names: string[];
  sheet: string;
  header_row: number;
  columns: ColumnMapping[];
  missing: string[];
  rows: SheetRow[];
  data_rows: number;
  /** Every sheet of the file, with its row count and whether it can join the import. */
  sheets: SheetSummary[];
  /** What reading did that the user should know (merged cells filled down, sheet used …). */
  notes: string[];
  /** Rows under the header that are not students (hint rows, 合计, 制表人). */
  skipped: RowIssue[];
}

/** One sheet of the workbook as the roster import sees it. */
export interface SheetSummary {
  name: string;
  /** Rows below the header (all non-blank rows when the sheet has no header). */
  rows: number;
  /** Its header is the same as the first used sheet's: it can be imported with it. */
  same_header: boolean;
  /** Read in this import. */
  used: boolean;
}

/** How many withdrawn students one class has. */
export interface ClassCount {
  class_name: string;
  count: number;
}

/** How many rows share one reason. */
export interface ReasonCount {
  reason: string;
  count: number;
}

export interface RowIssue {
  /** The sheet, when the import reads several. */
  sheet: string | null;
  row: number;
  column: string | null;
  letter: string | null;
  reason: string;
}

export interface ImportReport {
  file: string;
  sheet: string;
  header_row: number;
  dry_run: boolean;
  read: number;
  added: number;
  updated: number;
  unchanged: number;
  withdrawn: number;
  ineligible: number;
  rejected: RowIssue[];
  warnings: RowIssue[];
  columns: ColumnMapping[];
  /** The automatic backup taken before students were withdrawn. */
  auto_backup: string | null;
  /** The sheets read, in order. */
  sheets: string[];
  notes: string[];
  /** Rows that are not students, neither imported nor rejected. */
  skipped: RowIssue[];
  /** Rows hidden in Excel: imported like the others. */
  hidden: RowIssue[];
  /** Withdrawn students per class, largest first. */
  withdrawn_by_class: ClassCount[];
  /** More than 20 % of the roster would be withdrawn: the import needs `allow_withdraw`. */
  needs_confirmation: boolean;
  /** The most common reasons students are not eligible (at most five). */
  ineligible_reasons: ReasonCount[];
}

export interface ReadChoice {
  path: string;
  /** Sheets to read as one roster, in workbook order; empty: the first sheet with a header. */
  sheets: string[];
  /** Also read every other sheet whose header is the same as the first one's. */
  all_sheets: boolean;
  header_row: number | null;
  overrides: [string, string][];
}

export interface RosterEntry {
  student_no: string;
  name: string;
  gender: '男' | '女' | null;
  id_number: string | null;
  college: string;
  major: string;
  class_name: string;
  intake_year: number | null;
  duration_years: number | null;
  level: string;
  campus: string;
  site: string;
  enrolment_status: string;
  grad_year: number | null;
  counselor: string;
  phone: string;
  ineligible_reason: string | null;
  withdrawn_at: string | null;
  extra: Record<string, unknown>;
  warnings: { column: string; reason: string }[];
}

export interface Progress {
  done: number;
  total: number;
}

// Sync and backup (src/sync, src/backup).
export interface SyncCounts {
  events: number;
  voids: number;
  walk_ups: number;
}

export interface SyncLogEntry {
  id: number;
  direction: string;
  file_id: string;
  laptop_id: string;
  file_name: string;
  at: string;
  counts: SyncCounts;
}

export interface SyncLog {
  identity: { laptop_id: string; campaign_uuid: string };
  entries: SyncLogEntry[];
}

export interface SyncExportReport {
  path: string;
  export_id: number;
  new: SyncCounts;
  counts: SyncCounts;
  bytes: number;
}

export interface SyncDuplicate {
  student_no: string;
  name: string;
  kind: string;
  kept: string;
  kept_laptop: string;
  voided: string;
  voided_laptop: string;
}

export interface SyncImportReport {
  path: string;
  from_laptop: string;
  campaign_name: string;
  exported_at: string;
  already_imported: string | null;
  received: SyncCounts;
  merged: {
    events_added: number;
    /** The events added, as recorded on the other laptop. */
    added: { student_no: string; name: string; kind: EventKind; date: string; time: string | null; recorded_by: string }[];
    voids_applied: number;
    walk_ups_added: number;
    duplicates: SyncDuplicate[];
    not_on_roster: { student_no: string }[];
  };
}

export interface BackupReport {
  path: string;
  bytes: number;
  schema_version: number;
}

export interface RestoreReport {
  path: string;
  from: string;
  kept_old: string | null;
  info: { schema_version: number; campaigns: string[] };
}

// Progress (src/progress).
export type EventKind =
  | 'paid' | 'checked_in' | 'photographed' | 'online_submitted' | 'online_approved'
  | 'walk_in_done' | 'refund' | 'verified';
export const EVENT_KINDS: EventKind[] = [
  'paid', 'checked_in', 'photographed', 'online_submitted', 'online_approved', 'walk_in_done', 'refund', 'verified',
];
/** The kinds an agency list can carry. */
export const IMPORT_KINDS: EventKind[] = ['paid', 'photographed', 'online_approved', 'walk_in_done'];
export type StudentState = 'done' | 'pending' | 'at_risk' | 'excluded';

export interface Counts {
  eligible: number;
  done: number;
  pending: number;
  at_risk: number;
  excluded: number;
}

export interface GroupCounts extends Counts {
  name: string;
}

export interface ProgressCounts {
  overall: Counts;
  campuses: GroupCounts[];
  colleges: GroupCounts[];
  classes: GroupCounts[];
}

/** A core sentence in machine-readable form: dates YYYY-MM-DD, `milestone` a milestone
 * kind, `method` an event kind. */
export interface Phrase {
  code: string;
  args: Record<string, string>;
}

export interface Deadline {
  kind: MilestoneKind;
  label: string;
  date: string;
  days_left: number;
}

export interface StudentProgress {
  student_no: string;
  name: string;
  class_name: string;
  college: string;
  campus: string;
  counselor: string;
  route: 'onsite' | 'online';
  state: StudentState;
  code: string;
  reason: string;
  next_step: string;
  /** `reason` / `next_step` as a code + args, to word them in English. */
  why: Phrase;
  next: Phrase;
  next_deadline: Deadline | null;
  photo_date: string | null;
}

export interface ProgressReport {
  today: string;
  counts: ProgressCounts;
  students: StudentProgress[];
}

export interface ProgressEvent {
  id: number;
  student_no: string;
  name: string;
  kind: EventKind;
  date: string;
  source: 'typed' | 'check_in' | 'agency_import' | 'sync';
  note: string;
  recorded_by: string;
  origin: string;
  created_at: string;
  voided_at: string | null;
  void_reason: string;
}

export interface EventInput {
  kind: EventKind;
  date: string | null;
  note: string;
  recorded_by: string;
}

export interface SkippedStudent {
  student_no: string;
  name: string;
  reason: string;
}

export interface RecordReport {
  kind: EventKind;
  date: string;
  recorded: { id: number; student_no: string; name: string }[];
  duplicates: SkippedStudent[];
  conflicts: SkippedStudent[];
}

export interface AgencyRowNote {
  row: number;
  student_no: string;
  name: string;
  class_name: string;
  id_number: string;
  reason: string;
}

/** A row of an agency list that records an event (`matched`) or a refund (`refunds`). */
export interface AgencyMatchedRow {
  row: number;
  student_no: string;
  name: string;
  class_name: string;
  date: string;
  matched_by: string;
  /** The row's status cells joined with 、 ('' without a status column). */
  status: string;
}

/** Mirrors `rollcall::progress::reconcile::ImportReport`: every data row is in exactly one
 * list from `matched` to `conflicts`; `hidden` names rows hidden in Excel again. */
export interface AgencyImportReport {
  kind: EventKind;
  file: string;
  sheet: string;
  header_row: number;
  status_columns: string[];
  dry_run: boolean;
  rows: number;
  recorded: number;
  matched: AgencyMatchedRow[];
  refunds: AgencyMatchedRow[];
  duplicates: AgencyRowNote[];
  not_done: AgencyRowNote[];
  unknown_status: AgencyRowNote[];
  unmatched: AgencyRowNote[];
  ambiguous: {
    row: number;
    name: string;
    class_name: string;
    candidates: { student_no: string; name: string; class_name: string }[];
    reason: string;
  }[];
  conflicts: AgencyRowNote[];
  hidden: number[];
}

// Export (src/export).
export type ListKind = 'final' | 'excluded';
export type Encoding = 'utf8' | 'gbk';

export interface ExportSummary {
  roster: number;
  eligible: number;
  /** `final` in Rust JSON (serde rename). */
  final: number;
  excluded: number;
  withdrawn: number;
  ineligible: number;
}

export interface ExportColumn {
  column: string;
  header: string;
}

export interface Closing {
  id: number;
  closed_at: string;
  as_of: string;
  summary: ExportSummary;
  reopened_at: string | null;
}

export interface ExportPreview {
  list: ListKind;
  list_label: string;
  as_of: string;
  summary: ExportSummary;
  total: number;
  columns: ExportColumn[];
  available: ExportColumn[];
  rows: string[][];
  closed: Closing | null;
}

export interface ExportLogEntry {
  id: number;
  list: ListKind;
  list_label: string;
  format: string;
  encoding: string;
  as_of: string;
  rows: number;
  file_name: string;
  columns: string[];
  has_id_numbers: boolean;
  frozen: boolean;
  created_at: string;
}

export interface ExportOutcome {
  path: string;
  format: 'xlsx' | 'csv';
  encoding: Encoding | null;
  summary: ExportSummary;
  entry: ExportLogEntry;
}

export interface ClosePreview {
  as_of: string;
  summary: ExportSummary;
  final_deadline: string | null;
  early: boolean;
  closed: Closing | null;
}

// Check-in (src/check_in).
export interface SlotInfo {
  id: number;
  label: string;
  campus: string;
  venue: string;
  date: string;
  start: string;
  end: string;
}

export interface DeskSlot extends SlotInfo {
  headcount: number;
}

export interface DeskSlots {
  today: string;
  slots: DeskSlot[];
  current: number | null;
}

export interface Tally {
  expected: number;
  present: number;
  missing: number;
}

export interface DeskStatus {
  date: string;
  slot: SlotInfo | null;
  slot_counts: Tally | null;
  day_counts: Tally;
  missing: { student_no: string; name: string; class_name: string; paid: boolean }[];
}

export interface FoundStudent {
  student_no: string;
  name: string;
  class_name: string;
  paid: boolean;
}

export type WarningCode =
  | 'not_in_slot' | 'no_slot_that_day' | 'not_paid' | 'already_checked_in' | 'not_in_roster' | 'not_eligible' | 'withdrawn';

export interface CheckInLine {
  student_no: string;
  name: string | null;
  class_name: string | null;
  paid: boolean;
  outcome: 'checked_in' | 'already_checked_in' | 'walk_up' | 'walk_up_again';
  event_id: number | null;
  slot_id: number | null;
  warnings: { code: WarningCode; message: string }[];
}

export interface CheckInReport {
  date: string;
  time: string;
  slot: SlotInfo | null;
  lines: CheckInLine[];
  slot_counts: Tally | null;
  day_counts: Tally;
}

// 拍摄安排 (src/plan/model.rs, src-tauri/src/commands/schedule.rs).
export interface PlanSettings {
  round_minutes: number;
  arrival_minutes: number;
}

export interface Slot {
  id: number;
  campus: string;
  venue_id: number;
  venue: string;
  date: string;
  start: string;
  end: string;
  arrival: string;
  college: string;
  major: string;
  class_name: string;
  counselor: string;
  headcount: number;
  part: number;
  parts: number;
  student_offset: number;
  locked: boolean;
}

export interface Schedule {
  campaign_id: number;
  settings: PlanSettings;
  slots: Slot[];
}

export interface Unplaced {
  class_name: string;
  reason: string;
  campus: string;
  headcount: number;
  part: number;
  parts: number;
}

export interface OnlineClass {
  class_name: string;
  headcount: number;
  reason: string;
}

export interface Shortfall {
  campus: string;
  students: number;
  minutes: number;
  suggestion: string;
}

export interface PlanOutcome {
  slots: Slot[];
  unplaced: Unplaced[];
  shortfall: Shortfall[];
  online: OnlineClass[];
  notes: string[];
}

export interface Problem {
  code: string;
  class_name: string;
  slot_id: number | null;
  message: string;
}

export interface ScheduleCheck {
  ok: boolean;
  problems: Problem[];
}

export interface CampusCapacity {
  campus: string;
  available_minutes: number;
  used_minutes: number;
  capacity_students: number;
  placed_students: number;
  demand_students: number;
}

export interface ScheduleReport {
  schedule: Schedule;
  check: ScheduleCheck;
  capacity: CampusCapacity[];
  online: OnlineClass[];
  undo_depth: number;
}

export interface ScheduleView {
  report: ScheduleReport;
  venues: Venue[];
  windows: SessionWindow[];
}

export interface MoveRequest {
  class_name: string;
  part: number | null;
  venue: string;
  date: string;
  start: string;
}

export interface ScheduleExport {
  path: string;
  slots: number;
}

/** Where a class is shot (plan::ClassCampus). */
export type ClassCampus = { kind: 'on_site'; campus: string } | { kind: 'online'; reason: string };

/** One eligible class as the planner sees it (plan::ClassDemand). */
export interface ClassDemand {
  class_name: string;
  college: string;
  major: string;
  counselor: string;
  headcount: number;
  campus: ClassCampus;
  not_before: string | null;
  not_on: string[];
}

/** The user's settings for one class (plan::ClassSetting). */
export interface ClassSetting {
  class_name: string;
  /** Campus chosen instead of the roster's. */
  campus: string | null;
  online: boolean;
  not_before: string | null;
  not_on: string[];
}

/** A class's settings as the form sends them: the whole state (ClassSettingForm). */
export interface ClassSettingForm {
  campus: string | null;
  online: boolean;
  not_before: string | null;
  not_on: string[];
}

export interface ClassSettingsView {
  classes: ClassDemand[];
  settings: ClassSetting[];
  campuses: string[];
  plan_settings: PlanSettings;
}

// 打印 (src/print, src-tauri/src/commands/print.rs).
export type PrintDocument = 'notice' | 'schedule' | 'sign_in' | 'lists';
export type PrintStageName = 'data' | 'fonts' | 'layout' | 'write';

/** Which counselor list (print::lists::ListKind in Rust). */
export type PrintListKind = 'unpaid' | 'not_photographed';

/** Slots to print; the counselor lists use class_name and college only. */
export interface PrintScope {
  campus: string | null;
  date: string | null;
  class_name: string | null;
  college?: string | null;
}

export interface Printed {
  path: string;
  bytes: number;
  pages: number;
}

export interface NoticeTemplate {
  text: string;
  default_text: string;
  placeholders: string[];
}

export interface FontInfo {
  chosen: string | null;
  found: string[];
  error: string | null;
}
