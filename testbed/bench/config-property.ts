/**
 * The configuration contract's property (__tests__/envs/config-contract.test.ts) on a larger
 * budget and a fresh seed, for `npm run bench`: prints one JSON line with how many configurations
 * were tried, how many validate() refused and how many synthesized, per second, and the seed and
 * counterexample of a failure (replay it with PROPERTY_SEED=<seed> npx jest config-contract).
 */
// Run like main.ts: what only error messages need is off before anything loads.
import '../../stacks/synth-speed';
import fc from 'fast-check';
import { configAround, judge } from '../../__tests__/envs/config-arbitraries';

const runs = Number(process.env.PROPERTY_RUNS ?? 500);
const seed = Number(process.env.PROPERTY_SEED ?? Date.now() % 2 ** 31);
const tally = { refused: 0, synthesized: 0 };
const started = process.hrtime.bigint();
const result = fc.check(
  fc.property(configAround, ({ config }) => {
    const verdict = judge(config);
    if ('refused' in verdict) tally.refused += 1;
    else tally.synthesized += 1;
  }),
  { seed, numRuns: runs },
);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(
  JSON.stringify({
    seed,
    runs: tally.refused + tally.synthesized,
    ...tally,
    seconds: Number(seconds.toFixed(2)),
    configsPerSecond: Number(((tally.refused + tally.synthesized) / seconds).toFixed(1)),
    counterexample: result.failed ? fc.stringify(result.counterexample) : null,
  }),
);
process.exitCode = result.failed ? 1 : 0;
