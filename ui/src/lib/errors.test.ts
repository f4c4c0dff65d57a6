import { describe, expect, it } from 'vitest';
import { containsPath, hintKey } from './errors';

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
