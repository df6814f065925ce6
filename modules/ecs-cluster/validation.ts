import { check, integerIn, isKnown, parseCidr, repeatedIndexes, under, type Problem } from '../core';

export type FargateCapacity = 'FARGATE' | 'FARGATE_SPOT';
export const FARGATE_CAPACITY: readonly FargateCapacity[] = ['FARGATE', 'FARGATE_SPOT'];

/** The ECS-optimised AL2023 AMI's root snapshot; a smaller volume fails at launch. */
const MIN_ROOT_VOLUME_GIB = 30;
const MAX_GP3_VOLUME_GIB = 16384;
const NAME_PREFIX = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
/** ECS refuses capacity provider names that start with these. */
const RESERVED_PROVIDER_PREFIX = /^(aws|ecs|fargate)/i;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;
/** Graviton families carry a "g" right after the generation digit (t4g, m7gd, c6gn, is4gen). */
const ARM64_INSTANCE_TYPE = /^(a1|[a-z]+\d+g[a-z]*)\./;
const PREFIX_LIST_ID = /^pl-[0-9a-f]+$/;

/** EC2 capacity: an Auto Scaling group of ECS-optimised instances, spot above the on-demand base. */
export interface Ec2CapacityProps {
  /** x86_64 instance types the group may launch, in order of preference for on-demand. */
  readonly instanceTypes: readonly string[];
  /** Fewest instances in the group. */
  readonly minSize: number;
  /** Most instances in the group. */
  readonly maxSize: number;
  /** Instances kept on-demand; every instance above them is spot. */
  readonly onDemandBaseCapacity: number;
  /** Cluster utilisation, percent, that ECS managed scaling aims for (100 = no spare instance). */
  readonly targetCapacityPercent: number;
  /** Size of the encrypted gp3 root volume (images and container layers live there), GiB. */
  readonly rootVolumeGiB: number;
  /**
   * Turn on ENI trunking (the account's `awsvpcTrunking` default setting) so that each instance
   * runs up to 10 awsvpc tasks (a .large) instead of 2. The setting is account-wide: in an account
   * shared by environments, only one of them may manage it.
   * @default true
   */
  readonly eniTrunking?: boolean;
}

export const DEFAULT_ENI_TRUNKING = true;

/** The part of the cluster a configuration chooses; the rest is wiring. */
export interface EcsClusterSettings {
  /**
   * Container Insights metrics for the cluster.
   * @default true
   */
  readonly containerInsights?: boolean;
  /**
   * Capacity provider of services that name none.
   * @default 'FARGATE'
   */
  readonly defaultCapacity?: FargateCapacity;
  /**
   * EC2 capacity provider backed by an Auto Scaling group.
   * @default - no EC2 capacity; Fargate only
   */
  readonly ec2?: Ec2CapacityProps;
}

/** Every problem with the settings and the names `namePrefix` makes. */
export function ecsClusterProblems(props: EcsClusterSettings & { readonly namePrefix: string }): Problem[] {
  const { namePrefix, ec2 } = props;
  return [
    ...check(
      !isKnown(namePrefix) || NAME_PREFIX.test(namePrefix),
      'namePrefix',
      namePrefix,
      'is not usable in ECS, IAM and Auto Scaling names',
      '1-40 characters of A-Z, a-z, 0-9, "_" and "-", starting with a letter or digit',
    ),
    ...check(
      props.defaultCapacity === undefined || FARGATE_CAPACITY.includes(props.defaultCapacity),
      'defaultCapacity',
      props.defaultCapacity,
      'is not a Fargate capacity provider',
      FARGATE_CAPACITY.map((c) => `"${c}"`).join(' or '),
    ),
    ...(ec2
      ? [
          ...check(
            !isKnown(namePrefix) || !RESERVED_PROVIDER_PREFIX.test(namePrefix),
            'namePrefix',
            namePrefix,
            'starts the EC2 capacity provider name with a prefix ECS reserves',
            'a prefix not starting with "aws", "ecs" or "fargate" (any case)',
          ),
          ...under('ec2', ec2CapacityProblems(ec2)),
        ]
      : []),
  ];
}

