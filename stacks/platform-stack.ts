import { Construct } from 'constructs';
import { Aspects, LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { stateKey } from '../envs/derive';
import type { ProjectConfig } from '../envs/types';
import { ServiceLimits } from '../modules/limits';
import { SecurityPolicies } from '../modules/policies';

export interface PlatformStackProps {
  readonly project: ProjectConfig;
  /** Value of the Environment tag: the environment's name, or `shared`. */
  readonly environment: string;
  /** The only AWS account this stack may change. */
  readonly accountId: string;
  /**
   * The environment is production: the security rules also demand deletion protection and
   * backups of at least 7 days.
   * @default false
   */
  readonly production?: boolean;
  /**
   * Where the state lives. `local` is only for the `state` stack, which creates the bucket.
   * @default 's3'
   */
  readonly backend?: 's3' | 'local';
  /**
   * Who applies the stack: CI with the delivery roles, or an administrator by hand (the `state`
   * and administrator stacks). In a stack CI applies, every role must carry the workload boundary.
   * @default 'ci'
   */
  readonly appliedBy?: 'ci' | 'administrator';
}

/**
 * What every stack shares: one AWS provider pinned to one account and tagging every resource,
 * and a backend in the state bucket under `stateKey()` (envs/derive.ts).
 */
export abstract class PlatformStack extends TerraformStack {
  /** Tags every resource of this stack carries (provider `default_tags`). */
  protected readonly defaultTags: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    this.defaultTags = {
      Project: props.project.name,
      Environment: props.environment,
      ManagedBy: 'cdktf',
      Stack: id,
    };
    new AwsProvider(this, 'aws', {
      region: props.project.region,
      // Refuses to plan or apply with credentials for any other account.
      allowedAccountIds: [props.accountId],
      defaultTags: [{ tags: this.defaultTags }],
    });

    // Every stack refuses to synthesize what the security rules forbid (modules/policies).
    Aspects.of(this).add(
      new SecurityPolicies({
        production: props.production ?? false,
        stateBucketName: props.project.stateBucket,
        appliedByCi: (props.appliedBy ?? 'ci') === 'ci',
      }),
    );
    // ... and what AWS would refuse half-way through an apply: policies and counts over a limit.
    Aspects.of(this).add(new ServiceLimits());

    // 1.10 brought S3 lock files, 1.11 write-only attributes (SecureString values kept out of state).
    this.addOverride('terraform.required_version', '>= 1.11.0');

    if ((props.backend ?? 's3') === 'local') {
      // Outside cdktf.out (which is regenerated and ignored) so the bootstrap state is kept with
      // the code; it names one bucket and holds no secret.
      new LocalBackend(this, { path: `../../../bootstrap/${id}.tfstate` });
    } else {
      const backend = new S3Backend(this, {
        bucket: props.project.stateBucket,
        key: stateKey(props.project, props.accountId, id),
        region: props.project.region,
        encrypt: true,
      });
      // S3-native locking (Terraform >= 1.10); CDKTF 0.21's S3Backend has no field for it.
      backend.addOverride('use_lockfile', true);
    }
  }
}
