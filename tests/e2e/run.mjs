// The office user's journey through the real window. Each file in steps/ is one page's
// part of it, run in file-name order against one database; add a page by adding a file.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from './webdriver.mjs';

const { E2E_APP: app, E2E_CLI: cli, E2E_PORT: port, E2E_WORK: work, E2E_OUT: out } = process.env;
const db = join(work, 'e2e.sqlite3');
const ctx = {
  db,
  work,
  out,
  step: (name) => console.log(`e2e: ${name}`),
  /** Runs the CLI on the app's database and parses its JSON. */
  cli: (...args) => JSON.parse(execFileSync(cli, ['--db', db, ...args], { maxBuffer: 256 << 20 }).toString()),
  /** Runs the CLI and returns its stdout as text. */
  cliText: (...args) => execFileSync(cli, ['--db', db, ...args], { maxBuffer: 256 << 20 }).toString(),
};

const dir = new URL('./steps/', import.meta.url);
const only = process.env.E2E_ONLY;
const files = readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort();

const startSession = () =>
  Session.start(port, {
    browserName: 'wry',
    'tauri:options': { application: app, args: ['--db', db, '--reference-demo'] },
  });
const s = await startSession();
let failed = false;
try {
  await s.setSize(1366, 768);
  // The language choice lives in the webview's storage, which outlives a run: a run that
  // stopped in English must not leave the next one starting in English.
  const lang = await s.run("return localStorage.getItem('rollcall.lang');");
  if (lang && lang !== 'zh') {
    await s.run("localStorage.setItem('rollcall.lang', 'zh'); location.reload(); return 1;");
    await new Promise((r) => setTimeout(r, 1000));
  }
  for (const f of files) {
    if (only && !f.includes(only) && !f.startsWith('01-')) continue;
    const { run } = await import(new URL(f, dir).href);
    await run(s, ctx);
  }
  ctx.step('passed');
} catch (e) {
  failed = true;
  console.error(e);
  await s.screenshot(join(out, 'failure.png')).catch(() => {});
} finally {
  await s.end();
}
// New starts of the app on the journey's database (after the window above has closed).
if (!failed && (!only || only.includes('restart'))) {
  try {
    const restarts = new URL('./restart/', import.meta.url);
    for (const f of readdirSync(restarts).filter((n) => n.endsWith('.mjs')).sort()) {
      const { run } = await import(new URL(f, restarts).href);
      await run(ctx, startSession);
    }
    ctx.step('restarts passed');
  } catch (e) {
    failed = true;
    console.error(e);
  }
}
process.exit(failed ? 1 : 0);
