import { readFileSync } from 'node:fs';

/**
 * Actions pinned to commits (supply chain: a tag can be moved onto other code, as in the
 * tj-actions/changed-files compromise, CVE-2025-30066; a commit SHA cannot). The pins live in one
 * workflow file that never runs, `.github/workflows/pinned-actions.yml`, because Dependabot updates
 * `uses:` lines in workflow files and nothing else: its pull requests change that file and every
 * generated workflow alike, and `npm run workflows -- --check` stays green.
 */

export const PINS_FILE = '.github/workflows/pinned-actions.yml';

/** An action at one commit, and the release that commit is (the comment Dependabot keeps). */
export interface Pin {
  readonly sha: string;
  readonly version: string;
}

/** `uses: owner/repo@<40 hex> # <version>`, as Dependabot writes and reads it. */
const PINNED = /^\s*-?\s*uses:\s*([\w.-]+\/[\w./-]+)@([0-9a-f]{40})\s+#\s*(\S+)\s*$/;
/** Any `uses:` however YAML writes it: a block key, a flow mapping (`- { uses: x }`), quoted. */
const USES = /(?:^|[\s{,])["']?uses["']?\s*:\s*["']?([^\s,"'}]+)/;

/** The pins of `text` (the pins file), by action (`owner/repo`). */
export function parsePins(text: string): Record<string, Pin> {
  const pins: Record<string, Pin> = {};
  for (const line of text.split('\n')) {
    const match = PINNED.exec(line);
    if (match) pins[match[1]] = { sha: match[2], version: match[3] };
  }
  return pins;
}

export function readPins(file: string): Record<string, Pin> {
  return parsePins(readFileSync(file, 'utf8'));
}

/**
 * The `uses:` lines of a workflow that are neither a local action (`./...`) nor pinned to a commit
 * with its version in a comment, each as `<path>:<line>: <what it uses>`.
 */
export function unpinnedUses(path: string, text: string): string[] {
  return text.split('\n').flatMap((line, i) => {
    const uses = USES.exec(line);
    if (!uses || uses[1].startsWith('./') || PINNED.test(line)) return [];
    return [`${path}:${i + 1}: ${uses[1]} is not pinned to a commit SHA with its version in a comment`];
  });
}
