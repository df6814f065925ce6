import { validateWorkflow } from '@action-validator/core';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { environments, project } from '../../envs';
import { platformGithubEnvironment, servicesGithubEnvironment } from '../../envs/derive';
import { evaluateWebIdentity, githubClaims, type GithubJob } from '../../scripts/oidc/trust';
import { writeWorkflows } from '../../scripts/workflows';
import { deliveryModel, type DeliveryModel } from '../../scripts/workflows/model';
import {
  GENERATED_MARK,
  KEEP_SCRIPT,
  generateWorkflows,
  type GeneratedFile,
} from '../../scripts/workflows/render';
import type { Synthesized } from '../helpers';
import { shippedSynthDir } from '../stacks/app-fixture';
import { githubRolesOf, providerArn } from '../stacks/delivery-roles';

/**
 * The workflows `npm run workflows` writes, generated from a fresh synth of the shipped
 * configuration: valid GitHub Actions syntax (checked by @action-validator/core, the schema GitHub's
 * own editor uses), jobs derived from the manifest, and every role a job assumes accepting exactly
 * that job (evaluated against the synthesized trust policies).
 */

const synthDir = shippedSynthDir();

interface Manifest {
  stacks: Record<string, { dependencies: string[]; workingDirectory: string }>;
}
const manifest = JSON.parse(readFileSync(join(synthDir, 'manifest.json'), 'utf8')) as Manifest;
const stackJson = (name: string) =>
  JSON.parse(
    readFileSync(join(synthDir, manifest.stacks[name].workingDirectory, 'cdk.tf.json'), 'utf8'),
  ) as Synthesized;
const model: DeliveryModel = deliveryModel(synthDir, project, environments);
const files = generateWorkflows(model);
const workflow = (path: string) => {
  const found = files.find((f) => f.path === path);
  if (!found) throw new Error(`${path} is not generated`);
  return parse(found.content) as Record<string, any>;
};
const bootstrap = Object.keys(manifest.stacks).filter(
  (n) => 'local' in ((stackJson(n).terraform?.backend as object) ?? {}),
);

/** Whether the role (by ARN) exists in the synthesized app and accepts a job's token. */
function accepts(roleArn: string, job: GithubJob): boolean {
  const [, accountId, roleName] = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(roleArn) ?? [];
  const role = Object.keys(manifest.stacks)
    .flatMap((stack) => githubRolesOf(stackJson(stack), accountId))
    .find((r) => r.name === roleName);
  if (!role) throw new Error(`no role ${roleName} in the synthesized app`);
  return evaluateWebIdentity(role.trust, githubClaims(job), providerArn(accountId)).decision === 'allowed';
}

describe('generated workflows', () => {
  test.each(files.map((f) => [f.path, f] as const))('%s is a valid GitHub Actions workflow', (_path, f) => {
    expect(validateWorkflow(f.content).errors).toEqual([]);
    expect(f.content).toContain(GENERATED_MARK);
  });

  test('the validator refuses a broken workflow (a job needing one that does not exist, an unknown key)', () => {
    const broken = parse(files[0].content) as Record<string, any>;
    broken.jobs.plan.needs = 'nothing';
    broken.jobs.plan.steps_typo = [];
    const { stringify } = jest.requireActual('yaml') as typeof import('yaml');
    expect(
      validateWorkflow(stringify(broken))
        .errors.map((e) => e.code)
        .sort(),
    ).toEqual(expect.arrayContaining(['unresolved_job']));
    expect(validateWorkflow(stringify(broken)).errors.length).toBeGreaterThanOrEqual(2);
  });

  test('no secret and no access key is written into any workflow', () => {
    for (const f of files) {
      expect(f.content).not.toMatch(/aws-access-key-id|aws-secret-access-key|AKIA[0-9A-Z]{16}/);
    }
  });
});

