import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import type { EnvironmentConfig, ProjectConfig } from '../envs/types';
import { StateBucket } from '../modules/state-bucket';
import { stateKey } from '../envs/derive';
import { PlatformStack } from './platform-stack';

export interface StateStackProps {
  readonly project: ProjectConfig;
  /** Every environment: accounts other than the shared one get access to their own states. */
  readonly environments: readonly EnvironmentConfig[];
  /** ID of the stack whose state every environment reads (the shared account's administrator stack: the zone). */
  readonly zoneStackId: string;
}

/**
 * The S3 bucket every other stack keeps its state in. Bootstrapped once with a local backend
 * (it cannot live in the bucket it creates); see docs/deploying.md, step 1.
 */
export class StateStack extends PlatformStack {
  constructor(scope: Construct, id: string, props: StateStackProps) {
    const { project, environments, zoneStackId } = props;
    super(scope, id, {
      project,
      environment: 'shared',
      accountId: project.sharedAccountId,
      backend: 'local',
      appliedBy: 'administrator',
    });
    // Environments in other accounts reach the states under their account's prefix (their own
    // stacks' states and lock files) and read the state holding the public zone (the shared
    // account's administrator stack); nothing else in the bucket. Several environments in one
    // account share that account's prefix: the account is the boundary IAM can draw, and its
    // principals administer all of those environments anyway.
    const accounts = [
      ...new Set(
        environments.map((env) => env.accountId).filter((account) => account !== project.sharedAccountId),
      ),
    ];
    const bucket = new StateBucket(this, 'state-bucket', {
      bucketName: project.stateBucket,
      crossAccountAccess:
        accounts.length > 0
          ? {
              accountIds: accounts,
              keyPrefix: project.name,
              readKeys: [stateKey(project, project.sharedAccountId, zoneStackId)],
            }
          : undefined,
    });
    new TerraformOutput(this, 'bucket-name', { value: bucket.bucketName });
  }
}
