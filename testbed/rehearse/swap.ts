/**
 * The mechanical part of moving from CDKTF to its community fork cdktn (CDK Terrain): package
 * names in package.json, module specifiers in the sources, and the Terraform versions the project
 * declares it targets. Pure functions, so the rehearsal's edits can be tested without installing.
 */

/** The packages the switch replaces, old name -> new name. */
export const RENAMED_PACKAGES = {
  cdktf: 'cdktn',
  'cdktf-cli': 'cdktn-cli',
  '@cdktf/provider-aws': '@cdktn/provider-aws',
} as const;

export type RenamedPackage = keyof typeof RENAMED_PACKAGES;

export interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}

/**
 * package.json with each renamed package replaced, in the same section, by its successor at the
 * given version, and `constructs` set to what the successors accept (cdktn pins a narrower range
 * than cdktf did).
 */
export function swapPackages(
  pkg: PackageJson,
  versions: Record<(typeof RENAMED_PACKAGES)[RenamedPackage], string>,
  constructsRange: string,
): PackageJson {
  const swapSection = (section: Record<string, string> | undefined) => {
    if (!section) return section;
    return Object.fromEntries(
      Object.entries(section).map(([name, version]) => {
        if (name in RENAMED_PACKAGES) {
          const successor = RENAMED_PACKAGES[name as RenamedPackage];
          return [successor, versions[successor]];
        }
        return [name, name === 'constructs' ? constructsRange : version];
      }),
    );
  };
  return {
    ...pkg,
    dependencies: swapSection(pkg.dependencies),
    devDependencies: swapSection(pkg.devDependencies),
  };
}

/**
 * Module specifiers (`from 'cdktf'`, `import 'cdktf/lib/...'`, `require('@cdktf/provider-aws/lib/vpc')`)
 * rewritten to the successor packages. Strings that are not module specifiers, such as the
 * `ManagedBy: 'cdktf'` tag value, are left alone: changing them would change the infrastructure.
 */
export function rewriteImports(source: string): { text: string; count: number } {
  let count = 0;
  const text = source.replace(
    /(\bfrom\s+|\bimport\s+|\brequire\(\s*|\bimport\(\s*)(['"])(cdktf|@cdktf\/provider-aws)(\/[^'"]*)?\2/g,
    (_match, keyword: string, quote: string, pkg: RenamedPackage, subpath: string | undefined) => {
      count++;
      return `${keyword}${quote}${RENAMED_PACKAGES[pkg]}${subpath ?? ''}${quote}`;
    },
  );
  return { text, count };
}

/**
 * The semver range cdktn's `targetVersions` wants for what the stacks already demand of Terraform
 * (`required_version`, e.g. ">= 1.11.0" -> ">=1.11.0"). cdktn refuses features, such as write-only
 * arguments, that a targeted Terraform lacks, and by default targets Terraform 1.5.7 and up.
 */
export function targetRange(requiredVersion: string): string {
  const range = requiredVersion.replace(/\s+/g, '');
  if (range.includes('~>')) {
    throw new Error(`required_version "${requiredVersion}" uses ~>, which npm semver reads differently`);
  }
  return range;
}