describe('pull request: test, then a plan of every stack of the manifest', () => {
  const pr = workflow('.github/workflows/pull-request.yml');
  const matrix = pr.jobs.plan.strategy.matrix.include as { stack: string; role: string; directory: string }[];

  test('one plan job per stack of the manifest, in parallel after the tests', () => {
    expect(matrix.map((m) => m.stack).sort()).toEqual(Object.keys(manifest.stacks).sort());
    expect(pr.jobs.plan.needs).toBe('test');
    expect(pr.jobs.plan.strategy['fail-fast']).toBe(false);
    for (const m of matrix)
      expect(m.directory).toBe(join('cdktf.out', manifest.stacks[m.stack].workingDirectory));
  });

  test("each plan assumes a role of the stack's account that accepts this repository's pull requests only", () => {
    for (const m of matrix) {
      const account = (
        stackJson(m.stack).provider!.aws as { alias?: string; allowed_account_ids: string[] }[]
      ).find((p) => !p.alias)!.allowed_account_ids[0];
      expect(m.role).toMatch(new RegExp(`^arn:aws:iam::${account}:role/`));
      expect(accepts(m.role, { repository: project.repository, event: 'pull_request' })).toBe(true);
      expect(accepts(m.role, { repository: project.repository, branch: 'main' })).toBe(false);
    }
  });

  test('each plan is summarized on the run page, and the tests run what CI runs', () => {
    const steps = pr.jobs.plan.steps as { run?: string }[];
    expect(steps.some((s) => s.run?.includes('GITHUB_STEP_SUMMARY'))).toBe(true);
    expect((pr.jobs.test.steps as { run?: string }[]).map((s) => s.run)).toContain('.ci/run');
  });
});

describe('merge to main: every stack but the bootstrap applied in dependency order', () => {
  const deploy = workflow('.github/workflows/deploy.yml');
  const jobs = deploy.jobs as Record<
    string,
    { needs?: string[]; with?: Record<string, unknown>; uses?: string }
  >;

  test('one apply job per stack of the manifest but the bootstrap, needing exactly the stacks it reads', () => {
    const applied = Object.keys(manifest.stacks).filter((n) => !bootstrap.includes(n));
    expect(bootstrap).toEqual(['state']);
    expect(Object.keys(jobs).sort()).toEqual(['synth', ...applied].sort());
    for (const name of applied) {
      expect(jobs[name].needs).toEqual([
        'synth',
        ...manifest.stacks[name].dependencies.filter((d) => !bootstrap.includes(d)).sort(),
      ]);
      expect(jobs[name].uses).toBe('./.github/workflows/apply-stack.yml');
    }
  });

  test('stacks with no dependency between them run in parallel: the environments all wait for shared alone', () => {
    for (const env of environments) expect(jobs[env.name].needs).toEqual(['synth', 'shared']);
  });

  test('each apply runs behind its GitHub Environment, with a role that accepts exactly that environment', () => {
    for (const [name, job] of Object.entries(jobs).filter(([n]) => n !== 'synth')) {
      const { role, environment } = job.with as { role: string; environment: string };
      const env = environments.find((e) => name === e.name || name.startsWith(`${e.name}-`));
      const expected = !env
        ? 'shared'
        : name === env.name
          ? platformGithubEnvironment(env)
          : servicesGithubEnvironment(env);
      expect(environment).toBe(expected);
      expect(accepts(role, { repository: project.repository, environment })).toBe(true);
      const others = [
        'shared',
        ...environments.flatMap((e) => [platformGithubEnvironment(e), servicesGithubEnvironment(e)]),
      ];
      for (const other of others.filter((o) => o !== environment)) {
        expect(accepts(role, { repository: project.repository, environment: other })).toBe(false);
      }
    }
  });

  test('service stacks are applied with the image they run (image-tag: true), the others without', () => {
    for (const [name, job] of Object.entries(jobs).filter(([n]) => n !== 'synth')) {
      const variables = Object.keys((stackJson(name) as { variable?: object }).variable ?? {});
      expect(job.with!['image-tag']).toBe(variables.includes('image_tag'));
    }
  });
});

