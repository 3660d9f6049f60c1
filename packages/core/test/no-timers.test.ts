import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('invariant 6: no timers: a process exits by itself right after using a provider', () => {
  // A real loopback token server, a renewal with a 60 s renewal timeout, and the process must
  // still exit at once when its work is done: nothing authwire starts keeps it alive.
  const script = `
    import { createServer } from 'node:http';
    import { createTokenProvider, withAuth } from ${JSON.stringify(fileURLToPath(new URL('../src/index.ts', import.meta.url)))};
    const server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ token: 't-' + Date.now(), expires_in: 3600 }));
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = 'http://127.0.0.1:' + server.address().port;
    const provider = createTokenProvider({
      name: 'loop', origins: [base], cacheKey: 'loop',
      async login(ctx) {
        const res = await ctx.request(base + '/token', { json: {} });
        return { value: res.body.token, scheme: 'Bearer', expiresAt: res.sentAt + res.body.expires_in * 1000 };
      },
    }, { renewalTimeoutMs: 60_000, requestTimeoutMs: 60_000 });
    await provider.getToken();
    await withAuth(provider)(base + '/api').then((r) => r.text());
    await provider.getToken({ forceRefresh: true, signal: AbortSignal.timeout(60_000) });
    server.close();
    console.log('done');
  `;
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 30_000,
    cwd: fileURLToPath(new URL('..', import.meta.url)),
  });
  expect(run.stderr).toBe('');
  expect(run.stdout.trim()).toBe('done');
  expect(Date.now() - started).toBeLessThan(15_000);
});
