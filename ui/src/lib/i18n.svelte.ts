// UI language: Chinese by default, English switchable in 设置. Strings live in zh.ts / en.ts.
import { zh } from './i18n/zh';
import { en } from './i18n/en';

export type Lang = 'zh' | 'en';
export type Params = Record<string, string | number>;
export type Entry = string | ((p: Params) => string);
export type Dict = Record<string, Entry>;

const dicts: Record<Lang, Dict> = { zh, en };
const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('rollcall.lang') : null;

export const lang = $state<{ current: Lang }>({ current: stored === 'en' ? 'en' : 'zh' });

export function setLang(l: Lang) {
  lang.current = l;
  if (typeof localStorage !== 'undefined') localStorage.setItem('rollcall.lang', l);
}

/** Looks a key up in the current language, filling `{name}` placeholders. */
export function translate(l: Lang, key: string, params: Params = {}): string {
  const entry = dicts[l][key] ?? zh[key];
  if (entry === undefined) return key;
  if (typeof entry === 'function') return entry(params);
  return entry.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}

export function t(key: string, params: Params = {}): string {
  return translate(lang.current, key, params);
}

export const dictionaries = dicts;
