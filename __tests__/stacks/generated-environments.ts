import { App } from 'cdktf';
import { project } from '../../envs';
import { nonProduction } from '../../envs/base';
import { defineEnvironment } from '../../envs/define';
import type { EnvironmentConfig } from '../../envs/types';
import { assertValid } from '../../envs/validate';
import { buildApp } from '../../stacks/app';

/**
 * `count` environments the way a platform team adds them (README, "a fourth environment"): the
 * shipped pre-production base with a name, an account, a domain and an address range of their
 * own. Each in its own account, the case that grows the cross-account policies fastest.
 */
export function generatedEnvironments(count: number): EnvironmentConfig[] {
  const environments = Array.from({ length: count }, (_, i) => {
    const name = `team${String(i + 1).padStart(2, '0')}`;
    return defineEnvironment(nonProduction, {
      name,
      accountId: String(600_000_000_000 + (i + 1) * 1_000_003),
      domain: `${name}.${project.apexDomain}`,
      network: { cidr: `10.${100 + i}.0.0/16` },
    });
  });
  // Only a configuration the app accepts says anything about the app.
  assertValid(project, environments);
  return environments;
}

/** Every stack of the shipped project with `count` generated environments, built as main.ts builds them. */
export function generatedApp(count: number, outdir?: string) {
  const app = new App({ skipValidation: true, ...(outdir ? { outdir } : {}) });
  const configs = generatedEnvironments(count);
  return { app, configs, ...buildApp(app, project, configs) };
}
