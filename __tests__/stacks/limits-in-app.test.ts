import { Aspects, Testing } from 'cdktf';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { LimitExceededError, ServiceLimits, measureStack, type Finding } from '../../modules/limits';
import { buildShippedApp } from './app-fixture';

describe('service limits on the real app', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'limits-app-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  const built = buildShippedApp(outdir);
  const stacks = [built.state, built.shared, ...built.environments, ...built.services];
  // synth() runs every stack's checks; an excess anywhere would throw here.
  built.app.synth();
  const measured: [string, Finding][] = stacks.flatMap((s) =>
    measureStack(s).map((f): [string, Finding] => [s.node.id, f]),
  );

  test('every stack carries the limits check', () => {
    for (const stack of stacks) {
      expect(Aspects.of(stack).all.filter((a) => a instanceof ServiceLimits)).toHaveLength(1);
    }
  });

  test('every reference in a measured document is recognised: none is counted at the 2,048 fallback', () => {
    const unknown = measured.filter(([, f]) => 'unknown' in f.measurement && f.measurement.unknown > 0);
    expect(unknown.map(([id, f]) => `${id} ${f.element.address} ${f.quota.id}`)).toEqual([]);
    const unmeasurable = measured.filter(([, f]) => 'unmeasurable' in f.measurement);
    expect(unmeasurable.map(([id, f]) => `${id} ${f.element.address} ${f.quota.id}`)).toEqual([]);
  });

  test('every policy of the app is measured: bucket, trust, inline, repository, key and topic policies', () => {
    const ids = new Set(measured.map(([, f]) => f.quota.id));
    for (const id of [
      'S3-POLICY',
      'IAM-TRUST-SIZE',
      'IAM-INLINE-SIZE',
      'ECR-POLICY',
      'KMS-POLICY',
      'SNS-POLICY',
    ]) {
      expect(ids).toContain(id);
    }
    for (const id of ['SG-RULES', 'ALB-RULES', 'ALB-TARGET-GROUPS', 'SSM-VALUE', 'ECS-TASKDEF-SIZE']) {
      expect(ids).toContain(id);
    }
  });

  test('fails synth of the app when code puts one stack over a limit, naming that stack', () => {
    // GIVEN the shipped app AND a managed policy of 7,000 characters added to the shared stack
    const app = buildShippedApp(outdir);
    const statement = {
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::${'b'.repeat(6900)}`,
    };
    new IamPolicy(app.shared, 'oversized', {
      name: 'oversized',
      policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }),
    });
    // WHEN it synthesizes THEN the shared stack is refused
    expect(() => Testing.synth(app.shared)).toThrow(LimitExceededError);
    expect(() => Testing.synth(app.shared)).toThrow(
      /AWS limits exceeded in stack "shared" \(1\):\n {2}- shared\/oversized \(aws_iam_policy\.oversized\): IAM-MANAGED-SIZE managed policy size, policy is 7,\d{3} characters, over the limit of 6,144 characters/,
    );
  });
});
