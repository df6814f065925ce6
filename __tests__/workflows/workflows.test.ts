import { validateWorkflow } from '@action-validator/core';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { environments, project } from '../../envs';
import {
  accountsOf,
  administratorStackId,
  MAIN_BRANCH,
  partitionOf,
  platformGithubEnvironment,
  servicesGithubEnvironment,
  SHARED_GITHUB_ENVIRONMENT,
} from '../../envs/derive';
import { evaluate } from '../../testbed/iam/evaluate';
import { synthesizedRoles, type SynthesizedRole } from '../../testbed/iam/synthesized-roles';
import {
  evaluateWebIdentity,
  GITHUB_ISSUER_HOST,
  githubClaims,
  type GithubJob,
} from '../../testbed/oidc/trust';
import { writeWorkflows } from '../../scripts/workflows';
import { deliveryModel, type DeliveryModel } from '../../scripts/workflows/model';
import { PINS_FILE, readPins, unpinnedUses } from '../../scripts/workflows/pins';
import {
  ACTIONS,
  APP_CLIENT_ID_VARIABLE,
  APPLY_WORKFLOW,
  GENERATED_MARK,
  KEEP_SCRIPT,
  generateWorkflows,
  type GeneratedFile,
} from '../../scripts/workflows/render';
import type { Synthesized } from '../helpers';
import { shippedSynthDir } from '../stacks/app-fixture';

/**
 * The workflows `npm run workflows` writes, generated from a fresh synth of the shipped
 * configuration and the committed pins: valid GitHub Actions syntax (checked by
 * @action-validator/core, the schema GitHub's own editor uses), jobs derived from the manifest,
 * actions pinned to commits, no npm package run where a job holds an AWS token, every apply the
 * plan its plan job saved, and every role a job assumes accepting exactly that job (its trust, as
 * the administrator stack of its account synthesizes it, evaluated by iam-simulate).
 */

const repositoryRoot = join(__dirname, '..', '..');
const synthDir = shippedSynthDir();

interface Manifest {
  stacks: Record<string, { dependencies: string[]; workingDirectory: string }>;
}
const manifest = JSON.parse(readFileSync(join(synthDir, 'manifest.json'), 'utf8')) as Manifest;
const stackNames = Object.keys(manifest.stacks);
const stackJson = (name: string) =>
  JSON.parse(
    readFileSync(join(synthDir, manifest.stacks[name].workingDirectory, 'cdk.tf.json'), 'utf8'),
  ) as Synthesized & { variable?: Record<string, { default?: unknown }> };
/** The one account a stack deploys to: its default AWS provider's allowed account. */
const accountOf = (name: string) =>
  (stackJson(name).provider!.aws as { alias?: string; allowed_account_ids: string[] }[]).find(
    (p) => !p.alias,
  )!.allowed_account_ids[0];

