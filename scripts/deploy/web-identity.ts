import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GITHUB_SUB_KEY, parseGithubSubject } from '../../modules/core/github-oidc';
import {
  evaluateWebIdentity,
  githubClaims,
  unsignedToken,
  type GithubJob,
  type PolicyDocument,
} from '../oidc/trust';
import type { CommandResult } from './command';
import type { StackJson } from './stack-json';
import type { Check } from './steps';

/**
 * The deploy tier's check of the GitHub Actions roles, once their stack is deployed: for each role,
 * the job its trust policy names and jobs it must refuse (other repository, other branch, other
 * GitHub Environment, pull requests, another audience), asked of the emulator's STS with
 * AssumeRoleWithWebIdentity the way aws-actions/configure-aws-credentials asks AWS.
 *
 * What the emulator can and cannot show. moto 5.2.1 answers AssumeRoleWithWebIdentity without
 * reading the token or the role's trust policy (moto/sts/models.py: it calls assume_role, which
 * checks neither; the trust check of moto/iam/access_control.py covers sts:AssumeRole, and only
 * for StringEquals). So the check proves, from the emulator: the roles and the account's OIDC
 * provider exist after the deploy, the right token yields credentials of that role in that
 * account, and the trust policy IAM holds is the one synthesized. Whether wrong tokens are
 * refused it cannot show; the check evaluates the trust policy IAM holds (scripts/oidc/trust.ts,
 * the evaluator the unit tests use) and reports what the emulator answered, and it fails when the
 * emulator's behaviour changes from the one recorded here, so the README is corrected with it.
 */
export const EMULATOR_EVALUATES_WEB_IDENTITY_TRUST = false;

export interface WebIdentityCheck {
  readonly id: string;
  /** The stack whose roles it probes; it runs once that stack is deployed. */
  readonly stack: string;
  readonly run: () => Promise<Check>;
}

export interface WebIdentityContext {
  readonly names: readonly string[];
  readonly json: Readonly<Record<string, StackJson & { data?: Record<string, unknown> }>>;
  readonly accounts: Readonly<Record<string, string>>;
  /** Where the probe writes its request. */
  readonly workDir: string;
  readonly python: string;
  /** Runs a command with the credentials of the stack's account (the deploy tier's `run`). */
  readonly run: (label: string, command: string, args: string[], stack: string) => Promise<CommandResult>;
}

interface SynthesizedRole {
  readonly name: string;
  readonly subjects: readonly string[];
}

/** The roles of a stack that web identities assume, with the subjects their trust names. */
export function githubRoles(stack: StackJson & { data?: Record<string, unknown> }): SynthesizedRole[] {
  const documents = (stack.data?.aws_iam_policy_document ?? {}) as Record<string, { statement?: unknown }>;
  const roles = (stack.resource?.aws_iam_role ?? {}) as Record<
    string,
    { name?: string; assume_role_policy?: string }
  >;
  return Object.values(roles).flatMap((role) => {
    const match = /^\$\{data\.aws_iam_policy_document\.([^.}]+)\.json\}$/.exec(role.assume_role_policy ?? '');
    const statements = [documents[match?.[1] ?? '']?.statement ?? []].flat() as {
      actions?: string[];
      condition?: { variable: string; values: string[] }[];
    }[];
    const web = statements.filter((s) => s.actions?.includes('sts:AssumeRoleWithWebIdentity'));
    if (web.length === 0 || !role.name) return [];
    const subjects = web
      .flatMap((s) => (s.condition ?? []).filter((c) => c.variable === GITHUB_SUB_KEY))
      .flatMap((c) => c.values);
    return [{ name: role.name, subjects }];
  });
}

/** The job a subject names, and jobs that must be refused; `environments` are all the app's. */
export function jobsFor(
  subject: string,
  environments: readonly string[],
): { right: GithubJob; wrong: { label: string; job: GithubJob }[] } {
  const parsed = parseGithubSubject(subject);
  if (!parsed) throw new Error(`${subject} is not an exact GitHub subject`);
  const { repository, context } = parsed;
  const [owner, name] = repository.split('/');
  const right: GithubJob =
    context.kind === 'environment'
      ? { repository, environment: context.environment }
      : context.kind === 'pull_request'
        ? { repository, event: 'pull_request' }
        : { repository, branch: context.branch };
  const wrong: { label: string; job: GithubJob }[] = [
    { label: 'other repository (fork)', job: { ...right, repository: `${owner}-fork/${name}` } },
    { label: 'other repository (same owner)', job: { ...right, repository: `${owner}/${name}-other` } },
    { label: 'other audience', job: { ...right, audience: 'https://github.com/other' } },
  ];
  if (context.kind === 'environment') {
    for (const other of environments.filter((e) => e !== context.environment)) {
      wrong.push({ label: `other environment ${other}`, job: { repository, environment: other } });
    }
    wrong.push({ label: 'other branch, no environment', job: { repository, branch: 'feature/x' } });
    wrong.push({ label: 'pull request', job: { repository, event: 'pull_request' } });
  } else if (context.kind === 'pull_request') {
    wrong.push({ label: 'push to main', job: { repository, branch: 'main' } });
    if (environments[0])
      wrong.push({
        label: `environment ${environments[0]}`,
        job: { repository, environment: environments[0] },
      });
  } else {
    wrong.push({ label: 'other branch', job: { repository, branch: `${context.branch}-other` } });
    wrong.push({ label: 'pull request', job: { repository, event: 'pull_request' } });
    if (environments[0])
      wrong.push({
        label: `environment ${environments[0]}`,
        job: { repository, environment: environments[0] },
      });
  }
  return { right, wrong };
}

