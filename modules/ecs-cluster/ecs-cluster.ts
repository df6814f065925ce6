import { Construct } from 'constructs';
import { Fn, Token, type ITerraformDependable } from 'cdktf';
import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { EcsAccountSettingDefault } from '@cdktf/provider-aws/lib/ecs-account-setting-default';
import { EcsCapacityProvider } from '@cdktf/provider-aws/lib/ecs-capacity-provider';
import { EcsCluster as EcsClusterResource } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsClusterCapacityProviders } from '@cdktf/provider-aws/lib/ecs-cluster-capacity-providers';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { WorkloadRole, throwOnProblems } from '../core';
import { suppress } from '../policies';
import {
  DEFAULT_ENI_TRUNKING,
  FARGATE_CAPACITY,
  ecsClusterProblems,
  ecsClusterWiringProblems,
  type Ec2CapacityProps,
  type EcsClusterSettings,
  type FargateCapacity,
} from './validation';

const DEFAULT_CONTAINER_INSIGHTS = true;
const DEFAULT_CAPACITY: FargateCapacity = 'FARGATE';

/** Resolved by EC2 at launch, so the template needs no AMI lookup (and no AWS call at plan). */
export const ECS_AMI_SSM_PARAMETER = '/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id';
const ROOT_DEVICE = '/dev/xvda';

/** Where the instances' own security group may send traffic. */
export interface EndpointAccess {
  /** VPC CIDR; HTTPS to it reaches the interface endpoints (ECR API, ECS, logs, SSM, ...). */
  readonly vpcCidr: string;
  /** Prefix list of the S3 gateway endpoint, which serves ECR image layers. */
  readonly s3PrefixListId: string;
}

export interface EcsClusterProps extends EcsClusterSettings {
  /** Prefix of resource names and the cluster's name, for example `webapp-dev`. */
  readonly namePrefix: string;
  /** VPC of the instance security group. */
  readonly vpcId: string;
  /** Private-app subnets the EC2 instances are launched in. */
  readonly appSubnetIds: string[];
  /** What the instance security group lets instances reach (they have no route to the internet). */
  readonly endpointAccess: EndpointAccess;
  /**
   * Permissions boundary of the instance role (the account's workload boundary).
   * @default - no boundary
   */
  readonly permissionsBoundaryArn?: string;
}

/**
 * An ECS cluster with Fargate and Fargate Spot, and optionally an EC2 capacity provider whose
 * instances run in private subnets with IMDSv2, no public IP, no SSH key (Session Manager
 * instead) and egress only to the VPC endpoints. Tasks are expected to use awsvpc networking
 * with their own security groups; the instance group covers the ECS and SSM agents only.
 */
export class EcsCluster extends Construct {
  public readonly clusterName: string;
  public readonly clusterArn: string;
  /** Name of the EC2 capacity provider, for service strategies; undefined without `ec2`. */
  public readonly ec2CapacityProviderName?: string;
  /** Security group of the EC2 instances; undefined without `ec2`. */
  public readonly instanceSecurityGroupId?: string;

  constructor(scope: Construct, id: string, props: EcsClusterProps) {
    super(scope, id);
    const containerInsights = props.containerInsights ?? DEFAULT_CONTAINER_INSIGHTS;
    const defaultCapacity = props.defaultCapacity ?? DEFAULT_CAPACITY;

    throwOnProblems(this.node.path, [...ecsClusterProblems(props), ...ecsClusterWiringProblems(props)]);

    const cluster = new EcsClusterResource(this, 'cluster', {
      name: props.namePrefix,
      setting: [{ name: 'containerInsights', value: containerInsights ? 'enabled' : 'disabled' }],
      configuration: { executeCommandConfiguration: { logging: 'DEFAULT' } },
    });
    this.clusterName = cluster.name;
    this.clusterArn = cluster.arn;

    const providers: string[] = [...FARGATE_CAPACITY];
    if (props.ec2) {
      const capacity = this.addEc2Capacity(props, props.ec2, cluster);
      providers.push(capacity.providerName);
      this.ec2CapacityProviderName = capacity.providerName;
      this.instanceSecurityGroupId = capacity.securityGroupId;
    }

    new EcsClusterCapacityProviders(this, 'capacity-providers', {
      clusterName: cluster.name,
      capacityProviders: providers,
      defaultCapacityProviderStrategy: [{ capacityProvider: defaultCapacity, weight: 1, base: 0 }],
    });
  }

