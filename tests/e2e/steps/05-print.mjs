// 打印: sign-in sheets for one campus-day to a typed path, read back with pdftotext;
// the notice template editor names an unknown placeholder; the counselor's unpaid list
// names a class.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

async function choose(s, testid, value) {
  await s.run(`const el = document.querySelector("[data-testid=${testid}]"); el.value = ${JSON.stringify(value)};
    el.dispatchEvent(new Event("change", { bubbles: true })); return el.value;`);
}

/** @param {import('../webdriver.mjs').Session} s */
export async function run(s, ctx) {
  ctx.step('打印: sign-in sheets for 高明 on the first day, to a typed path');
  let schedule = ctx.cli('schedule', '--json').schedule;
  if (schedule.slots.length === 0) {
    ctx.cli('plan', '--json');
    schedule = ctx.cli('schedule', '--json').schedule;
  }
  const day = schedule.slots.filter((x) => x.campus === '高明').map((x) => x.date).sort()[0];
  const classes = schedule.slots.filter((x) => x.campus === '高明' && x.date === day).map((x) => x.class_name);
  await s.click('button[data-page=print]');
  await s.find('[data-testid=print-form]');
  await s.click('[data-testid=doc-sign_in]');
  await choose(s, 'scope-campus', '高明');
  await choose(s, 'scope-date', day);
  await s.find('[data-testid=scope-count]', { test: (t) => t.startsWith(`${classes.length} 个场次`) });
  const suggested = await s.run('return document.querySelector("[data-testid=print-path]").value;');
  assert.ok(suggested.endsWith(`签到表-高明校区-${day}.pdf`), `default file name in Chinese: ${suggested}`);
  const pdf = join(ctx.work, `签到表-高明-${day}.pdf`);
  await s.type('[data-testid=print-path]', pdf);
  await s.click('[data-testid=print-generate]');
  const pages = await s.textOf('[data-testid=print-pages]', { timeout: 60000 });
  assert.match(pages, /^共 \d+ 页$/);
  assert.ok(existsSync(pdf), 'the PDF is where the path field said');
  const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString().replace(/ /g, '');
  assert.ok(text.includes(classes[0]), `the sheets name ${classes[0]}`);
  assert.ok(text.includes('签到表') || text.includes('签名'), 'it is a sign-in sheet');
  const info = execFileSync('pdfinfo', [pdf]).toString();
  assert.equal(`共 ${/Pages:\s+(\d+)/.exec(info)[1]} 页`, pages, 'the page count shown is the PDF’s');
  await s.screenshot(join(ctx.out, '09-print.png'));

  ctx.step('the notice preview is filled in; an unknown placeholder is named by 检查');
  await s.find('[data-testid=notice-preview-text]', { test: (t) => t.includes('关于2025届毕业生电子照片采集的通知') });
  await s.type('[data-testid=notice-text]', '请于{缴费截至}前缴费。');
  await s.click('[data-testid=notice-check]');
  await s.find('[data-testid=notice-status]', { test: (t) => t.includes('{缴费截至}') && t.includes('第 1 行') });
  await s.screenshot(join(ctx.out, '10-print-notice.png'));

  ctx.step('辅导员名单: the unpaid list per class from progress data, read back with pdftotext');
  await s.click('[data-testid=doc-lists]');
  await s.click('[data-testid=list-kind-unpaid]');
  const listName = await s.run('return document.querySelector("[data-testid=print-path]").value;');
  assert.ok(listName.endsWith('未缴费名单.pdf'), `default file name names the list: ${listName}`);
  const listPdf = join(ctx.work, '未缴费名单.pdf');
  await s.type('[data-testid=print-path]', listPdf);
  await s.click('[data-testid=print-generate]');
  const listPages = await s.textOf('[data-testid=print-done] [data-testid=print-pages]', { timeout: 60000 });
  assert.match(listPages, /^共 \d+ 页$/);
  assert.ok(existsSync(listPdf), 'the list PDF is where the path field said');
  const listText = execFileSync('pdftotext', ['-layout', listPdf, '-']).toString().replace(/ /g, '');
  assert.ok(listText.includes('未缴费名单'), 'it is the unpaid list');
  // Nobody has paid in the demo campaign: the first scheduled class heads the first list.
  const first = schedule.slots[0].class_name;
  assert.ok(listText.includes(`${first}未缴费名单`), `the list names ${first}`);
  assert.ok(!/(^|\D)\d{17}[\dX]/.test(listText), 'no full ID number');
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', listPdf, join(ctx.out, '10b-print-list-page')]);
  await s.screenshot(join(ctx.out, '10b-print-lists.png'));
}
