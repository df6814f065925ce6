/**
 * The environment every Terraform and cdktf process these scripts start runs in. It quiets two
 * things a user would otherwise see on every command:
 * - a `TF_CLI_CONFIG_FILE` naming a file that does not exist makes every Terraform call print the
 *   same warning (eight times per `npm run diff`); it is dropped, and said once;
 * - cdktf and Terraform ask HashiCorp's checkpoint service for version news and send it usage
 *   data, which an offline machine cannot reach (`getaddrinfo ENOTFOUND checkpoint-api...`);
 *   `CHECKPOINT_DISABLE` turns that off unless the user set it.
 */
import { existsSync } from 'node:fs';

let warned = false;

export function terraformEnv(
  env: NodeJS.ProcessEnv = process.env,
  warn: (line: string) => void = (line) => console.error(line),
): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = { ...env, CHECKPOINT_DISABLE: env.CHECKPOINT_DISABLE ?? '1' };
  const config = result.TF_CLI_CONFIG_FILE;
  if (config && !existsSync(config)) {
    delete result.TF_CLI_CONFIG_FILE;
    if (!warned) warn(`TF_CLI_CONFIG_FILE names ${config}, which does not exist: Terraform runs without it.`);
    warned = true;
  }
  return result;
}
