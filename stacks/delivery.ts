import type { Construct } from 'constructs';
import { TerraformDataSource, TerraformResource, Token, type TerraformStack } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import {
  ADMINISTERED_ROLE_PATH,
  deployPlatformRoleName,
  deployServicesRoleName,
  dnsPlanRoleName,
  dnsRecordsRoleName,
  imagePublisherRoleName,
  namePrefix,
  planRoleName,
  platformGithubEnvironment,
  servicesGithubEnvironment,
  SHARED_GITHUB_ENVIRONMENT,
  serviceStateKeys,
  stateKey,
  administratorStackId,
  MAIN_BRANCH,
} from '../envs/derive';
import type { EnvironmentConfig, ProjectConfig } from '../envs/types';
import { throwOnProblems, WorkloadRole } from '../modules/core';
import { taskRoleNames } from '../modules/ecs-service';
import {
  DEFAULT_IMAGE_BRANCH,
  GithubOidcRole,
  deployPlatformStatements,
  deployServicesStatements,
  imagePublisherStatements,
  planStatements,
  platformGrantProblems,
  type IdentityScope,
  type WorkloadRoles,
} from '../modules/github-oidc';

/**
 * The identities GitHub Actions uses to deliver this app (docs/delivery.md), as the
 * administrator stack of their account creates them: for the shared account, the roles that plan
 * and apply `shared` and one image publisher per service; for each environment, the roles that
 * plan, apply the environment and deploy its services. Each role's rights are derived from the
 * stacks it applies, read from their synthesized constructs (resource types, workload roles, log
 * groups, names), never from a reference into them: the administrator stack is applied before them.
 */

/** The roles of one stack kind, for outputs and tests. */
export interface DeliveryRoles {
  readonly deployPlatform: GithubOidcRole;
  readonly plan: GithubOidcRole;
  readonly deployServices?: GithubOidcRole;
  readonly imagePublishers?: Readonly<Record<string, GithubOidcRole>>;
}

/** Terraform resource and data source types a stack holds (`data.<type>` for data sources). */
export function heldTypes(stack: TerraformStack): string[] {
  return stack.node.findAll().flatMap((node) => {
    if (TerraformResource.isTerraformResource(node)) return [node.terraformResourceType];
    if (TerraformDataSource.isTerraformDataSource(node)) return [`data.${node.terraformResourceType}`];
    return [];
  });
}

/** A literal the configuration gave a construct; a token would name nothing until apply. */
function literal(value: string, what: string): string {
  if (Token.isUnresolved(value)) throw new Error(`${what} is not known at synthesis: ${value}`);
  return value;
}

/** The workload roles stacks create: what their deployer may create, attach and pass. */
export function workloadRolesOf(stacks: readonly TerraformStack[], partition: string): WorkloadRoles {
  const roles = stacks.flatMap((stack) => stack.node.findAll().filter(WorkloadRole.isWorkloadRole));
  return {
    names: roles.map((r) => r.roleName).sort(),
    passedTo: Object.fromEntries(roles.map((r) => [r.roleName, r.servicePrincipal])),
    managedPolicyArns: [...new Set(roles.flatMap((r) => r.managedPolicyNames))]
      .sort()
      .map((name) => `arn:${partition}:iam::aws:policy/${name}`),
    instanceProfiles: stacks.some((stack) => heldTypes(stack).includes('aws_iam_instance_profile')),
  };
}

/** The names of a stack's log groups. */
function logGroupNames(stack: TerraformStack): string[] {
  return stack.node
    .findAll()
    .filter((node): node is CloudwatchLogGroup => node instanceof CloudwatchLogGroup)
    .map((group) => literal(group.nameInput!, `${group.node.path}.name`))
    .sort();
}

/** The name of the stack's load balancer, when it has one. */
function loadBalancerName(stack: TerraformStack): string | undefined {
  const lb = stack.node.findAll().find((node): node is Lb => node instanceof Lb);
  return lb ? literal(lb.nameInput!, `${lb.node.path}.name`) : undefined;
}

export interface AccountDeliveryProps {
  readonly project: ProjectConfig;
  /** The account's identity scope: partition, region, account, boundary, administered path. */
  readonly identity: IdentityScope;
  /** ARN of the account's GitHub OIDC provider. */
  readonly providerArn: string;
}

export interface SharedDeliveryProps extends AccountDeliveryProps {
  /** The `shared` stack, which the shared deployer applies. */
  readonly shared: TerraformStack;
  /** ARN of each service's ECR repository, by service name. */
  readonly repositoryArns: Readonly<Record<string, string>>;
}

