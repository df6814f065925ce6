import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { EcrRepositoryPolicy } from '@cdktf/provider-aws/lib/ecr-repository-policy';
import { throwOnProblems } from '../core';
import { lifecyclePolicy, type LifecyclePolicySpec } from './lifecycle-policy';
import { containerRegistryProblems } from './validation';

const DEFAULT_PULL_ACCOUNT_IDS: readonly string[] = [];
const DEFAULT_PREVENT_DESTROY = true;

/** The actions an image pull makes; nothing that pushes or deletes. */
const PULL_ACTIONS = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'];

export interface ContainerRegistryProps {
  /** Repository name, for example `webapp/backend`. */
  readonly repositoryName: string;
  /** Which images the lifecycle policy expires and which it keeps. */
  readonly lifecycle: LifecyclePolicySpec;
  /**
   * AWS accounts (12-digit IDs) whose principals may pull images, for environments in other accounts.
   * @default []
   */
  readonly pullAccountIds?: readonly string[];
  /**
   * KMS key that encrypts the images. A customer key must also let the pull accounts decrypt.
   * @default - the AWS-managed ECR key (aws/ecr)
   */
  readonly kmsKeyArn?: string;
  /**
   * Refuse `terraform destroy` of the repository (lifecycle `prevent_destroy`).
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/**
 * One ECR repository: immutable tags (a deployed tag always means the same image), scan on push,
 * KMS encryption, a lifecycle policy, and optionally pull access for other accounts.
 */
export class ContainerRegistry extends Construct {
  public readonly repositoryUrl: string;
  public readonly repositoryArn: string;
  public readonly repositoryName: string;

  constructor(scope: Construct, id: string, props: ContainerRegistryProps) {
    super(scope, id);
    const pullAccountIds = props.pullAccountIds ?? DEFAULT_PULL_ACCOUNT_IDS;
    const preventDestroy = props.preventDestroy ?? DEFAULT_PREVENT_DESTROY;

    throwOnProblems(this.node.path, containerRegistryProblems(props, pullAccountIds));

    // force_delete stays false: a repository holding images must never disappear with them.
    const repository = new EcrRepository(this, 'repository', {
      name: props.repositoryName,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: props.kmsKeyArn }],
      forceDelete: false,
      lifecycle: { preventDestroy },
    });
    this.repositoryUrl = repository.repositoryUrl;
    this.repositoryArn = repository.arn;
    this.repositoryName = repository.name;

    new EcrLifecyclePolicy(this, 'lifecycle-policy', {
      repository: repository.name,
      policy: lifecyclePolicy(props.lifecycle),
    });

    if (pullAccountIds.length > 0) {
      this.allowPulls(repository, pullAccountIds);
    }
  }

  /** A repository policy that lets the given accounts' principals pull, and nothing else. */
  private allowPulls(repository: EcrRepository, pullAccountIds: readonly string[]): void {
    const partition = new DataAwsPartition(this, 'partition');
    const pull = new DataAwsIamPolicyDocument(this, 'pull-policy-document', {
      statement: [
        {
          sid: 'CrossAccountPull',
          actions: PULL_ACTIONS,
          principals: [
            {
              type: 'AWS',
              identifiers: pullAccountIds.map(
                (accountId) => `arn:${partition.partition}:iam::${accountId}:root`,
              ),
            },
          ],
        },
      ],
    });
    new EcrRepositoryPolicy(this, 'pull-policy', {
      repository: repository.name,
      policy: pull.json,
    });
  }
}
