// Name lookups over the built-in resources and the CRDs of the input: what a person types
// (po, deploy, deployments.apps, Pod, widgets.example.com) -> group, plural, scope and the
// subresources it serves in the chosen Kubernetes version.
import { BUILTIN_RESOURCES, type ApiResource } from '../model/catalogue.js';
import type { CustomResource } from '../model/rbac.js';
import { UsageError } from '../errors.js';
import { builtinSubresources, NEWEST_KUBERNETES_VERSION, parseKubernetesVersion } from '../model/subresources.js';

export interface CatalogueOptions {
  /** "1.28", "1.33.2": which built-in subresources exist (default: the newest the tables describe). */
  kubernetesVersion?: string;
}

export class ResourceCatalogue {
  private readonly byName = new Map<string, ApiResource[]>();
  private readonly byGroupResource = new Map<string, ApiResource>();
  readonly kubernetesVersion: string;

  constructor(crds: readonly CustomResource[] = [], discovered: readonly ApiResource[] = [], options: CatalogueOptions = {}) {
    this.kubernetesVersion = options.kubernetesVersion ?? NEWEST_KUBERNETES_VERSION;
    if (!parseKubernetesVersion(this.kubernetesVersion)) throw new UsageError(`Kubernetes version "${this.kubernetesVersion}": expected MAJOR.MINOR, e.g. 1.28`);
    const v = this.kubernetesVersion;
    // Discovery of a live cluster comes first: it is what that cluster actually serves.
    for (const r of discovered) this.add(r.subresources ? r : { ...r, subresources: builtinSubresources(r.group, r.resource, v) });
    for (const r of BUILTIN_RESOURCES) if (!this.byGroupResource.has(`${r.group}/${r.resource}`)) this.add({ ...r, subresources: builtinSubresources(r.group, r.resource, v) });
    for (const c of crds) {
      if (this.byGroupResource.has(`${c.group}/${c.plural}`)) continue;
      this.add({ group: c.group, resource: c.plural, kind: c.resourceKind, namespaced: c.namespaced, shortNames: c.shortNames, subresources: c.subresources ?? [] });
    }
  }

  private add(r: ApiResource): void {
    this.byGroupResource.set(`${r.group}/${r.resource}`, r);
    const names = new Set([r.resource, r.kind.toLowerCase(), ...r.shortNames]);
    for (const n of names) {
      const list = this.byName.get(n) ?? [];
      list.push(r);
      this.byName.set(n, list);
    }
  }

  /** Every resource the name can stand for; the core group first, then in catalogue order. */
  lookup(name: string, group?: string): ApiResource[] {
    const list = this.byName.get(name.toLowerCase()) ?? [];
    return group === undefined ? list : list.filter((r) => r.group === group);
  }

  get(group: string, resource: string): ApiResource | undefined {
    return this.byGroupResource.get(`${group}/${resource}`);
  }

  /**
   * Whether `sub` is a subresource of the resource: of that one when it is known, of any resource
   * (of the group, when one is given) for `*`, which names every resource.
   */
  hasSubresource(found: ApiResource | undefined, resource: string, group: string | undefined, sub: string): boolean {
    const serves = (r: ApiResource) => !!r.subresources && (r.subresources.includes(sub) || r.subresources.includes('*'));
    if (found) return serves(found);
    if (resource !== '*') return false;
    for (const r of this.byGroupResource.values()) if ((group === undefined || group === '*' || r.group === group) && r.subresources?.includes(sub)) return true;
    return false;
  }

  /**
   * The resource names (plural, no subresource) whose scope the two catalogues may answer
   * differently: known in one only, or namespaced in one and cluster-scoped in the other. A
   * RoleBinding's rule on any other resource takes effect in both or in neither.
   */
  scopeChanges(other: ResourceCatalogue): Set<string> {
    const out = new Set<string>();
    for (const [k, r] of this.byGroupResource) if (other.byGroupResource.get(k)?.namespaced !== r.namespaced) out.add(r.resource);
    for (const [k, r] of other.byGroupResource) if (!this.byGroupResource.has(k)) out.add(r.resource);
    return out;
  }

  /** Whether a rule's resource string (possibly "x/sub") names a known cluster-scoped resource in any of the groups. */
  isClusterScoped(groups: readonly string[], resource: string): boolean {
    const base = resource.split('/')[0]!;
    if (base === '*') return false;
    const candidates = groups.includes('*') ? this.lookup(base).filter((r) => r.resource === base) : groups.map((g) => this.get(g, base)).filter((r): r is ApiResource => !!r);
    return candidates.length > 0 && candidates.every((r) => !r.namespaced);
  }
}
