// Golden audit findings on the real manifests in samples/: what a reviewer would flag.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { audit } from '../../src/audit/audit.js';
import type { Finding } from '../../src/audit/finding.js';
import { BUILTIN_QUERIES, loadQueries } from '../../src/collect/load-queries.js';
import { loadFiles } from '../../src/collect/files.js';
import { analyze } from '../../src/engine/analyze.js';

const samples = join(import.meta.dirname, '../../samples');
const queries = await loadQueries([BUILTIN_QUERIES]);
async function findings(...paths: string[]): Promise<Finding[]> {
  return audit(analyze(await loadFiles(paths.map((p) => join(samples, p)))), queries).findings.filter((f) => !f.excluded);
}
const line = (f: Finding) => `${f.severity} ${f.check} ${f.subject ? `${f.subject.kind}:${f.subject.namespace ? `${f.subject.namespace}/` : ''}${f.subject.name}` : `${f.object!.kind}:${f.object!.name}`}@${f.scope || 'cluster'}${f.restrictedTo ? ` [${f.restrictedTo.join(',')}]` : ''}`;

describe('audit golden findings', () => {
  test('the Kubernetes bootstrap policy: nothing above info once the documented control-plane exclusions apply', async () => {
    expect((await findings('kubernetes-bootstrap')).filter((f) => f.severity !== 'info').map(line)).toEqual([]);
  });

  test('argo-cd: the application controller holds * on * (cluster-admin equivalent), and the server can reach kubelets', async () => {
    const lines = (await findings('addons/argo-cd.yaml')).map(line);
    expect(lines).toContain('critical cluster-admin-equivalent ServiceAccount:argocd/argocd-application-controller@cluster');
    expect(lines).toContain('critical nodes-proxy ServiceAccount:argocd/argocd-server@cluster');
  });

  test('kube-state-metrics: lists secrets cluster-wide (list returns their data), and nothing that runs code', async () => {
    const lines = (await findings('addons/kube-state-metrics.yaml')).filter((f) => f.severity === 'high' || f.severity === 'critical').map(line);
    expect(lines).toEqual(['high secrets-read ServiceAccount:kube-system/kube-state-metrics@cluster']);
  });

  test('gatekeeper: webhook writes limited by resourceNames are reported as restricted, with the names', async () => {
    expect((await findings('addons/gatekeeper.yaml')).map(line)).toContain('high admission-webhooks-write ServiceAccount:gatekeeper-system/gatekeeper-admin@cluster [gatekeeper-mutating-webhook-configuration,gatekeeper-validating-webhook-configuration]');
  });

  test('tekton: the webhook may write only its own certificate secret', async () => {
    expect((await findings('addons/tekton-pipelines.yaml')).map(line)).toContain('high secrets-write ServiceAccount:tekton-pipelines/tekton-pipelines-webhook@tekton-pipelines [webhook-certs]');
  });

  test('cluster-autoscaler: in kube-system it may create ConfigMaps, but update only its two status ConfigMaps (not aws-auth)', async () => {
    const f = (await findings('addons/cluster-autoscaler.yaml')).find((x) => x.check === 'configmaps-write' && x.scope === 'kube-system')!;
    expect(f.matched).toEqual(['create configmaps', 'update configmaps (only names: cluster-autoscaler-priority-expander, cluster-autoscaler-status)']);
    expect(f.grants.map((g) => `${g.role.name}#${g.ruleIndex}`)).toEqual(['cluster-autoscaler#0', 'cluster-autoscaler#1']);
  });

  test('cluster-autoscaler: evicts Pods and updates Nodes cluster-wide, so it can move Pods onto a node (rbac-police steal_pods)', async () => {
    expect((await findings('addons/cluster-autoscaler.yaml')).map(line)).toContain('high pods-node-takeover ServiceAccount:kube-system/cluster-autoscaler@cluster');
  });

  test('cert-manager: the CA injector patches APIServices (it writes their caBundle), so it can redirect an API group', async () => {
    expect((await findings('addons/cert-manager.yaml')).map(line)).toContain('high apiservices-write ServiceAccount:cert-manager/cert-manager-cainjector@cluster');
  });

  test('argo-cd: * on * includes writing and using OpenShift SecurityContextConstraints', async () => {
    const lines = (await findings('addons/argo-cd.yaml')).map(line);
    expect(lines).toContain('high scc-write ServiceAccount:argocd/argocd-application-controller@cluster');
    expect(lines).toContain('high scc-use ServiceAccount:argocd/argocd-application-controller@cluster');
  });

  test('longhorn: escalate on roles lets its service account write any rule', async () => {
    expect((await findings('addons/longhorn.yaml')).map(line)).toContain('critical rbac-escalate ServiceAccount:longhorn-system/longhorn-service-account@cluster');
  });
});
