/// <reference lib="dom" />
// DOM helpers of the report page. Names from the input reach the document only through
// textContent and attribute values set from script, never as markup.

export function $(id: string): HTMLElement {
  const e = document.getElementById(id);
  if (!e) throw new Error(`the page has no #${id}`);
  return e;
}

type Attrs = Record<string, string | number | boolean | ((ev: Event) => void) | undefined | null>;
type Kid = Node | string | null | undefined;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, kids?: Kid[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') e.textContent = String(v);
    else if (k === 'class') e.className = String(v);
    else if (typeof v === 'function') e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of kids ?? []) if (c !== null && c !== undefined) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

export function clear<T extends Node>(node: T): T {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** A table with a header row; each row is its cells plus data-* attributes for tests and links. */
export function table(head: string[], rows: { cells: string[]; data?: Record<string, string> }[], cls = 'rows'): HTMLTableElement {
  const body = rows.map((r) => {
    const tr = el('tr', null, r.cells.map((c) => el('td', { text: c })));
    for (const [k, v] of Object.entries(r.data ?? {})) tr.setAttribute(`data-${k}`, v);
    return tr;
  });
  return el('table', { class: cls }, [el('thead', null, [el('tr', null, head.map((h) => el('th', { text: h })))]), el('tbody', null, body)]);
}

export function notesList(notes: readonly string[]): HTMLElement | null {
  if (!notes.length) return null;
  return el('ul', { class: 'notes' }, notes.map((n) => el('li', { text: `note: ${n}` })));
}

export function errorLine(err: unknown): HTMLElement {
  return el('p', { class: 'error', role: 'alert', text: String((err as Error)?.message ?? err) });
}

const FIRST_ROWS = 200;

/** A table of the first rows, and a button for the rest: the page stays quick on a 10,000-row answer. */
export function longTable(head: string[], rows: { cells: string[]; data?: Record<string, string> }[]): HTMLElement {
  if (rows.length <= FIRST_ROWS) return table(head, rows);
  const box = el('div', null, [table(head, rows.slice(0, FIRST_ROWS))]);
  const more = el('button', { type: 'button', class: 'more-rows', text: `Show all ${rows.length} rows (first ${FIRST_ROWS} shown)`, onclick: () => box.replaceChildren(table(head, rows)) });
  box.appendChild(more);
  return box;
}
