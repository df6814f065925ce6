import type { DeploySession } from './session';
import { tail, type Check, type CommandResult } from './steps';
import { webIdentityChecks } from './web-identity';

/** A protection the deployed app must show, checked while its stacks are up. */
export interface Protection {
  readonly id: string;
  /** Stacks that must be deployed before the check, and stay until it has run. */
  readonly stacks: readonly string[];
  check(): Promise<Check>;
}

/** Protections only deployed stacks can show: the state bucket's, and the GitHub Actions roles'. */
export function protections(session: DeploySession, insecureEndpoint: string): Protection[] {
  return [...stateProtections(session, insecureEndpoint), ...githubRoleProtections(session)];
}

/**
 * The state bucket's: on the first stack outside the bucket's account, and on a second one in yet
 * another account.
 */
function stateProtections(session: DeploySession, insecureEndpoint: string): Protection[] {
  const { app, accounts } = session;
  const bucketAccount = accounts[app.bootstrap[0]];
  const probe = app.names.find((n) => app.s3Backed(n) && accounts[n] !== bucketAccount);
  if (!probe) return [];
  const neighbour = app.names.find(
    (n) => app.s3Backed(n) && ![bucketAccount, accounts[probe]].includes(accounts[n]),
  );
  const checks: Protection[] = [
    { id: 'wrong-account', stacks: [probe], check: () => wrongAccountRefused(session, probe, bucketAccount) },
    { id: 'plain-http', stacks: [probe], check: () => plainHttpRefused(session, probe, insecureEndpoint) },
  ];
  if (neighbour) {
    const other = accounts[probe];
    checks.push({
      id: 'other-state',
      stacks: [probe, neighbour],
      check: () => otherStateRefused(session, neighbour, other),
    });
  }
  return checks;
}

/** The GitHub Actions roles, assumed through the emulator's STS with right and wrong tokens. */
function githubRoleProtections(session: DeploySession): Protection[] {
  const checks = webIdentityChecks({
    names: session.app.names,
    json: session.app.json,
    accounts: session.accounts,
    workDir: session.logDir,
    python: process.env.EMULATOR_PYTHON ?? 'python3',
    run: (label, command, args, stack) =>
      session.run(label, command, args, session.logDir, session.envFor(stack)),
  });
  return checks.map(({ id, stack, run }) => ({ id, stacks: [stack], check: run }));
}

async function wrongAccountRefused(
  session: DeploySession,
  stack: string,
  otherAccount: string,
): Promise<Check> {
  // The bucket's own account passes the backend, so only allowed_account_ids can refuse it.
  const result = await session.run(
    `check.wrong-account`,
    'terraform',
    ['plan', '-lock=false', '-input=false', '-no-color'],
    session.app.dirOf(stack),
    session.envFor(stack, otherAccount),
  );
  return refused(
    `${stack} planned with account ${otherAccount}'s credentials is refused`,
    result,
    /AWS account ID not allowed/i,
    'AWS account ID not allowed',
  );
}

async function plainHttpRefused(
  session: DeploySession,
  stack: string,
  insecureEndpoint: string,
): Promise<Check> {
  const result = await session.run(
    `check.plain-http`,
    'terraform',
    ['plan', '-lock=false', '-input=false', '-no-color', '-refresh=false'],
    session.app.dirOf(stack),
    { ...session.envFor(stack), AWS_ENDPOINT_URL: insecureEndpoint },
  );
  return refused(
    `${stack}'s state read over plain HTTP is refused`,
    result,
    /StatusCode: 403/,
    '403 from the state bucket policy (aws:SecureTransport)',
  );
}

async function otherStateRefused(
  session: DeploySession,
  stack: string,
  otherAccount: string,
): Promise<Check> {
  // The state bucket policy grants each account its own keys only; S3 refuses the rest.
  const result = await session.run(
    `check.other-state`,
    'terraform',
    ['state', 'pull'],
    session.app.dirOf(stack),
    session.envFor(stack, otherAccount),
  );
  return refused(
    `${stack}'s state read with account ${otherAccount}'s credentials is refused`,
    result,
    /StatusCode: 403/,
    '403 from the state bucket policy',
  );
}

/** The check passes when the command failed with the refusal's own error. */
function refused(name: string, result: CommandResult, error: RegExp, refusal: string): Check {
  const ok = result.code !== 0 && error.test(result.output);
  return {
    name,
    ok,
    summary: ok ? `refused: ${refusal}` : `not refused (exit ${result.code})`,
    seconds: result.seconds,
    detail: ok ? undefined : tail(result.output),
  };
}
