// A minimal W3C WebDriver client over fetch: just what the journey tests need.
import { writeFileSync } from 'node:fs';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecc';

export class Session {
  static async start(port, capabilities) {
    const base = `http://127.0.0.1:${port}`;
    const res = await send(base, 'POST', '/session', { capabilities: { alwaysMatch: capabilities } });
    return new Session(base, res.sessionId);
  }

  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  cmd(method, path, body) {
    return send(this.base, method, `/session/${this.id}${path}`, body);
  }

  /** Waits until `css` matches an element (and, if given, its text passes `test`). */
  async find(css, { timeout = 20000, test } = {}) {
    const until = Date.now() + timeout;
    let last = '';
    for (;;) {
      try {
        const el = await this.cmd('POST', '/element', { using: 'css selector', value: css });
        const id = el[ELEMENT] ?? Object.values(el)[0];
        if (!id) throw new Error("no element id");
        if (!test) return id;
        last = await this.text(id);
        if (test(last)) return id;
      } catch {
        // not there yet
      }
      if (Date.now() > until) throw new Error(`timed out waiting for ${css}${test ? ` (last text: ${last})` : ''}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  text(id) {
    return this.cmd('GET', `/element/${id}/text`);
  }

  async textOf(css, opts) {
    return this.fresh(async () => this.text(await this.find(css, opts)));
  }

  async click(css) {
    await this.fresh(async () => this.cmd('POST', `/element/${await this.find(css)}/click`, {}));
  }

  async type(css, text) {
    await this.fresh(async () => {
      const id = await this.find(css);
      await this.cmd('POST', `/element/${id}/clear`, {});
      await this.cmd('POST', `/element/${id}/value`, { text });
    });
  }

  /** Runs `f` again when Svelte re-rendered the element between finding and using it. */
  async fresh(f) {
    for (let tries = 0; ; tries++) {
      try {
        return await f();
      } catch (e) {
        if (tries >= 5 || !String(e).includes('stale element reference')) throw e;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  run(script, ...args) {
    return this.cmd('POST', '/execute/sync', { script, args });
  }

  async screenshot(file) {
    const b64 = await this.cmd('GET', '/screenshot');
    writeFileSync(file, Buffer.from(b64, 'base64'));
  }

  setSize(width, height) {
    return this.cmd('POST', '/window/rect', { width, height });
  }

  end() {
    return send(this.base, 'DELETE', `/session/${this.id}`).catch(() => {});
  }
}

async function send(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json.value ?? json)}`);
  return json.value;
}
