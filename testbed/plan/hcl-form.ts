/**
 * What a Terraform-native team's CI would say about the HCL form (`synth --hcl`, cdk.tf) of a
 * stack: is it `terraform fmt`-clean, does it quote a provider reference, does Terraform warn
 * (read from the plan, which validates first). Each problem is one readable line (or block) for
 * the tier's failure detail.
 */

/** `provider = "aws.dns"`: Terraform 0.11 syntax, deprecated and due to be removed. */
const QUOTED_PROVIDER = /^\s*provider\s*=\s*"[^"]*"/;

/** Lines of an HCL file that name a provider in quotes, as `cdk.tf:<line>: <text>`. */
export function quotedProviderReferences(hcl: string, file = 'cdk.tf'): string[] {
  return hcl
    .split('\n')
    .flatMap((line, i) => (QUOTED_PROVIDER.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : []));
}

/** One error or warning as Terraform's JSON output gives it (`plan -json`, `validate -json`). */
export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly range?: { readonly filename: string; readonly start: { readonly line: number } };
  readonly snippet?: { readonly code: string };
}

/** Every error and warning, one line each, with its place and the code it points at. */
export function diagnosticLines(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => {
    const where = d.range ? `${d.range.filename}:${d.range.start.line}: ` : '';
    const code = d.snippet ? ` (${d.snippet.code.trim()})` : '';
    return `${d.severity}: ${where}${d.summary}${code}`;
  });
}
