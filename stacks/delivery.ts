import type { Construct } from 'constructs';
import { TerraformDataSource, TerraformOutput, TerraformResource, type TerraformStack } from 'cdktf';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import {
  deployPlatformRoleName,
  deployServicesRoleName,
  imagePublisherRoleName,
  planRoleName,
  platformGithubEnvironment,
  servicesGithubEnvironment,
  SHARED_GITHUB_ENVIRONMENT,
  serviceStateKeys,
  stateKey,
} from '../envs/derive';
import type { EnvironmentConfig, ProjectConfig } from '../envs/types';
import { throwOnProblems } from '../modules/core/validation';
import { taskRoleNames } from '../modules/ecs-service';
import {
  DEFAULT_IMAGE_BRANCH,
  GITHUB_OIDC_HOST,
  GithubOidcProvider,
  GithubOidcRole,
  deployPlatformStatements,
  deployServicesStatements,
  imagePublisherStatements,
  planStatements,
  platformGrantProblems,
  type AwsScope,
} from '../modules/github-oidc';

/**
 * The identities GitHub Actions uses to deliver this app (README, "Continuous delivery"), added to
 * the stacks that own them: in `shared`, the account's OIDC provider, one image publisher per
 * service built in an application repository, and the roles that plan and apply `shared`; in each
 * environment, the roles that plan, apply the environment, and deploy its services.
 */

/** The roles of one stack, for its outputs and the tests. */
export interface DeliveryRoles {
  readonly deployPlatform: GithubOidcRole;
  readonly plan: GithubOidcRole;
  readonly deployServices?: GithubOidcRole;
  readonly imagePublishers?: Readonly<Record<string, GithubOidcRole>>;
}

/** Terraform resource and data source types the stack holds so far (`data.<type>` for data sources). */
function heldTypes(stack: TerraformStack): string[] {
  return stack.node.findAll().flatMap((node) => {
    if (TerraformResource.isTerraformResource(node)) return [node.terraformResourceType];
    if (TerraformDataSource.isTerraformDataSource(node)) return [`data.${node.terraformResourceType}`];
    return [];
  });
}

/** What the delivery roles add to a stack: they are resources the deploy role must manage too. */
const ROLE_TYPES = ['aws_iam_role', 'aws_iam_role_policy', 'data.aws_iam_policy_document'];

function providerArn(scope: Construct, creates: boolean, partition: string, accountId: string): string {
  return creates
    ? new GithubOidcProvider(scope, 'github-oidc').providerArn
    : `arn:${partition}:iam::${accountId}:oidc-provider/${GITHUB_OIDC_HOST}`;
}

function outputs(stack: TerraformStack, roles: Record<string, GithubOidcRole | undefined>): void {
  for (const [id, role] of Object.entries(roles)) {
    if (role) new TerraformOutput(stack, `${id}-role-arn`, { value: role.roleArn });
  }
}

export interface SharedDeliveryProps {
  readonly project: ProjectConfig;
  /** ARN of each service's ECR repository. */
  readonly repositoryArns: Readonly<Record<string, string>>;
}

