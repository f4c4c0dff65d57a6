import { describe, expect, it } from 'vitest';
import { containsPath, hintKey, messageOf } from './errors';
import type { UiError } from './types';

describe('desktop hints by the core error code', () => {
  it('finds a hint wherever the code wraps the variant', () => {
    expect(hintKey('roster.import.Closed.CampaignClosed')).toBe('hint.reopen');
    expect(hintKey('plan.Campaign.NoCampaign')).toBe('hint.newCampaign');
    expect(hintKey('store.Busy')).toBe('hint.busy');
    expect(hintKey('sync.Forged')).toBe('hint.syncFromBackup');
  });
  it('gives none for other codes or the shell’s own errors', () => {
    expect(hintKey('progress.NotFound')).toBeNull();
    expect(hintKey('')).toBeNull();
    expect(hintKey(undefined)).toBeNull();
  });
  it('matches whole segments in a row', () => {
    expect(containsPath('a.Busy', 'store.Busy')).toBe(false);
    expect(containsPath('x.store.Busy', 'store.Busy')).toBe(true);
    expect(containsPath('NoCampaignX', 'NoCampaign')).toBe(false);
  });
});

describe('core errors in English by code', () => {
  const err = (code: string, args: Record<string, string> = {}): UiError => ({
    message: '这次导入会把 30 名学生标记为已退出。',
    kind: 'user',
    code,
    args,
    findings: [],
  });
  it('fills the English sentence from the arguments', () => {
    const e = err('roster.import.TooManyWithdrawals', { count: '30', percent: '25', classes: '会计1班 12 人' });
    const text = messageOf(e, 'en');
    expect(text).toContain('30 students (25 %)');
    expect(text).toContain('会计1班 12 人');
    expect(text).not.toContain('{');
  });
  it('keeps the core message in Chinese, and for codes it has no sentence for', () => {
    const e = err('roster.import.TooManyWithdrawals', { count: '30', percent: '25', classes: '' });
    expect(messageOf(e, 'zh')).toBe(e.message);
    expect(messageOf(err('progress.NotFound'), 'en')).toBe(e.message);
    expect(messageOf(err(''), 'en')).toBe(e.message);
  });
});
