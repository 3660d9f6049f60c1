import { describe, expect, it } from 'vitest';
import { curlOrigin, inspectCurlArgs } from '../src/inspect-curl-args.js';

describe('inspectCurlArgs', () => {
  it('finds positional URLs and --url values, skipping option values', () => {
    expect(
      inspectCurlArgs([
        '-sSL',
        '-X',
        'POST',
        '-H',
        'Accept: application/json',
        '-d',
        '{"a":1}',
        '-o',
        'out.json',
        '--referer',
        'https://elsewhere.example',
        '-xhttp://proxy.example:3128',
        'https://api.example/one',
        '--url',
        'https://api.example/two',
      ]).urls,
    ).toEqual(['https://api.example/one', 'https://api.example/two']);
  });

  it('takes the value of an unknown option for a URL (so it fails closed)', () => {
    expect(inspectCurlArgs(['--some-future-option', 'value', 'https://api.example/']).urls).toEqual([
      'value',
      'https://api.example/',
    ]);
  });

  it.each([
    [['-d', '@-', 'u'], true],
    [['--data-binary', '@-', 'u'], true],
    [['-F', 'file=@-', 'u'], true],
    [['-T', '-', 'u'], true],
    [['-H', '@-', 'u'], true],
    [['-o', '-', 'u'], false],
    [['-d', '@body.json', 'u'], false],
  ])('reads stdin: %j → %s', (args, expected) => {
    expect(inspectCurlArgs(args).readsStdin).toBe(expected);
  });

  it('sees the config file and a user Authorization header', () => {
    expect(inspectCurlArgs(['-K', 'file', 'u']).usesConfigFile).toBe(true);
    expect(inspectCurlArgs(['--config', 'file']).usesConfigFile).toBe(true);
    expect(inspectCurlArgs(['-H', 'authorization: Basic x', 'u']).setsAuthorization).toBe(true);
    expect(inspectCurlArgs(['-HAuthorization:Basic x', 'u']).setsAuthorization).toBe(true);
    expect(inspectCurlArgs(['-H', 'X-Authorization: x', 'u']).setsAuthorization).toBe(false);
  });
});

describe('curlOrigin', () => {
  it.each([
    ['https://api.example/path?q=1', 'https://api.example'],
    ['HTTPS://API.example:443/', 'https://api.example'],
    ['api.example/path', 'http://api.example'],
    ['http://user:pw@127.0.0.1:4010/x', 'http://127.0.0.1:4010'],
    ['http://[::1/', undefined],
  ])('%s → %s', (url, origin) => {
    expect(curlOrigin(url)).toBe(origin);
  });

  it('never reads a curl glob in the host as the plain host', () => {
    expect(curlOrigin('https://api.example{,.evil.test}/')).not.toBe('https://api.example');
    expect(curlOrigin('https://api[1-2].example/')).not.toBe('https://api1.example');
  });
});
