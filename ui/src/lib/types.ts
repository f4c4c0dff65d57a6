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
