import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import type { ProjectConfig } from '../envs/types';
import { PublicZone } from '../modules/dns';
import { PlatformStack } from './platform-stack';

/** Long-lived resources every environment uses: the public hosted zone. */
export class SharedStack extends PlatformStack {
  public readonly publicZone: PublicZone;

  constructor(scope: Construct, id: string, project: ProjectConfig) {
    super(scope, id, { project, environment: 'shared', accountId: project.sharedAccountId });
    this.publicZone = new PublicZone(this, 'public-zone', { domainName: project.apexDomain });
    // The registrar needs these once, to delegate the apex domain to Route53.
    new TerraformOutput(this, 'name-servers', { value: this.publicZone.nameServers });
  }
}
