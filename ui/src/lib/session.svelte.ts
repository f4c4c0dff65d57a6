// Which campaign the pages work on (the most recent unless the user picks another).
import { api } from './api';

export const session = $state<{ campaignId: number | null }>({ campaignId: null });

/** The current campaign id, loading the most recent one the first time; null if none. */
export async function currentCampaign(): Promise<number | null> {
  if (session.campaignId === null) {
    const list = await api.listCampaigns();
    session.campaignId = list[0]?.id ?? null;
  }
  return session.campaignId;
}
