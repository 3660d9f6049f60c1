// The entry of the runtimes that run a file: Node, Bun and Deno. The setup comes as the one
// argument (Deno.args in Deno: reading it needs no permission); the outcome is printed as one
// JSON line. A failure propagates: the runtime prints its own error and exits non-zero.
import { smoke } from './smoke.mjs';

const [setup] = globalThis.Deno ? globalThis.Deno.args : globalThis.process.argv.slice(2);
console.log(JSON.stringify(await smoke(JSON.parse(setup))));
