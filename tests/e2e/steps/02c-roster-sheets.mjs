// 学生名单: a workbook with one sheet per 学院 (a 说明 sheet first, a 统计 sheet last, title
// rows, merged 班级 cells, a hidden row, 合计 and 制表人 rows). The panel lists the sheets
// with their rows, ticks the one read, offers the sheets with the same header, shows the
// reading notes and the skipped rows, and the withdrawal question names the classes.
// Checked only (and the question cancelled): the journey's roster stays as it was.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';

/** @param {import('../webdriver.mjs').Session} s */
export async function run(s, ctx) {
  const file = join(ctx.work, '各学院名单.xlsx');
  writeFileSync(file, workbook());
  const before = ctx.cli('status', '--json').students;

  ctx.step('学生名单: a workbook with a sheet per 学院 lists its sheets and reads the first with a header');
  await s.click('button[data-page=roster]');
  const open = await s.run('return !!document.querySelector("[data-testid=import-panel]");');
  if (!open) await s.click('[data-testid=open-import]');
  await s.type('[data-testid=import-panel] input[name=path]', file);
  await s.click('[data-testid=import-panel] button[type=submit]');
  const picker = await s.textOf('[data-testid=sheet-picker]', { test: (t) => t.includes('经济管理学院') });
  for (const name of ['说明', '机电工程学院', '经济管理学院', '统计']) assert.ok(picker.includes(name), picker);
  assert.deepEqual(await ticked(s), ['机电工程学院']);
  await s.find('[data-testid=mapping]', { test: (t) => t.includes('学号') });
  const skipped = await s.textOf('[data-testid=skipped-rows] summary');
  assert.match(skipped, /2 行/, skipped);
  await s.screenshot(join(ctx.out, '02d-roster-sheets.png'));

  ctx.step('学生名单: 全部导入 ticks the sheets with the same header and reads them together');
  await s.click('[data-testid=all-sheets]');
  await s.find('[data-testid=mapping]');
  await waitFor(async () => (await ticked(s)).join() === '机电工程学院,经济管理学院');
  await s.click('[data-testid=dry-run]');
  const summary = await s.textOf('[data-testid=import-summary]', { test: (t) => t.includes('检查结果') });
  assert.ok(summary.includes('经济管理学院'), summary);
  assert.match(summary, /读取\s*51/, summary);
  await s.find('[data-testid=hidden-rows]');
  await s.find('[data-testid=withdrawn-by-class]');
  await s.find('[data-testid=ineligible-reasons]', { test: (t) => t.includes('休学') });
  await s.run(`const d = document.querySelector('[data-testid=hidden-rows]'); d.open = true;
    document.querySelector('[data-testid=import-summary]').scrollIntoView(); return 1;`);
  await new Promise((r) => setTimeout(r, 500));
  await s.screenshot(join(ctx.out, '02f-roster-sheets-summary.png'));

  ctx.step('学生名单: the withdrawal question names how many and which classes; cancelled');
  await s.click('[data-testid=confirm-import]');
  const question = await s.textOf('[data-testid=confirm]');
  assert.match(question, new RegExp(`${before.total} 名`), question);
  assert.match(question, /班/, question);
  assert.match(question, /20%/, question);
  await s.screenshot(join(ctx.out, '02e-roster-withdraw-classes.png'));
  await s.click('[data-testid=confirm-cancel]');

  ctx.step('学生名单: unticking a sheet from the keyboard reads the file again');
  await s.run(`document.querySelector('[data-sheet="经济管理学院"]').focus(); return 1;`);
  const box = await s.find('[data-sheet="经济管理学院"]');
  await s.cmd('POST', `/element/${box}/value`, { text: ' ' });
  await waitFor(async () => (await ticked(s)).join() === '机电工程学院');
  await s.find('[data-testid=mapping]');

  ctx.step('学生名单: a sheet with another header is refused; unticking it brings the preview back');
  await s.click('[data-sheet="统计"]');
  const refused = await s.textOf('[data-testid=import-error]');
  assert.match(refused, /统计/, refused);
  await s.click('[data-sheet="统计"]');
  await s.find('[data-testid=mapping]');
  assert.deepEqual(await ticked(s), ['机电工程学院']);
  assert.deepEqual(ctx.cli('status', '--json').students, before, 'nothing was imported');
}

const ticked = (s) =>
  s.run(`return [...document.querySelectorAll('[data-testid=sheet-picker] input[type=checkbox]')]
    .filter((b) => b.checked).map((b) => b.dataset.sheet);`);

