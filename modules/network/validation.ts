import { parseCidr } from '../core/ipv4';
import { LOG_RETENTION_DAYS } from '../core/log-retention';
import { check, isKnown, repeatedIndexes, type Problem } from '../core/validation';
import { AZ_COUNT, LARGEST_VPC_PREFIX, SMALLEST_VPC_PREFIX } from './subnet-layout';

export type NatMode = 'none' | 'single' | 'per-az';
export const NAT_MODES: readonly NatMode[] = ['none', 'single', 'per-az'];

/** The part of the network a configuration chooses; the rest is wiring. */
export interface NetworkSettings {
  /** VPC IPv4 CIDR, /16 to /23; subnets are carved from it by `subnetLayout`. */
  readonly cidr: string;
  /** Exactly three distinct availability zone names of the region. */
  readonly availabilityZones: readonly string[];
  /**
   * NAT for private-app subnets. Public and DB subnets never use it.
   * @default 'none'
   */
  readonly nat?: NatMode;
  /**
   * Interface endpoints (service short names, as after `com.amazonaws.<region>.`) placed in the
   * private-app subnets.
   * @default DEFAULT_INTERFACE_ENDPOINTS
   */
  readonly interfaceEndpoints?: readonly string[];
}

const ENDPOINT_SERVICE = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;

/**
 * Availability zones that accounts can use, per region, for the regions this project knows.
 * AZ letters are not all open to every account (ap-northeast-1b is closed to accounts made since
 * 2012), and a closed zone fails only at apply. Regions not listed are checked by shape only.
 */
export const REGION_ZONES: Readonly<Record<string, readonly string[]>> = {
  'ap-northeast-1': ['a', 'c', 'd'],
  'us-east-1': ['a', 'b', 'c', 'd', 'e', 'f'],
  'us-west-2': ['a', 'b', 'c', 'd'],
  'eu-west-1': ['a', 'b', 'c'],
  'eu-central-1': ['a', 'b', 'c'],
};

/** Every problem with the settings; `region` decides which zones exist. */
export function networkProblems(
  settings: NetworkSettings & { readonly region: string; readonly flowLogRetentionDays?: number },
): Problem[] {
  const { cidr, availabilityZones: azs, region } = settings;
  const parsed = isKnown(cidr) ? parseCidr(cidr) : undefined;
  const zones = REGION_ZONES[region]?.map((letter) => `${region}${letter}`);
  return [
    ...check(
      !isKnown(cidr) || parsed !== undefined,
      'cidr',
      cidr,
      'is not a valid IPv4 CIDR',
      `a network address a.b.c.d/n with a prefix from /${LARGEST_VPC_PREFIX} to /${SMALLEST_VPC_PREFIX}`,
    ),
    ...check(
      parsed === undefined || (parsed.prefix >= LARGEST_VPC_PREFIX && parsed.prefix <= SMALLEST_VPC_PREFIX),
      'cidr',
      cidr,
      `has prefix /${parsed?.prefix}, outside what AWS and the subnet scheme allow`,
      `a prefix from /${LARGEST_VPC_PREFIX} (AWS's largest VPC) to /${SMALLEST_VPC_PREFIX} (smallest whose public subnets, /${SMALLEST_VPC_PREFIX + 4}, can hold an ALB)`,
    ),
    ...check(
      azs.length === AZ_COUNT && new Set(azs).size === AZ_COUNT,
      'availabilityZones',
      azs,
      `is not ${AZ_COUNT} distinct availability zones`,
      `exactly ${AZ_COUNT} different zones of ${region}`,
    ),
    ...azs.flatMap((az, i) =>
      check(
        zones ? zones.includes(az) : new RegExp(`^${region}[a-z]$`).test(az),
        `availabilityZones[${i}]`,
        az,
        `is not an availability zone open in ${region}`,
        zones
          ? zones.map((z) => `"${z}"`).join(', ')
          : `"${region}" followed by one letter, such as "${region}a"`,
      ),
    ),
    ...check(
      settings.nat === undefined || NAT_MODES.includes(settings.nat),
      'nat',
      settings.nat,
      'is not a NAT mode',
      NAT_MODES.map((m) => `"${m}"`).join(', '),
    ),
    ...(settings.interfaceEndpoints ?? []).flatMap((service, i) =>
      check(
        ENDPOINT_SERVICE.test(service),
        `interfaceEndpoints[${i}]`,
        service,
        'is not an endpoint service short name',
        'the name after "com.amazonaws.<region>.", such as "ecr.api"',
      ),
    ),
    ...repeatedIndexes(settings.interfaceEndpoints ?? []).flatMap((i) =>
      check(
        false,
        `interfaceEndpoints[${i}]`,
        settings.interfaceEndpoints![i],
        'is listed twice',
        'each service once',
      ),
    ),
    ...check(
      settings.flowLogRetentionDays === undefined ||
        LOG_RETENTION_DAYS.includes(settings.flowLogRetentionDays),
      'flowLogRetentionDays',
      settings.flowLogRetentionDays,
      'is not a retention period CloudWatch Logs accepts',
      LOG_RETENTION_DAYS.join(', '),
    ),
  ];
}
