// 设置 → 同步与备份: a backup and a sync file written from the app, seen by the CLI.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** @param {import('../webdriver.mjs').Session} s */
export async function run(s, ctx) {
  ctx.step('设置: a path the user never chose (outside the data folder) is refused; nothing is written');
  await s.click('button[data-page=settings]');
  await s.find('[data-testid=sync]');
  const outside = join(tmpdir(), `rollcall-e2e-outside-${process.pid}.sqlite3`);
  await s.type('[data-testid=backup-path]', outside);
  await s.click('form:has([data-testid=backup-path]) button[type=submit]');
  await s.find('[data-testid=sync] [role=alert]', { test: (t) => t.includes('对话框') && t.includes('数据文件夹') });
  assert.ok(!existsSync(outside), 'nothing was written outside the data folder');

  ctx.step('设置: this laptop gets a name');
  await s.type('[data-testid=laptop-name]', '高明签到台');
  await s.click('form:has([data-testid=laptop-name]) button[type=submit]');
  await s.find('[data-testid=sync-message]', { test: (t) => t.includes('高明签到台') });
  assert.equal(ctx.cli('sync', 'name', '--json').name, '高明签到台');

  ctx.step('设置: back up the database and export a sync file');
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

  ctx.step('设置: a second laptop (started from the backup) checks a student in; its sync file is imported here and listed');
  const laptopB = join(ctx.work, 'laptop-b.sqlite3');
  execFileSync(process.env.E2E_CLI, ['--db', laptopB, 'restore', backup, '--yes']);
  const b = (...args) => JSON.parse(execFileSync(process.env.E2E_CLI, ['--db', laptopB, ...args]).toString());
  if (b('schedule', '--json').schedule.slots.length === 0) b('plan', '--json'); // run alone
  const slot = b('schedule', '--json').schedule.slots.find((x) => x.date === '2025-04-30');
  const someone = b('roster', 'list', '--class', slot.class_name, '--json').students[0];
  b('check-in', someone.student_no, '--slot', String(slot.id), '--at', '09:05', '--by', '南海签到台', '--json');
  const fromB = join(ctx.work, '南海.rollcall-sync');
  b('sync', 'name', '--set', '南海签到台电脑', '--json');
  b('sync', 'export', '--out', fromB, '--json');
  await s.type('[data-testid=sync-import-path]', fromB);
  await s.click('form:has([data-testid=sync-import-path]) button[type=submit]');
  const added = await s.textOf('[data-testid=sync-added]', { test: (t) => t.includes(someone.student_no) });
  assert.ok(added.includes(someone.name) && added.includes('南海签到台'), added);
  assert.ok(added.includes('南海签到台电脑'), `the check-in shows the laptop's name: ${added}`);
  const theirs = ctx.cli('record', 'list', someone.student_no, '--json');
  assert.ok(JSON.stringify(theirs).includes('checked_in'), 'the check-in is in this database now');
  await s.find('[data-testid=sync-log]', { test: (t) => t.includes('南海.rollcall-sync') && t.includes('南海签到台电脑') });
  await s.run('document.querySelector("[data-testid=sync-message]").scrollIntoView({ block: "start" }); return 1;');
  await s.screenshot(join(ctx.out, '08a-sync-imported.png'));
  await s.find('[data-testid=sync-log]');
  await s.screenshot(join(ctx.out, '08-settings-sync.png'));

  ctx.step('设置: the automatic backups (the day\'s first start) are listed; keep-N is saved');
  await s.find('[data-testid=auto-list]', { test: (t) => t.includes('每日备份') && t.includes('导入同步文件前') });
  await s.type('[data-testid=auto-keep]', '3');
  await s.click('[data-testid=auto-keep-save]');
  await s.find('[data-testid=auto-message]', { test: (t) => t.includes('3') });
  const listed = ctx.cli('backup', 'list', '--json');
  assert.equal(listed.keep, 3, 'the CLI sees the setting made in the app');
  assert.ok(listed.backups.length >= 1 && listed.backups.length <= 3);
  await s.run('document.querySelector("[data-testid=auto-backups]").scrollIntoView(); return 1;');
  await s.screenshot(join(ctx.out, '08b-auto-backups.png'));
}