  /** EC2 container instances (spot above an on-demand base) and the capacity provider that scales them. */
  private addEc2Capacity(
    props: EcsClusterProps,
    ec2: Ec2CapacityProps,
    cluster: EcsClusterResource,
  ): { providerName: string; securityGroupId: string } {
    const name = `${props.namePrefix}-ecs-instance`;
    const securityGroup = this.addInstanceSecurityGroup(name, props.vpcId, props.endpointAccess);
    const profile = this.addInstanceProfile(name, props.permissionsBoundaryArn);
    const template = this.addLaunchTemplate(props.namePrefix, ec2, cluster, profile, securityGroup);
    // Only instances registered after it is on get a trunk ENI (10 awsvpc tasks on a .large, not 2,
    // so a rolling deploy at maximum scale still finds room): the group waits for it.
    const trunking =
      (ec2.eniTrunking ?? DEFAULT_ENI_TRUNKING)
        ? new EcsAccountSettingDefault(this, 'eni-trunking', { name: 'awsvpcTrunking', value: 'enabled' })
        : undefined;
    const group = this.addAutoScalingGroup(props, ec2, template, trunking && [trunking]);

    const provider = new EcsCapacityProvider(this, 'ec2-capacity-provider', {
      name: `${props.namePrefix}-ec2`,
      autoScalingGroupProvider: {
        autoScalingGroupArn: group.arn,
        managedTerminationProtection: 'ENABLED',
        managedDraining: 'ENABLED',
        managedScaling: { status: 'ENABLED', targetCapacity: ec2.targetCapacityPercent },
      },
    });
    return { providerName: provider.name, securityGroupId: securityGroup.id };
  }

  private addInstanceSecurityGroup(
    name: string,
    vpcId: string,
    endpointAccess: EndpointAccess,
  ): SecurityGroup {
    const securityGroup = new SecurityGroup(this, 'instance-sg', {
      name,
      description: 'ECS container instances: no ingress, HTTPS to VPC endpoints only',
      vpcId,
      tags: { Name: name },
    });
    new VpcSecurityGroupEgressRule(this, 'instance-egress-endpoints', {
      securityGroupId: securityGroup.id,
      description: 'HTTPS to interface VPC endpoints (ECR API, ECS, logs, SSM)',
      cidrIpv4: endpointAccess.vpcCidr,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
    });
    new VpcSecurityGroupEgressRule(this, 'instance-egress-s3', {
      securityGroupId: securityGroup.id,
      description: 'HTTPS to the S3 gateway endpoint (ECR image layers, OS packages)',
      prefixListId: endpointAccess.s3PrefixListId,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
    });
    return securityGroup;
  }

  /** The instance role, with the AWS-managed policies the ECS and SSM agents need. */
  private addInstanceProfile(name: string, boundaryArn?: string): IamInstanceProfile {
    const partition = new DataAwsPartition(this, 'partition');
    const managedPolicies = {
      'instance-ecs-policy': 'service-role/AmazonEC2ContainerServiceforEC2Role',
      // Session Manager replaces SSH: no key pair, no port 22.
      'instance-ssm-policy': 'AmazonSSMManagedInstanceCore',
    };
    const role = new WorkloadRole(this, 'instance-role', {
      roleName: name,
      servicePrincipal: 'ec2.amazonaws.com',
      permissionsBoundaryArn: boundaryArn,
      managedPolicyNames: Object.values(managedPolicies),
    });
    for (const [policyId, policy] of Object.entries(managedPolicies)) {
      const attachment = new IamRolePolicyAttachment(this, policyId, {
        role: role.name,
        policyArn: `arn:${partition.partition}:iam::aws:policy/${policy}`,
      });
      suppress(
        attachment,
        'IAM-003',
        `AWS-managed ${policy}: AWS keeps it in step with what the ECS agent / SSM agent on the instance ` +
          'must call; a hand-written copy would fall behind agent releases.',
      );
    }
    return new IamInstanceProfile(this, 'instance-profile', { name, role: role.name });
  }

