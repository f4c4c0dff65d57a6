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
}

export interface RowIssue {
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
}

export interface ReadChoice {
  path: string;
  sheet: string | null;
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
