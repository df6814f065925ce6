import { expandIamActions } from '@cloud-copilot/iam-expand';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import {
  isWorkloadAction,
  WORKLOAD_ACTIONS,
  WORKLOAD_DENIED_ACTIONS,
  WorkloadBoundary,
  workloadBoundaryDocument,
} from '../../modules/workload-boundary';
import { evaluate, type PolicyDocument } from '../../testbed/iam/evaluate';
import { synthOutput } from '../stacks/app-fixture';
import { synthConstruct } from '../helpers';

/**
 * The account's workload boundary: what any role CI creates may ever do. It must let every
 * workload do what its own policy grants (or the workload breaks at run time), and refuse what
 * would take a role past it: IAM, assuming roles, the organization, deleting data stores.
 */

const STATE_BUCKET = 'arn:aws:s3:::webapp-tfstate';
const boundary = workloadBoundaryDocument(STATE_BUCKET) as unknown as PolicyDocument;
const anything: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};
/** A role that may do anything, under the boundary. */
const bounded = {
  roleArn: 'arn:aws:iam::123456789012:role/webapp-dev-backend-task',
  policies: [anything],
  boundary,
};

describe('WorkloadBoundary', () => {
  test('is a managed policy named as given, its document the workload actions, protected when asked', () => {
    const json = synthConstruct(
      (scope) =>
        new WorkloadBoundary(scope, 'boundary', {
          policyName: 'webapp-workload-boundary',
          stateBucketArn: STATE_BUCKET,
          preventDestroy: true,
        }),
    );
    expect(json).toHaveResourceWithProperties(IamPolicy, {
      name: 'webapp-workload-boundary',
      policy: JSON.stringify(workloadBoundaryDocument(STATE_BUCKET)),
      lifecycle: { prevent_destroy: true },
    });
  });

  test.each([
    ['iam:AttachRolePolicy', 'arn:aws:iam::123456789012:role/webapp-dev-backend-task'],
    ['iam:CreateAccessKey', 'arn:aws:iam::123456789012:user/anyone'],
    ['iam:PassRole', 'arn:aws:iam::123456789012:role/delivery/webapp-dev-deploy-platform'],
    ['sts:AssumeRole', 'arn:aws:iam::123456789012:role/delivery/webapp-dev-deploy-platform'],
    ['organizations:LeaveOrganization', '*'],
    ['rds:DeleteDBCluster', 'arn:aws:rds:ap-northeast-1:123456789012:cluster:webapp-prod-aurora'],
    [
      'rds:DeleteDBClusterSnapshot',
      'arn:aws:rds:ap-northeast-1:123456789012:cluster-snapshot:webapp-prod-final',
    ],
    [
      'kms:ScheduleKeyDeletion',
      'arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    ],
    ['s3:DeleteBucket', 'arn:aws:s3:::webapp-prod-alb-logs-123456789012'],
    ['logs:DeleteLogGroup', 'arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/webapp-prod/backend'],
    ['s3:PutObject', 'arn:aws:s3:::webapp-tfstate/webapp/123456789012/prod.tfstate'],
    ['s3:GetObject', 'arn:aws:s3:::webapp-tfstate/webapp/123456789012/admin-123456789012.tfstate'],
    ['s3:ListBucket', 'arn:aws:s3:::webapp-tfstate'],
  ])('refuses %s to a role that may otherwise do anything', async (action, resource) => {
    expect((await evaluate(bounded, { action, resource })).decision).toBe('explicitly denied');
  });

  test.each([
    ['ecr:BatchGetImage', 'arn:aws:ecr:ap-northeast-1:123456789012:repository/webapp/backend'],
    [
      'secretsmanager:GetSecretValue',
      'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:rds!cluster-1-AbCdEf',
    ],
    ['ssm:GetParameters', 'arn:aws:ssm:ap-northeast-1:123456789012:parameter/webapp/dev/db/host'],
    [
      'logs:PutLogEvents',
      'arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/webapp-dev/backend:log-stream:x',
    ],
    ['s3:PutObject', 'arn:aws:s3:::webapp-dev-media/uploads/a.png'],
  ])('lets a workload %s (what its own policy names)', async (action, resource) => {
    expect((await evaluate(bounded, { action, resource })).decision).toBe('allowed');
  });

  test('allows every action the workload roles of the shipped app are granted', async () => {
    // GIVEN every inline policy of every role in every stack CI applies (all workload roles)
    const { stacks } = synthOutput();
    const granted = Object.entries(stacks)
      .filter(([name]) => name !== 'state' && !name.startsWith('admin-'))
      .flatMap(([, stack]) => {
        const documents = (stack.data?.aws_iam_policy_document ?? {}) as Record<
          string,
          { statement?: { actions?: string[] }[] }
        >;
        const references = Object.values(stack.resource?.aws_iam_role_policy ?? {}).map((p) =>
          String(p.policy),
        );
        return references.flatMap((reference) => {
          const id = /^\$\{data\.aws_iam_policy_document\.([^.}]+)\.json\}$/.exec(reference)?.[1];
          return (documents[id ?? '']?.statement ?? []).flatMap((s) => s.actions ?? []);
        });
      });
    expect(granted.length).toBeGreaterThan(0);
    // THEN the boundary allows each of them (a wildcard, for each action it stands for)
    const expanded = (await expandIamActions([...new Set(granted)])) as string[];
    expect(expanded.filter((action) => !isWorkloadAction(action))).toEqual([]);
  });

  test('isWorkloadAction matches the boundary as IAM does: patterns, case, and the denials first', () => {
    expect(isWorkloadAction('ecs:SubmitTaskStateChange')).toBe(true); // ecs:Submit*
    expect(isWorkloadAction('S3:GetObject')).toBe(true);
    expect(isWorkloadAction('s3:DeleteBucket')).toBe(false);
    expect(isWorkloadAction('sqs:CreateQueue')).toBe(false);
    expect(WORKLOAD_ACTIONS.filter((a) => WORKLOAD_DENIED_ACTIONS.includes(a))).toEqual([]);
  });
});
