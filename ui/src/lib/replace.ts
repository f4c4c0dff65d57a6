// Before writing to a path the user typed: ask when a file is already there. The native
// save dialog asks about replacing on its own, so a path it just returned is not asked
// about a second time.
import { api } from './api';
import { ask } from './confirm.svelte';
import { t } from './i18n.svelte';

/** Paths the native save dialog returned and no write has used yet. */
const fromDialog = new Set<string>();

/** Notes a path the native save dialog returned: the next write to it asks nothing. */
export function chosenInDialog(path: string) {
  fromDialog.add(path.trim());
}

export interface ReplaceDeps {
  exists: (path: string) => Promise<boolean>;
  ask: (message: string) => Promise<boolean>;
}

const real: ReplaceDeps = { exists: (p) => api.fileExists(p), ask: (m) => ask(m, true) };

/** True when writing to `path` may go ahead: nothing is there, the save dialog already
 * asked, or the user agrees to replace the file. When the check itself fails the write
 * goes ahead and reports its own error. */
export async function confirmReplace(path: string, deps: ReplaceDeps = real): Promise<boolean> {
  const p = path.trim();
  if (!p || fromDialog.delete(p)) return true;
  if (!(await deps.exists(p).catch(() => false))) return true;
  return deps.ask(t('file.confirmReplace', { path: p }));
}
