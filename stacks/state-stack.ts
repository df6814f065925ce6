import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import type { EnvironmentConfig, ProjectConfig } from '../envs/types';
import { StateBucket } from '../modules/state-bucket';
import { PlatformStack } from './platform-stack';

export interface StateStackProps {
  readonly project: ProjectConfig;
  /** Every environment: accounts other than the shared one get access to their own states. */
  readonly environments: readonly EnvironmentConfig[];
}

/**
 * The S3 bucket every other stack keeps its state in. Bootstrapped once with a local backend
 * (it cannot live in the bucket it creates); see README, "Deploying", step 1.
 */
export class StateStack extends PlatformStack {
  constructor(scope: Construct, id: string, props: StateStackProps) {
    const { project, environments } = props;
    super(scope, id, {
      project,
      environment: 'shared',
      accountId: project.sharedAccountId,
      backend: 'local',
    });
    // Environments in other accounts reach their own states (and their lock files) and read the
    // shared stack's outputs; nothing else in the bucket.
    const state = (key: string) => `${project.name}/${key}`;
    const bucket = new StateBucket(this, 'state-bucket', {
      bucketName: project.stateBucket,
      crossAccountAccess: environments
        .filter((env) => env.accountId !== project.sharedAccountId)
        .map((env) => ({
          accountId: env.accountId,
          readWriteKeys: [state(`${env.name}.tfstate*`), state(`${env.name}-*`)],
          readKeys: [state('shared.tfstate')],
        })),
    });
    new TerraformOutput(this, 'bucket-name', { value: bucket.bucketName });
  }
}
