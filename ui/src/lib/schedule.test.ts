import { describe, expect, it } from 'vitest';
import {
  GAP,
  axisWidth,
  blockLabel,
  campusChoice,
  campusSource,
  classForm,
  classRows,
  fromMin,
  matchesClass,
  segments,
  settingDates,
  ticks,
  timeAt,
  toMin,
  xOf,
} from './schedule';
import type { ClassDemand, ClassSettingsView, SessionWindow } from './types';

describe('timeline axis', () => {
  const segs = segments([
    { start: '14:00', end: '17:00' },
    { start: '08:30', end: '11:30' },
    { start: '09:00', end: '10:00' },
  ]);

  it('merges windows into the day’s stretches', () => {
    expect(segs).toEqual([
      { start: toMin('08:30'), end: toMin('11:30') },
      { start: toMin('14:00'), end: toMin('17:00') },
    ]);
    expect(axisWidth(segs, 2)).toBe(180 * 2 * 2 + GAP);
  });

  it('maps times to pixels and back, skipping the gap', () => {
    expect(xOf(segs, toMin('08:30'), 2)).toBe(0);
    expect(xOf(segs, toMin('14:00'), 2)).toBe(360 + GAP);
    expect(fromMin(timeAt(segs, 360 + GAP + 61, 2)!)).toBe('14:30');
    expect(timeAt(segs, 360 + GAP / 2, 2)).toBeNull();
    expect(ticks(segs).map(fromMin)).toEqual(['08:30', '09:00', '10:00', '11:00', '14:00', '15:00', '16:00']);
  });
});

describe('block labels', () => {
  it('keep the part that tells classes apart', () => {
    expect(blockLabel('护理2201班', 200)).toBe('护理2201班');
    expect(blockLabel('计算机网络技术2201班', 110)).toBe('计算机网络…2201班');
    expect(blockLabel('计算机网络技术2201班', 60)).toBe('2201班');
    expect(blockLabel('计算机网络技术2201班', 40)).toBe('2201');
  });
});

describe('class settings', () => {
  const demand = (class_name: string, college: string, campus: ClassDemand['campus']): ClassDemand => ({
    class_name,
    college,
    major: '',
    counselor: '',
    headcount: 40,
    campus,
    not_before: null,
    not_on: [],
  });
  const view: ClassSettingsView = {
    classes: [
      demand('护理2201班', '护理学院', { kind: 'on_site', campus: '高明' }),
      demand('模具2201班', '机电学院', { kind: 'online', reason: '校外教学点' }),
      demand('模具2301班', '机电学院', { kind: 'on_site', campus: '南海' }),
      demand('会计2201班', '经管学院', { kind: 'online', reason: '已设为线上采集' }),
    ],
    settings: [
      { class_name: '模具2301班', campus: '南海', online: false, not_before: '2025-04-29', not_on: [] },
      { class_name: '会计2201班', campus: null, online: true, not_before: null, not_on: ['2025-05-02'] },
    ],
    campuses: ['高明', '南海'],
    plan_settings: { round_minutes: 5, arrival_minutes: 20 },
  };
  const rows = classRows(view);

  it('joins each class with its settings and says where its campus comes from', () => {
    expect(rows.map(campusSource)).toEqual(['roster', 'unassigned', 'chosen', 'set_online']);
    expect(rows.map(campusChoice)).toEqual(['roster', 'roster', 'at:南海', 'online']);
  });

  it('filters by text and by kind', () => {
    expect(rows.filter((r) => matchesClass(r, '机电', 'all')).length).toBe(2);
    expect(rows.filter((r) => matchesClass(r, '南海', 'all')).map((r) => r.demand.class_name)).toEqual(['模具2301班']);
    expect(rows.filter((r) => matchesClass(r, '', 'set')).length).toBe(2);
    expect(rows.filter((r) => matchesClass(r, '', 'online')).map((r) => r.demand.class_name)).toEqual(['模具2201班', '会计2201班']);
  });

  it('turns the form into the whole setting to store', () => {
    expect(classForm('at:高明', '', [])).toEqual({ campus: '高明', online: false, not_before: null, not_on: [] });
    expect(classForm('online', '2025-04-29', ['2025-04-30', '2025-04-28', '2025-04-30'])).toEqual({
      campus: null,
      online: true,
      not_before: '2025-04-29',
      not_on: ['2025-04-28', '2025-04-30'],
    });
    expect(classForm('roster', '', [])).toEqual({ campus: null, online: false, not_before: null, not_on: [] });
  });

  it('offers the shooting dates and keeps dates already stored', () => {
    const w = (date: string) => ({ date }) as SessionWindow;
    expect(settingDates([w('2025-04-30'), w('2025-04-28'), w('2025-04-30')], null)).toEqual(['2025-04-28', '2025-04-30']);
    expect(settingDates([w('2025-04-28')], rows[3])).toEqual(['2025-04-28', '2025-05-02']);
  });
});
