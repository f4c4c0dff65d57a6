// The app's journey so far, through the real window: an empty database offers the demo,
// the overview shows the campaign's real numbers and timeline, an edit is saved.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Session } from './webdriver.mjs';

const { E2E_APP: app, E2E_CLI: cli, E2E_PORT: port, E2E_WORK: work, E2E_OUT: out } = process.env;
const db = join(work, 'e2e.sqlite3');
const step = (name) => console.log(`e2e: ${name}`);

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
  const status = JSON.parse(execFileSync(cli, ['--db', db, 'status', '--json']).toString());
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
  const shown = JSON.parse(execFileSync(cli, ['--db', db, 'campaign', 'show', '--json']).toString());
  assert.equal(shown.campaign.batch_code, 'AB12CD');

  step('a refused value says why, in Chinese');
  await s.click('[data-testid=edit-facts]');
  await s.type('input[name=fee_onsite]', 'abc');
  await s.click('[data-testid=facts] button[type=submit]');
  assert.match(await s.textOf('[data-testid=facts] [role=alert]'), /线下集采费/);

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
