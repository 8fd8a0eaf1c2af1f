// The whole graph as plain lists writes what the graphology graph (copied as rbac graph copies it) writes.
import { describe, expect, test } from 'vitest';
import { subgraph } from '../../src/graph/focus.js';
import { buildGraphLists } from '../../src/graph/lists.js';
import { exportGraph, type GraphFormat } from '../../src/report/graph-export.js';
import { cr, crb, rb, role, rule, world } from '../helpers/builders.js';

describe('buildGraphLists', () => {
  const a = world([
    cr('view', [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { v: 'true' }, matchExpressions: [] }] } }),
    cr('pods-read', [rule('get,list', '', 'pods')], { labels: { v: 'true' } }),
    role('prod', 'deployer', [rule('create', 'apps', 'deployments')]),
    crb('everyone', 'view', 'Group:system:authenticated'),
    // The same subject twice in a binding, and in two bindings: merged nodes, one edge each time.
    rb('prod', 'ci', 'Role:deployer', 'ServiceAccount::ci', 'ServiceAccount:prod:ci'),
    rb('prod', 'ci-again', 'Role:deployer', 'ServiceAccount::ci'),
    rb('prod', 'dangling', 'ClusterRole:ghost', 'User:bob', 'User:"quoted"<&>'),
  ]);

  test.each(['dot', 'mermaid', 'graphml', 'gexf', 'json'] as GraphFormat[])('-o %s is the same text from the lists as from the graphology graph', (format) => {
    expect(exportGraph(buildGraphLists(a.policy), format, { title: 't' })).toBe(exportGraph(subgraph(a.graph), format, { title: 't' }));
  });
});
