import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ciEnvironment } from '../../deploy/ci-identity';

describe('ciEnvironment', () => {
  test("acts as the job: its token and role, and nothing of the user's profiles or keys", () => {
    // GIVEN a user's environment with a profile and keys
    const dir = mkdtempSync(join(tmpdir(), 'ci-identity-'));
    const base = {
      PATH: '/bin',
      AWS_PROFILE: 'admin',
      AWS_SHARED_CREDENTIALS_FILE: '/home/me/.aws/credentials',
    };
    // WHEN the environment of the apply job of dev is made
    const env = ciEnvironment(
      base,
      {
        roleArn: 'arn:aws:iam::222222222222:role/delivery/webapp-dev-deploy-platform',
        job: { repository: 'acme/webapp-platform', environment: 'dev-platform' },
        label: 'apply-dev',
      },
      dir,
      'ap-northeast-1',
    );
    // THEN the SDK's web identity variables name the role and a token of that job, and no profile is left
    expect(env.AWS_PROFILE).toBeUndefined();
    expect(env.AWS_SHARED_CREDENTIALS_FILE).not.toBe(base.AWS_SHARED_CREDENTIALS_FILE);
    expect(env.AWS_ROLE_ARN).toBe('arn:aws:iam::222222222222:role/delivery/webapp-dev-deploy-platform');
    const [, payload] = readFileSync(env.AWS_WEB_IDENTITY_TOKEN_FILE!, 'utf8').split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({
      iss: 'https://token.actions.githubusercontent.com',
      aud: 'sts.amazonaws.com',
      sub: 'repo:acme/webapp-platform:environment:dev-platform',
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBeGreaterThanOrEqual(3600);
    expect(readFileSync(env.AWS_CONFIG_FILE!, 'utf8')).toBe('[default]\nregion = ap-northeast-1\n');
  });
});
