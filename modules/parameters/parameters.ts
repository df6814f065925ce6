import { Construct } from 'constructs';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { throwOnProblems } from '../core';
import { parameterConstructId, parametersProblems } from './validation';

/** What Terraform writes into a secure parameter; the real value is put there by a person. */
export const SECURE_PLACEHOLDER = 'set-me-outside-terraform';
/** Raising it makes Terraform write the placeholder again over whatever value is set. */
const SECURE_PLACEHOLDER_VERSION = 1;

export interface ParametersProps {
  /** Absolute path every parameter lives under, for example `/webapp/dev`. */
  readonly prefix: string;
  /** `String` parameters by relative path (`db/host`); values may be tokens and are kept in JSON and state, so never secrets. */
  readonly values: Record<string, string>;
  /**
   * Paths of `SecureString` parameters created with a placeholder; the real value is set outside Terraform.
   * @default []
   */
  readonly secureNames?: readonly string[];
}

/**
 * SSM parameters under one prefix: plain settings Terraform knows (DB host, port, feature
 * flags) and secure ones it only creates. Tasks read them by ARN (`arn()`), so a parameter's
 * name never has to be repeated elsewhere.
 *
 * Secure parameters: Terraform creates each with the value `set-me-outside-terraform` through
 * the write-only argument `value_wo` (Terraform 1.11+); people then set the real value with
 * `aws ssm put-parameter --overwrite` or the console. Neither value is stored in state or plan
 * files, and Terraform never writes the placeholder again unless `value_wo_version` changes.
 *
 * Why not `value` + `lifecycle.ignore_changes = [value]`: that stops Terraform overwriting the
 * value, but every refresh still reads it with decryption and stores the real value, in clear
 * text, in the state file (hashicorp/terraform#20349, hashicorp/terraform-provider-aws#3475;
 * the provider's Read sets `value` unless the parameter was written with `value_wo`). Checked
 * against provider 5.100.0: after an out-of-band put and `terraform apply -refresh-only`, the
 * state held the secret with ignore_changes and an empty `value` with `value_wo`.
 *
 * Cost of `value_wo`: the state holds no value, so an in-place update of another attribute
 * (description, tier, type) would send an empty value, which AWS refuses. Secure parameters
 * therefore set only name, type and tags, and moving a path between `values` and
 * `secureNames` takes two applies (remove it, then add it to the other list).
 */
export class Parameters extends Construct {
  /** ARN of every parameter, keyed by its relative path. */
  public readonly arns: Record<string, string>;
  private readonly names: Record<string, string>;

  constructor(scope: Construct, id: string, props: ParametersProps) {
    super(scope, id);
    const secureNames = props.secureNames ?? [];
    const plainPaths = Object.keys(props.values);

    throwOnProblems(this.node.path, parametersProblems(props));

    const arns: Record<string, string> = {};
    const names: Record<string, string> = {};
    const add = (path: string, parameter: SsmParameter) => {
      arns[path] = parameter.arn;
      names[path] = `${props.prefix}/${path}`;
    };

    // The construct ID comes from the relative path: the path IS the parameter's identity
    // (renaming it replaces the parameter anyway), and the prefix stays out of it.
    for (const path of plainPaths) {
      add(
        path,
        new SsmParameter(this, parameterConstructId(path), {
          name: `${props.prefix}/${path}`,
          type: 'String',
          // insecure_value: not a secret, so plans show the real change instead of "(sensitive)".
          insecureValue: props.values[path],
          tier: 'Standard',
        }),
      );
    }
    for (const path of secureNames) {
      add(
        path,
        new SsmParameter(this, parameterConstructId(path), {
          name: `${props.prefix}/${path}`,
          type: 'SecureString',
          valueWo: SECURE_PLACEHOLDER,
          valueWoVersion: SECURE_PLACEHOLDER_VERSION,
          // No description or tier: with value_wo the state holds no value, so an in-place
          // update of either would send an empty value (AWS refuses it). Tags take another path.
          tags: { ValueSource: 'set-outside-terraform' },
        }),
      );
    }
    this.arns = arns;
    this.names = names;
  }

  /** ARN of the parameter at `path`; throws for a path this construct does not hold. */
  public arn(path: string): string {
    return this.lookup(this.arns, path);
  }

  /** Full name (`<prefix>/<path>`) of the parameter at `path`; throws for an unknown path. */
  public name(path: string): string {
    return this.lookup(this.names, path);
  }

  private lookup(table: Record<string, string>, path: string): string {
    if (!Object.prototype.hasOwnProperty.call(table, path)) {
      throw new Error(
        `Parameters ${this.node.id}: no parameter "${path}"; known: ${Object.keys(table).sort().join(', ') || 'none'}`,
      );
    }
    return table[path];
  }
}