/** Every problem with the EC2 capacity settings. */
export function ec2CapacityProblems(ec2: Ec2CapacityProps): Problem[] {
  const types = ec2.instanceTypes;
  return [
    ...check(types.length > 0, 'instanceTypes', types, 'is empty', 'one or more x86_64 instance types'),
    ...types.flatMap((type, i) => instanceTypeProblems(`instanceTypes[${i}]`, type)),
    ...repeatedIndexes(types).flatMap((i) =>
      check(false, `instanceTypes[${i}]`, types[i], 'is listed twice', 'each instance type once'),
    ),
    ...integerIn('minSize', ec2.minSize, 0, 10000),
    ...integerIn('maxSize', ec2.maxSize, 1, 10000),
    ...integerIn('onDemandBaseCapacity', ec2.onDemandBaseCapacity, 0, 10000),
    ...check(
      !isKnown(ec2.minSize) || !isKnown(ec2.maxSize) || ec2.minSize <= ec2.maxSize,
      'minSize',
      ec2.minSize,
      `is greater than maxSize ${ec2.maxSize}`,
      `a value from 0 to ${ec2.maxSize}`,
    ),
    ...check(
      !isKnown(ec2.onDemandBaseCapacity) || !isKnown(ec2.maxSize) || ec2.onDemandBaseCapacity <= ec2.maxSize,
      'onDemandBaseCapacity',
      ec2.onDemandBaseCapacity,
      `is greater than maxSize ${ec2.maxSize}`,
      `a value from 0 to ${ec2.maxSize}`,
    ),
    ...integerIn('targetCapacityPercent', ec2.targetCapacityPercent, 1, 100, 'percent'),
    ...check(
      !isKnown(ec2.rootVolumeGiB) ||
        (Number.isInteger(ec2.rootVolumeGiB) &&
          ec2.rootVolumeGiB >= MIN_ROOT_VOLUME_GIB &&
          ec2.rootVolumeGiB <= MAX_GP3_VOLUME_GIB),
      'rootVolumeGiB',
      ec2.rootVolumeGiB,
      `is outside ${MIN_ROOT_VOLUME_GIB}-${MAX_GP3_VOLUME_GIB} GiB (the AMI's root snapshot is ${MIN_ROOT_VOLUME_GIB} GiB; gp3's maximum is ${MAX_GP3_VOLUME_GIB})`,
      `a whole number from ${MIN_ROOT_VOLUME_GIB} to ${MAX_GP3_VOLUME_GIB}`,
    ),
  ];
}

function instanceTypeProblems(path: string, type: string): Problem[] {
  if (!isKnown(type)) return [];
  if (!INSTANCE_TYPE.test(type))
    return check(false, path, type, 'is not an EC2 instance type', 'a type such as "m6i.large"');
  return check(
    !ARM64_INSTANCE_TYPE.test(type),
    path,
    type,
    'is an arm64 (Graviton) type, but the instances boot the x86_64 ECS-optimised AMI',
    'x86_64 types such as "c7i.large" or "m6i.large"',
  );
}

/** Problems with what the stack wires in: subnets and endpoint access. */
export function ecsClusterWiringProblems(props: {
  readonly appSubnetIds: readonly string[];
  readonly endpointAccess: { readonly vpcCidr: string; readonly s3PrefixListId: string };
}): Problem[] {
  const { vpcCidr, s3PrefixListId } = props.endpointAccess;
  return [
    ...check(
      !isKnown(props.appSubnetIds) || props.appSubnetIds.length > 0,
      'appSubnetIds',
      props.appSubnetIds,
      'is empty',
      'one or more subnet IDs',
    ),
    ...check(
      !isKnown(vpcCidr) || parseCidr(vpcCidr) !== undefined,
      'endpointAccess.vpcCidr',
      vpcCidr,
      'is not an IPv4 network CIDR',
      'a CIDR such as "10.0.0.0/16" with no host bits set',
    ),
    ...check(
      !isKnown(s3PrefixListId) || PREFIX_LIST_ID.test(s3PrefixListId),
      'endpointAccess.s3PrefixListId',
      s3PrefixListId,
      'is not a prefix list ID',
      'an ID such as "pl-61a54008"',
    ),
  ];
}
