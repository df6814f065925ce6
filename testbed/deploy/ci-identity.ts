import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { githubClaims, unsignedToken, type GithubJob } from '../oidc/trust';

/**
 * The credentials a GitHub Actions job holds, for the deploy tier: the job's OIDC token (its claims
 * as GitHub would issue them for that job, unsigned) in a file, and the role to assume with it.
 * The AWS SDKs (Terraform's included) then call AssumeRoleWithWebIdentity themselves, as
 * aws-actions/configure-aws-credentials does in the job, and the emulator's STS decides it against
 * the role's trust policy (moto_launcher.py, Gap 4): a job the role does not trust gets nothing.
 */

/** One job of the delivery workflows: the role it assumes and where it runs. */
export interface CiJob {
  readonly roleArn: string;
  readonly job: GithubJob;
  /** Names the session and the token file, for example `apply-dev`. */
  readonly label: string;
}

/** How long the tier's tokens are valid: longer than any one command of the tier runs. */
const TOKEN_SECONDS = 3600;

/**
 * The environment of `base` acting as the job: no profile, no keys, only the token and the role
 * (the SDK's web identity variables). `dir` receives the token file and a config with the region.
 */
export function ciEnvironment(
  base: NodeJS.ProcessEnv,
  ci: CiJob,
  dir: string,
  region: string,
): NodeJS.ProcessEnv {
  const token = join(dir, `token-${ci.label}`);
  writeFileSync(token, unsignedToken(githubClaims(ci.job), TOKEN_SECONDS));
  const config = join(dir, 'aws-config-ci');
  writeFileSync(config, `[default]\nregion = ${region}\n`);
  const env = Object.fromEntries(
    Object.entries(base).filter(([key]) => !['AWS_PROFILE', 'AWS_SHARED_CREDENTIALS_FILE'].includes(key)),
  );
  return {
    ...env,
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
    AWS_ROLE_ARN: ci.roleArn,
    AWS_WEB_IDENTITY_TOKEN_FILE: token,
    AWS_ROLE_SESSION_NAME: ci.label,
  };
}