async function waitFor(check, timeout = 15000) {
  const until = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

// A small .xlsx written by hand (inline strings, merged cells, a hidden row).
const HEAD = ['学号', '姓名', '性别', '身份证号', '学院', '专业', '班级', '年级', '学制', '层次', '校区', '学籍状态'];
const SUR = '陈林黄张李王吴刘蔡杨许郑谢郭洪曾邱廖';
const GIV = ['伟', '芳', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '华'];

function idNumber(base17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...base17].reduce((a, c, i) => a + Number(c) * w[i], 0);
  return base17 + '10X98765432'[sum % 11];
}

function college(prefix, name, classes) {
  const rows = [[1, [`2025届毕业生名单（${name}）`]], [2, HEAD]];
  const merges = [];
  let r = 3;
  let k = 0;
  for (const [major, cls, n] of classes) {
    const first = r;
    for (let j = 0; j < n; j++, r++) {
      k++;
      const male = k % 3 !== 0;
      const seq = String(((k * 2) % 998) + (male ? 1 : 0)).padStart(3, '0');
      const id = idNumber(`44060${k % 10}2003${String((k % 12) + 1).padStart(2, '0')}${String((k % 27) + 1).padStart(2, '0')}${seq}`);
      const student = `${prefix}${String(k).padStart(4, '0')}`;
      rows.push([r, [student, SUR[k % SUR.length] + GIV[(k * 7) % GIV.length], male ? '男' : '女', id, name, major,
        j === 0 ? cls : '', '2022级', '三年制', '专科', '高明', k % 17 ? '注册学籍' : '休学']]);
    }
    merges.push(`G${first}:G${r - 1}`);
  }
  rows.push([r++, ['合计', `${k} 人`]]);
  rows.push([r, ['制表人：', '王老师', '', '', '审核人：', '李老师']]);
  return { rows, merges };
}

function workbook() {
  const jd = college('0522', '机电工程学院', [['机电一体化技术', '机电一体化技术2201班', 14], ['工业机器人技术', '工业机器人技术2201班', 12]]);
  const jg = college('0523', '经济管理学院', [['大数据与会计', '大数据与会计2201班', 16], ['现代物流管理', '现代物流管理2202班', 9]]);
  const sheets = [
    ['说明', sheet([[1, ['填表说明']], [2, ['1. 每个学院一个工作表，表头相同。']], [3, ['2. 学号请以文本格式填写。']]])],
    ['机电工程学院', sheet(jd.rows, [9], jd.merges)],
    ['经济管理学院', sheet(jg.rows, [], jg.merges)],
    ['统计', sheet([[1, ['学院', '人数']], [2, ['机电工程学院', '26']], [3, ['经济管理学院', '25']]])],
  ];
  const ns = 'http://schemas.openxmlformats.org';
  const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
  const files = [
    ['[Content_Types].xml', `${xml}<Types xmlns="${ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}</Types>`],
    ['_rels/.rels', `${xml}<Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    ['xl/workbook.xml', `${xml}<workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><sheets>${sheets.map(([n], i) => `<sheet name="${n}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`],
    ['xl/_rels/workbook.xml.rels', `${xml}<Relationships xmlns="${ns}/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}</Relationships>`],
    ...sheets.map(([, body], i) => [`xl/worksheets/sheet${i + 1}.xml`, body]),
  ];
  return zip(files.map(([n, text]) => [n, Buffer.from(text, 'utf8')]));
}

function sheet(rows, hidden = [], merges = []) {
  const esc = (v) => String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const col = (i) => String.fromCharCode(65 + i);
  const body = rows.map(([r, cells]) => `<row r="${r}"${hidden.includes(r) ? ' hidden="1"' : ''}>${cells
    .map((v, i) => (v === '' ? '' : `<c r="${col(i)}${r}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`)).join('')}</row>`).join('');
  const merged = merges.length ? `<mergeCells count="${merges.length}">${merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>` : '';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData>${merged}</worksheet>`;
}

/** A zip archive (deflated entries, UTF-8 names). */
function zip(entries) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const locals = [];
  const central = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const fname = Buffer.from(name, 'utf8');
    const packed = deflateRawSync(data);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0); head.writeUInt16LE(20, 4); head.writeUInt16LE(0x0800, 6);
    head.writeUInt16LE(8, 8); head.writeUInt32LE(crc32(data), 14); head.writeUInt32LE(packed.length, 18);
    head.writeUInt32LE(data.length, 22); head.writeUInt16LE(fname.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0); dir.writeUInt16LE(20, 4); dir.writeUInt16LE(20, 6); dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(8, 10); dir.writeUInt32LE(crc32(data), 16); dir.writeUInt32LE(packed.length, 20);
    dir.writeUInt32LE(data.length, 24); dir.writeUInt16LE(fname.length, 28); dir.writeUInt32LE(offset, 42);
    locals.push(head, fname, packed);
    central.push(dir, fname);
    offset += head.length + fname.length + packed.length;
  }
  const size = central.reduce((a, b) => a + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(size, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...central, end]);
}
