import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as shipped from '../../envs';
import type { EnvironmentConfig } from '../../envs/types';
import { accountsOf, administratorStackId } from '../../envs/derive';
import { EXPECTED_PROBLEMS, allExamples } from '../envs/examples';
import { ROOT, copyRepo, edit, runApp } from './app-copy';

type LoadedEnvironment = EnvironmentConfig & { readonly sourceFile?: string };

/** The stacks the shipped configuration (the copy's, until a test changes it) makes, sorted. */
const SHIPPED_STACKS = [
  'state',
  'shared',
  ...accountsOf(shipped.project, shipped.environments).map(administratorStackId),
  ...shipped.environments.flatMap((env) => [
    env.name,
    ...Object.keys(env.services).map((s) => `${env.name}-${s}`),
  ]),
].sort();

/** End-to-end: the real app, run the way cdktf.json runs it, on a copy whose configuration a test corrupts. */
describe('app', () => {
  let dir: string;
  beforeEach(() => (dir = copyRepo()));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('synthesizes one directory per stack', () => {
    const { status, outDir, stderr } = runApp(dir);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8'));
    // state, shared, one administrator stack per account, and for each environment its own stack
    // and one per service it runs
    expect(Object.keys(manifest.stacks).sort()).toEqual(SHIPPED_STACKS);
  });

  test('refuses every known mistake in one run: exit 1, one line each, no stack trace, previous output untouched', () => {
    // GIVEN a good synth in cdktf.out ...
    const good = runApp(dir);
    expect(good.status).toBe(0);
    const before = readTree(good.outDir);
    // ... THEN every mistake of examples.ts written into the environment files ...
    const [project, environments] = allExamples();
    writeFileSync(
      join(dir, 'envs/project.ts'),
      `export const project = ${JSON.stringify(project, null, 2)};\n`,
    );
    for (const { sourceFile: _loadedFrom, ...env } of environments as LoadedEnvironment[]) {
      writeFileSync(
        join(dir, `envs/environments/${env.name}.ts`),
        `export default ${JSON.stringify(env, null, 2)};\n`,
      );
    }
    // ... AND a new environment whose settings are misspelt
    writeFileSync(
      join(dir, 'envs/environments/qa.ts'),
      `import { nonProduction } from '../base';
import { defineEnvironment } from '../define';
export default defineEnvironment(nonProduction, {
  name: 'qa',
  accountId: '555555555555',
  domain: 'qa.example.com',
  network: { cidr: '10.40.0.0/16' },
  protectdata: true,
  services: { frontend: { requestPerTarget: 500, desiredCont: 2 } },
} as never);
`,
    );

    // WHEN the app runs
    const { status, stdout, stderr, outDir } = runApp(dir);

    // THEN it exits 1 with one line per problem, the misspellings answered with the right name ...
    expect(status).toBe(1);
    const typos = [
      'qa.protectdata: true is not a setting here (did you mean protectData?)',
      'qa.services.frontend.desiredCont: 2 is not a setting here (did you mean desiredCount?)',
      'qa.services.frontend.requestPerTarget: 500 is not a setting here (did you mean requestsPerTarget?)',
    ];
    const expected = [...typos, ...Object.values(EXPECTED_PROBLEMS).flat()];
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`Invalid configuration, ${expected.length} problem(s); nothing was synthesized:`);
    for (const typo of typos) expect(lines.find((line) => line.startsWith(`  - ${typo}`))).toBeDefined();
    expect(
      lines
        .slice(1)
        .map((line) => line.replace(/^  - /, ''))
        .filter((l) => !l.startsWith('qa.'))
        .sort(),
    ).toEqual(Object.values(EXPECTED_PROBLEMS).flat().sort());
    // ... no stack trace or JavaScript source, nothing on stdout ...
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr).not.toMatch(/\.(ts|js):\d+/);
    expect(stdout).toBe('');
    // ... AND the previous output exactly as it was
    expect(readTree(outDir)).toEqual(before);
  });

  test('cdktf.out is exactly the last successful synth: removed stacks go, HCL and JSON never share a folder', () => {
    // GIVEN an HCL synth, with Terraform's working files in a stack folder (as after a plan)
    const hcl = runApp(dir, { SYNTH_HCL_OUTPUT: 'true' });
    expect(hcl.status).toBe(0);
    expect(existsSync(join(hcl.outDir, 'stacks/stg/cdk.tf'))).toBe(true);
    mkdirSync(join(hcl.outDir, 'stacks/stg/.terraform'));
    writeFileSync(join(hcl.outDir, 'stacks/stg/.terraform.lock.hcl'), '# lock\n');
    // WHEN stg's file is removed AND the JSON synth runs
    rmSync(join(dir, 'envs/environments/stg.ts'));
    const json = runApp(dir);
    // THEN only JSON is left, stg's stacks are gone, and dev kept nothing of the HCL synth
    expect(json.status).toBe(0);
    const files = Object.keys(readTree(json.outDir));
    expect(files.filter((f) => f.endsWith('cdk.tf'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('stacks/stg'))).toEqual([]);
    // (stg's account goes with it, unless another environment lives there)
    const others = shipped.environments.filter((e) => e.name !== 'stg');
    const kept = new Set(accountsOf(shipped.project, others).map(administratorStackId));
    const remaining = SHIPPED_STACKS.filter(
      (s) => !s.startsWith('stg') && (!s.startsWith('admin-') || kept.has(s)),
    );
    expect(files.filter((f) => f.endsWith('cdk.tf.json'))).toHaveLength(remaining.length);
    // AND the stack that still exists keeps Terraform's working files (the next init is quick),
    // while its lock file is the repository's, whatever was there: the reviewed provider checksums
    mkdirSync(join(json.outDir, 'stacks/dev/.terraform'));
    writeFileSync(join(json.outDir, 'stacks/dev/.terraform.lock.hcl'), '# lock\n');
    expect(runApp(dir).status).toBe(0);
    expect(existsSync(join(json.outDir, 'stacks/dev/.terraform'))).toBe(true);
    expect(readFileSync(join(json.outDir, 'stacks/dev/.terraform.lock.hcl'), 'utf8')).toBe(
      readFileSync(join(ROOT, '.terraform.lock.hcl'), 'utf8'),
    );
  });

  test('a security rule broken by code fails synth naming stack, resource and rule, without a trace, writing nothing', () => {
    // GIVEN code that drops prod's database deletion protection: the mapping from configuration to
    // module props (configuration cannot: validate() refuses every setting the rules would, see
    // envs/config-contract.test.ts)
    edit(dir, 'envs/resolve.ts', 'deletionProtection: env.protectData,', 'deletionProtection: false,');
    // WHEN the app runs THEN synth fails with the rule, as a message
    const { status, stderr, outDir } = runApp(dir);
    expect(status).toBe(1);
    expect(stderr).toContain('Security policy violations in stack "prod"');
    expect(stderr).toMatch(
      /prod\/database\/cluster \(aws_rds_cluster\.database_cluster_[0-9A-F]+\): RDS-004/,
    );
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(outDir)).toBe(false);
  });

  test('an AWS limit broken by code fails synth naming stack, resource, size and limit, without a trace, writing nothing', () => {
    // GIVEN code that grants the state bucket to 700 accounts: each costs 160 bytes of bucket policy
    edit(
      dir,
      'stacks/state-stack.ts',
      'accountIds: accounts,',
      'accountIds: Array.from({ length: 700 }, (_, i) => String(100_000_000_000 + i)),',
    );
    // WHEN the app runs THEN synth fails with the limit, as a message
    const { status, stderr, outDir } = runApp(dir);
    expect(status).toBe(1);
    expect(stderr).toContain('AWS limits exceeded in stack "state" (1):');
    expect(stderr).toMatch(
      /state\/state-bucket\/store\/policy \(aws_s3_bucket_policy\.state-bucket_store_policy_[0-9A-F]+\): S3-POLICY bucket policy size, policy is 11[\d,]+ bytes .*, over the limit of 20,480 bytes/,
    );
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(outDir)).toBe(false);
  });

  test.each(['synth', 'diff'])('npm run %s with an unknown stack name fails and lists the stacks', (verb) => {
    const result = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/cdktf.ts', verb, 'dev-bakend'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Unknown stack "dev-bakend".');
    expect(result.stderr).toContain(`Stacks of this app: ${SHIPPED_STACKS.join(', ')}\n`);
  });

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
    expect(Object.keys(firstFiles).filter((p) => p.endsWith('cdk.tf.json'))).toHaveLength(
      SHIPPED_STACKS.length,
    );
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