/** The roles of the shared account: plan and apply `shared`, push each service's images. */
export function addSharedDelivery(scope: Construct, props: SharedDeliveryProps): DeliveryRoles {
  const { project, identity, providerArn } = props;
  const sharedState = stateKey(project, project.sharedAccountId, props.shared.node.id);
  const ownAdministration = stateKey(
    project,
    project.sharedAccountId,
    administratorStackId(identity.accountId),
  );
  const path = ADMINISTERED_ROLE_PATH;

  const imagePublishers = Object.fromEntries(
    Object.entries(project.services)
      .filter(([, service]) => service.source !== undefined)
      .map(([name, service]) => [
        name,
        new GithubOidcRole(scope, `image-publisher-${name}`, {
          roleName: imagePublisherRoleName(project, name),
          path,
          description: `Pushes ${name} images from ${service.source!.repository}`,
          providerArn,
          trustedBy: [
            {
              repository: service.source!.repository,
              context: { kind: 'branch', branch: service.source!.branch ?? DEFAULT_IMAGE_BRANCH },
            },
          ],
          statements: imagePublisherStatements([props.repositoryArns[name]]),
        }),
      ]),
  );
  const plan = new GithubOidcRole(scope, 'plan-shared', {
    roleName: planRoleName(project, 'shared'),
    path,
    description: `Plans the shared account's stacks from state, for ${project.repository}`,
    providerArn,
    trustedBy: planTrust(project),
    statements: planStatements({
      partition: identity.partition,
      bucketName: project.stateBucket,
      readKeys: [sharedState, ownAdministration],
    }),
  });
  const resourceTypes = heldTypes(props.shared);
  throwOnProblems(`${props.shared.node.path}: deploy-platform`, platformGrantProblems(resourceTypes));
  const deployPlatform = new GithubOidcRole(scope, 'deploy-shared', {
    roleName: deployPlatformRoleName(project, 'shared'),
    path,
    description: 'Applies the shared stack (image repositories) from the main branch',
    providerArn,
    trustedBy: [
      {
        repository: project.repository,
        context: { kind: 'environment', environment: SHARED_GITHUB_ENVIRONMENT },
      },
    ],
    statements: deployPlatformStatements({
      ...identity,
      resourceTypes,
      namePrefix: `${project.name}-shared`,
      stackId: props.shared.node.id,
      repositoryPrefix: `${project.name}/`,
      state: { bucketName: project.stateBucket, writeKeys: [sharedState], readKeys: [] },
    }),
  });
  return { deployPlatform, plan, imagePublishers };
}

export interface EnvironmentDeliveryProps extends AccountDeliveryProps {
  readonly env: EnvironmentConfig;
  /** The environment's stack, which its platform deployer applies. */
  readonly environment: TerraformStack;
  /** Its service stacks, which its service deployer applies. */
  readonly services: readonly TerraformStack[];
  /** The state key of the stack that holds the public zone (the shared account's administrator stack). */
  readonly zoneStateKey: string;
}

/** The roles of one environment: plan its stacks, apply its stack, deploy its services. */
export function addEnvironmentDelivery(scope: Construct, props: EnvironmentDeliveryProps): DeliveryRoles {
  const { project, env, identity, providerArn } = props;
  const prefix = namePrefix(project, env);
  const own = stateKey(project, env.accountId, props.environment.node.id);
  const services = serviceStateKeys(project, env);
  const ownAdministration = stateKey(project, env.accountId, administratorStackId(env.accountId));
  const path = ADMINISTERED_ROLE_PATH;
  const sharedRole = (name: string) =>
    `arn:${identity.partition}:iam::${project.sharedAccountId}:role${path}${name}`;

  const plan = new GithubOidcRole(scope, `plan-${env.name}`, {
    roleName: planRoleName(project, env.name),
    path,
    description: `Plans ${env.name}'s stacks from state, for ${project.repository}`,
    providerArn,
    trustedBy: planTrust(project),
    statements: planStatements({
      partition: identity.partition,
      bucketName: project.stateBucket,
      readKeys: [own, services, props.zoneStateKey, ownAdministration],
      assumeRoleArns: [sharedRole(dnsPlanRoleName(project, env))],
    }),
  });
  const deployServices = new GithubOidcRole(scope, `deploy-services-${env.name}`, {
    roleName: deployServicesRoleName(project, env),
    path,
    description: `Deploys ${env.name}'s services (task definitions, services, scaling) from ${project.repository}`,
    providerArn,
    trustedBy: [
      {
        repository: project.repository,
        context: { kind: 'environment', environment: servicesGithubEnvironment(env) },
      },
    ],
    statements: deployServicesStatements({
      ...identity,
      clusterName: prefix,
      services: Object.keys(env.services).map((name) => {
        const baseName = `${prefix}-${name}`;
        const names = taskRoleNames(baseName);
        return { baseName, roleNames: [names.execution, names.task], logGroupName: `/ecs/${prefix}/${name}` };
      }),
      loadBalancerName: Object.keys(env.services).some((name) => project.services[name].exposure === 'public')
        ? loadBalancerName(props.environment)
        : undefined,
      serviceDiscovery: Object.keys(env.services).some(
        (name) => project.services[name].exposure === 'internal',
      ),
      state: { bucketName: project.stateBucket, writeKeys: [services], readKeys: [own] },
    }),
  });
  const resourceTypes = heldTypes(props.environment);
  throwOnProblems(`${props.environment.node.path}: deploy-platform`, platformGrantProblems(resourceTypes));
  const deployPlatform = new GithubOidcRole(scope, `deploy-platform-${env.name}`, {
    roleName: deployPlatformRoleName(project, env.name),
    path,
    description: `Applies the ${env.name} environment stack from ${project.repository}`,
    providerArn,
    trustedBy: [
      {
        repository: project.repository,
        context: { kind: 'environment', environment: platformGithubEnvironment(env) },
      },
    ],
    statements: deployPlatformStatements({
      ...identity,
      resourceTypes,
      namePrefix: prefix,
      stackId: props.environment.node.id,
      workloads: workloadRolesOf([props.environment], identity.partition),
      logGroupNames: logGroupNames(props.environment),
      parameterPath: `/${project.name}/${env.name}/`,
      assumeRoleArns: [sharedRole(dnsRecordsRoleName(project, env))],
      protectData: env.protectData,
      state: { bucketName: project.stateBucket, writeKeys: [own], readKeys: [props.zoneStateKey] },
    }),
  });
  return { deployPlatform, deployServices, plan };
}

/**
 * Plans run on pull requests and, before every apply, on `main` (deploy.yml, release.yml): the
 * apply job then applies exactly that saved plan.
 */
function planTrust(project: ProjectConfig) {
  return [
    { repository: project.repository, context: { kind: 'pull_request' as const } },
    { repository: project.repository, context: { kind: 'branch' as const, branch: MAIN_BRANCH } },
  ];
}
