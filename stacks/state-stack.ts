import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import type { ProjectConfig } from '../envs/types';
import { StateBucket } from '../modules/state-bucket';
import { PlatformStack } from './platform-stack';

/**
 * The S3 bucket every other stack keeps its state in. Bootstrapped once with a local backend
 * (it cannot live in the bucket it creates); see README, "Bootstrap".
 */
export class StateStack extends PlatformStack {
  constructor(scope: Construct, id: string, project: ProjectConfig) {
    super(scope, id, {
      project,
      environment: 'shared',
      accountId: project.sharedAccountId,
      backend: 'local',
    });
    const bucket = new StateBucket(this, 'state-bucket', { bucketName: project.stateBucket });
    new TerraformOutput(this, 'bucket-name', { value: bucket.bucketName });
  }
}
