// The entry of the runtimes that evaluate a script: Vercel's edge-runtime VM and the browser page.
// Bundled by esbuild as an IIFE, it leaves `smoke` on globalThis for the driver to call.
import { smoke } from './smoke.mjs';

globalThis.authwireSmoke = smoke;
