/**
 * For `npm run bench`: the shipped project with BENCH_ENVIRONMENTS generated environments (default
 * 33: with `state` and `shared`, 101 stacks), validated and synthesized exactly like main.ts, so its
 * time can be set against the shipped app's 11 stacks (the target: at most 3x for about 100).
 */
// Run like main.ts: what only error messages need is off before anything loads.
import '../../stacks/synth-speed';
import { synthesizeFresh } from '../../stacks/synth-output';
import { generatedApp } from './generated-environments';

const count = Number(process.env.BENCH_ENVIRONMENTS ?? 33);
synthesizeFresh(
  process.env.CDKTF_OUTDIR ?? 'cdktf.out',
  (outdir) => generatedApp(count, outdir, { validate: true }).app,
);
