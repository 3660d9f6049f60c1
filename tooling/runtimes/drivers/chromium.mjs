// Runs the smoke test in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core):
// a page served from one loopback origin loads the bundled script and calls the emulator on
// another origin, so every token and API request is a real cross-origin request (preflights
// answered by the emulator). Prints one JSON line, with the page's origin; a failure exits
// non-zero with the browser's own error text.
// Usage: node chromium.mjs <project> <setup JSON> [executable]
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [project, setup, executablePath = '/usr/bin/chromium'] = process.argv.slice(2);
const script = await readFile(join(project, 'dist/global.js'));
const page = '<!doctype html><meta charset="utf-8"><title>authwire</title><script src="/smoke.js"></script>';
const server = createServer((request, response) => {
  if (request.url === '/smoke.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
  else response.writeHead(200, { 'content-type': 'text/html' }).end(page);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  const tab = await browser.newPage();
  await tab.goto(`${origin}/`);
  const outcome = await tab.evaluate((value) => globalThis.authwireSmoke(value), JSON.parse(setup));
  console.log(JSON.stringify({ ...outcome, runtime: `Chromium ${browser.version()}`, origin }));
} finally {
  await browser.close();
  server.close();
}
