import { App } from 'cdktf';
import { project } from '../../envs';
import { nonProduction } from '../../envs/base';
import { defineEnvironment } from '../../envs/define';
import type { EnvironmentConfig, ProjectConfig } from '../../envs/types';
import { assertValid } from '../../envs/validate';
import { buildApp } from '../../stacks/app';

/**
 * Environments for the tests and the benchmark that grow the app (shared here, so both grow it
 * alike): `count` environments the way a platform team adds them (docs/configuration.md, "Adding an environment"): the
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
  assertValid(generatedProject(environments), environments);
  return environments;
}

/**
 * The shipped project over generated environments: new images go to the first of them, as the
 * shipped project sends them to dev (autoDeploy may only name environments that exist).
 */
export function generatedProject(environments: readonly EnvironmentConfig[]): ProjectConfig {
  return { ...project, autoDeploy: environments.slice(0, 1).map((env) => env.name) };
}

/**
 * Every stack of the shipped project with `count` generated environments, built as main.ts builds
 * them (`validate: false` skips CDKTF's construct validation, as the tests may, for speed).
 */
export function generatedApp(count: number, outdir?: string, { validate = false } = {}) {
  const app = new App({ skipValidation: !validate, ...(outdir ? { outdir } : {}) });
  const configs = generatedEnvironments(count);
  return { app, configs, ...buildApp(app, generatedProject(configs), configs) };
}
