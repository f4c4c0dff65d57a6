// The app's journey so far, through the real window: an empty database offers the demo,
// the overview shows the campaign's real numbers and timeline, an edit is saved.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { Session } from './webdriver.mjs';

const { E2E_APP: app, E2E_CLI: cli, E2E_PORT: port, E2E_WORK: work, E2E_OUT: out } = process.env;
const db = join(work, 'e2e.sqlite3');
const step = (name) => console.log(`e2e: ${name}`);
const cliJson = (...args) => JSON.parse(execFileSync(cli, ['--db', db, ...args], { maxBuffer: 256 << 20 }).toString());

const s = await Session.start(port, {
  browserName: 'wry',
  'tauri:options': { application: app, args: ['--db', db] },
});
let failed = false;
try {
  await s.setSize(1366, 768);

  step('an empty database offers the demo campaign');
  await s.find('[data-testid=empty-state]');
  await s.screenshot(join(out, '00-empty.png'));
  await s.click('[data-testid=open-demo]');

  step('the overview shows the demo campaign from the database');
  const total = await s.textOf('[data-testid=count-total]', { test: (t) => t.trim() !== '' });
  const status = cliJson('status', '--json');
  assert.equal(Number(total), status.students.total);
  assert.equal(Number(total), 2400);
  assert.equal(Number(await s.textOf('[data-testid=count-eligible]')), status.students.eligible);
  assert.match(await s.textOf('[data-testid=campaign-name]'), /2025届毕业生电子照片采集/);

  step('a milestone with its dates and days left');
  const payment = status.milestones.find((m) => m.kind === 'payment');
  assert.equal(await s.textOf('tr[data-kind=payment] [data-testid=milestone-span]'), '2025年4月10日 – 2025年4月27日');
  const days = await s.textOf('tr[data-kind=payment] [data-testid=milestone-days]');
  const expected = payment.phase === 'past' ? `已结束 ${-payment.days_left} 天` : null;
  if (expected) assert.equal(days, expected);
  else assert.ok(days.length > 0);

  step('seen as of 2025-04-20, the timeline counts days left from that day');
  await s.run('const el = document.querySelector("[data-testid=as-of]"); el.value = "2025-04-20"; el.dispatchEvent(new Event("input", { bubbles: true })); el.dispatchEvent(new Event("change", { bubbles: true })); return 1;');
  await s.find('tr[data-kind=payment] [data-testid=milestone-days]', { test: (t) => t === '进行中，还剩 7 天' });
  assert.equal(await s.textOf('tr[data-kind=onsite] [data-testid=milestone-days]'), '8 天后开始');
  assert.equal(await s.textOf('[data-testid=next-milestone]'), '线下集采缴费');

  step('campuses, venues and windows');
  const places = await s.textOf('[data-testid=places]');
  for (const word of ['高明', '禅城', '南海', '学生活动中心舞蹈室', '羽毛球馆', '6210', '6211', '08:30–11:30']) {
    assert.ok(places.includes(word), `places lists ${word}`);
  }

  step('nothing overflows sideways at 1366×768');
  const overflow = await s.run('return document.querySelector("main").scrollWidth - document.querySelector("main").clientWidth;');
  assert.ok(overflow <= 1, `main overflows by ${overflow}px`);
  await s.screenshot(join(out, '01-overview.png'));

  step('edit a campaign fact and see it saved in the database');
  await s.click('[data-testid=edit-facts]');
  await s.type('input[name=batch_code]', 'AB12CD');
  await s.click('[data-testid=facts] button[type=submit]');
  await s.find('[data-testid=facts] dl', { test: (t) => t.includes('AB12CD') });
  const shown = cliJson('campaign', 'show', '--json');
  assert.equal(shown.campaign.batch_code, 'AB12CD');

  step('a refused value says why, in Chinese');
  await s.click('[data-testid=edit-facts]');
  await s.type('input[name=fee_onsite]', 'abc');
  await s.click('[data-testid=facts] button[type=submit]');
  assert.match(await s.textOf('[data-testid=facts] [role=alert]'), /线下集采费/);

  step('学生名单: the roster from the database, searchable, with masked ID numbers');
  await s.click('button[data-page=roster]');
  await s.find('[data-testid=roster-count]', { test: (t) => t.includes('2400') });
  await s.screenshot(join(out, '03-roster.png'));
  const roster = cliJson('roster', 'list', '--json');
  const someone = (roster.students ?? roster)[100];
  await s.type('[data-testid=roster-search]', someone.student_no);
  await s.find('[data-testid=roster-count]', { test: (t) => t.startsWith('显示 1 ') });
  await s.click('[data-testid=roster-rows] [role=row]');
  const masked = await s.textOf('[data-testid=detail-id]');
  assert.match(masked, /^\d{3}\*{11}[\dX]{4}$/, `masked ID shown: ${masked}`);
  await s.click('[data-testid=reveal]');
  await s.find('[data-testid=detail-id]', { test: (t) => /^\d{17}[\dX]$/.test(t) });
  await s.screenshot(join(out, '04-roster-detail.png'));

  step('a roster file with a title row is previewed and checked before anything is written');
  const csv = join(work, '名单.csv');
  writeFileSync(csv, '\ufeff2025届毕业生名单\n学生编号,姓名,性别,二级学院,班级名称,学籍状态,预计毕业年份\n' +
    `${someone.student_no},${someone.name},${someone.gender},${someone.college},${someone.class_name},注册学籍,2025\n` +
    '2099000001,新同学,女,信息工程学院,软件技术2201班,注册学籍,2025\n,无学号,男,x,y,注册学籍,2025\n');
  await s.click('[data-testid=open-import]');
  await s.type('[data-testid=import-panel] input[name=path]', csv);
  await s.click('[data-testid=import-panel] button[type=submit]');
  await s.find('[data-testid=mapping]', { test: (t) => t.includes('学生编号') });
  await s.click('[data-testid=dry-run]');
  const summary = await s.textOf('[data-testid=import-summary]', { test: (t) => t.includes('检查结果') });
  assert.match(summary, /第 5 行/, 'the rejected row is named by its Excel row number');
  await s.screenshot(join(out, '05-roster-import-check.png'));
  const after = cliJson('status', '--json');
  assert.equal(after.students.total, 2400, 'a check writes nothing');

  step('English can be switched on in 设置');
  await s.click('button[data-page=settings]');
  await s.run('const el = document.querySelector("select"); el.value = "en"; el.dispatchEvent(new Event("change", { bubbles: true })); return 1;');
  assert.equal(await s.textOf('button[data-page=overview]'), 'Overview');
  await s.run('const el = document.querySelector("select"); el.value = "zh"; el.dispatchEvent(new Event("change", { bubbles: true })); return 1;');
  await s.click('button[data-page=overview]');
  await s.find('[data-testid=count-total]');
  await s.setSize(1920, 1080);
  await s.screenshot(join(out, '02-overview-1920.png'));
  step('passed');
} catch (e) {
  failed = true;
  console.error(e);
  await s.screenshot(join(out, 'failure.png')).catch(() => {});
} finally {
  await s.end();
}
process.exit(failed ? 1 : 0);
