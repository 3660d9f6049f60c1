import { describe, expect, it } from 'vitest';
import * as cli from '../src/index.js';

describe('@authwire/cli exports', () => {
  it('pins the public API', () => {
    expect(Object.keys(cli).sort()).toEqual(['main']);
  });
});