describe('releases', () => {
  const release = workflow('.github/workflows/release.yml');
  const inputs = release.on.workflow_dispatch.inputs;
  const serviceStacks = Object.keys(manifest.stacks).filter((n) =>
    environments.some((e) => Object.keys(e.services).some((s) => n === `${e.name}-${s}`)),
  );

  test('a release names a service, an image tag and an environment, and deploys with that environment’s services role', () => {
    expect(inputs.environment.options).toEqual(environments.map((e) => e.name).sort());
    expect(inputs.service.options).toEqual(
      [...new Set(serviceStacks.map((s) => s.split('-').slice(1).join('-')))].sort(),
    );
    const targets = JSON.parse(release.jobs.target.steps[0].env.TARGETS) as Record<
      string,
      Record<string, { stack: string; role: string }>
    >;
    const listed = Object.values(targets).flatMap((byService) =>
      Object.values(byService).map((t) => t.stack),
    );
    expect(listed.sort()).toEqual(serviceStacks.sort());
    for (const [environment, byService] of Object.entries(targets)) {
      for (const { role } of Object.values(byService)) {
        expect(accepts(role, { repository: project.repository, environment })).toBe(true);
      }
    }
    expect(release.jobs.deploy.environment).toBe('${{ inputs.environment }}');
    expect(release.jobs.target.steps[0].run).toContain('= latest');
  });

  test.each(model.sources.map((s) => [s.service, s] as const))(
    "the %s application's release workflow pushes with its publisher role from its branch only, then asks for its automatic environments",
    (service, source) => {
      const app = workflow(`.github/workflow-templates/release-${service}.yml`);
      expect(app.on.push.branches).toEqual([source.branch]);
      const publish = app.jobs.publish.steps.find((s: { uses?: string }) =>
        s.uses?.startsWith('aws-actions/configure-aws-credentials'),
      );
      const role = publish.with['role-to-assume'] as string;
      expect(accepts(role, { repository: source.repository, branch: source.branch })).toBe(true);
      expect(accepts(role, { repository: source.repository, branch: `${source.branch}-other` })).toBe(false);
      expect(accepts(role, { repository: project.repository, branch: source.branch })).toBe(false);
      expect(JSON.stringify(app.jobs.publish)).toContain(`"REPOSITORY":"${project.name}/${service}"`);
      expect(JSON.stringify(app.jobs.publish)).toContain('sha-$GITHUB_SHA');
      const automatic = (project.autoDeploy ?? []).filter((e) =>
        environments.some((x) => x.name === e && service in x.services),
      );
      expect(app.jobs.deploy?.strategy.matrix.environment ?? []).toEqual(automatic);
      expect(app.on.workflow_dispatch.inputs.environment.options).toEqual(
        environments
          .filter((e) => service in e.services)
          .map((e) => e.name)
          .sort(),
      );
    },
  );

  // The registry counts builds by push time: a promoted image needs the release tag that its
  // lifecycle rule keeps (envs/validate-delivery.ts), added before the release is asked for.
  test.each(model.sources.map((s) => [s.service, s] as const))(
    "the %s application's promotion tags the image as a release with its publisher role, then asks for the release",
    (service, source) => {
      const promote = workflow(`.github/workflow-templates/release-${service}.yml`).jobs.promote;
      expect(promote.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
      const [credentials, keep, ...rest] = promote.steps;
      expect(credentials.with['role-to-assume']).toBe(source.publisherRoleArn);
      expect(accepts(source.publisherRoleArn, { repository: source.repository, branch: source.branch })).toBe(
        true,
      );
      expect(keep).toMatchObject({
        env: { REPOSITORY: source.ecrRepository, IMAGE_TAG: '${{ inputs.image_tag }}' },
        run: KEEP_SCRIPT,
      });
      expect(rest.at(-1).run).toContain(`gh workflow run release.yml --repo ${project.repository}`);
    },
  );
});

describe('npm run workflows -- --check', () => {
  const root = mkdtempSync(join(tmpdir(), 'workflows-root-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('finds nothing to do right after writing, then an edited file and a stale generated one', () => {
    expect(writeWorkflows(root, synthDir, false).written.length).toBe(files.length);
    expect(writeWorkflows(root, synthDir, true)).toMatchObject({ outdated: [], stale: [] });
    const edited: GeneratedFile = files[0];
    writeFileSync(join(root, edited.path), `${edited.content}# hand edit\n`);
    mkdirSync(join(root, '.github/workflows'), { recursive: true });
    writeFileSync(join(root, '.github/workflows/old.yml'), `${GENERATED_MARK} long ago\nname: old\n`);
    writeFileSync(join(root, '.github/workflows/by-hand.yml'), 'name: written by hand\n');
    expect(writeWorkflows(root, synthDir, true)).toMatchObject({
      outdated: [edited.path],
      stale: ['.github/workflows/old.yml'],
    });
  });
});
