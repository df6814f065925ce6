import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { project } from './project';
import type { EnvironmentConfig } from './types';

export { project };
export * from './types';

/** Where environment files live: one `<name>.ts` per environment, default-exporting its config. */
export const ENVIRONMENTS_DIR = join(__dirname, 'environments');

/**
 * Every environment, found by file: adding `envs/environments/<name>.ts` is all it takes to get a
 * new `<name>` stack and its service stacks. validate() checks each file name matches `name`.
 */
export const environments: readonly (EnvironmentConfig & { readonly sourceFile: string })[] = readdirSync(
  ENVIRONMENTS_DIR,
)
  .filter((file) => /^[^.]+\.ts$/.test(file))
  .sort()
  .map((file) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(join(ENVIRONMENTS_DIR, file)) as { default?: EnvironmentConfig };
    if (!module.default) {
      throw new Error(`envs/environments/${file} must default-export its EnvironmentConfig`);
    }
    return { ...module.default, sourceFile: basename(file, '.ts') };
  });
