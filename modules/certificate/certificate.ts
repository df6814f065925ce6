import { Construct } from 'constructs';
import { propertyAccess, TerraformIterator, Token, type TerraformProvider } from 'cdktf';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { throwOnProblems } from '../core';
import { certificateProblems, certificateWiringProblems } from './validation';
import { validationRecordNames } from './validation-record-names';

const DEFAULT_VALIDATION_RECORD_TTL = 60;
/**
 * Type of every DNS validation record: ACM validates with CNAME records only (the `Type` of its
 * `ResourceRecord` has the one value CNAME). Written as a literal, so the type is known at plan
 * time and whoever grants the right to write these records can name it.
 */
export const VALIDATION_RECORD_TYPE = 'CNAME';

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

    throwOnProblems(this.node.path, [
      ...certificateProblems({ ...props, subjectAlternativeNames, validationRecordTtl: ttl }),
      ...certificateWiringProblems(props),
    ]);

    const certificate = new AcmCertificate(this, 'certificate', {
      domainName: props.domainName,
      subjectAlternativeNames: [...subjectAlternativeNames],
      validationMethod: 'DNS',
      keyAlgorithm: 'RSA_2048',
      tags: { Name: props.domainName },
      lifecycle: { createBeforeDestroy: true },
    });
    const validationRecords = this.addValidationRecords(
      certificate,
      [props.domainName, ...subjectAlternativeNames],
      props,
      ttl,
    );
    const validation = new AcmCertificateValidation(this, 'validation', {
      certificateArn: certificate.arn,
      validationRecordFqdns: Token.asList(
        TerraformIterator.fromResources(validationRecords).pluckProperty('fqdn'),
      ),
    });
    this.certificateArn = validation.certificateArn;
    this.domainName = props.domainName;
  }

  /** One CNAME per name ACM validates, written into the zone (through `zoneProvider` when given). */
  private addValidationRecords(
    certificate: AcmCertificate,
    names: readonly string[],
    props: CertificateProps,
    ttl: number,
  ): Route53Record {
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
        validationRecordNames(names).map((name) => [name, propertyAccess(optionsByName, [name, 0])]),
      ),
    );
    return new Route53Record(this, 'validation-records', {
      provider: props.zoneProvider,
      forEach: records,
      zoneId: props.zoneId,
      name: records.getString('resource_record_name'),
      type: VALIDATION_RECORD_TYPE,
      records: [records.getString('resource_record_value')],
      ttl,
      // A record left over from an earlier certificate for the same name holds the same value.
      allowOverwrite: true,
    });
  }
}
