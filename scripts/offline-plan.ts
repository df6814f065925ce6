/**
 * `npm run test:plan`: the offline plan tier. Synthesizes the app (or takes `--synth-dir DIR`;
 * with `--hcl`, plans the HCL form),
 * then init/validate/plans every stack without AWS. Prints a line per stack and
 * `N passed, N failed`; exits non-zero if any stack failed.
 */
import { resolve } from 'node:path';
import { offlinePlan, type StackResult } from './plan/offline-plan';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const synthDirFlag = args.indexOf('--synth-dir');
  const synthDir = synthDirFlag >= 0 ? args[synthDirFlag + 1] : undefined;
  const hcl = args.includes('--hcl');
  const concurrency = Number(process.env.PLAN_CONCURRENCY ?? 2);

  const started = Date.now();
  const print = (r: StackResult) => {
    const status = r.ok ? 'PASS' : 'FAIL';
    console.log(`${status} ${r.stack.padEnd(16)} ${r.summary} (${r.seconds.toFixed(1)}s)`);
    if (!r.ok && r.detail) console.log(r.detail.replace(/^/gm, '    | '));
  };
  console.log(`offline plan of the ${hcl ? 'HCL (cdktf synth --hcl)' : 'JSON'} form of every stack`);
  const results = await offlinePlan({
    root: resolve(__dirname, '..'),
    synthDir,
    hcl,
    concurrency,
    onResult: print,
  });
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`offline plan of ${results.length} stacks took ${((Date.now() - started) / 1000).toFixed(1)}s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || results.length === 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