const model: DeliveryModel = deliveryModel(synthDir, project, environments);
const pins = readPins(join(repositoryRoot, PINS_FILE));
const files = generateWorkflows(model, pins);
/** The workflows (and workflow templates), not dependabot.yml. */
const workflowFiles = files.filter((f) => /^\.github\/workflow(s|-templates)\//.test(f.path));

type Step = Record<string, any>;
interface Job {
  name?: string;
  if?: string;
  needs?: string | string[];
  permissions?: Record<string, string> | string;
  environment?: string;
  uses?: string;
  with?: Record<string, any>;
  steps?: Step[];
  strategy?: { matrix?: Record<string, any>; 'fail-fast'?: boolean };
  [key: string]: any;
}
interface Workflow {
  on: Record<string, any>;
  permissions?: Record<string, string> | string;
  jobs: Record<string, Job>;
  [key: string]: any;
}
const workflow = (path: string): Workflow => {
  const found = files.find((f) => f.path === path);
  if (!found) throw new Error(`${path} is not generated`);
  return parse(found.content) as Workflow;
};
/** Every job of every generated workflow, with where it is. */
const allJobs = workflowFiles.flatMap((f) => {
  const w = parse(f.content) as Workflow;
  return Object.entries(w.jobs).map(([id, job]) => ({ path: f.path, workflow: w, id, job }));
});

const applyStackPath = `.github/workflows/${APPLY_WORKFLOW}`;
const applyStack = workflow(applyStackPath);

// What the configuration says: the stacks an administrator applies, and the GitHub Environments.
const bootstrap = stackNames.filter((n) => 'local' in ((stackJson(n).terraform?.backend as object) ?? {}));
const administrators = accountsOf(project, environments).map(administratorStackId);
const appliedByHand = [...bootstrap, ...administrators];
const githubEnvironments = [
  SHARED_GITHUB_ENVIRONMENT,
  ...environments.flatMap((e) => [platformGithubEnvironment(e), servicesGithubEnvironment(e)]),
];
/** The GitHub Environment whose jobs apply a stack CI applies. */
function githubEnvironmentOf(stack: string): string {
  const env = environments.find((e) => stack === e.name || stack.startsWith(`${e.name}-`));
  if (!env) return SHARED_GITHUB_ENVIRONMENT;
  return stack === env.name ? platformGithubEnvironment(env) : servicesGithubEnvironment(env);
}

// The roles, as the administrator stacks create them (the DNS roles' documents name the public
// zone, which only an apply knows: any ARN of a hosted zone stands in for it).
const partition = partitionOf(project.region);
const zoneReferences = (stack: Synthesized) =>
  Object.fromEntries(
    Object.keys(stack.resource?.aws_route53_zone ?? {}).map((key) => [
      `\${aws_route53_zone.${key}.arn}`,
      `arn:${partition}:route53:::hostedzone/Z0000000000000`,
    ]),
  );
const roles = administrators.flatMap((stack) =>
  synthesizedRoles(stackJson(stack), accountOf(stack), project.region, zoneReferences(stackJson(stack))),
);
/** The GitHub OIDC provider of each account whose administrator stack creates one. */
const githubProviders = new Map(
  administrators.flatMap((stack) =>
    Object.values(stackJson(stack).resource?.aws_iam_openid_connect_provider ?? {})
      .filter((p) => p.url === `https://${GITHUB_ISSUER_HOST}`)
      .map(() => [
        accountOf(stack),
        `arn:${partition}:iam::${accountOf(stack)}:oidc-provider/${GITHUB_ISSUER_HOST}`,
      ]),
  ),
);

/** The role (by ARN, path included) as an administrator stack synthesizes it. */
function role(arn: string): SynthesizedRole {
  const found = roles.find((r) => r.arn === arn);
  if (!found) throw new Error(`no role ${arn} in the administrator stacks`);
  if (found.unresolved) throw new Error(`${arn}: ${found.unresolved}`);
  return found;
}
const accountOfArn = (arn: string) => arn.split(':')[4];

/** Whether the role accepts a job's token (STS: the account's provider, then the role's trust). */
function accepts(roleArn: string, job: GithubJob): boolean {
  const r = role(roleArn);
  const provider = githubProviders.get(accountOfArn(r.arn));
  if (!provider) return false;
  return evaluateWebIdentity(r.trust, githubClaims(job), provider, r.arn).decision === 'allowed';
}

/**
 * Jobs that could ask for a role, labelled: in `repository` and look-alikes of it, pushes to
 * `branch` and to another branch, pull requests, every GitHub Environment, and each with another
 * audience.
 */
function jobsAround(repository: string, branch = MAIN_BRANCH): { label: string; job: GithubJob }[] {
  const [owner, name] = repository.split('/');
  const own: { label: string; job: GithubJob }[] = [
    { label: `push to ${branch}`, job: { repository, branch } },
    { label: `push to ${branch}-other`, job: { repository, branch: `${branch}-other` } },
    { label: 'pull request', job: { repository, event: 'pull_request' } },
    ...githubEnvironments.map((environment) => ({
      label: `environment ${environment}`,
      job: { repository, environment },
    })),
  ];
  return [
    ...own,
    ...[`${owner}-fork/${name}`, `${owner}/${name}-other`].flatMap((other) =>
      own.map(({ label, job }) => ({ label: `${other}: ${label}`, job: { ...job, repository: other } })),
    ),
    ...own.map(({ label, job }) => ({
      label: `other audience: ${label}`,
      job: { ...job, audience: 'https://github.com/acme' },
    })),
  ];
}
const acceptedCache = new Map<string, string[]>();
/** Which of the jobs around `repository` the role accepts, by label, sorted. */
function acceptedBy(roleArn: string, repository = project.repository, branch = MAIN_BRANCH): string[] {
  const key = `${roleArn} ${repository} ${branch}`;
  if (!acceptedCache.has(key)) {
    acceptedCache.set(
      key,
      jobsAround(repository, branch)
        .filter(({ job }) => accepts(roleArn, job))
        .map(({ label }) => label)
        .sort(),
    );
  }
  return acceptedCache.get(key)!;
}
/** What a plan role accepts: this repository's pull requests and its pushes to main, nothing else. */
const PLAN_JOBS = ['pull request', `push to ${MAIN_BRANCH}`].sort();

/** Whether a role may assume another (its identity policies, the target's trust), as IAM decides. */
async function mayAssume(callerArn: string, targetArn: string): Promise<boolean> {
  const caller = role(callerArn);
  const target = role(targetArn);
  const { decision } = await evaluate(
    { roleArn: caller.arn, policies: caller.policies },
    { action: 'sts:AssumeRole', resource: target.arn },
    { policy: target.trust, account: accountOfArn(target.arn) },
  );
  return decision === 'allowed';
}

/** The steps a job runs: its own, or every job's of the reusable workflow it calls. */
function stepsOf(job: Job): Step[] {
  if (job.uses?.startsWith('./')) {
    return Object.values(workflow(job.uses.slice(2)).jobs).flatMap(stepsOf);
  }
  return job.steps ?? [];
}
/** Whether the job's token may ask GitHub for an OpenID Connect token (and so for AWS credentials). */
function holdsIdToken(job: Job, w: Workflow): boolean {
  const permissions = job.permissions ?? w.permissions;
  if (permissions === undefined || permissions === 'write-all') return true;
  return typeof permissions === 'object' && permissions['id-token'] === 'write';
}
const NPM = /(^|[\s;&|()`])(npm|npx)\s/m;
const runsNpm = (steps: Step[]) => steps.some((s) => typeof s.run === 'string' && NPM.test(s.run));
const usesAction = (step: Step, action: string) =>
  typeof step.uses === 'string' && step.uses.split('@')[0] === action;
const roleToAssume = (job: Job) =>
  (job.steps ?? []).find((s) => usesAction(s, ACTIONS.awsCredentials))?.with?.['role-to-assume'] as
    | string
    | undefined;

describe('generated workflows', () => {
  test.each(workflowFiles.map((f) => [f.path, f] as const))(
    '%s is a valid GitHub Actions workflow',
    (_path, f) => {
      expect(validateWorkflow(f.content).errors).toEqual([]);
      expect(f.content).toContain(GENERATED_MARK);
    },
  );

  test('the validator refuses a broken workflow (a job needing one that does not exist, an unknown key)', () => {
    const broken = parse(workflowFiles[0].content) as Workflow;
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

  test('no secret and no access key is written into any file', () => {
    for (const f of files) {
      expect(f.content).not.toMatch(/aws-access-key-id|aws-secret-access-key|AKIA[0-9A-Z]{16}/);
    }
  });

  test('every workflow says what its token may do, and no more than reading the repository by default', () => {
    for (const f of workflowFiles) {
      expect((parse(f.content) as Workflow).permissions).toEqual({ contents: 'read' });
    }
  });
});

describe('supply chain: pinned actions, no npm where a job holds an AWS token', () => {
  test('every `uses:` is an action pinned to the commit the pins file names, with its version in a comment', () => {
    for (const f of files) {
      // GIVEN the lines that use an action
      const uses = f.content.split('\n').filter((line) => /^\s*-?\s*uses:/.test(line));
      // THEN none is a tag or a branch, and each is the committed pin
      expect(unpinnedUses(f.path, f.content)).toEqual([]);
      expect(f.content).not.toMatch(/uses:\s*\S+@v\d/);
      for (const line of uses.filter((l) => !/uses:\s*\.\//.test(l))) {
        const [, action, sha, version] = /uses: ([^@\s]+)@(\S+) # (\S+)$/.exec(line) ?? [];
        expect(pins[action]).toEqual({ sha, version });
      }
    }
    expect(allJobs.flatMap(({ job }) => job.steps ?? []).filter((s) => s.uses).length).toBeGreaterThan(0);
  });

  test('checkout leaves no GitHub token in the git config (persist-credentials: false)', () => {
    const checkouts = allJobs.flatMap(({ job }) =>
      (job.steps ?? []).filter((s) => usesAction(s, ACTIONS.checkout)),
    );
    expect(checkouts.length).toBeGreaterThan(0);
    for (const step of checkouts) expect(step.with).toMatchObject({ 'persist-credentials': false });
  });

  test('no job that may get an AWS token runs npm, directly or through the reusable workflow it calls', () => {
    // GIVEN the jobs that may ask for an OpenID Connect token
    const withToken = allJobs.filter(({ job, workflow: w }) => holdsIdToken(job, w));
    expect(withToken.map(({ path, id }) => `${path}: ${id}`)).toEqual(
      expect.arrayContaining([`${applyStackPath}: plan`, `${applyStackPath}: apply`]),
    );
    // THEN none runs npm or npx
    for (const { path, id, job } of withToken) {
      expect([`${path}: ${id}`, runsNpm(stepsOf(job))]).toEqual([`${path}: ${id}`, false]);
    }
    // AND the jobs that do run npm (tests, synth) exist, and hold no such token: the check sees them
    const npmJobs = allJobs.filter(({ job }) => runsNpm(stepsOf(job)));
    expect(npmJobs.map(({ id }) => id)).toEqual(expect.arrayContaining(['test', 'synth']));
    for (const { job, workflow: w } of npmJobs) expect(holdsIdToken(job, w)).toBe(false);
  });

  test.each(['deploy.yml', 'release.yml'])(
    '%s synthesizes without an AWS token and without the dependencies’ install scripts, and hands cdktf.out on',
    (file) => {
      const synth = workflow(`.github/workflows/${file}`).jobs.synth;
      expect(holdsIdToken(synth, workflow(`.github/workflows/${file}`))).toBe(false);
      const runs = synth.steps!.flatMap((s) => (s.run ? [s.run as string] : []));
      expect(runs.filter((r) => NPM.test(r))).toEqual([
        expect.stringMatching(/^npm ci --ignore-scripts( |$)/),
        'npm run postinstall',
        'npm run synth',
      ]);
      const upload = synth.steps!.find((s) => usesAction(s, ACTIONS.upload))!;
      expect(upload.with).toMatchObject({ name: 'cdktf-out', path: 'cdktf.out' });
    },
  );
});

describe('pull request: test, then a plan of every stack of the manifest', () => {
  const pr = workflow('.github/workflows/pull-request.yml');
  const matrix = pr.jobs.plan.strategy!.matrix!.include as {
    stack: string;
    role: string;
    account: string;
    directory: string;
    'image-tag': string;
    'dns-role': string;
  }[];

  test("runs on pull_request, never pull_request_target: a fork's pull request then gets no OIDC token", () => {
    // (GitHub grants jobs of fork pull requests read-only tokens: id-token: write is dropped, so no
    // role can be assumed from a fork; pull_request_target would run with this repository's rights)
    expect(Object.keys(pr.on as object)).toEqual(['pull_request']);
    for (const f of files) expect(f.content).not.toMatch(/pull_request_target/);
  });

  test('one plan job per stack of the manifest, in parallel after the tests', () => {
    expect(matrix.map((m) => m.stack).sort()).toEqual([...stackNames].sort());
    expect(pr.jobs.plan.needs).toBe('test');
    expect(pr.jobs.plan.strategy!['fail-fast']).toBe(false);
    for (const m of matrix)
      expect(m.directory).toBe(join('cdktf.out', manifest.stacks[m.stack].workingDirectory));
  });

  test("each plan assumes a plan role of the stack's account, which accepts this repository's pull requests and pushes to main only", () => {
    for (const m of matrix) {
      expect(m.account).toBe(accountOf(m.stack));
      expect(accountOfArn(m.role)).toBe(m.account);
      expect([m.stack, acceptedBy(m.role)]).toEqual([m.stack, PLAN_JOBS]);
    }
    const credentials = pr.jobs.plan.steps!.find((s) => usesAction(s, ACTIONS.awsCredentials))!;
    expect(credentials.with).toMatchObject({
      'role-to-assume': '${{ matrix.role }}',
      'allowed-account-ids': '${{ matrix.account }}',
    });
  });

  test('the administrator and bootstrap stacks are planned too, with the plan role their account holds', () => {
    for (const stack of appliedByHand) {
      const m = matrix.find((x) => x.stack === stack)!;
      expect(m).toBeDefined();
      expect(role(m.role).arn).toMatch(new RegExp(`^arn:${partition}:iam::${accountOf(stack)}:role/`));
      expect(
        synthesizedRoles(
          stackJson(administratorStackId(accountOf(stack))),
          accountOf(stack),
          project.region,
        ).map((r) => r.arn),
      ).toContain(m.role);
    }
  });

  test('an environment stack is planned with the DNS role that only reads the zone; the others with none', () => {
    for (const m of matrix) {
      const declares = 'dns_role_arn' in (stackJson(m.stack).variable ?? {});
      const apply = model.stacks.find((s) => s.name === m.stack)!;
      expect([m.stack, m['dns-role']]).toEqual([m.stack, declares ? apply.dnsRole!.plan : '']);
    }
    const plan = pr.jobs.plan.steps!.find((s) => s.run?.includes('scripts/delivery/plan.sh'))!;
    expect(plan.env).toMatchObject({
      DNS_ROLE_ARN: '${{ matrix.dns-role }}',
      IMAGE_TAG: '${{ matrix.image-tag }}',
    });
  });

  test('each plan is summarized on the run page, and the tests run what CI runs', () => {
    const steps = pr.jobs.plan.steps!;
    expect(steps.some((s) => s.run?.includes('GITHUB_STEP_SUMMARY'))).toBe(true);
    expect(pr.jobs.test.steps!.map((s) => s.run)).toContain('.ci/run');
  });
});

describe('merge to main: every stack CI applies, planned then applied, in dependency order', () => {
  const deploy = workflow('.github/workflows/deploy.yml');
  const jobs = deploy.jobs;
  const applied = stackNames.filter((n) => !appliedByHand.includes(n));

  test('one apply job per stack of the manifest but those an administrator applies, needing exactly the stacks it reads', () => {
    expect(bootstrap.length).toBeGreaterThan(0);
    expect(stackNames).toEqual(expect.arrayContaining(administrators));
    expect(Object.keys(jobs).sort()).toEqual(['synth', ...applied].sort());
    for (const name of applied) {
      expect(jobs[name].needs).toEqual([
        'synth',
        ...manifest.stacks[name].dependencies.filter((d) => !appliedByHand.includes(d)).sort(),
      ]);
      expect(jobs[name].uses).toBe(`./.github/workflows/${APPLY_WORKFLOW}`);
      expect(jobs[name].with).toMatchObject({
        stack: name,
        directory: join('cdktf.out', manifest.stacks[name].workingDirectory),
        account: accountOf(name),
      });
    }
  });

  test('stacks with no dependency between them run in parallel: no environment waits for another, a service for its environment alone', () => {
    for (const env of environments) {
      const needs = jobs[env.name].needs as string[];
      expect(needs.filter((n) => environments.some((e) => e.name === n))).toEqual([]);
      for (const service of Object.keys(env.services).filter((s) => `${env.name}-${s}` in jobs)) {
        expect(jobs[`${env.name}-${service}`].needs).toEqual(['synth', env.name]);
      }
    }
  });

  test('each stack is applied behind its GitHub Environment, with a deploy role that accepts exactly that environment', () => {
    for (const name of applied) {
      const { 'apply-role': applyRole, environment } = jobs[name].with as Record<string, string>;
      expect(environment).toBe(githubEnvironmentOf(name));
      expect(accountOfArn(applyRole)).toBe(accountOf(name));
      expect([name, acceptedBy(applyRole)]).toEqual([name, [`environment ${environment}`]]);
    }
  });

  test('each plan before an apply assumes a plan role, another role than the apply’s, accepting pushes to main', () => {
    for (const name of applied) {
      const { 'plan-role': planRole, 'apply-role': applyRole } = jobs[name].with as Record<string, string>;
      expect(planRole).not.toBe(applyRole);
      expect(accountOfArn(planRole)).toBe(accountOf(name));
      expect([name, acceptedBy(planRole)]).toEqual([name, PLAN_JOBS]);
    }
  });

  test('environment stacks give the plan the DNS role that reads the zone, and the apply the one that writes', async () => {
    const withDns = applied.filter((n) => 'dns_role_arn' in (stackJson(n).variable ?? {}));
    expect(withDns.sort()).toEqual(environments.map((e) => e.name).sort());
    for (const name of applied) {
      const inputs = jobs[name].with as Record<string, string>;
      if (!withDns.includes(name)) {
        expect([name, inputs['dns-plan-role'], inputs['dns-apply-role']]).toEqual([
          name,
          undefined,
          undefined,
        ]);
        continue;
      }
      const {
        'plan-role': plan,
        'apply-role': apply,
        'dns-plan-role': dnsPlan,
        'dns-apply-role': dnsApply,
      } = inputs;
      // THEN the zone's roles live in the shared account, and each job's role reaches its own only
      expect([accountOfArn(dnsPlan), accountOfArn(dnsApply)]).toEqual([
        project.sharedAccountId,
        project.sharedAccountId,
      ]);
      expect(dnsPlan).not.toBe(dnsApply);
      expect([name, await mayAssume(plan, dnsPlan), await mayAssume(plan, dnsApply)]).toEqual([
        name,
        true,
        false,
      ]);
      expect([name, await mayAssume(apply, dnsApply), await mayAssume(apply, dnsPlan)]).toEqual([
        name,
        true,
        false,
      ]);
    }
    // AND apply-stack.yml hands each job its own
    const dnsOf = (job: Job, script: string) =>
      job.steps!.find((s) => s.run?.includes(script))!.env.DNS_ROLE_ARN;
    expect(dnsOf(applyStack.jobs.plan, 'scripts/delivery/plan.sh')).toBe('${{ inputs.dns-plan-role }}');
    expect(dnsOf(applyStack.jobs.apply, 'scripts/delivery/apply.sh')).toBe('${{ inputs.dns-apply-role }}');
  });

  test('service stacks are planned and applied with the image they run now, the others without an image', () => {
    for (const name of applied) {
      const variables = Object.keys(stackJson(name).variable ?? {});
      expect([name, jobs[name].with!['image-tag']]).toEqual([
        name,
        variables.includes('image_tag') ? 'running' : undefined,
      ]);
    }
  });
});

describe('apply-stack.yml: a plan with the plan role, then exactly that plan applied with the deploy role', () => {
  const { plan, apply } = applyStack.jobs;
  const inputs = applyStack.on.workflow_call.inputs as Record<string, { required: boolean }>;

  test('two jobs: the plan, outside any GitHub Environment, then the apply, behind the stack’s', () => {
    expect(Object.keys(applyStack.jobs).sort()).toEqual(['apply', 'plan']);
    expect(plan.environment).toBeUndefined();
    expect(apply.needs).toBe('plan');
    expect(apply.environment).toBe('${{ inputs.environment }}');
    expect(roleToAssume(plan)).toBe('${{ inputs.plan-role }}');
    expect(roleToAssume(apply)).toBe('${{ inputs.apply-role }}');
    for (const job of [plan, apply]) {
      expect(job.steps!.find((s) => usesAction(s, ACTIONS.awsCredentials))!.with).toMatchObject({
        'allowed-account-ids': '${{ inputs.account }}',
      });
    }
  });

  test('the apply job applies the plan the plan job saved, and plans nothing itself', () => {
    // GIVEN what the plan job uploads
    const upload = plan.steps!.find((s) => usesAction(s, ACTIONS.upload))!;
    const planStep = plan.steps!.findIndex((s) => s.run?.includes('scripts/delivery/plan.sh'));
    expect(planStep).toBeGreaterThan(-1);
    expect(plan.steps!.indexOf(upload)).toBeGreaterThan(planStep);
    expect(upload.with.path.split('\n')).toContain('${{ inputs.directory }}/tfplan');
    // THEN the apply job downloads it into the stack's directory before it applies there
    const steps = apply.steps!;
    const download = steps.findIndex(
      (s) => usesAction(s, ACTIONS.download) && s.with.name === upload.with.name,
    );
    const applyStep = steps.findIndex((s) => s.run?.includes('scripts/delivery/apply.sh'));
    expect(download).toBeGreaterThan(-1);
    expect(steps[download].with.path).toBe('${{ inputs.directory }}');
    expect(applyStep).toBeGreaterThan(download);
    expect(steps[applyStep]['working-directory']).toBe('${{ inputs.directory }}');
    expect(steps.some((s) => s.run?.includes('scripts/delivery/plan.sh'))).toBe(false);
    // AND the scripts: plan.sh saves tfplan; apply.sh applies that file and never makes a plan of its own
    const script = (name: string) => readFileSync(join(repositoryRoot, 'scripts/delivery', name), 'utf8');
    expect(script('plan.sh')).toMatch(/terraform plan [^\n]*-out=tfplan/);
    expect(script('apply.sh')).toMatch(/terraform apply [^\n]* tfplan( |$)/m);
    expect(script('apply.sh')).not.toMatch(/terraform plan/);
    expect(script('apply.sh')).not.toMatch(/-auto-approve/);
  });

  test('the apply job is the only job of any workflow that holds a deploy role', () => {
    const deployRoles = new Set(model.stacks.flatMap((s) => (s.apply ? [s.apply.roleArn] : [])));
    expect(deployRoles.size).toBeGreaterThan(0);
    const assumed = allJobs.flatMap(({ path, id, job }) => {
      const r = roleToAssume(job);
      if (!r) return [];
      const arns =
        r === '${{ matrix.role }}'
          ? (job.strategy!.matrix!.include as { role: string }[]).map((m) => m.role)
          : [r];
      return arns.map((arn) => ({ where: `${path}: ${id}`, arn }));
    });
    expect(assumed.filter((a) => a.arn.includes('apply-role')).map((a) => a.where)).toEqual([
      `${applyStackPath}: apply`,
    ]);
    for (const { where, arn } of assumed.filter((a) => !a.arn.startsWith('${{'))) {
      expect([where, deployRoles.has(arn)]).toEqual([where, false]);
    }
    expect(JSON.stringify(plan)).not.toContain('apply-role');
  });

  test.each(['deploy.yml', 'release.yml'])(
    '%s gives apply-stack.yml every input it requires, and no other',
    (file) => {
      const callers = Object.values(workflow(`.github/workflows/${file}`).jobs).filter((j) => j.uses);
      expect(callers.length).toBeGreaterThan(0);
      const required = Object.entries(inputs)
        .filter(([, i]) => i.required)
        .map(([n]) => n);
      for (const caller of callers) {
        expect(Object.keys(caller.with!)).toEqual(expect.arrayContaining(required));
        for (const key of Object.keys(caller.with!)) expect(Object.keys(inputs)).toContain(key);
        expect(caller.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
      }
    },
  );
});

describe('deploy.yml and release.yml run for main only', () => {
  test.each(['deploy.yml', 'release.yml'])(
    '%s: its first jobs require refs/heads/main, and every other job needs them',
    (file) => {
      const { jobs } = workflow(`.github/workflows/${file}`);
      const first = Object.entries(jobs).filter(([, j]) => !j.needs);
      expect(first.length).toBeGreaterThan(0);
      for (const [, job] of first) expect(job.if).toBe(`github.ref == 'refs/heads/${MAIN_BRANCH}'`);
      // (a job whose needs are skipped is skipped, unless its own `if` says to run regardless)
      for (const [, job] of Object.entries(jobs).filter(([, j]) => j.needs)) {
        expect(job.if ?? '').not.toMatch(/always\(\)|cancelled\(\)|failure\(\)/);
      }
    },
  );
});

describe('releases', () => {
  const release = workflow('.github/workflows/release.yml');
  const inputs = release.on.workflow_dispatch.inputs;
  const serviceStacks = stackNames.filter((n) =>
    environments.some((e) => Object.keys(e.services).some((s) => n === `${e.name}-${s}`)),
  );
  const targets = JSON.parse(release.jobs.target.steps![0].env.TARGETS) as Record<
    string,
    Record<string, Record<string, string>>
  >;

  test('a release names a service, an image tag and an environment, and applies that service stack through apply-stack.yml', () => {
    expect(inputs.environment.options).toEqual(environments.map((e) => e.name).sort());
    expect(inputs.service.options).toEqual(
      [...new Set(serviceStacks.map((s) => s.split('-').slice(1).join('-')))].sort(),
    );
    const listed = Object.values(targets).flatMap((byService) =>
      Object.values(byService).map((t) => t.stack),
    );
    expect(listed.sort()).toEqual([...serviceStacks].sort());
    expect(release.jobs.release.uses).toBe(`./.github/workflows/${APPLY_WORKFLOW}`);
    expect(release.jobs.release.with).toMatchObject({
      environment: "${{ fromJSON(needs.target.outputs.target)['environment'] }}",
      'apply-role': "${{ fromJSON(needs.target.outputs.target)['apply-role'] }}",
      'image-tag': '${{ inputs.image_tag }}',
    });
    expect(release.jobs.target.steps![0].run).toContain('= latest');
  });

  test('each target is applied with its environment’s services role, which accepts exactly that GitHub Environment, after a plan with the plan role', () => {
    for (const [environment, byService] of Object.entries(targets)) {
      for (const target of Object.values(byService)) {
        expect(target.environment).toBe(githubEnvironmentOf(target.stack));
        expect(target.account).toBe(accountOf(target.stack));
        expect(target.directory).toBe(join('cdktf.out', manifest.stacks[target.stack].workingDirectory));
        expect(target.stack.startsWith(`${environment}-`)).toBe(true);
        expect([target.stack, acceptedBy(target['apply-role'])]).toEqual([
          target.stack,
          [`environment ${target.environment}`],
        ]);
        expect([target.stack, acceptedBy(target['plan-role'])]).toEqual([target.stack, PLAN_JOBS]);
      }
    }
  });

  test.each(model.sources.map((s) => [s.service, s] as const))(
    "the %s application's release workflow pushes with its publisher role from its branch only, then asks for its automatic environments",
    (service, source) => {
      const app = workflow(`.github/workflow-templates/release-${service}.yml`);
      expect(app.on.push.branches).toEqual([source.branch]);
      const role = roleToAssume(app.jobs.publish)!;
      expect(acceptedBy(role, source.repository, source.branch)).toEqual([`push to ${source.branch}`]);
      expect(accepts(role, { repository: project.repository, branch: source.branch })).toBe(false);
      expect(app.jobs.publish.steps!.find((s) => usesAction(s, ACTIONS.awsCredentials))!.with).toMatchObject({
        'allowed-account-ids': project.sharedAccountId,
      });
      expect(JSON.stringify(app.jobs.publish)).toContain(`"REPOSITORY":"${project.name}/${service}"`);
      expect(JSON.stringify(app.jobs.publish)).toContain('sha-$GITHUB_SHA');
      const automatic = (project.autoDeploy ?? []).filter((e) =>
        environments.some((x) => x.name === e && service in x.services),
      );
      expect(app.jobs.deploy?.strategy!.matrix!.environment ?? []).toEqual(automatic);
      expect(app.on.workflow_dispatch.inputs.environment.options).toEqual(
        environments
          .filter((e) => service in e.services)
          .map((e) => e.name)
          .sort(),
      );
    },
  );

  test.each(model.sources.map((s) => [s.service, s] as const))(
    "the %s application's release is asked for with a GitHub App token named by its client ID",
    (service) => {
      const app = workflow(`.github/workflow-templates/release-${service}.yml`);
      const tokens = Object.values(app.jobs).flatMap((j) =>
        (j.steps ?? []).filter((s) => usesAction(s, ACTIONS.appToken)),
      );
      expect(tokens.length).toBeGreaterThan(0);
      for (const step of tokens) {
        expect(step.with['client-id']).toBe(`\${{ vars.${APP_CLIENT_ID_VARIABLE} }}`);
        expect(step.with).not.toHaveProperty('app-id');
      }
    },
  );

  // The registry counts builds by push time: a promoted image needs the release tag that its
  // lifecycle rule keeps (envs/validate-delivery.ts), added before the release is asked for.
  test.each(model.sources.map((s) => [s.service, s] as const))(
    "the %s application's promotion tags the image as a release with its publisher role, then asks for the release",
    (service, source) => {
      const promote = workflow(`.github/workflow-templates/release-${service}.yml`).jobs.promote;
      expect(promote.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
      const [credentials, keep, ...rest] = promote.steps!;
      expect(credentials.with['role-to-assume']).toBe(source.publisherRoleArn);
      expect(acceptedBy(source.publisherRoleArn, source.repository, source.branch)).toEqual([
        `push to ${source.branch}`,
      ]);
      expect(keep).toMatchObject({
        env: { REPOSITORY: source.ecrRepository, IMAGE_TAG: '${{ inputs.image_tag }}' },
        run: KEEP_SCRIPT,
      });
      expect(rest.at(-1)!.run).toContain(`gh workflow run release.yml --repo ${project.repository}`);
    },
  );
});

describe('roles and providers the workflows rely on', () => {
  test("each account's administrator stack holds the GitHub OIDC provider every role of the account is asked through", () => {
    for (const account of accountsOf(project, environments)) {
      const providers = Object.values(
        stackJson(administratorStackId(account)).resource?.aws_iam_openid_connect_provider ?? {},
      );
      expect(providers).toEqual([
        expect.objectContaining({
          url: `https://${GITHUB_ISSUER_HOST}`,
          client_id_list: ['sts.amazonaws.com'],
        }),
      ]);
    }
  });

  test('a role is refused when its account holds no GitHub provider (the check is not vacuous)', () => {
    const planRole = model.stacks.find((s) => s.kind === 'shared')!.planRoleArn;
    expect(accepts(planRole, { repository: project.repository, event: 'pull_request' })).toBe(true);
    const provider = githubProviders.get(project.sharedAccountId)!;
    githubProviders.delete(project.sharedAccountId);
    try {
      expect(accepts(planRole, { repository: project.repository, event: 'pull_request' })).toBe(false);
    } finally {
      githubProviders.set(project.sharedAccountId, provider);
    }
  });
});

