import { describe, expect, it } from 'vitest';
import { defaultCampaignName, suggestGradYear, toNewCampaign } from './newCampaign';
import type { Campaign } from '../../lib/types';

const campaign = (grad_year: number) => ({ id: 1, grad_year }) as Campaign;

describe('new campaign defaults', () => {
  it('suggests this cohort in spring and the next one after graduation', () => {
    expect(suggestGradYear(new Date(2027, 2, 1), null)).toBe(2027);
    expect(suggestGradYear(new Date(2026, 10, 26), null)).toBe(2027);
  });

  it('never suggests a cohort the database already has', () => {
    expect(suggestGradYear(new Date(2026, 10, 26), campaign(2025))).toBe(2027);
    expect(suggestGradYear(new Date(2026, 10, 26), campaign(2027))).toBe(2028);
  });

  it('names the campaign as the notices do', () => {
    expect(defaultCampaignName(2027)).toBe('2027届毕业生电子照片采集');
  });

  it('leaves a blank office to the source campaign', () => {
    const n = toNewCampaign({ name: ' 2027届 ', gradYear: 2027, office: '  ', from: 3 });
    expect(n).toEqual({ name: '2027届', grad_year: 2027, office_name: null, notice_date: null, from: 3 });
    expect(toNewCampaign({ name: 'x', gradYear: 2027, office: '教务部', from: null }).office_name).toBe('教务部');
    expect(toNewCampaign({ name: 'x', gradYear: null, office: '', from: null }).grad_year).toBe(0);
  });
});
