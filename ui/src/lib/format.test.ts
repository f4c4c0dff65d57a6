import { describe, expect, it } from 'vitest';
import { parseDate, parseYuan, yuan, daysPhrase, span } from './format';
import { dictionaries, setLang, translate } from './i18n.svelte';
import type { MilestoneStatus } from './types';

describe('money', () => {
  it('round-trips fen and yuan', () => {
    expect(yuan(1350)).toBe('13.5');
    expect(parseYuan('13.5')).toBe(1350);
    expect(parseYuan('60')).toBe(6000);
    expect(parseYuan('0.05')).toBe(5);
    expect(parseYuan('-1')).toBeNull();
    expect(parseYuan('13.555')).toBeNull();
    expect(parseYuan('abc')).toBeNull();
  });
});

const m = (o: Partial<MilestoneStatus>): MilestoneStatus => ({
  kind: 'payment', start: '2025-04-10', end: '2025-04-27', note: '', label: '', phase: 'active',
  days_until_start: -10, days_left: 7, ...o,
});

describe('days left', () => {
  it('says what a person wants to know', () => {
    setLang('zh');
    expect(daysPhrase(m({}))).toBe('进行中，还剩 7 天');
    expect(daysPhrase(m({ days_left: 0 }))).toBe('今天是最后一天');
    expect(daysPhrase(m({ phase: 'upcoming', days_until_start: 8 }))).toBe('8 天后开始');
    expect(daysPhrase(m({ phase: 'past', days_left: -3 }))).toBe('已结束 3 天');
    expect(daysPhrase(m({ phase: 'upcoming', start: null, days_left: 163 }))).toBe('还有 163 天');
    expect(span(m({ start: '2025-04-28', end: '2025-04-30' }))).toBe('2025年4月28日 – 2025年4月30日');
    setLang('en');
    expect(span(m({ start: null, end: '2025-09-30' }))).toBe('Sep 30, 2025');
    setLang('zh');
  });
});

describe('dictionaries', () => {
  it('English translates every Chinese key and vice versa', () => {
    const zh = Object.keys(dictionaries.zh).sort();
    const en = Object.keys(dictionaries.en).sort();
    expect(en).toEqual(zh);
  });
  it('fills placeholders', () => {
    expect(translate('zh', 'common.confirmDelete', { what: '6210' })).toContain('「6210」');
  });
});

describe('parseDate', () => {
  it('reads the ways the office writes a date and gives YYYY-MM-DD', () => {
    for (const s of ['2025-04-20', '2025-4-20', '2025/4/20', '2025.04.20', '2025年4月20日', '20250420', ' 2025-04-20 ']) {
      expect(parseDate(s), s).toBe('2025-04-20');
    }
  });
  it('refuses what is not a real date', () => {
    for (const s of ['04/20/2025', '2025-02-30', '2025-13-01', '', 'abc', '2025420']) {
      expect(parseDate(s), s).toBeNull();
    }
  });
});
