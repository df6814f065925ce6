import { instance } from '@viz-js/viz';

type Viz = Awaited<ReturnType<typeof instance>>;
let viz: Promise<Viz> | undefined;

/** Renders DOT to SVG with Graphviz compiled to WebAssembly (no `dot` binary needed). */
export async function renderSvg(dot: string): Promise<string> {
  viz ??= instance();
  const result = (await viz).render(dot, { format: 'svg' });
  if (result.status !== 'success') {
    const messages = result.errors.map((e) => `${e.level ?? 'error'}: ${e.message}`).join('\n');
    throw new Error(`graphviz could not render the diagram:\n${messages}`);
  }
  return result.output;
}
