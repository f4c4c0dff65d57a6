// Which campaign the pages work on (the most recent unless the user picks another).
import { api } from './api';

/**
 * `generation` goes up whenever the user switches campaigns: App.svelte re-mounts the
 * current page on it, so every page loads its data afresh for the chosen campaign.
 */
export const session = $state<{ campaignId: number | null; generation: number }>({ campaignId: null, generation: 0 });

/** The current campaign id, loading the most recent one the first time; null if none. */
export async function currentCampaign(): Promise<number | null> {
  if (session.campaignId === null) {
    const list = await api.listCampaigns();
    session.campaignId = list[0]?.id ?? null;
  }
  return session.campaignId;
}

/** Makes `id` the campaign every page works on, and reloads the page shown. */
export function chooseCampaign(id: number) {
  session.campaignId = id;
  session.generation += 1;
}
