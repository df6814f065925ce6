import { Construct } from 'constructs';
import { TerraformOutput, type TerraformStack } from 'cdktf';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import {
  ADMINISTERED_ROLE_PATH,
  administratorStackId,
  dnsPlanRoleName,
  dnsRecordsRoleName,
  partitionOf,
  planRoleName,
  repositoryName,
  stateKey,
  workloadBoundaryName,
} from '../envs/derive';
import type { EnvironmentConfig, ProjectConfig } from '../envs/types';
import { VALIDATION_RECORD_TYPE } from '../modules/certificate';
import { PublicZone, RecordWriterRole, ZoneReaderRole } from '../modules/dns';
import { GithubOidcProvider, type IdentityScope } from '../modules/github-oidc';
import { aliasRecordTypes } from '../modules/load-balancer';
import { WorkloadBoundary } from '../modules/workload-boundary';
import { addEnvironmentDelivery, addSharedDelivery, type DeliveryRoles } from './delivery';
import { PlatformStack } from './platform-stack';

/**
 * What an environment stack writes into the public zone: its ALB's alias records (the stack
 * leaves the ALB at the default IP address type) and its certificate's validation records.
 */
const ENVIRONMENT_RECORD_TYPES = [...aliasRecordTypes(), VALIDATION_RECORD_TYPE];

/** What CI deploys into one account, which the account's roles are derived from. */
export interface DeployedStacks {
  /** The `shared` stack, when this is the shared account. */
  readonly shared?: TerraformStack;
  /** Each environment living in this account, with its stack and its service stacks. */
  readonly environments: readonly {
    readonly env: EnvironmentConfig;
    readonly stack: TerraformStack;
    readonly services: readonly TerraformStack[];
  }[];
}

export interface AdministratorStackProps {
  readonly project: ProjectConfig;
  readonly accountId: string;
  /** Every environment of the configuration (the public zone's record roles name them all). */
  readonly allEnvironments: readonly EnvironmentConfig[];
}

/**
 * One account's identities, applied by hand with an administrator's credentials and never by CI
 * (docs/delivery.md, "One-time setup"): the GitHub OIDC provider, the workload permissions boundary, and
 * every role assumed by people, by GitHub or by another account, each with rights derived from the
 * stacks it applies. In the shared account also the public hosted zone and the roles through which
 * each environment writes (and plans) its records in it. No CI role can change any of this.
 */
export class AdministratorStack extends PlatformStack {
  public readonly accountId: string;
  /** The public zone (shared account only). */
  public readonly publicZone?: PublicZone;
  /** The roles by the stack they apply (`shared`, or an environment's name); see `addDelivery`. */
  public readonly delivery: Record<string, DeliveryRoles> = {};
  private readonly project: ProjectConfig;
  private readonly identity: IdentityScope;
  private readonly providerArn: string;

  constructor(scope: Construct, id: string, props: AdministratorStackProps) {
    const { project, accountId } = props;
    super(scope, id, { project, environment: 'administration', accountId, appliedBy: 'administrator' });
    this.project = project;
    this.accountId = accountId;
    const partition = new DataAwsPartition(this, 'partition').partition;
    new WorkloadBoundary(this, 'workload-boundary', {
      policyName: workloadBoundaryName(project),
      stateBucketArn: `arn:${partitionOf(project.region)}:s3:::${project.stateBucket}`,
      preventDestroy: props.allEnvironments.some((env) => env.accountId === accountId && env.protectData),
    });
    this.providerArn = new GithubOidcProvider(this, 'github-oidc').providerArn;
    this.identity = {
      partition,
      region: project.region,
      accountId,
      // Derived rather than referenced: the stacks CI deploys name the same ARN from configuration.
      boundaryArn: workloadBoundaryArn(partition, accountId, project),
      administeredPath: ADMINISTERED_ROLE_PATH,
    };
    if (accountId === project.sharedAccountId) this.publicZone = this.addPublicZone(props, partition);
  }

  /**
   * The roles that deploy `deploys` (the stacks CI applies into this account), derived from their
   * synthesized constructs; called once every stack of the app is built.
   */
  addDelivery(deploys: DeployedStacks): void {
    const { project, identity } = this;
    const account = { project, identity, providerArn: this.providerArn };
    if (deploys.shared) {
      this.delivery.shared = addSharedDelivery(this, {
        ...account,
        shared: deploys.shared,
        repositoryArns: Object.fromEntries(
          Object.keys(project.services).map((name) => [
            name,
            `arn:${identity.partition}:ecr:${project.region}:${this.accountId}:repository/${repositoryName(project, name)}`,
          ]),
        ),
      });
    }
    const zoneStateKey = stateKey(
      project,
      project.sharedAccountId,
      administratorStackId(project.sharedAccountId),
    );
    for (const { env, stack, services } of deploys.environments) {
      this.delivery[env.name] = addEnvironmentDelivery(this, {
        ...account,
        env,
        environment: stack,
        services,
        zoneStateKey,
      });
    }
    for (const [owner, roles] of Object.entries(this.delivery)) {
      const kinds = {
        'deploy-platform': roles.deployPlatform,
        'deploy-services': roles.deployServices,
        plan: roles.plan,
      };
      for (const [kind, role] of Object.entries(kinds)) {
        if (role) new TerraformOutput(this, `${owner}-${kind}-role-arn`, { value: role.roleArn });
      }
      for (const [service, role] of Object.entries(roles.imagePublishers ?? {})) {
        new TerraformOutput(this, `image-publisher-${service}-role-arn`, { value: role.roleArn });
      }
    }
  }

  /**
   * The public zone of the apex domain, and per environment a role that writes its records into it
   * and one that only reads it (for plans). The zone is an administrator's: its name servers are
   * delegated by hand at the registrar, and no CI role may change it or its records but through
   * an environment's writer role.
   */
  private addPublicZone(
    { project, allEnvironments }: AdministratorStackProps,
    partition: string,
  ): PublicZone {
    const zone = new PublicZone(this, 'public-zone', { domainName: project.apexDomain });
    // The registrar needs these once, to delegate the apex domain to Route53.
    new TerraformOutput(this, 'name-servers', { value: zone.nameServers });
    for (const env of allEnvironments) {
      new RecordWriterRole(this, `dns-records-${env.name}`, {
        roleName: dnsRecordsRoleName(project, env),
        path: ADMINISTERED_ROLE_PATH,
        zoneArn: zone.zoneArn,
        trustedAccountId: env.accountId,
        domainName: env.domain,
        recordTypes: ENVIRONMENT_RECORD_TYPES,
        excludedDomains: allEnvironments
          .filter((other) => other.name !== env.name)
          .map((other) => other.domain),
      });
      new ZoneReaderRole(this, `dns-plan-${env.name}`, {
        roleName: dnsPlanRoleName(project, env),
        path: ADMINISTERED_ROLE_PATH,
        zoneArn: zone.zoneArn,
        trustedAccountId: env.accountId,
        trustedRoleArn: `arn:${partition}:iam::${env.accountId}:role${ADMINISTERED_ROLE_PATH}${planRoleName(project, env.name)}`,
      });
    }
    return zone;
  }
}

/** The workload boundary's ARN in an account: every stack CI deploys there names it. */
export function workloadBoundaryArn(partition: string, accountId: string, project: ProjectConfig): string {
  return `arn:${partition}:iam::${accountId}:policy/${workloadBoundaryName(project)}`;
}
