import Ajv, { type ErrorObject } from 'ajv';
import { check, type Problem } from '../modules/core/validation';
import schema from './config.schema.json';
import type { EnvironmentConfig, ProjectConfig } from './types';

/**
 * The shape of each configuration file, checked against the JSON schema generated from
 * envs/types.ts (`npm run schema`): unknown or misspelt settings, missing ones and values of the
 * wrong type are refused with the field's path, before validate() looks at any value. The app
 * runs without a type-checker (tsx strips types), so without this a typo such as
 * `requestPerTarget` would be dropped in silence.
 */

// The schema is generated and the unit tests check it against JSON Schema's meta-schema; compiling
// the meta-schema on every run was about 5% of a synth.
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, validateSchema: false });
ajv.addSchema(schema, 'config');
const checkProject = ajv.getSchema('config#/definitions/ProjectConfig')!;
const checkEnvironment = ajv.getSchema('config#/definitions/EnvironmentConfig')!;

/** Shape problems of the project (when given) and of each environment. */
export function shapeProblems(
  project: ProjectConfig | undefined,
  environments: readonly (EnvironmentConfig & { readonly sourceFile?: string })[],
): Problem[] {
  return [
    ...(project === undefined || checkProject(project)
      ? []
      : describe('project', project, checkProject.errors ?? [])),
    ...environments.flatMap(({ sourceFile, ...env }) => {
      // `sourceFile` is the loader's note of where the environment came from, not a setting.
      const name = typeof env.name === 'string' ? env.name : (sourceFile ?? '?');
      return checkEnvironment(env) ? [] : describe(name, env, checkEnvironment.errors ?? []);
    }),
  ];
}

function describe(root: string, data: unknown, errors: readonly ErrorObject[]): Problem[] {
  // A discriminated union (`capacity`) is checked by the branch its `type` names; the `if` that
  // picked the branch adds nothing to what the branch says.
  const chosen = errors.filter((e) => e.keyword !== 'if');
  return chosen.flatMap((e) => problemOf(root, data, e));
}

function problemOf(root: string, data: unknown, e: ErrorObject): Problem[] {
  const segments = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const path = [root, ...segments].join('.');
  const value = segments.reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], data);
  const parent = e.parentSchema as
    | { properties?: Record<string, { description?: string }>; enum?: unknown[]; const?: unknown }
    | undefined;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params.additionalProperty);
      const known = Object.keys(parent?.properties ?? {});
      const suggestion = closest(key, known);
      return check(
        false,
        `${path}.${key}`,
        (value as Record<string, unknown>)[key],
        `is not a setting here${suggestion ? ` (did you mean ${suggestion}?)` : ''}`,
        known.join(', '),
      );
    }
    case 'required': {
      const key = String(e.params.missingProperty);
      const description = parent?.properties?.[key]?.description;
      return check(
        false,
        `${path}.${key}`,
        undefined,
        'is missing',
        description ?? 'a value for this required setting',
      );
    }
    case 'type':
      return check(
        false,
        path,
        value,
        `is not of type ${String(e.params.type)}`,
        `a ${String(e.params.type)}`,
      );
    case 'enum':
    case 'const': {
      const accepted = parent?.enum ?? [parent?.const];
      return check(
        false,
        path,
        value,
        'is not one of the accepted values',
        accepted.map((v) => JSON.stringify(v)).join(', '),
      );
    }
    default:
      return check(
        false,
        path,
        value,
        e.message ?? 'does not fit the configuration schema',
        'a value of the shape envs/types.ts declares',
      );
  }
}

/** The known name a misspelling most likely meant: same letters but case, or at most two edits away. */
function closest(name: string, known: readonly string[]): string | undefined {
  const scored = known
    .map((candidate) => ({ candidate, distance: editDistance(name.toLowerCase(), candidate.toLowerCase()) }))
    .filter((s) => s.distance <= 2)
    .sort((a, b) => a.distance - b.distance);
  return scored[0]?.candidate;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