interface ProbeAnswer {
  readonly providers: string[];
  readonly roles: {
    roleName: string;
    trust: PolicyDocument;
    attempts: { label: string; accepted: boolean; arn?: string; error?: string }[];
  }[];
}

/** One check per stack that holds GitHub roles. */
export function webIdentityChecks(context: WebIdentityContext): WebIdentityCheck[] {
  const roles = Object.fromEntries(context.names.map((n) => [n, githubRoles(context.json[n])]));
  const environments = [
    ...new Set(
      Object.values(roles)
        .flat()
        .flatMap((r) => r.subjects.map(parseGithubSubject))
        .flatMap((s) => (s?.context.kind === 'environment' ? [s.context.environment] : [])),
    ),
  ].sort();
  return context.names
    .filter((stack) => roles[stack].length > 0)
    .map((stack) => ({
      id: `web-identity-${stack}`,
      stack,
      run: () => probe(stack, roles[stack], environments, context),
    }));
}

async function probe(
  stack: string,
  roles: readonly SynthesizedRole[],
  environments: readonly string[],
  context: WebIdentityContext,
): Promise<Check> {
  const account = context.accounts[stack];
  const providerArn = `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com`;
  const cases = roles.map((role) => ({
    role,
    jobs: role.subjects.map((subject) => jobsFor(subject, environments)),
  }));
  const request = {
    roles: cases.map(({ role, jobs }) => ({
      roleName: role.name,
      roleArn: `arn:aws:iam::${account}:role/${role.name}`,
      attempts: jobs.flatMap(({ right, wrong }, i) => [
        { label: `right ${i}`, token: unsignedToken(githubClaims(right)) },
        ...wrong.map((w) => ({ label: w.label, token: unsignedToken(githubClaims(w.job)) })),
      ]),
    })),
  };
  const input = join(context.workDir, `web-identity-${stack}.json`);
  writeFileSync(input, JSON.stringify(request));
  const name = `${stack}: GitHub roles assumed with right and wrong web identity tokens`;
  const result = await context.run(
    `check.web-identity-${stack}`,
    context.python,
    [join(__dirname, 'web_identity_probe.py'), input],
    stack,
  );
  const line = result.output.trim().split('\n').pop() ?? '';
  let answer: ProbeAnswer;
  try {
    answer = JSON.parse(line) as ProbeAnswer;
  } catch {
    return {
      name,
      ok: false,
      summary: `probe failed (exit ${result.code})`,
      seconds: result.seconds,
      detail: result.output,
    };
  }

  const problems: string[] = [];
  if (!answer.providers.includes(providerArn)) problems.push(`no OIDC provider ${providerArn} in ${account}`);
  let wrongTotal = 0;
  let wrongRefusedByEmulator = 0;
  for (const { role, jobs } of cases) {
    const deployed = answer.roles.find((r) => r.roleName === role.name);
    if (!deployed) {
      problems.push(`${role.name}: not found`);
      continue;
    }
    for (const [i, { right, wrong }] of jobs.entries()) {
      // The trust policy IAM holds, evaluated as IAM would (the emulator does not).
      if (evaluateWebIdentity(deployed.trust, githubClaims(right), providerArn).decision !== 'allowed') {
        problems.push(`${role.name}: its deployed trust refuses the job it names (${JSON.stringify(right)})`);
      }
      for (const w of wrong) {
        if (evaluateWebIdentity(deployed.trust, githubClaims(w.job), providerArn).decision !== 'denied') {
          problems.push(`${role.name}: its deployed trust admits ${w.label}`);
        }
      }
      // What the emulator's STS answered.
      const accepted = deployed.attempts.find((a) => a.label === `right ${i}`);
      if (!accepted?.accepted || !accepted.arn?.includes(`:${account}:assumed-role/${role.name}/`)) {
        problems.push(
          `${role.name}: the emulator refused the right token (${accepted?.error ?? accepted?.arn ?? 'no answer'})`,
        );
      }
    }
    const wrongAttempts = deployed.attempts.filter((a) => !a.label.startsWith('right '));
    wrongTotal += wrongAttempts.length;
    wrongRefusedByEmulator += wrongAttempts.filter((a) => !a.accepted).length;
  }
  const emulatorEvaluates = wrongRefusedByEmulator > 0;
  if (emulatorEvaluates !== EMULATOR_EVALUATES_WEB_IDENTITY_TRUST) {
    problems.push(
      `the emulator refused ${wrongRefusedByEmulator} of ${wrongTotal} wrong tokens, where it was recorded to ` +
        `${EMULATOR_EVALUATES_WEB_IDENTITY_TRUST ? 'refuse them' : 'accept them all'}: update ` +
        'EMULATOR_EVALUATES_WEB_IDENTITY_TRUST (scripts/deploy/web-identity.ts) and the README, "The deploy tier"',
    );
  }
  const ok = problems.length === 0;
  return {
    name,
    ok,
    summary: ok
      ? `${roles.length} role(s): STS gave each the right job's credentials in ${account}; the trust IAM holds ` +
        `refuses all ${wrongTotal} wrong tokens (evaluated: scripts/oidc/trust.ts), which the emulator itself ` +
        `accepted (${wrongTotal - wrongRefusedByEmulator}/${wrongTotal}: it reads neither token nor trust)`
      : `${problems.length} problem(s)`,
    seconds: result.seconds,
    detail: ok ? undefined : problems.join('\n'),
  };
}
