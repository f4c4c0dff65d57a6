// The 拍摄安排 timeline's geometry: lanes per date and venue, and a time axis that
// covers only the day's windows (gaps between them are drawn narrow). Pure, unit-tested.
import type {
  ClassDemand,
  ClassSetting,
  ClassSettingForm,
  ClassSettingsView,
  ScheduleView,
  SessionWindow,
  Slot,
  Venue,
} from './types';

/** "08:30" → 510. */
export function toMin(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** 510 → "08:30". */
export function fromMin(min: number): string {
  const h = Math.floor(min / 60);
  const m = min % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** A stretch of the axis, in minutes of the day. */
export interface Segment {
  start: number;
  end: number;
}

/** Pixels drawn between two segments (e.g. the lunch break). */
export const GAP = 28;

/** Merges the windows and slots of a day into the stretches the axis shows. */
export function segments(spans: { start: string; end: string }[]): Segment[] {
  const sorted = spans
    .map((s) => ({ start: toMin(s.start), end: toMin(s.end) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  const out: Segment[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/** Width of the axis in pixels at `ppm` pixels per minute. */
export function axisWidth(segs: Segment[], ppm: number): number {
  return segs.reduce((w, s) => w + (s.end - s.start) * ppm, 0) + GAP * Math.max(0, segs.length - 1);
}

/** Pixel position of a minute of the day (clamped into the nearest segment). */
export function xOf(segs: Segment[], min: number, ppm: number): number {
  let x = 0;
  for (const s of segs) {
    if (min <= s.end) return x + Math.max(0, min - s.start) * ppm;
    x += (s.end - s.start) * ppm + GAP;
  }
  return Math.max(0, x - GAP);
}

/** The minute of the day at pixel `x`, rounded to `step` minutes; null in a gap. */
export function timeAt(segs: Segment[], x: number, ppm: number, step = 5): number | null {
  let left = 0;
  for (const s of segs) {
    const w = (s.end - s.start) * ppm;
    if (x >= left && x <= left + w) return s.start + Math.round((x - left) / ppm / step) * step;
    left += w + GAP;
  }
  return null;
}

/** Hour marks within the segments, for the axis labels. */
export function ticks(segs: Segment[]): number[] {
  const out: number[] = [];
  for (const s of segs) {
    out.push(s.start);
    for (let m = Math.ceil((s.start + 1) / 60) * 60; m < s.end; m += 60) out.push(m);
  }
  return out;
}

export interface Lane {
  venue: Venue;
  windows: SessionWindow[];
  slots: Slot[];
}

export interface Day {
  date: string;
  segs: Segment[];
  lanes: Lane[];
}

/** One lane per venue per date that has a window or a slot, venues in the campaign's order. */
export function days(view: ScheduleView): Day[] {
  const slots = view.report.schedule.slots;
  const dates = [...new Set([...view.windows.map((w) => w.date), ...slots.map((s) => s.date)])].sort();
  return dates.map((date) => {
    const windows = view.windows.filter((w) => w.date === date);
    const daySlots = slots.filter((s) => s.date === date);
    const lanes = view.venues
      .map((venue) => ({
        venue,
        windows: windows.filter((w) => w.venue_id === venue.id),
        slots: daySlots.filter((s) => s.venue_id === venue.id),
      }))
      .filter((l) => l.windows.length > 0 || l.slots.length > 0);
    return { date, segs: segments([...windows, ...daySlots]), lanes };
  });
}

/** Distinct values in first-seen order (the schedule is sorted by date, campus, venue, start). */
export function distinct<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** Rough width in pixels at the blocks' 11px font: CJK full width, digits about half. */
function textWidth(text: string): number {
  return [...text].reduce((w, c) => w + (c.charCodeAt(0) < 128 ? 6.5 : 11), 0);
}

/** What fits on a block `px` wide: the whole class name, else its start and its
 *  distinguishing end ("计算机…2201班"), else just the end — never only the common start. */
export function blockLabel(name: string, px: number): string {
  const room = px - 6;
  if (textWidth(name) <= room) return name;
  const chars = [...name];
  const tail = chars.slice(-5).join('');
  for (let head = chars.length - 6; head >= 2; head--) {
    const label = `${chars.slice(0, head).join('')}…${tail}`;
    if (textWidth(label) <= room) return label;
  }
  if (textWidth(tail) <= room) return tail;
  return tail.replace(/\D/g, '') || tail;
}

// ---- 班级设置: the class list and its form values ----

/** An eligible class with the settings the user made for it (null: none). */
export interface ClassRow {
  demand: ClassDemand;
  setting: ClassSetting | null;
}

/** How a class's campus is decided: by the roster, a chosen campus, or online. */
export type CampusSource = 'roster' | 'chosen' | 'set_online' | 'unassigned';

/** Every eligible class in the planner's order, each with its stored settings. */
export function classRows(view: ClassSettingsView): ClassRow[] {
  const byName = new Map(view.settings.map((s) => [s.class_name, s]));
  return view.classes.map((demand) => ({ demand, setting: byName.get(demand.class_name) ?? null }));
}

export function campusSource(row: ClassRow): CampusSource {
  if (row.setting?.online) return 'set_online';
  if (row.setting?.campus) return 'chosen';
  return row.demand.campus.kind === 'online' ? 'unassigned' : 'roster';
}

/** The campus the class is shot at, or null when it takes part online. */
export function campusOf(row: ClassRow): string | null {
  return row.demand.campus.kind === 'on_site' ? row.demand.campus.campus : null;
}

/** True when the user changed anything for the class. */
export function hasSettings(row: ClassRow): boolean {
  const s = row.setting;
  return !!s && (s.online || s.campus !== null || s.not_before !== null || s.not_on.length > 0);
}

export type ClassFilter = 'all' | 'set' | 'online';

/** The filter box matches class, college, major and campus; `which` narrows further. */
export function matchesClass(row: ClassRow, query: string, which: ClassFilter): boolean {
  if (which === 'set' && !hasSettings(row)) return false;
  if (which === 'online' && campusOf(row) !== null) return false;
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const d = row.demand;
  return [d.class_name, d.college, d.major, campusOf(row) ?? ''].some((x) => x.toLowerCase().includes(q));
}

/** The campus select's value: "roster", "online" or "at:<campus>". */
export function campusChoice(row: ClassRow): string {
  if (row.setting?.online) return 'online';
  if (row.setting?.campus) return `at:${row.setting.campus}`;
  return 'roster';
}

/** The whole setting the form sends for a campus choice and dates. */
export function classForm(choice: string, notBefore: string, notOn: string[]): ClassSettingForm {
  return {
    campus: choice.startsWith('at:') ? choice.slice(3) : null,
    online: choice === 'online',
    not_before: notBefore || null,
    not_on: [...new Set(notOn)].sort(),
  };
}

/** The dates a class can be limited to: the shooting dates, plus any already stored. */
export function settingDates(windows: SessionWindow[], row: ClassRow | null): string[] {
  const extra = row?.setting ? [...row.setting.not_on, ...(row.setting.not_before ? [row.setting.not_before] : [])] : [];
  return [...new Set([...windows.map((w) => w.date), ...extra])].sort();
}
