// The core words a student's reason and next step in Chinese (the CLI, exports and
// PDFs use that text). It also sends them as a code with args; in English the UI words
// them from `progress.why.<code>` / `progress.next.<code>`.
import { lang, translate, type Lang, type Params } from './i18n.svelte';
import type { Deadline, Phrase, StudentProgress } from './types';

export function phraseText(kind: 'why' | 'next', zhText: string, p: Phrase | undefined, l: Lang = lang.current): string {
  if (l === 'zh' || !p) return zhText;
  const args: Params = { ...p.args };
  if (p.args.milestone) args.milestone = translate(l, `milestone.${p.args.milestone}`);
  if (p.args.method) args.method = translate(l, `event.${p.args.method}`);
  if (p.args.failed) args.failed = translate(l, `event.${p.args.failed}`);
  return translate(l, `progress.${kind}.${p.code}`, args);
}

export const whyText = (s: StudentProgress, l: Lang = lang.current) => phraseText('why', s.reason, s.why, l);
export const nextText = (s: StudentProgress, l: Lang = lang.current) => phraseText('next', s.next_step, s.next, l);

/** The deadline's name: the core's Chinese label, or the milestone's name in English. */
export const deadlineLabel = (d: Deadline, l: Lang = lang.current) =>
  l === 'zh' ? d.label : translate(l, `milestone.${d.kind}`);
