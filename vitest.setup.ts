import fc from 'fast-check';

// Property tests explore new random cases on every local run. In CI they are reproducible: a
// fixed seed (or FC_SEED, to replay a local failure), so a landing never depends on luck.
if (process.env.CI || process.env.FC_SEED) {
  fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20_261_122) });
}
