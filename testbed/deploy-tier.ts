/**
 * `npm run test:deploy`: the deploy tier. Deploys every stack to the AWS emulator (moto) the way the
 * README deploys it, re-plans every stack, then destroys them in reverse order (protected data must
 * survive). Prints a line per step and per stack, then `N passed, N failed`; exits non-zero on any
 * failure, and with one line when moto is not installed (it never skips, in CI or elsewhere).
 * DEPLOY_CONCURRENCY (default 3) commands run at once; DEPLOY_KEEP_LOGS=1 keeps every command's output.
 */
import { resolve } from 'node:path';
import { EmulatorMissingError } from './emulator/moto';
import { deployTier, type DeployTierResult, type Phase, type Step } from './deploy/deploy-tier';
import { Progress } from './schedule/progress';

async function main(): Promise<number> {
  let result: DeployTierResult;
  const progress = new Progress();
  try {
    result = await deployTier({
      root: resolve(__dirname, '..'),
      concurrency: Number(process.env.DEPLOY_CONCURRENCY ?? 3),
      log: (line) => progress.line(line),
      watcher: progress,
    });
  } catch (error) {
    if (error instanceof EmulatorMissingError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    progress.end();
  }

  console.log('');
  const describe = (phase: Phase, step?: Step) => {
    const verb = {
      deploy: 'deployed',
      replan: 're-planned',
      destroy: step?.summary.startsWith('refused') ? 'destroy refused' : 'destroyed',
    }[phase];
    return step ? `${verb} ${step.ok ? '' : 'FAILED '}${step.seconds.toFixed(1)}s` : `not ${verb}`;
  };
  let passed = 0;
  let failed = 0;
  for (const s of result.stacks) {
    const phases = ['deploy', 'replan', 'destroy'] as const;
    const ok = phases.every((p) => s.steps[p]?.ok);
    if (ok) passed++;
    else failed++;
    console.log(
      `${ok ? 'PASS' : 'FAIL'} ${s.stack.padEnd(16)} ${phases.map((p) => describe(p, s.steps[p])).join(' · ')}`,
    );
  }
  for (const check of result.checks) {
    if (check.ok) passed++;
    else failed++;
    console.log(`${check.ok ? 'PASS' : 'FAIL'} check: ${check.name}`);
  }
  if (result.logDir) console.log(`output of every command: ${result.logDir}`);
  console.log(`deploy tier took ${result.seconds.toFixed(1)}s`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