describe('dependabot.yml', () => {
  test('proposes new versions of the pinned actions and of the npm packages, weekly, each in one grouped pull request', () => {
    const file = files.find((f) => f.path === '.github/dependabot.yml')!;
    expect(file.content).toContain(GENERATED_MARK);
    const config = parse(file.content) as {
      version: number;
      updates: {
        'package-ecosystem': string;
        directory: string;
        schedule: { interval: string };
        groups: object;
      }[];
    };
    expect(config.version).toBe(2);
    expect(config.updates.map((u) => u['package-ecosystem']).sort()).toEqual(['github-actions', 'npm']);
    for (const update of config.updates) {
      expect(update).toMatchObject({ directory: '/', schedule: { interval: 'weekly' } });
      expect(Object.values(update.groups)).toEqual([{ patterns: ['*'] }]);
    }
  });
});

describe('npm run workflows -- --check', () => {
  const root = mkdtempSync(join(tmpdir(), 'workflows-root-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('finds nothing to do right after writing, then an edited file and a stale generated one', () => {
    // GIVEN a repository with only the pins
    mkdirSync(dirname(join(root, PINS_FILE)), { recursive: true });
    copyFileSync(join(repositoryRoot, PINS_FILE), join(root, PINS_FILE));
    // WHEN written, THEN checked
    expect(writeWorkflows(root, synthDir, false).written.length).toBe(files.length);
    expect(writeWorkflows(root, synthDir, true)).toMatchObject({ outdated: [], stale: [], unpinned: [] });
    // WHEN a generated file is edited, and an old generated one and a hand-written one are added
    const edited: GeneratedFile = files[0];
    writeFileSync(join(root, edited.path), `${edited.content}# hand edit\n`);
    writeFileSync(join(root, '.github/workflows/old.yml'), `${GENERATED_MARK} long ago\nname: old\n`);
    writeFileSync(join(root, '.github/workflows/by-hand.yml'), 'name: written by hand\n');
    // THEN
    expect(writeWorkflows(root, synthDir, true)).toMatchObject({
      outdated: [edited.path],
      stale: ['.github/workflows/old.yml'],
      unpinned: [],
    });
  });
});
