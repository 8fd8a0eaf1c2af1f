// The report's stylesheet: system fonts, no external resources, readable printed.
export const CSS = `
:root { --fg: #111827; --muted: #6b7280; --line: #e5e7eb; --accent: #1d4ed8; --bg: #ffffff; --panel: #f9fafb; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 14px 24px; border-bottom: 1px solid var(--line); display: flex; gap: 24px; align-items: baseline; flex-wrap: wrap; }
header h1 { font-size: 20px; margin: 0; }
nav a { margin-right: 14px; color: var(--accent); text-decoration: none; }
main { padding: 8px 24px 40px; max-width: 1500px; }
section { border-bottom: 1px solid var(--line); padding: 8px 0 20px; }
h2 { font-size: 18px; margin: 16px 0 8px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
h4 { font-size: 13px; margin: 12px 0 4px; }
.muted { color: var(--muted); font-weight: normal; }
.error { color: #b91c1c; }
.tiles { display: flex; flex-wrap: wrap; gap: 8px; }
.tile { border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; min-width: 110px; background: var(--panel); }
.tile b { display: block; font-size: 20px; }
.tile span { color: var(--muted); font-size: 12px; }
.sev { display: inline-block; white-space: nowrap; border-radius: 4px; padding: 0 6px; font-size: 12px; font-weight: 600; }
.sev-critical { background: #fecaca; color: #7f1d1d; } .sev-high { background: #fed7aa; color: #7c2d12; }
.sev-medium { background: #fef08a; color: #713f12; } .sev-low { background: #dbeafe; color: #1e3a8a; } .sev-info { background: #f3f4f6; color: #374151; }
button.tile { font: inherit; text-align: left; cursor: pointer; }
#findings-table td:nth-child(2) { min-width: 150px; } #findings-table td:nth-child(3) { width: 34%; } #findings-table td:nth-child(4) { width: 18%; }
button.tile.on { outline: 2px solid var(--fg); }
.findings-controls { margin: 6px 0; }
ul.notes { margin: 4px 0; padding-left: 18px; color: #92400e; }
.tile.sev-critical, .tile.sev-high, .tile.sev-medium, .tile.sev-low, .tile.sev-info { border-radius: 6px; padding: 6px 12px; font-weight: normal; }
table.rows { border-collapse: collapse; width: 100%; font-size: 13px; margin: 6px 0; }
table.rows th, table.rows td { text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); padding: 4px 8px; overflow-wrap: anywhere; }
table.rows th { white-space: nowrap; }
table.rows th { background: var(--panel); font-weight: 600; }
td.chain { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
form.query { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
input[type=search], input[type=text] { font: inherit; padding: 5px 8px; border: 1px solid #cbd5e1; border-radius: 5px; min-width: 320px; }
button, select { font: inherit; padding: 4px 10px; border: 1px solid #cbd5e1; border-radius: 5px; background: #fff; cursor: pointer; }
button.link { border: 0; padding: 0; background: none; color: var(--accent); text-align: left; overflow-wrap: anywhere; }
button.chip { margin: 2px; font-size: 12px; }
.answer { font-weight: 600; }
.columns { display: grid; grid-template-columns: 300px 1fr; gap: 20px; }
#subject-list { list-style: none; padding: 0; margin: 6px 0; max-height: 420px; overflow: auto; }
#subject-list li { padding: 1px 0; }
.graph-wrap { display: grid; grid-template-columns: 1fr 280px; gap: 16px; }
#graph { height: 620px; border: 1px solid var(--line); border-radius: 6px; background: #fff; position: relative; }
#graph-side { max-height: 620px; overflow: auto; font-size: 13px; }
#graph-details { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px; margin-bottom: 8px; min-height: 60px; }
#graph-details .fullname { overflow-wrap: anywhere; margin: 4px 0; }
#graph-details code { font-size: 11px; color: var(--muted); overflow-wrap: anywhere; display: block; }
#graph-list h4 { margin: 8px 0 2px; }
#graph-list ul, #graph-legend { list-style: none; padding: 0; margin: 0; }
#graph-legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12px; margin: 8px 0; }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 5px; vertical-align: -1px; }
details.help { font-size: 12px; color: var(--muted); margin-top: 6px; }
ul.diags { font-size: 13px; }
@media (max-width: 1000px) { .columns, .graph-wrap { grid-template-columns: 1fr; } }
`;
