/**
 * The AWS limits the synthesized stacks are measured against. Each names the AWS document that
 * states it, so that the next reader can check a value instead of trusting it; docs/aws-limits.md
 * lists the same table with how each one is measured.
 *
 * Only limits that Terraform cannot see at plan time belong here: an apply fails on them half-way,
 * after other resources have changed. Adjustable quotas are checked at their default, because
 * that is what a new account has; the message says so, and how far the quota can be raised.
 */

/** How AWS counts the measured value. */
export type Unit = 'bytes' | 'characters' | 'count';

export interface Quota {
  /** Stable ID, used in messages and tests: `S3-POLICY`. */
  readonly id: string;
  /** What is limited, as the message names it. */
  readonly what: string;
  readonly limit: number;
  readonly unit: Unit;
  /** Title of the AWS document that states the limit, and its address. */
  readonly source: { readonly title: string; readonly url: string };
  /**
   * For an adjustable quota: what it can be raised to, and how.
   * @default - not adjustable
   */
  readonly adjustable?: string;
}

const IAM_QUOTAS = {
  title: 'IAM User Guide, "IAM and AWS STS quotas" (IAM does not count white space)',
  url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html',
};
const ALB_QUOTAS = {
  title: 'Elastic Load Balancing, "Quotas for your Application Load Balancers"',
  url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html',
};
const VPC_QUOTAS = {
  title: 'Amazon VPC User Guide, "Amazon VPC quotas", security groups',
  url: 'https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups',
};

