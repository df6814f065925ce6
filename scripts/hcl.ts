/**
 * The HCL that `npm run synth -- --hcl` hands to Terraform-native teams is formatted by
 * `terraform fmt`, the tool their CI checks it with (`terraform fmt -check`). CDKTF's renderer
 * writes every line flush left; teaching it Terraform's indentation and `=` alignment would be a
 * second formatter to keep in step with Terraform's, so the synth step runs the real one.
 */
import { spawnSync } from 'node:child_process';
import { terraformEnv } from './terraform-env';

/**
 * Formats every `.tf` file under `dir` in place with `terraform fmt`. Prints Terraform's reason
 * and throws when it cannot (no terraform on PATH, or HCL it cannot parse).
 */
export function formatHcl(dir: string): void {
  const result = spawnSync('terraform', ['fmt', '-recursive', '-list=false', '-no-color', dir], {
    encoding: 'utf8',
    env: terraformEnv(),
  });
  if (result.status === 0) return;
  const reason = result.error
    ? `terraform could not be run (${result.error.message}); synth --hcl needs Terraform on PATH`
    : result.stderr.trim();
  const message = `synth --hcl: terraform fmt failed on ${dir}: ${reason}`;
  console.error(message);
  throw new Error(message);
}
