import { dev } from './dev';
import { prod } from './prod';
import { project } from './project';
import { stg } from './stg';
import type { EnvironmentConfig } from './types';

export { project };
export * from './types';

/** Every environment, in deploy order. Adding one here is all `main.ts` needs. */
export const environments: readonly EnvironmentConfig[] = [dev, stg, prod];
