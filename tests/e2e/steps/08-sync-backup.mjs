// 设置 → 同步与备份: a backup and a sync file written from the app, seen by the CLI.
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** @param {import('../webdriver.mjs').Session} s */
export async function run(s, ctx) {
  ctx.step('设置: back up the database and export a sync file');
  await s.click('button[data-page=settings]');
  await s.find('[data-testid=sync]');
  const backup = join(ctx.work, '备份.sqlite3');
  await s.type('[data-testid=backup-path]', backup);
  await s.click('form:has([data-testid=backup-path]) button[type=submit]');
  await s.find('[data-testid=sync-message]', { test: (t) => t.includes('已备份') });
  assert.ok(existsSync(backup) && statSync(backup).size > 0, 'the backup file exists');
  assert.equal((statSync(backup).mode & 0o777).toString(8), '600', 'the backup is readable by its owner only');

  const syncFile = join(ctx.work, '同步.rollcall-sync');
  await s.type('[data-testid=sync-export-path]', syncFile);
  await s.click('form:has([data-testid=sync-export-path]) button[type=submit]');
  await s.find('[data-testid=sync-message]', { test: (t) => t.includes('已导出') });
  assert.ok(existsSync(syncFile));
  const log = ctx.cli('sync', 'log', '--json');
  assert.ok(log.entries.some((e) => e.direction === 'export'), 'the export is in the sync log');
  assert.equal((statSync(syncFile).mode & 0o777).toString(8), '600', 'the sync file is readable by its owner only');
  await s.find('[data-testid=sync-log]');
  await s.screenshot(join(ctx.out, '08-settings-sync.png'));

  ctx.step('设置: the automatic backups (the day\'s first start) are listed; keep-N is saved');
  await s.find('[data-testid=auto-list]', { test: (t) => t.includes('每日备份') });
  await s.type('[data-testid=auto-keep]', '3');
  await s.click('[data-testid=auto-keep-save]');
  await s.find('[data-testid=auto-message]', { test: (t) => t.includes('3') });
  const listed = ctx.cli('backup', 'list', '--json');
  assert.equal(listed.keep, 3, 'the CLI sees the setting made in the app');
  assert.ok(listed.backups.length >= 1 && listed.backups.length <= 3);
  await s.run('document.querySelector("[data-testid=auto-backups]").scrollIntoView(); return 1;');
  await s.screenshot(join(ctx.out, '08b-auto-backups.png'));
}