export const QUOTAS = {
  s3BucketPolicy: {
    id: 'S3-POLICY',
    what: 'bucket policy size',
    // "Bucket policies are limited to 20 KB in size." The provider sends the policy minified
    // (structure.NormalizeJsonString in aws_s3_bucket_policy), so the minified bytes are what S3 sees.
    limit: 20 * 1024,
    unit: 'bytes',
    source: {
      title: 'Amazon S3 User Guide, "Bucket policies and user policies"',
      url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-iam-policies.html',
    },
  },
  iamManagedPolicy: {
    id: 'IAM-MANAGED-SIZE',
    what: 'managed policy size',
    limit: 6_144,
    unit: 'characters',
    source: IAM_QUOTAS,
  },
  iamInlinePolicies: {
    id: 'IAM-INLINE-SIZE',
    what: 'aggregate size of the inline policies of a role',
    limit: 10_240,
    unit: 'characters',
    source: IAM_QUOTAS,
  },
  iamTrustPolicy: {
    id: 'IAM-TRUST-SIZE',
    what: 'role trust policy length',
    limit: 2_048,
    unit: 'characters',
    source: IAM_QUOTAS,
    adjustable: 'up to 4,096 through Service Quotas ("Role trust policy length")',
  },
  iamManagedPoliciesPerRole: {
    id: 'IAM-ATTACHED',
    what: 'managed policies attached to a role',
    limit: 10,
    unit: 'count',
    source: IAM_QUOTAS,
    adjustable: 'up to 20 through Service Quotas ("Managed policies per role")',
  },
  securityGroupRules: {
    id: 'SG-RULES',
    what: 'rules per security group and direction (IPv4 and IPv6 counted apart)',
    limit: 60,
    unit: 'count',
    source: VPC_QUOTAS,
    adjustable: 'through Service Quotas, but rules per group times groups per interface may not exceed 1,000',
  },
  securityGroupsPerInterface: {
    id: 'SG-PER-ENI',
    what: 'security groups per network interface',
    limit: 5,
    unit: 'count',
    source: VPC_QUOTAS,
    adjustable: 'up to 16 through Service Quotas',
  },
  albRules: {
    id: 'ALB-RULES',
    what: 'listener rules per Application Load Balancer, not counting default rules',
    limit: 100,
    unit: 'count',
    source: ALB_QUOTAS,
    adjustable: 'through Service Quotas',
  },
  albTargetGroups: {
    id: 'ALB-TARGET-GROUPS',
    what: 'target groups per Application Load Balancer',
    limit: 100,
    unit: 'count',
    source: ALB_QUOTAS,
  },
  albListeners: {
    id: 'ALB-LISTENERS',
    what: 'listeners per Application Load Balancer',
    limit: 50,
    unit: 'count',
    source: ALB_QUOTAS,
    adjustable: 'through Service Quotas',
  },
  albConditionValues: {
    id: 'ALB-CONDITION-VALUES',
    what: 'condition values per listener rule',
    limit: 5,
    unit: 'count',
    source: ALB_QUOTAS,
    adjustable: 'through Service Quotas',
  },
  ssmStandardValue: {
    id: 'SSM-VALUE',
    what: 'parameter value size (Standard tier)',
    // "Standard tier parameters support a maximum parameter value of 4096 characters."
    limit: 4_096,
    unit: 'characters',
    source: {
      title: 'AWS Systems Manager User Guide, "Managing parameter tiers"',
      url: 'https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html',
    },
  },
  ssmAdvancedValue: {
    id: 'SSM-VALUE',
    what: 'parameter value size (Advanced tier)',
    limit: 8_192,
    unit: 'characters',
    source: {
      title: 'AWS Systems Manager User Guide, "Managing parameter tiers"',
      url: 'https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html',
    },
  },
  ecsTaskDefinition: {
    id: 'ECS-TASKDEF-SIZE',
    what: 'task definition size',
    // 64 KiB today; the archived ECS guide (awsdocs/amazon-ecs-developer-guide, service-quotas.md)
    // still says 32 KiB, from before the quota was raised.
    limit: 64 * 1024,
    unit: 'bytes',
    source: {
      title: 'Amazon ECS Developer Guide, "Amazon ECS service quotas" ("Task definition size")',
      url: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html',
    },
  },
  ecsContainers: {
    id: 'ECS-CONTAINERS',
    what: 'container definitions per task definition',
    limit: 10,
    unit: 'count',
    source: {
      title: 'Amazon ECS Developer Guide, "Amazon ECS service quotas" ("Task definition max containers")',
      url: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html',
    },
  },
  snsTopicPolicy: {
    id: 'SNS-POLICY',
    what: 'topic policy size',
    limit: 30 * 1024,
    unit: 'bytes',
    source: {
      title:
        'Amazon SNS Developer Guide, "Amazon SNS API permissions: Actions and resources reference", policy quotas',
      url: 'https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-language-api-permissions-reference.html',
    },
  },
  kmsKeyPolicy: {
    id: 'KMS-POLICY',
    what: 'key policy size',
    limit: 32_768,
    unit: 'bytes',
    source: {
      title: 'AWS KMS Developer Guide, "Creating a key policy", key policy format',
      url: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html',
    },
  },
  ecrRepositoryPolicy: {
    id: 'ECR-POLICY',
    what: 'repository policy length',
    limit: 10_240,
    unit: 'characters',
    source: {
      title: 'Amazon ECR API Reference, "SetRepositoryPolicy" (policyText: maximum length of 10240)',
      url: 'https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_SetRepositoryPolicy.html',
    },
  },
  ecrLifecyclePolicy: {
    id: 'ECR-LIFECYCLE',
    what: 'lifecycle policy length',
    limit: 30_720,
    unit: 'characters',
    source: {
      title: 'Amazon ECR User Guide, "Amazon ECR service quotas" ("Lifecycle policy length")',
      url: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/service-quotas.html',
    },
  },
  vpcEndpointPolicy: {
    id: 'VPCE-POLICY',
    what: 'VPC endpoint policy size, white space included',
    limit: 20_480,
    unit: 'characters',
    source: {
      title:
        'AWS General Reference, "Amazon Virtual Private Cloud endpoints and quotas" ("Characters per VPC endpoint policy")',
      url: 'https://docs.aws.amazon.com/general/latest/gr/vpc-service.html',
    },
  },
} as const satisfies Record<string, Quota>;

/** Every quota once (the two SSM tiers share an ID). */
export const ALL_QUOTAS: readonly Quota[] = Object.values(QUOTAS);
