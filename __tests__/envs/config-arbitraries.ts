import fc from 'fast-check';
import { App } from 'cdktf';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environments, project } from '../../envs';
import type { EnvironmentConfig, ProjectConfig } from '../../envs/types';
import { ConfigError, assertValid } from '../../envs/validate';
import { formatProblem } from '../../modules/core';
import { buildApp } from '../../stacks/app';

/**
 * Configurations "around the shipped ones" for the property test of the configuration contract:
 * the shipped project and environments with one to three settings of one environment (or of the
 * service catalogue) replaced by a value drawn from the edges of what is accepted, and beyond.
 * Values are chosen, not random strings: each list holds the accepted extremes and the first
 * value past them, which is where validation and the constructs used to disagree.
 */
export type Config = [ProjectConfig, EnvironmentConfig[]];

type Path = readonly (string | number)[];
export interface Change {
  readonly path: Path;
  readonly value: unknown;
}

const SERVICES = Object.keys(project.services);
const pick = <T>(...values: T[]) => fc.constantFrom(...values);
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const list = <T>(arb: fc.Arbitrary<T>, maxLength = 4) => fc.array(arb, { maxLength });
const at = (path: Path, value: fc.Arbitrary<unknown>) => value.map((v): Change => ({ path, value: v }));

const cidr = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 255 }), pick(0, 64, 128), fc.integer({ min: 14, max: 26 }))
    .map(([b, c, prefix]) => `10.${b}.${c}.0/${prefix}`),
  pick('10.10.0.0/16', '10.0.0.0/33', '10.10.0.1/16', '172.16.0.0/12', '192.168.0.0/24'),
);
const ingressCidr = pick('0.0.0.0/0', '203.0.113.0/24', '198.51.100.7/32', '203.0.113.1/24', '::/0');
const logDays = pick(0, 1, 3, 7, 14, 30, 90, 365, 400, 731, 3653, -1);

const environmentChanges: fc.Arbitrary<Change>[] = [
  at(['accountId'], pick('222222222222', '444444444444', '555555555555', '12345', '111111111111')),
  at(['production'], fc.boolean()),
  at(['protectData'], fc.boolean()),
  at(
    ['domain'],
    pick(
      'qa.example.com',
      'example.com',
      'dev.example.com',
      'a.b.example.com',
      'example.net',
      `${'x'.repeat(53)}.example.com`,
      'Dev.Example.com',
      '-bad.example.com',
    ),
  ),
  at(['logRetentionDays'], logDays),
  at(['network', 'cidr'], cidr),
  at(
    ['network', 'availabilityZoneIds'],
    list(pick('apne1-az1', 'apne1-az2', 'apne1-az3', 'apne1-az4', 'ap-northeast-1a', 'use1-az1')),
  ),
  at(['network', 'nat'], pick('none', 'single', 'per-az', 'all')),
  at(['loadBalancer', 'ingressCidrs'], list(ingressCidr)),
  at(['loadBalancer', 'idleTimeoutSeconds'], pick(0, 1, 60, 4000, 4001, 1.5)),
  at(['loadBalancer', 'deletionProtection'], fc.boolean()),
  at(['loadBalancer', 'accessLogs'], fc.record({ enabled: fc.boolean(), retentionDays: logDays })),
  at(
    ['cluster', 'ec2', 'instanceTypes'],
    list(pick('c7i.large', 'm6i.xlarge', 't3.micro', 'c7g.large', 'x9.huge', 'c5.large', 'r6i.2xlarge'), 5),
  ),
  at(['cluster', 'ec2', 'minSize'], fc.integer({ min: -1, max: 12 })),
  at(['cluster', 'ec2', 'maxSize'], fc.integer({ min: -1, max: 12 })),
  at(['cluster', 'ec2', 'onDemandBaseCapacity'], fc.integer({ min: -1, max: 12 })),
  at(['cluster', 'ec2', 'targetCapacityPercent'], pick(0, 1, 50, 100, 101)),
  at(['cluster', 'ec2', 'rootVolumeGiB'], pick(20, 29, 30, 100, 16384, 16385)),
  at(['cluster', 'ec2', 'eniTrunking'], optional(fc.boolean())),
  at(['cluster', 'defaultCapacity'], pick('FARGATE', 'FARGATE_SPOT', 'EC2')),
  at(['database', 'engine'], pick('aurora-mysql', 'aurora-postgresql', 'mysql')),
  at(['database', 'engineVersion'], pick('8.0.mysql_aurora.3.08.2', '16.6', 'latest')),
  at(['database', 'minCapacityAcu'], pick(0, 0.5, 1, 1.25, 2, 16, 256, 257)),
  at(['database', 'maxCapacityAcu'], pick(0, 0.5, 1, 1.25, 2, 16, 256, 257)),
  at(['database', 'readers'], fc.integer({ min: -1, max: 16 })),
  at(['database', 'backupRetentionDays'], pick(0, 1, 6, 7, 35, 36)),
  at(
    ['database', 'masterUsername'],
    pick('app_admin', 'admin', 'a'.repeat(16), 'a'.repeat(17), '1abc', 'app-user'),
  ),
  at(['database', 'databaseName'], pick('app', '1app', 'app-db', 'a'.repeat(63), 'a'.repeat(65))),
  at(['database', 'backupWindow'], pick('18:00-19:00', '19:00-20:00', '25:00-26:00', '18:00-18:10')),
  at(
    ['database', 'maintenanceWindow'],
    pick('sun:19:30-sun:20:30', 'sun:18:30-sun:19:30', 'mon:00:00-mon:00:10'),
  ),
  at(['database', 'applyImmediately'], fc.boolean()),
  at(['database', 'performanceInsights'], optional(fc.boolean())),
  at(
    ['database', 'parameters'],
    fc.dictionary(
      pick('character_set_server', 'require_secure_transport', 'max_connections', 'bad name'),
      pick('utf8mb4', 'ON', '100', ''),
    ),
  ),
  at(
    ['alarms', 'emails'],
    list(pick('a@example.com', 'A@example.com', 'not-an-email', 'ops@example.com'), 3),
  ),
  at(['alarms', 'services', 'cpuPercent'], pick(0, 0.5, 1, 85, 100, 101)),
  at(['alarms', 'services', 'memoryPercent'], pick(0, 1, 85, 100, 101)),
  at(['alarms', 'services', 'targetResponseTimeSeconds'], pick(0, 0.001, 1.5, 60, 3601)),
  at(['alarms', 'loadBalancer', 'elb5xxPerMinute'], pick(0, 1, 10, 1.5)),
  at(['alarms', 'database', 'connections'], pick(0, 1, 500, 100000)),
  at(['alarms', 'database', 'freeableMemoryBytes'], pick(0, 1, 268435456)),
];

