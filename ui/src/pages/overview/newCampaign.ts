// Defaults for the 新建采集任务 form: which cohort comes next and what the campaign is called.
import type { Campaign, NewCampaign } from '../../lib/types';

/**
 * The cohort to start: this year's until the summer's graduation, the next one after it;
 * never older than the newest campaign already in the database plus one.
 */
export function suggestGradYear(today: Date, newest: Campaign | null): number {
  const byDate = today.getFullYear() + (today.getMonth() >= 6 ? 1 : 0);
  return newest ? Math.max(byDate, newest.grad_year + 1) : byDate;
}

/** The name the office uses in its notices (data, so Chinese in either UI language). */
export function defaultCampaignName(year: number): string {
  return `${year}届毕业生电子照片采集`;
}

export interface NewCampaignForm {
  name: string;
  /** Null while the field is empty. */
  gradYear: number | null;
  office: string;
  /** Carry over from this campaign (null: start blank). */
  from: number | null;
}

/** What the command gets: blanks left for the core to fill from the source or refuse. */
export function toNewCampaign(form: NewCampaignForm): NewCampaign {
  const office = form.office.trim();
  return {
    name: form.name.trim(),
    // An empty year goes to the core as 0, which it refuses with a message.
    grad_year: form.gradYear ?? 0,
    office_name: office === '' ? null : office,
    notice_date: null,
    from: form.from,
  };
}
