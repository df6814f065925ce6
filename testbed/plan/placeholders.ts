import { createHash } from 'node:crypto';

/**
 * Plan-time stand-ins for values only an apply would know (IDs, ARNs, DNS names).
 *
 * A stack that reads another stack's outputs through `terraform_remote_state` can only plan if
 * that state exists. Offline, nothing has been applied, so the harness writes the producer's
 * state itself: outputs the producer's plan already knows keep their planned value, and the
 * rest get a value of the right type and shape from here. Values are derived from the resource
 * address, so every run produces the same ones.
 */

export const PLACEHOLDER_ACCOUNT = '123456789012';

/** Terraform type expression as in `terraform providers schema -json`. */
export type TfType = string | [string, TfType] | [string, Record<string, TfType>];

const ID_PREFIXES: Record<string, string> = {
  aws_vpc: 'vpc-',
  aws_subnet: 'subnet-',
  aws_security_group: 'sg-',
  aws_route_table: 'rtb-',
  aws_internet_gateway: 'igw-',
  aws_nat_gateway: 'nat-',
  aws_vpc_endpoint: 'vpce-',
  aws_launch_template: 'lt-',
  aws_kms_key: '',
};

/** ARN service names that differ from the resource type's second word. */
const ARN_SERVICES: Record<string, string> = {
  aws_lb: 'elasticloadbalancing',
  aws_alb: 'elasticloadbalancing',
  aws_lb_listener: 'elasticloadbalancing',
  aws_lb_target_group: 'elasticloadbalancing',
  aws_acm_certificate: 'acm',
  aws_acm_certificate_validation: 'acm',
  aws_cloudwatch_log_group: 'logs',
  aws_service_discovery_private_dns_namespace: 'servicediscovery',
  aws_service_discovery_service: 'servicediscovery',
  aws_rds_cluster: 'rds',
  aws_db_subnet_group: 'rds',
  aws_secretsmanager_secret: 'secretsmanager',
  aws_ssm_parameter: 'ssm',
  aws_sns_topic: 'sns',
};

/** A value of type `type` standing for `<resourceType>.<name>.<attribute>`. */
export function placeholderValue(
  resourceType: string,
  name: string,
  attribute: string,
  type: TfType,
  region: string,
): unknown {
  if (type === 'string') return placeholderString(resourceType, name, attribute, region);
  if (type === 'number') return 1;
  if (type === 'bool') return false;
  if (Array.isArray(type) && (type[0] === 'list' || type[0] === 'set')) {
    return [placeholderValue(resourceType, name, attribute, type[1] as TfType, region)];
  }
  if (Array.isArray(type) && type[0] === 'map') return {};
  if (Array.isArray(type) && type[0] === 'object') {
    return Object.fromEntries(
      Object.entries(type[1] as Record<string, TfType>).map(([field, fieldType]) => [
        field,
        placeholderValue(resourceType, name, field, fieldType, region),
      ]),
    );
  }
  throw new Error(`no placeholder for ${resourceType}.${name}.${attribute} of type ${JSON.stringify(type)}`);
}

function placeholderString(resourceType: string, name: string, attribute: string, region: string): string {
  const hex = createHash('sha256').update(`${resourceType}.${name}.${attribute}`).digest('hex');
  const shortName = name
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 32);
  if (attribute === 'arn' || attribute.endsWith('_arn')) {
    const service = ARN_SERVICES[resourceType] ?? resourceType.split('_')[1];
    const scope = service === 'iam' ? '' : region;
    return `arn:aws:${service}:${scope}:${PLACEHOLDER_ACCOUNT}:${resourceType.replace(/^aws_/, '')}/${shortName}`;
  }
  if (attribute === 'zone_id') return `Z${hex.slice(0, 20).toUpperCase()}`;
  if (attribute === 'repository_url') {
    return `${PLACEHOLDER_ACCOUNT}.dkr.ecr.${region}.amazonaws.com/${shortName}`;
  }
  if (attribute === 'dns_name' || attribute === 'endpoint' || attribute.endsWith('_endpoint')) {
    return `${shortName}-${hex.slice(0, 8)}.${region}.placeholder.amazonaws.com`;
  }
  if (attribute === 'id' && resourceType in ID_PREFIXES) {
    return `${ID_PREFIXES[resourceType]}${hex.slice(0, 17)}`;
  }
  return `${shortName}-${hex.slice(0, 12)}`;
}
