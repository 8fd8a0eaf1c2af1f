// Name checks from k8s.io/apimachinery validation: RBAC object names are path segments
// (ValidatePathSegmentName), namespaces are DNS-1123 labels, ServiceAccounts DNS-1123 subdomains.
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function checkObjectName(kind: string, name: string, field = 'name'): string | undefined {
  if (!name) return undefined;
  switch (kind) {
    case 'Namespace':
      if (name.length > 63 || !DNS1123_LABEL.test(name)) return `${field} "${name}" is not a valid namespace name (DNS-1123 label)`;
      return undefined;
    case 'ServiceAccount':
    case 'CustomResourceDefinition':
      if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) return `${field} "${name}" is not a valid DNS-1123 subdomain`;
      return undefined;
    default:
      if (name === '.' || name === '..' || name.includes('/') || name.includes('%')) return `${field} "${name}" may not be "." or ".." or contain "/" or "%"`;
      return undefined;
  }
}

/** Template syntax left behind by a chart or kustomize: the manifest was not rendered. */
export function checkPlaceholder(value: string): string | undefined {
  if (/\{\{|\}\}|\$\{|<no value>/.test(value)) return `"${value}" looks like an unrendered template placeholder`;
  return undefined;
}
