/// <reference lib="dom" />
// The who-can box and the what-can box: the typed line answered by ask.ts (the library), shown
// as the CLI's tables, with the CLI's notes.
import type { Analysis } from '../../../engine/analyze.js';
import { vocabularyOf } from '../../../engine/vocabulary.js';
import { keyOfSubject } from '../../../model/keys.js';
import { describeRequest } from '../../../model/request.js';
import type { Grant } from '../../../model/results.js';
import { refText, roleText, ruleText, scopeText, subjectText } from '../../describe.js';
import { answerWhatCan, answerWhoCan, mountedBy, type WhoCanAnswer } from './ask.js';
import { $, clear, el, errorLine, longTable, notesList } from './dom.js';

const bindingKey = (g: Grant) => (g.binding.kind === 'RoleBinding' ? `rolebinding:${g.binding.namespace}/${g.binding.name}` : `clusterrolebinding:${g.binding.name}`);
const rowData = (g: Grant) => ({ subject: keyOfSubject(g.subject), binding: bindingKey(g), rule: String(g.ruleIndex) });
const list = (xs: string[]) => xs.join(', ');

export function runWhoCan(a: Analysis, text: string, showGrants: (grants: Grant[], title: string) => void): WhoCanAnswer | undefined {
  const out = clear($('whocan-results'));
  let ans: WhoCanAnswer;
  try {
    ans = answerWhoCan(a, text);
  } catch (err) {
    out.appendChild(errorLine(err));
    return undefined;
  }
  const { result, grants } = ans;
  const title = `Who can ${describeRequest(result.request)}${result.allNamespaces ? ' (any namespace)' : ''}:`;
  out.appendChild(el('p', { class: 'answer', id: 'whocan-title', text: title }));
  const notes = notesList(ans.notes);
  if (notes) out.appendChild(notes);
  out.appendChild(el('p', { class: 'muted', text: 'Group system:masters can do everything: the API server allows it before RBAC is asked.' }));
  if (grants.length) out.appendChild(longTable(['Subject', 'Scope', 'Binding', 'Role', 'Rule'], grants.map((g) => ({ cells: [subjectText(g.subject), scopeText(g.scope), refText(g.binding), roleText(g), ruleText(g.rule)], data: rowData(g) }))));
  else out.appendChild(el('p', { text: 'No RBAC binding allows it.' }));
  out.appendChild(el('p', { class: 'muted', id: 'whocan-count', text: `${ans.subjects} subject(s), counting system:masters. RBAC only: the Node authorizer and webhooks may allow more.` }));
  if (result.unmatchable.length) {
    out.appendChild(el('h4', { text: 'Named by allowing bindings, but matching no one' }));
    out.appendChild(el('ul', null, result.unmatchable.map((u) => el('li', { text: `${subjectText(u.subject)} in ${refText(u.binding)}: ${u.reason}` }))));
  }
  const workloads = mountedBy(a, result);
  if (workloads) {
    out.appendChild(el('h4', { text: 'Workloads whose pods carry it (their token is mounted)' }));
    out.appendChild(workloads.length ? el('ul', { id: 'whocan-workloads' }, workloads.map((w) => el('li', { text: w }))) : el('p', { id: 'whocan-workloads', text: 'No workload whose pods mount a token.' }));
  }
  if (grants.length) out.appendChild(el('button', { type: 'button', id: 'whocan-graph', text: 'Show these grants in the graph', onclick: () => showGrants(grants, title) }));
  return ans;
}

export function runWhatCan(a: Analysis, text: string): void {
  const out = clear($('whatcan-results'));
  let ans;
  try {
    ans = answerWhatCan(a, text);
  } catch (err) {
    out.appendChild(errorLine(err));
    return;
  }
  const { result } = ans;
  const where = result.namespace !== undefined ? ` in namespace ${result.namespace || '(cluster scope)'}` : '';
  out.appendChild(el('p', { class: 'answer', id: 'whatcan-title', text: `What ${result.user.name} (groups: ${list(result.user.groups)}) can do${where}:` }));
  const notes = notesList(ans.notes);
  if (notes) out.appendChild(notes);
  if (result.privileged) out.appendChild(el('p', { text: 'Everything: system:masters is allowed before RBAC is asked. The RBAC rules below come on top.' }));
  const head = ['Through', 'Scope', 'Verbs', 'API groups', 'Resources', 'Names / URLs', 'Binding', 'Role'];
  const cells = (g: Grant) => [subjectText(g.subject), scopeText(g.scope), list(g.rule.verbs), list(g.rule.apiGroups.map((x) => (x === '' ? 'core' : x))), list(g.rule.resources), list([...g.rule.resourceNames, ...g.rule.nonResourceURLs]), refText(g.binding), roleText(g)];
  if (result.grants.length) out.appendChild(longTable(head, result.grants.map((g) => ({ cells: cells(g), data: rowData(g) }))));
  else out.appendChild(el('p', { text: '(no RBAC rules apply)' }));
  if (result.ineffective.length) {
    out.appendChild(el('h4', { text: 'Rules that reach it but never take effect' }));
    out.appendChild(longTable([...head, 'Why it never applies'], result.ineffective.map((g) => ({ cells: [...cells(g), g.reason], data: rowData(g) }))));
  }
}

/** The subjects bindings name, as what-can takes them: a search list that fills the box. */
export function subjectSearch(a: Analysis, ask: (text: string) => void): (q: string) => void {
  const v = vocabularyOf(a.policy);
  const all = [...[...v.groups].map((n) => `group:${n}`), ...[...v.users].map((n) => `user:${n}`), ...[...v.boundServiceAccounts].map((k) => `sa:${k.replace('/', ':')}`)].sort();
  return (text: string) => {
    const q = text.trim().toLowerCase();
    const hits = q === '' ? all : all.filter((k) => k.toLowerCase().includes(q));
    clear($('subject-list')).append(...hits.slice(0, 60).map((k) => el('li', null, [el('button', { type: 'button', class: 'link', 'data-key': k, text: k, onclick: () => ask(k) })])));
    $('subject-count').textContent = `${hits.length} of ${all.length} subjects named by bindings${hits.length > 60 ? ' (first 60 shown)' : ''}`;
  };
}