const serviceChanges = (service: string): fc.Arbitrary<Change>[] => {
  const s = (...path: Path) => ['services', service, ...path];
  return [
    fc
      .tuple(
        pick(128, 256, 512, 1024, 2048, 4096, 8192, 16384),
        pick(256, 512, 1024, 2048, 3072, 4096, 8192, 16384, 30720, 65536, 122880),
      )
      .chain(([cpu, memory]) => at(s(), fc.constant({ cpu, memory }))),
    at(
      s('capacity'),
      fc.oneof(
        fc.constant({ type: 'ec2' }),
        fc.record({
          type: fc.constant('fargate'),
          fargateWeight: pick(0, 1, 3, 1000, 1001, -1),
          spotWeight: pick(0, 1, 1000, 1001),
        }),
      ),
    ),
    at(s('desiredCount'), fc.integer({ min: -1, max: 15 })),
    at(s('minCount'), fc.integer({ min: -1, max: 15 })),
    at(s('maxCount'), fc.integer({ min: -1, max: 15 })),
    at(s('cpuTargetPercent'), pick(0, 1, 50, 70, 100, 101)),
    at(s('requestsPerTarget'), optional(pick(0, 1, 1000, 1.5))),
    at(
      s('listenerRule'),
      optional(
        fc.record(
          {
            priority: pick(0, 1, 99, 100, 200, 50000, 50001),
            pathPatterns: list(pick('/*', '/api/*', '/admin/*', 'api', '/a?b', `/${'x'.repeat(130)}`), 6),
            hostHeaders: list(pick('www.example.com', '*.example.com', 'bad host'), 2),
          },
          { requiredKeys: ['priority', 'pathPatterns'] },
        ),
      ),
    ),
    at(
      s('deployment'),
      fc.record({
        minimumHealthyPercent: pick(0, 50, 100, 101),
        maximumPercent: pick(99, 100, 200, 201),
        healthCheckGracePeriodSeconds: pick(0, 60, 2147483647, 2147483648),
      }),
    ),
    at(s('enableExec'), fc.boolean()),
    at(
      s('environment'),
      fc.dictionary(
        pick('LOG_LEVEL', 'DB_HOST', 'lower', '1X', 'BACKEND_URL', 'AWS_REGION'),
        pick('x', '', 'debug'),
      ),
    ),
    at(
      s('parameters'),
      fc.dictionary(
        pick('feature-flags', 'feature_flags', 'api/base-url', '1flag', '.', 'a/../b', 'db/host'),
        pick('on', ''),
      ),
    ),
    at(s('secureParameters'), list(pick('payment-api-key', 'payment_api_key', '../x', 'db-password'), 3)),
    at(s('scratchPaths'), list(pick('/tmp', '/tmp/', '/var/run', 'tmp', '/', '/var/cache/nginx'))),
    at(
      s('taskPolicyStatements'),
      pick(
        [],
        [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::webapp-assets/*'] }],
        [{ actions: ['s3:*'], resources: ['*'] }],
        [{ actions: ['*'], resources: ['arn:aws:s3:::webapp-assets/*'] }],
      ),
    ),
    at(s(), fc.constant(undefined)),
  ];
};

const catalogueChanges: fc.Arbitrary<Change>[] = SERVICES.flatMap((service) => [
  at(['project', 'services', service, 'usesDatabase'], fc.boolean()),
  at(['project', 'services', service, 'exposure'], pick('public', 'internal')),
  at(['project', 'services', service, 'clients'], optional(list(pick(...SERVICES, 'nobody'), 2))),
  at(['project', 'services', service, 'port'], pick(0, 80, 1024, 8080, 65535, 65536)),
  at(
    ['project', 'services', service, 'healthCheckPath'],
    pick('/healthz', 'healthz', '/', `/${'h'.repeat(1030)}`),
  ),
  // Where the images come from: one repository and one branch, or refused.
  at(
    ['project', 'services', service, 'source'],
    optional(
      fc.record({
        repository: pick(
          'acme/webapp-frontend',
          'a/b',
          `${'o'.repeat(39)}/${'r'.repeat(100)}`,
          'acme/*',
          'acme',
        ),
        branch: optional(pick('main', 'release/v2.1', 'feature/*', 'refs/heads/main', '-x', 'a..b')),
      }),
    ),
  ),
]);

/** The delivery settings of the project: this repository, and the environments that take every image. */
const deliveryChanges: fc.Arbitrary<Change>[] = [
  at(
    ['project', 'repository'],
    pick('acme/webapp-platform', 'Acme-Corp/platform.infra', 'acme/*', 'acme/', '*'),
  ),
  at(['project', 'autoDeploy'], optional(list(pick(...environments.map((e) => e.name), 'qa'), 3))),
];

const change = fc.oneof(
  { arbitrary: fc.oneof(...environmentChanges), weight: 4 },
  { arbitrary: fc.oneof(...SERVICES.flatMap(serviceChanges)), weight: 4 },
  { arbitrary: fc.oneof(...catalogueChanges), weight: 1 },
  { arbitrary: fc.oneof(...deliveryChanges), weight: 1 },
);

/** One generated configuration: the changes (what fast-check prints) and the configuration they give. */
export interface Variant {
  readonly environment: string;
  readonly changes: readonly Change[];
  readonly config: Config;
}

/** The shipped configuration with one to three changes to one environment (or the catalogue). */
export const configAround: fc.Arbitrary<Variant> = fc
  .tuple(
    fc.constantFrom(...environments.map((env) => env.name)),
    fc.array(change, { minLength: 1, maxLength: 3 }),
  )
  .map(([environment, changes]) => ({
    environment,
    changes,
    config: applyChanges(environment, changes),
    // A counterexample is read as its changes, not as three whole environments.
    [fc.toStringMethod]: () =>
      changes
        .map(
          ({ path, value }) =>
            `${path[0] === 'project' ? '' : `${environment}.`}${path.join('.')} = ${fc.stringify(value)}`,
        )
        .join('; '),
  }));

/**
 * The shipped configuration with `changes` made to `environment` (a path starting with `project`
 * changes the project instead).
 */
export function applyChanges(environment: string, changes: readonly Change[]): Config {
  return changes.reduce<Config>(
    ([p, envs], { path, value }) =>
      path[0] === 'project'
        ? [setIn(p, path.slice(1), value), envs]
        : [p, envs.map((env) => (env.name === environment ? setIn(env, path, value) : env))],
    [project, [...environments]],
  );
}

/** `target` with the value at `path` replaced (merged, when both are objects); `undefined` removes it. */
function setIn<T>(target: T, path: Path, value: unknown): T {
  // A change below a removed service starts from nothing (the shape check then refuses it).
  const object = (target ?? {}) as Record<string | number, unknown>;
  if (path.length === 0) {
    return (isObject(target) && isObject(value) ? { ...object, ...value } : value) as T;
  }
  const [key, ...rest] = path;
  const copy: Record<string | number, unknown> = { ...object };
  const next = setIn(object[key], rest, value);
  if (next === undefined) delete copy[key];
  else copy[key] = next;
  return copy as T;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What the contract says of one configuration. */
export type Verdict = { refused: string[] } | { synthesized: number };

/**
 * The contract: validate() refuses the configuration, every problem naming an environment (or
 * the project) and a field, or the whole app synthesizes with every security rule passing. Any
 * other outcome throws: a construct refusing what validate() accepted, a rule violation, a crash.
 */
export function judge([p, envs]: Config): Verdict {
  try {
    assertValid(p, envs);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { refused: error.problems.map(formatProblem) };
  }
  const outdir = mkdtempSync(join(tmpdir(), 'config-property-'));
  try {
    const app = new App({ outdir, stackTraces: false });
    const built = buildApp(app, p, envs);
    app.synth();
    return { synthesized: 2 + built.environments.length + built.services.length };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
