import type { Construct } from 'constructs';
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { WorkloadRole } from '../core';
import type { ResolvedEcsServiceProps } from './ecs-service';

/** The two roles of a task and their inline policies (the service must wait for the policies). */
export interface TaskRoles {
  readonly executionRole: WorkloadRole;
  readonly taskRole: WorkloadRole;
  readonly policies: readonly IamRolePolicy[];
}

/** The service principal of ECS tasks, to which both roles of a task are passed. */
const ECS_TASKS = 'ecs-tasks.amazonaws.com';

const unique = (values: readonly string[]): string[] => [...new Set(values)];

/**
 * Names of a service's execution and task roles (`<namePrefix>-<serviceName>` is its base name).
 * Whoever deploys the service may pass exactly these to ECS (modules/github-oidc, deploy-services).
 */
export function taskRoleNames(baseName: string): { readonly execution: string; readonly task: string } {
  return { execution: `${baseName}-execution`, task: `${baseName}-task` };
}

/** Statements the ECS agent needs to start the task: pull the image, write logs, resolve secrets. */
export function executionStatements(
  p: ResolvedEcsServiceProps,
  logGroupArn: string,
): DataAwsIamPolicyDocumentStatement[] {
  const grants = (kind: 'ssm-parameter' | 'secretsmanager-secret') =>
    unique(p.secrets.filter((s) => s.grant.kind === kind).map((s) => s.grant.arn));
  const ssmParameters = grants('ssm-parameter');
  const secretArns = grants('secretsmanager-secret');
  const statements: DataAwsIamPolicyDocumentStatement[] = [
    {
      sid: 'PullOwnImage',
      actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      resources: [p.image.repositoryArn],
    },
    {
      // GetAuthorizationToken is account-wide: AWS defines no resource type for it, so "*" is the only valid value.
      sid: 'EcrAuthToken',
      actions: ['ecr:GetAuthorizationToken'],
      resources: ['*'],
    },
    {
      sid: 'WriteOwnLogGroup',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [`${logGroupArn}:*`],
    },
  ];
  if (ssmParameters.length > 0) {
    statements.push({
      sid: 'ReadSecretParameters',
      actions: ['ssm:GetParameters'],
      resources: ssmParameters,
    });
  }
  if (secretArns.length > 0) {
    statements.push({
      sid: 'ReadSecrets',
      actions: ['secretsmanager:GetSecretValue'],
      resources: secretArns,
    });
  }
  if (p.secretKmsKeyArns.length > 0) {
    statements.push({
      sid: 'DecryptSecrets',
      actions: ['kms:Decrypt'],
      resources: unique(p.secretKmsKeyArns),
    });
  }
  return statements;
}

/** Statements of what the application itself may do. */
export function taskStatements(
  p: ResolvedEcsServiceProps,
  logGroupArn: string,
): DataAwsIamPolicyDocumentStatement[] {
  const statements: DataAwsIamPolicyDocumentStatement[] = [];
  if (p.enableExec) {
    // The cluster logs Exec sessions the DEFAULT way, through the container's awslogs settings,
    // and it is the task role that writes them.
    statements.push(
      {
        sid: 'EcsExecSessionLogs',
        actions: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
        resources: [`${logGroupArn}:*`],
      },
      {
        // DescribeLogGroups lists groups; IAM defines no narrower resource for it.
        sid: 'EcsExecFindLogGroup',
        actions: ['logs:DescribeLogGroups'],
        resources: ['*'],
      },
    );
    statements.push({
      // The SSM message channels of ECS Exec have no resource type in IAM; "*" is the only valid value.
      sid: 'EcsExecChannels',
      actions: [
        'ssmmessages:CreateControlChannel',
        'ssmmessages:CreateDataChannel',
        'ssmmessages:OpenControlChannel',
        'ssmmessages:OpenDataChannel',
      ],
      resources: ['*'],
    });
  }
  for (const s of p.taskPolicyStatements) {
    statements.push({ actions: [...s.actions], resources: [...s.resources] });
  }
  return statements;
}

/** Separate roles: what starts the task (execution) never leaks into what the app may do (task). */
export function createTaskRoles(
  scope: Construct,
  p: ResolvedEcsServiceProps,
  logGroupArn: string,
): TaskRoles {
  const executionRole = new WorkloadRole(scope, 'execution-role', {
    roleName: taskRoleNames(p.baseName).execution,
    description: `ECS agent for ${p.baseName}: pull image, write logs, read secrets`,
    servicePrincipal: ECS_TASKS,
    permissionsBoundaryArn: p.permissionsBoundaryArn,
  });
  const executionDocument = new DataAwsIamPolicyDocument(scope, 'execution-policy-document', {
    statement: executionStatements(p, logGroupArn),
  });
  const policies = [
    new IamRolePolicy(scope, 'execution-policy', {
      name: 'ecs-task-execution',
      role: executionRole.id,
      policy: executionDocument.json,
    }),
  ];

  const taskRole = new WorkloadRole(scope, 'task-role', {
    roleName: taskRoleNames(p.baseName).task,
    description: `Application permissions of ${p.baseName}`,
    servicePrincipal: ECS_TASKS,
    permissionsBoundaryArn: p.permissionsBoundaryArn,
  });
  const statements = taskStatements(p, logGroupArn);
  if (statements.length > 0) {
    const taskDocument = new DataAwsIamPolicyDocument(scope, 'task-policy-document', {
      statement: statements,
    });
    policies.push(
      new IamRolePolicy(scope, 'task-policy', {
        name: 'application',
        role: taskRole.id,
        policy: taskDocument.json,
      }),
    );
  }
  return { executionRole, taskRole, policies };
}