/** Adds the shared account's GitHub identities to the `shared` stack; call it last. */
export function addSharedDelivery(stack: TerraformStack, props: SharedDeliveryProps): DeliveryRoles {
  const { project } = props;
  const partition = new DataAwsPartition(stack, 'delivery-partition').partition;
  const scope: AwsScope = { partition, region: project.region, accountId: project.sharedAccountId };
  const provider = providerArn(stack, true, partition, project.sharedAccountId);
  const sharedState = stateKey(project, project.sharedAccountId, stack.node.id);

  const imagePublishers = Object.fromEntries(
    Object.entries(project.services)
      .filter(([, service]) => service.source !== undefined)
      .map(([name, service]) => [
        name,
        new GithubOidcRole(stack, `image-publisher-${name}`, {
          roleName: imagePublisherRoleName(project, name),
          description: `Pushes ${name} images from ${service.source!.repository}`,
          providerArn: provider,
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
  const plan = new GithubOidcRole(stack, 'plan', {
    roleName: planRoleName(project, 'shared'),
    description: `Reads the shared state for plans of pull requests to ${project.repository}`,
    providerArn: provider,
    trustedBy: [{ repository: project.repository, context: { kind: 'pull_request' } }],
    statements: planStatements(partition, project.stateBucket, [sharedState]),
  });
  const resourceTypes = [...heldTypes(stack), ...ROLE_TYPES];
  throwOnProblems(`${stack.node.path}/deploy-platform`, platformGrantProblems(resourceTypes));
  const deployPlatform = new GithubOidcRole(stack, 'deploy-platform', {
    roleName: deployPlatformRoleName(project, 'shared'),
    description: 'Applies the shared stack from the main branch of the platform repository',
    providerArn: provider,
    trustedBy: [
      {
        repository: project.repository,
        context: { kind: 'environment', environment: SHARED_GITHUB_ENVIRONMENT },
      },
    ],
    statements: deployPlatformStatements({
      ...scope,
      resourceTypes,
      namePrefix: `${project.name}-shared`,
      // The roles this stack creates: DNS record writers, image publishers and its own.
      roleNames: [
        `${project.name}-*-dns-records`,
        `${project.name}-*-image-publisher`,
        `${project.name}-shared-*`,
      ],
      repositoryPrefix: `${project.name}/`,
      state: { bucketName: project.stateBucket, writeKeys: [sharedState], readKeys: [] },
    }),
  });
  outputs(stack, { 'deploy-platform': deployPlatform, plan });
  for (const [name, role] of Object.entries(imagePublishers))
    outputs(stack, { [`image-publisher-${name}`]: role });
  return { deployPlatform, plan, imagePublishers };
}

export interface EnvironmentDeliveryProps {
  readonly project: ProjectConfig;
  readonly env: EnvironmentConfig;
  /** This stack creates the account's GitHub OIDC provider (the first environment of its account). */
  readonly createsOidcProvider: boolean;
  readonly clusterName: string;
  /** The HTTPS listener, when the environment runs a public service. */
  readonly listenerArn?: string;
  /** The Cloud Map namespace ID, when the environment runs an internal service. */
  readonly namespaceId?: string;
  /** The role in the shared account this stack's DNS provider assumes. */
  readonly dnsRecordsRoleArn: string;
  /** The shared stack's ID, whose state every environment reads. */
  readonly sharedStackId: string;
}

/** Adds an environment's GitHub identities to its stack; call it last. */
export function addEnvironmentDelivery(
  stack: TerraformStack,
  props: EnvironmentDeliveryProps,
): DeliveryRoles {
  const { project, env } = props;
  const partition = new DataAwsPartition(stack, 'delivery-partition').partition;
  const scope: AwsScope = { partition, region: project.region, accountId: env.accountId };
  const provider = providerArn(stack, props.createsOidcProvider, partition, env.accountId);
  const prefix = `${project.name}-${env.name}`;
  const own = stateKey(project, env.accountId, env.name);
  const services = serviceStateKeys(project, env);
  const shared = stateKey(project, project.sharedAccountId, props.sharedStackId);
  const roleArn = (name: string) => `arn:${partition}:iam::${env.accountId}:role/${name}`;

  const plan = new GithubOidcRole(stack, 'plan', {
    roleName: planRoleName(project, env.name),
    description: `Reads ${env.name}'s states for plans of pull requests to ${project.repository}`,
    providerArn: provider,
    trustedBy: [{ repository: project.repository, context: { kind: 'pull_request' } }],
    statements: planStatements(partition, project.stateBucket, [own, services, shared]),
  });
  const deployServices = new GithubOidcRole(stack, 'deploy-services', {
    roleName: deployServicesRoleName(project, env),
    description: `Deploys ${env.name}'s services (task definitions, services, scaling) from ${project.repository}`,
    providerArn: provider,
    trustedBy: [
      {
        repository: project.repository,
        context: { kind: 'environment', environment: servicesGithubEnvironment(env) },
      },
    ],
    statements: deployServicesStatements({
      ...scope,
      clusterName: props.clusterName,
      services: Object.keys(env.services).map((name) => {
        const baseName = `${prefix}-${name}`;
        const names = taskRoleNames(baseName);
        return { baseName, roleArns: [roleArn(names.execution), roleArn(names.task)] };
      }),
      logGroupPrefix: `/ecs/${prefix}/`,
      listenerArn: props.listenerArn,
      namespaceArn:
        props.namespaceId === undefined
          ? undefined
          : `arn:${partition}:servicediscovery:${project.region}:${env.accountId}:namespace/${props.namespaceId}`,
      state: { bucketName: project.stateBucket, writeKeys: [services], readKeys: [own, shared] },
    }),
  });
  const resourceTypes = [...heldTypes(stack), ...ROLE_TYPES];
  throwOnProblems(`${stack.node.path}/deploy-platform`, platformGrantProblems(resourceTypes));
  const deployPlatform = new GithubOidcRole(stack, 'deploy-platform', {
    roleName: deployPlatformRoleName(project, env.name),
    description: `Applies the ${env.name} environment stack from ${project.repository}`,
    providerArn: provider,
    trustedBy: [
      {
        repository: project.repository,
        context: { kind: 'environment', environment: platformGithubEnvironment(env) },
      },
    ],
    statements: deployPlatformStatements({
      ...scope,
      resourceTypes,
      namePrefix: prefix,
      roleNames: [`${prefix}-*`],
      parameterPath: `/${project.name}/${env.name}/`,
      assumeRoleArns: [props.dnsRecordsRoleArn],
      state: { bucketName: project.stateBucket, writeKeys: [own], readKeys: [shared] },
    }),
  });
  outputs(stack, { 'deploy-platform': deployPlatform, 'deploy-services': deployServices, plan });
  return { deployPlatform, deployServices, plan };
}
