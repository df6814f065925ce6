import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * End-to-end: the real app, run the way cdktf.json runs it, on a temporary copy of the repository
 * whose configuration a test corrupts.
 */
const ROOT = resolve(__dirname, '../..');
const SOURCES = [
  '__tests__',
  'jest.config.js',
  'README.md',
  'docs',
  'main.ts',
  'envs',
  'stacks',
  'modules',
  'scripts',
  'tsconfig.json',
  'package.json',
  'cdktf.json',
];

function copyRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'app-copy-'));
  for (const entry of SOURCES) cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

function runApp(dir: string) {
  const outDir = join(dir, 'cdktf.out');
  const result = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['main.ts'], {
    cwd: dir,
    env: { ...process.env, CDKTF_OUTDIR: outDir },
    encoding: 'utf8',
  });
  return { ...result, outDir };
}

function edit(dir: string, file: string, from: string, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
  writeFileSync(path, text.replace(from, to));
}

describe('app', () => {
  let dir: string;
  beforeEach(() => (dir = copyRepo()));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('synthesizes one directory per stack', () => {
    const { status, outDir, stderr } = runApp(dir);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks).sort()).toEqual([
      'dev',
      'dev-backend',
      'dev-frontend',
      'prod',
      'prod-backend',
      'prod-frontend',
      'shared',
      'state',
      'stg',
      'stg-backend',
      'stg-frontend',
    ]);
  });

  test('fails when the config is invalid, naming every problem and writing nothing', () => {
    // GIVEN a VPC CIDR that is not a CIDR and an account ID that is too short
    edit(dir, 'envs/environments/dev.ts', "cidr: '10.10.0.0/16'", "cidr: '10.10.0.0/33'");
    edit(dir, 'envs/environments/prod.ts', "accountId: '444444444444'", "accountId: '4444'");
    // WHEN the app runs
    const { status, stderr, outDir } = runApp(dir);
    // THEN it exits non-zero, names environment, field, value and what is accepted, and writes nothing
    expect(status).toBe(1);
    expect(stderr).toContain('Invalid configuration, 2 problem(s); nothing was synthesized');
    expect(stderr).toContain('dev.network.cidr: "10.10.0.0/33" is not a valid IPv4 CIDR (accepted: ');
    expect(stderr).toContain(
      'prod.accountId: "4444" is not an AWS account ID (accepted: exactly 12 digits, as a string)',
    );
    expect(existsSync(outDir)).toBe(false);
  });

  test.each([
    [
      'a CIDR',
      'envs/environments/stg.ts',
      "cidr: '10.20.0.0/16'",
      "cidr: '10.20.0.0'",
      'stg.network.cidr: "10.20.0.0"',
    ],
    [
      'an account ID',
      'envs/environments/dev.ts',
      "accountId: '222222222222'",
      "accountId: '22222222222X'",
      'dev.accountId: "22222222222X"',
    ],
    [
      'overlapping CIDRs',
      'envs/environments/prod.ts',
      "cidr: '10.30.0.0/16'",
      "cidr: '10.10.64.0/18'",
      'prod.network.cidr: "10.10.64.0/18" overlaps dev.network.cidr',
    ],
    [
      'a domain',
      'envs/environments/stg.ts',
      "domain: 'stg.example.com'",
      "domain: 'stg.example.net'",
      'stg.domain: "stg.example.net" is outside the apex zone',
    ],
    [
      'service sizing',
      'envs/environments/prod.ts',
      'memory: 1024,',
      'memory: 3000,',
      'prod.services.backend.cpu/memory: {"cpu":512,"memory":3000} is refused by Fargate',
    ],
  ])(
    'fails on %s: exit 1, environment and field named, no stack written',
    (_kind, file, from, to, message) => {
      edit(dir, file, from, to);
      const { status, stderr, outDir } = runApp(dir);
      expect(status).toBe(1);
      expect(stderr).toContain(message);
      expect(existsSync(outDir)).toBe(false);
    },
  );

  test('fails when a valid config breaks a security rule, naming stack, resource and rule', () => {
    // GIVEN production backups shorter than the 7 days the rules demand of production
    edit(dir, 'envs/environments/prod.ts', 'backupRetentionDays: 30,', 'backupRetentionDays: 3,');
    // WHEN the app runs THEN synth fails with the rule
    const { status, stderr } = runApp(dir);
    expect(status).not.toBe(0);
    expect(stderr).toContain('Security policy violations in stack "prod"');
    expect(stderr).toMatch(
      /prod\/database\/cluster \(aws_rds_cluster\.database_cluster_[0-9A-F]+\): RDS-005/,
    );
  });

  test.each(['synth', 'diff'])('npm run %s with an unknown stack name fails and lists the stacks', (verb) => {
    const result = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/cdktf.ts', verb, 'dev-bakend'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Unknown stack "dev-bakend".');
    expect(result.stderr).toContain(
      'Stacks of this app: dev, dev-backend, dev-frontend, prod, prod-backend, prod-frontend, shared, state, stg, stg-backend, stg-frontend',
    );
  });

  test("the README's recipes: a fourth environment is one file, a third service is configuration, and the tests that read the configuration still pass", () => {
    // GIVEN envs/environments/qa.ts, a copy of stg with its own name, account, domain and range ...
    const stg = readFileSync(join(dir, 'envs/environments/stg.ts'), 'utf8');
    const qa = stg
      .replace(/\bstg\b/g, 'qa')
      .replace(/accountId: '\d{12}'/, "accountId: '555555555555'")
      .replace(/cidr: '[^']+'/, "cidr: '10.40.0.0/16'");
    writeFileSync(join(dir, 'envs/environments/qa.ts'), qa);
    // ... AND an internal "worker" that the backend calls, sized like the backend in every environment
    edit(
      dir,
      'envs/project.ts',
      '  services: {\n',
      "  services: {\n    worker: { port: 9090, exposure: 'internal', clients: ['backend'], healthCheckPath: '/healthz' },\n",
    );
    for (const env of readdirSync(join(dir, 'envs/environments'))) {
      const file = `envs/environments/${env}`;
      const text = readFileSync(join(dir, file), 'utf8');
      const backend = /\n    backend: \{[\s\S]*?\n    \},\n/.exec(text)![0];
      edit(
        dir,
        file,
        backend,
        backend +
          backend
            .replace('backend:', 'worker:')
            .replace(/parameters: \{[^}]*\}/, 'parameters: {}')
            .replace(/secureParameters: \[[^\]]*\]/, 'secureParameters: []'),
      );
    }

    // WHEN the app runs
    const { status, stderr, outDir } = runApp(dir);

    // THEN the new stacks exist, the shared registry and the backend's address book know the worker
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const stacks = Object.keys(JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')).stacks);
    expect(stacks).toEqual(
      expect.arrayContaining(['qa', 'qa-frontend', 'qa-backend', 'qa-worker', 'dev-worker']),
    );
    const qaJson = readFileSync(join(outDir, 'stacks/qa/cdk.tf.json'), 'utf8');
    expect(qaJson).toContain('"key": "webapp/qa.tfstate"');
    expect(qaJson).toContain('"domain_name": "qa.example.com"');
    expect(readFileSync(join(outDir, 'stacks/shared/cdk.tf.json'), 'utf8')).toContain(
      '"name": "webapp/worker"',
    );
    expect(readFileSync(join(outDir, 'stacks/dev-backend/cdk.tf.json'), 'utf8')).toContain(
      'WORKER_URL\\",\\"value\\":\\"http://worker.svc.dev.internal:9090',
    );

    // AND every unit test outside modules/ (modules never read the configuration) passes on it
    const tests = spawnSync(
      join(ROOT, 'node_modules/.bin/jest'),
      ['--ci', '--silent', '--testPathIgnorePatterns', '/e2e/', '/modules/'],
      { cwd: dir, encoding: 'utf8' },
    );
    expect({ status: tests.status, output: tests.status === 0 ? '' : tests.stderr }).toEqual({
      status: 0,
      output: '',
    });
  }, 180_000);

  test('two synths of the same commit are byte-identical', () => {
    const first = runApp(dir);
    const firstFiles = readTree(first.outDir);
    rmSync(first.outDir, { recursive: true });
    const second = runApp(dir);
    expect(first.status).toBe(0);
    expect(second.status).toBe(0);
    const secondFiles = readTree(second.outDir);
    expect(Object.keys(secondFiles).sort()).toEqual(Object.keys(firstFiles).sort());
    for (const [path, content] of Object.entries(firstFiles)) expect(secondFiles[path]).toBe(content);
    expect(Object.keys(firstFiles).filter((p) => p.endsWith('cdk.tf.json'))).toHaveLength(11);
  });
});

/** Every file under `dir`, by relative path, as text. */
function readTree(dir: string, prefix = ''): Record<string, string> {
  return Object.fromEntries(
    readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
      const path = join(prefix, entry.name);
      return entry.isDirectory()
        ? Object.entries(readTree(dir, path))
        : [[path, readFileSync(join(dir, path), 'utf8')]];
    }),
  );
}
