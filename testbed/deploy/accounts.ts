import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * AWS CLI/SDK profiles for the emulator, written the way a team writes them for AWS: one base
 * identity, and per account a profile that assumes a role in that account. moto hands out
 * credentials of account N to whoever assumes a role whose ARN names N, so each stack runs with
 * credentials for exactly the account its `allowed_account_ids` names, and a wrong profile is refused
 * by the provider as it would be in AWS.
 */
export interface AwsProfiles {
  readonly configFile: string;
  readonly credentialsFile: string;
  /** Profile name that acts in `accountId`. */
  profileFor(accountId: string): string;
}

/** The role a platform team assumes into member accounts (AWS Organizations' default name). */
export const DEPLOY_ROLE = 'OrganizationAccountAccessRole';
/** The base identity: moto's default account, which none of our stacks allows. */
export const BASE_PROFILE = 'emulator-base';

export function writeAwsProfiles(dir: string, accountIds: readonly string[], region: string): AwsProfiles {
  const profileFor = (accountId: string) => `account-${accountId}`;
  const config = [
    `[profile ${BASE_PROFILE}]`,
    `region = ${region}`,
    ...[...new Set(accountIds)]
      .sort()
      .flatMap((accountId) => [
        '',
        `[profile ${profileFor(accountId)}]`,
        `region = ${region}`,
        `source_profile = ${BASE_PROFILE}`,
        `role_arn = arn:aws:iam::${accountId}:role/${DEPLOY_ROLE}`,
        'role_session_name = deploy-tier',
      ]),
  ];
  const credentials = [
    `[${BASE_PROFILE}]`,
    // moto accepts any key; these name no real identity.
    'aws_access_key_id = AKIAEMULATORBASE0000',
    'aws_secret_access_key = emulator-base-secret',
  ];
  const configFile = join(dir, 'aws-config');
  const credentialsFile = join(dir, 'aws-credentials');
  writeFileSync(configFile, `${config.join('\n')}\n`);
  writeFileSync(credentialsFile, `${credentials.join('\n')}\n`);
  return { configFile, credentialsFile, profileFor };
}
