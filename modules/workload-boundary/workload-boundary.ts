import { Construct } from 'constructs';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { suppress } from '../policies';
import { WORKLOAD_ACTIONS, WORKLOAD_DENIED_ACTIONS } from './workload-actions';

export interface WorkloadBoundaryProps {
  /** Managed policy name, for example `webapp-workload-boundary`; its ARN is derived from it. */
  readonly policyName: string;
  /**
   * The Terraform state bucket's ARN, literal (`arn:aws:s3:::webapp-tfstate`): no workload may
   * read or write state, whatever policy CI gives it.
   */
  readonly stateBucketArn: string;
  /**
   * Refuse to destroy it (`prevent_destroy`): in an account whose data is protected, the roles that
   * carry it outlive any destroy of the administrator stack (and IAM refuses to delete a policy in
   * use as a boundary anyway).
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/**
 * The account's permissions boundary for workload roles: the managed policy every role CI creates
 * must carry (the delivery roles may create a role only with it, and may neither remove it nor
 * change its versions). A role's effective rights are what both its own policy and this allow, so
 * a CI role that writes `*:*` onto a workload role still gets no more than `WORKLOAD_ACTIONS`, and
 * never IAM, role assumption, the deletion of a data store or Terraform's state.
 */
export class WorkloadBoundary extends Construct {
  public readonly policyArn: string;

  constructor(scope: Construct, id: string, props: WorkloadBoundaryProps) {
    super(scope, id);
    // Literal JSON (no reference to resolve): a data source's "//" cannot carry the exemption below.
    const policy = new IamPolicy(this, 'policy', {
      name: props.policyName,
      description: 'Permissions boundary of every role CI creates: what workloads may ever do',
      policy: JSON.stringify(workloadBoundaryDocument(props.stateBucketArn)),
      lifecycle: { preventDestroy: props.preventDestroy ?? false },
    });
    suppress(
      policy,
      'IAM-002',
      'A permissions boundary caps actions only; each workload role names its resources in its own ' +
        'policy, and its effective rights are the intersection of the two.',
    );
    this.policyArn = policy.arn;
  }
}

/** The boundary as IAM JSON. */
export function workloadBoundaryDocument(stateBucketArn: string): {
  Version: string;
  Statement: { Sid: string; Effect: string; Action: string[]; Resource: string | string[] }[];
} {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'WorkloadActions', Effect: 'Allow', Action: [...WORKLOAD_ACTIONS], Resource: '*' },
      {
        Sid: 'NeverIdentitiesOrDataStores',
        Effect: 'Deny',
        Action: [...WORKLOAD_DENIED_ACTIONS],
        Resource: '*',
      },
      {
        // The state bucket grants whole accounts their prefix: a workload role given S3 by CI
        // could otherwise rewrite the state an administrator applies next.
        Sid: 'NeverTerraformState',
        Effect: 'Deny',
        Action: ['s3:*'],
        Resource: [stateBucketArn, `${stateBucketArn}/*`],
      },
    ],
  };
}