  private addLaunchTemplate(
    namePrefix: string,
    ec2: Ec2CapacityProps,
    cluster: EcsClusterResource,
    profile: IamInstanceProfile,
    securityGroup: SecurityGroup,
  ): LaunchTemplate {
    return new LaunchTemplate(this, 'launch-template', {
      name: `${namePrefix}-ecs`,
      description: 'ECS-optimised Amazon Linux 2023 container instances',
      imageId: `resolve:ssm:${ECS_AMI_SSM_PARAMETER}`,
      updateDefaultVersion: true,
      iamInstanceProfile: { arn: profile.arn },
      // Hop limit 1 stops bridge-mode containers one hop away; awsvpc tasks have their own ENI and
      // are not one hop away, so ecs.config blocks them too (ECS_AWSVPC_BLOCK_IMDS, user data).
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [
        {
          deviceName: ROOT_DEVICE,
          ebs: {
            volumeSize: ec2.rootVolumeGiB,
            volumeType: 'gp3',
            encrypted: 'true',
            deleteOnTermination: 'true',
          },
        },
      ],
      networkInterfaces: [
        {
          deviceIndex: 0,
          associatePublicIpAddress: 'false',
          deleteOnTermination: 'true',
          securityGroups: [securityGroup.id],
        },
      ],
      monitoring: { enabled: true },
      userData: Fn.base64encode(ecsAgentUserData(cluster.name)),
      // Provider default_tags stop at the template; instances and volumes need their own.
      tagSpecifications: ['instance', 'volume'].map((resourceType) => ({
        resourceType,
        tags: { Name: `${namePrefix}-ecs` },
      })),
    });
  }

  private addAutoScalingGroup(
    props: EcsClusterProps,
    ec2: Ec2CapacityProps,
    template: LaunchTemplate,
    dependsOn?: ITerraformDependable[],
  ): AutoscalingGroup {
    return new AutoscalingGroup(this, 'asg', {
      dependsOn,
      name: `${props.namePrefix}-ecs`,
      minSize: ec2.minSize,
      maxSize: ec2.maxSize,
      vpcZoneIdentifier: props.appSubnetIds,
      // ECS managed termination protection requires it; ECS lifts it from idle instances.
      protectFromScaleIn: true,
      capacityRebalance: true,
      mixedInstancesPolicy: {
        launchTemplate: {
          launchTemplateSpecification: {
            launchTemplateId: template.id,
            version: Token.asString(template.latestVersion),
          },
          override: ec2.instanceTypes.map((instanceType) => ({ instanceType })),
        },
        instancesDistribution: {
          onDemandBaseCapacity: ec2.onDemandBaseCapacity,
          onDemandPercentageAboveBaseCapacity: 0,
          spotAllocationStrategy: 'price-capacity-optimized',
        },
      },
      // ECS adds this tag when the capacity provider attaches; declaring it keeps plans clean.
      tag: [{ key: 'AmazonECSManaged', value: 'true', propagateAtLaunch: true }],
      // The capacity provider owns desired capacity; Terraform would otherwise reset it.
      lifecycle: { ignoreChanges: ['desired_capacity'] },
    });
  }
}

/** The ECS agent's settings, written by the instance's user data at boot. */
function ecsAgentUserData(clusterName: string): string {
  // Quoted heredoc: the shell expands nothing; Terraform fills in the cluster name.
  return [
    '#!/bin/bash',
    "cat >> /etc/ecs/ecs.config <<'EOF'",
    `ECS_CLUSTER=${clusterName}`,
    // Tasks in awsvpc mode would otherwise read the instance role's credentials from IMDS
    // (AWS ECS security best practices, "Task and container security").
    'ECS_AWSVPC_BLOCK_IMDS=true',
    'ECS_ENABLE_SPOT_INSTANCE_DRAINING=true',
    'ECS_ENABLE_CONTAINER_METADATA=true',
    'EOF',
    '',
  ].join('\n');
}
