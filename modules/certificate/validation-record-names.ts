/**
 * ACM asks for one DNS record per name with any leading `*.` removed: `dev.example.com` and
 * `*.dev.example.com` share `_x.dev.example.com`. These names key the validation records'
 * for_each, so they are computed here at synth time and are known on a first plan.
 */
export function validationRecordNames(names: readonly string[]): string[] {
  return [...new Set(names.map((name) => name.replace(/^\*\./, '')))];
}
