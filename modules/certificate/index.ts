import { Construct } from 'constructs';
import { propertyAccess, TerraformIterator, Token, type TerraformProvider } from 'cdktf';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { validationRecordNames } from './validation-names';

export { validationRecordNames } from './validation-names';

const DEFAULT_VALIDATION_RECORD_TTL = 60;
/** Route53 accepts any TTL in this range. */
const MAX_TTL = 2_147_483_647;
/** ACM puts the first name in the certificate's CN, which X.509 limits to 64 characters. */
const MAX_PRIMARY_NAME_LENGTH = 64;
const MAX_NAME_LENGTH = 253;
// Lower case only: ACM returns names lower-cased, so anything else would show a diff on every plan.
const DNS_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;

export interface CertificateProps {
  /** Name in the certificate's subject, for example `dev.example.com`. */
  readonly domainName: string;
  /**
   * Further names the certificate covers; the domain name itself is always covered.
   * @default [`*.${domainName}`]
   */
  readonly subjectAlternativeNames?: readonly string[];
  /** Public hosted zone that answers for every name, usually a token from the shared stack. */
  readonly zoneId: string;
  /**
   * Provider that writes the validation records, when the zone lives in another account.
   * @default - the scope's default AWS provider
   */
  readonly zoneProvider?: TerraformProvider;
  /**
   * TTL of the validation CNAMEs, seconds.
   * @default 60
   */
  readonly validationRecordTtl?: number;
}

/**
 * A public ACM certificate validated through Route53 DNS.
 *
 * `certificateArn` comes from the validation resource, so a listener that uses it is only
 * created once the certificate is issued. The certificate is replaced create-before-destroy so
 * that a listener never points at a deleted certificate.
 */
export class Certificate extends Construct {
  /** ARN of the issued certificate; resolving it waits for validation. */
  public readonly certificateArn: string;
  public readonly domainName: string;

  constructor(scope: Construct, id: string, props: CertificateProps) {
    super(scope, id);
    const subjectAlternativeNames = props.subjectAlternativeNames ?? [`*.${props.domainName}`];
    const ttl = props.validationRecordTtl ?? DEFAULT_VALIDATION_RECORD_TTL;

    validateName(id, 'domainName', props.domainName);
    if (props.domainName.length > MAX_PRIMARY_NAME_LENGTH) {
      throw new Error(
        `Certificate ${id}: domainName "${props.domainName}" has ${props.domainName.length} characters; ` +
          `ACM accepts at most ${MAX_PRIMARY_NAME_LENGTH} for the first name (put longer names in subjectAlternativeNames)`,
      );
    }
    subjectAlternativeNames.forEach((name, i) => validateName(id, `subjectAlternativeNames[${i}]`, name));
    const seen = new Set<string>([props.domainName]);
    for (const name of subjectAlternativeNames) {
      if (seen.has(name)) {
        throw new Error(
          `Certificate ${id}: subjectAlternativeNames contains "${name}" twice or repeats domainName; ` +
            `list each name once and leave out the domain name, which is always included`,
        );
      }
      seen.add(name);
    }
    if (!Token.isUnresolved(props.zoneId) && !HOSTED_ZONE_ID.test(props.zoneId)) {
      throw new Error(
        `Certificate ${id}: zoneId "${props.zoneId}" is not a Route53 hosted zone id; expected "Z" followed by upper-case letters and digits`,
      );
    }
    if (!Token.isUnresolved(ttl) && (!Number.isInteger(ttl) || ttl < 0 || ttl > MAX_TTL)) {
      throw new Error(
        `Certificate ${id}: validationRecordTtl is ${ttl}; expected a whole number of seconds from 0 to ${MAX_TTL}`,
      );
    }

    const certificate = new AcmCertificate(this, 'certificate', {
      domainName: props.domainName,
      subjectAlternativeNames: [...subjectAlternativeNames],
      validationMethod: 'DNS',
      keyAlgorithm: 'RSA_2048',
      tags: { Name: props.domainName },
      lifecycle: { createBeforeDestroy: true },
    });

    // domain_validation_options is a set: group it by record name (a name and its wildcard fall
    // together, hence `...`) so each literal key below can pick its entry.
    const optionsByName = TerraformIterator.fromList(certificate.domainValidationOptions).forExpressionForMap(
      'trimprefix(val.domain_name, "*.")',
      'val...',
    );
    // Literal keys rather than a map built from the certificate: the keys stay known at plan time
    // even when the certificate is being replaced and its validation options are unknown.
    const records = TerraformIterator.fromMap(
      Object.fromEntries(
        validationRecordNames([props.domainName, ...subjectAlternativeNames]).map((name) => [
          name,
          propertyAccess(optionsByName, [name, 0]),
        ]),
      ),
    );
    const validationRecords = new Route53Record(this, 'validation-records', {
      provider: props.zoneProvider,
      forEach: records,
      zoneId: props.zoneId,
      name: records.getString('resource_record_name'),
      type: records.getString('resource_record_type'),
      records: [records.getString('resource_record_value')],
      ttl,
      // A record left over from an earlier certificate for the same name holds the same value.
      allowOverwrite: true,
    });

    const validation = new AcmCertificateValidation(this, 'validation', {
      certificateArn: certificate.arn,
      validationRecordFqdns: Token.asList(
        TerraformIterator.fromResources(validationRecords).pluckProperty('fqdn'),
      ),
    });
    this.certificateArn = validation.certificateArn;
    this.domainName = props.domainName;
  }
}

function validateName(id: string, field: string, name: string): void {
  // The names key the validation records at synth time, so they cannot wait for apply.
  if (Token.isUnresolved(name)) {
    throw new Error(
      `Certificate ${id}: ${field} is a token; expected a literal DNS name such as "dev.example.com"`,
    );
  }
  if (name.length > MAX_NAME_LENGTH || !DNS_NAME.test(name)) {
    throw new Error(
      `Certificate ${id}: ${field} "${name}" is not a DNS name ACM accepts; expected lower-case labels ` +
        `separated by dots, optionally starting with "*.", at most ${MAX_NAME_LENGTH} characters`,
    );
  }
}
