import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatHcl } from './hcl';

/**
 * Runs the app command of cdktf.json with CDKTF_OUTDIR, the way `cdktf synth` does (with
 * `{ SYNTH_HCL_OUTPUT: 'true' }` in `env`, the way `cdktf synth --hcl` does, then formatted with
 * `terraform fmt` so the HCL is as a Terraform team's CI expects it).
 */
export function synthesize(root: string, outDir: string, env: NodeJS.ProcessEnv = {}): string {
  const synth = synthCommand(root, outDir, env);
  execFileSync('sh', ['-c', synth.app], { cwd: root, env: synth.env, stdio: SYNTH_STDIO });
  if (synth.hcl) formatHcl(outDir);
  return outDir;
}

/** The app's own errors reach the terminal; what it prints on success does not. */
export const SYNTH_STDIO: ['ignore', 'ignore', 'inherit'] = ['ignore', 'ignore', 'inherit'];

export function synthCommand(root: string, outDir: string, env: NodeJS.ProcessEnv) {
  const { app } = JSON.parse(readFileSync(join(root, 'cdktf.json'), 'utf8')) as { app: string };
  const synthEnv: NodeJS.ProcessEnv = { ...process.env, ...env, CDKTF_OUTDIR: outDir };
  return { app, env: synthEnv, hcl: synthEnv.SYNTH_HCL_OUTPUT === 'true' };
}
