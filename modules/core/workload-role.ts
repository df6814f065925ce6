import type { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';

export interface WorkloadRoleProps {
  /** IAM role name, for example `webapp-dev-backend-task`. */
  readonly roleName: string;
  /**
   * What the role is for (the IAM description).
   * @default - none
   */
  readonly description?: string;
  /** The AWS service that assumes the role, for example `ecs-tasks.amazonaws.com`. */
  readonly servicePrincipal: string;
  /**
   * The account's workload permissions boundary (administrator stack): caps whatever policy the
   * role is given to what the account's workloads may do.
   * @default - no boundary (a stack CI deploys refuses that: security rule IAM-006)
   */
  readonly permissionsBoundaryArn?: string;
  /**
   * AWS-managed policies the module attaches to the role, by name below
   * `arn:<partition>:iam::aws:policy/` (`AmazonSSMManagedInstanceCore`): the only ones the
   * delivery roles may attach (`iam:PolicyARN`).
   * @default []
   */
  readonly managedPolicyNames?: readonly string[];
}

/**
 * A role an AWS service assumes for the environment's workloads (ECS tasks, EC2 instances, flow
 * logs): the only kind of role CI creates. It carries what the delivery roles (administrator
 * stack) must know about it, read from the synthesized constructs: the service it is passed to
 * (`iam:PassedToService`), the managed policies it takes (`iam:PolicyARN`), and the account's
 * boundary (`iam:PermissionsBoundary`), without which CI may not create it. The role keeps the
 * construct ID it is given, which is its state address.
 */
export class WorkloadRole extends IamRole {
  public readonly servicePrincipal: string;
  public readonly managedPolicyNames: readonly string[];
  public readonly roleName: string;

  constructor(scope: Construct, id: string, props: WorkloadRoleProps) {
    const trust = new DataAwsIamPolicyDocument(scope, `${id}-trust`, {
      statement: [
        {
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: [props.servicePrincipal] }],
        },
      ],
    });
    super(scope, id, {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: trust.json,
      permissionsBoundary: props.permissionsBoundaryArn,
    });
    this.servicePrincipal = props.servicePrincipal;
    this.managedPolicyNames = [...(props.managedPolicyNames ?? [])];
    this.roleName = props.roleName;
  }

  static isWorkloadRole(node: unknown): node is WorkloadRole {
    return node instanceof WorkloadRole;
  }
}
