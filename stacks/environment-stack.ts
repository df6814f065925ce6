import { Construct } from 'constructs';
import type { EnvironmentConfig, ProjectConfig } from '../envs/types';
import { Network } from '../modules/network';
import { PlatformStack } from './platform-stack';
import type { SharedStack } from './shared-stack';

export interface EnvironmentStackProps {
  readonly project: ProjectConfig;
  readonly env: EnvironmentConfig;
  readonly shared: SharedStack;
}

/** One environment's long-lived infrastructure: its network, and what later issues add. */
export class EnvironmentStack extends PlatformStack {
  public readonly network: Network;

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    const { project, env } = props;
    super(scope, id, { project, environment: env.name, accountId: env.accountId });

    this.network = new Network(this, 'network', {
      namePrefix: this.namePrefix,
      region: project.region,
      cidr: env.network.cidr,
      availabilityZones: env.network.availabilityZones,
      nat: env.network.nat,
      interfaceEndpoints: env.network.interfaceEndpoints,
      flowLogRetentionDays: env.logRetentionDays,
    });
  }
}
