import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import type { EnvironmentConfig, ProjectConfig } from '../envs/types';
import { VALIDATION_RECORD_TYPE } from '../modules/certificate';
import { ContainerRegistry } from '../modules/container-registry';
import { PublicZone, RecordWriterRole } from '../modules/dns';
import { aliasRecordTypes } from '../modules/load-balancer';
import { addSharedDelivery, type DeliveryRoles } from './delivery';
import { PlatformStack } from './platform-stack';

/**
 * What an environment stack writes into the public zone: its ALB's alias records (the stack
 * leaves the ALB at the default IP address type) and its certificate's validation records.
 */
const ENVIRONMENT_RECORD_TYPES = [...aliasRecordTypes(), VALIDATION_RECORD_TYPE];

export interface SharedStackProps {
  readonly project: ProjectConfig;
  /** Every environment: each gets a record-writer role, and its account may pull images. */
  readonly environments: readonly EnvironmentConfig[];
}

/**
 * Long-lived resources every environment uses: the public hosted zone and one image repository
 * per service of the catalogue. Images are built once and promoted from dev to prod by tag.
 */
export class SharedStack extends PlatformStack {
  public readonly publicZone: PublicZone;
  /** Image repository per service name. */
  public readonly repositories: Readonly<Record<string, ContainerRegistry>>;
  /** Per environment name: the role its stack assumes to write its records into the zone. */
  public readonly recordWriterRoles: Readonly<Record<string, RecordWriterRole>>;
  /** The roles GitHub Actions assumes in the shared account (README, "Continuous delivery"). */
  public readonly delivery: DeliveryRoles;

  constructor(scope: Construct, id: string, props: SharedStackProps) {
    const { project, environments } = props;
    super(scope, id, { project, environment: 'shared', accountId: project.sharedAccountId });
    this.publicZone = new PublicZone(this, 'public-zone', { domainName: project.apexDomain });
    // The registrar needs these once, to delegate the apex domain to Route53.
    new TerraformOutput(this, 'name-servers', { value: this.publicZone.nameServers });

    this.recordWriterRoles = Object.fromEntries(
      environments.map((env) => [
        env.name,
        new RecordWriterRole(this, `dns-records-${env.name}`, {
          roleName: `${project.name}-${env.name}-dns-records`,
          zoneArn: this.publicZone.zoneArn,
          trustedAccountId: env.accountId,
          domainName: env.domain,
          recordTypes: ENVIRONMENT_RECORD_TYPES,
          excludedDomains: environments
            .filter((other) => other.name !== env.name)
            .map((other) => other.domain),
        }),
      ]),
    );

    // Environments in other accounts pull across accounts; the shared account needs no grant.
    const pullAccountIds = [...new Set(environments.map((env) => env.accountId))].filter(
      (account) => account !== project.sharedAccountId,
    );
    this.repositories = Object.fromEntries(
      Object.keys(project.services).map((service) => [
        service,
        new ContainerRegistry(this, `repository-${service}`, {
          repositoryName: `${project.name}/${service}`,
          lifecycle: project.registry,
          pullAccountIds,
        }),
      ]),
    );
    this.delivery = addSharedDelivery(this, {
      project,
      repositoryArns: Object.fromEntries(
        Object.entries(this.repositories).map(([n, r]) => [n, r.repositoryArn]),
      ),
    });
  }
}
