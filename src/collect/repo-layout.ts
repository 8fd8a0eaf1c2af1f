// Which files of a folder or git tree are manifests. Pure: works on the paths alone. A Helm
// chart (a folder with Chart.yaml) keeps templates that are not manifests until rendered, and a
// kustomization (kustomization.yaml) is a build recipe: both are recognised, their recipe files
// are not read as objects, and the caller hints at rendering them first.

const MANIFEST = /\.(ya?ml|json)$/i;
const KUSTOMIZATION = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

export interface TreeLayout {
  /** Files to read as manifests, in the order given. */
  manifests: string[];
  /** Helm chart folders, with how many of their templates were left unread. */
  charts: { dir: string; templates: number }[];
  /** Folders holding a kustomization file. */
  kustomizations: string[];
  /** Recipe files that are not Kubernetes objects (kustomization.yaml), not read. */
  recipes: string[];
}

const dirOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '.');
const baseOf = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** `files` are every file of the tree, `/`-separated (Windows separators are turned into `/`). */
export function classifyTree(files: readonly string[]): TreeLayout {
  const norm = files.map((f) => f.replace(/\\/g, '/'));
  const chartDirs = norm.filter((f) => baseOf(f) === 'Chart.yaml').map(dirOf);
  const charts = chartDirs.map((dir) => ({ dir, templates: 0 }));
  const layout: TreeLayout = { manifests: [], charts, kustomizations: [], recipes: [] };
  norm.forEach((f, i) => {
    const base = baseOf(f);
    if (KUSTOMIZATION.has(base)) {
      layout.kustomizations.push(dirOf(f));
      layout.recipes.push(files[i]!);
      return;
    }
    if (!MANIFEST.test(base)) return;
    const chart = charts.find((c) => f.startsWith(`${c.dir === '.' ? '' : `${c.dir}/`}templates/`));
    if (chart) {
      chart.templates++;
      return;
    }
    layout.manifests.push(files[i]!);
  });
  return layout;
}
