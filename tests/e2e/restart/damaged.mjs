// A new start of the app on a damaged file (after the journey, on its database): the
// window does not open it, offers the newest automatic backup, restores it on request
// (keeping the damaged file) and then shows the campaign.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Overwrites 8 pages a third of the way into the file, as a bad sector would. */
function corrupt(path) {
  const page = 4096;
  const start = Math.floor(statSync(path).size / 3 / page) * page;
  const garbage = Buffer.alloc(page * 8, 0);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 131) % 251;
  const fd = openSync(path, 'r+');
  writeSync(fd, garbage, 0, garbage.length, start);
  closeSync(fd);
}

function doctor(ctx) {
  const r = spawnSync(process.env.E2E_CLI, ['--db', ctx.db, 'doctor', '--json']);
  return { code: r.status, report: JSON.parse(r.stdout.toString()) };
}

export async function run(ctx, startSession) {
  ctx.step('restart: a damaged database is not opened; the newest automatic backup is offered');
  // Wait for the closed window's process to be gone, so the CLI's connection is the last
  // one: closing it folds the WAL into the file, which then holds every page.
  for (let i = 0; i < 100 && spawnSync('pgrep', ['-f', process.env.E2E_APP]).status === 0; i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  ctx.cliText('campaign', 'list');
  assert.ok(!existsSync(`${ctx.db}-wal`) || statSync(`${ctx.db}-wal`).size === 0, 'the WAL is folded in');
  corrupt(ctx.db);
  const before = doctor(ctx);
  assert.equal(before.code, 1, 'doctor exits 1 on a damaged file');
  assert.equal(before.report.health.status, 'damaged');
  const offered = before.report.latest_backup.path;

  const s = await startSession();
  try {
    await s.find('[data-testid=startup-problem]', { test: (t) => t.includes('损坏') && t.includes(offered) });
    await s.screenshot(join(ctx.out, '20-startup-damaged.png'));
    await s.click('[data-testid=startup-restore]');
    await s.click('[data-testid=startup-continue]');
    // The app proper: the campaign of the backup (or, when the newest backup predates
    // the demo, as in a partial run, the empty state).
    await s.find('[data-testid=count-total], [data-testid=empty-state]');
    await s.screenshot(join(ctx.out, '21-startup-restored.png'));
  } finally {
    await s.end();
  }
  const after = doctor(ctx);
  assert.equal(after.code, 0, 'the restored database passes the check');
  assert.equal(after.report.health.status, 'ok');
  const kept = readdirSync(ctx.work).filter((n) => n.startsWith('e2e.sqlite3.before-restore'));
  assert.equal(kept.length, 1, 'the damaged file is kept beside the restored one');
}
