// Escaping for the HTML report: text into HTML, and JSON or code into a <script> element.

/** Text for HTML element content or a double-quoted attribute value. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * JSON that is safe inside <script type="application/json">: <, > and & as \u escapes (so no
 * "</script>" or "<!--" can appear), and U+2028/U+2029 escaped. JSON.parse reads it back as is.
 */
export function scriptJson(value: unknown): string {
  // One pass, not five: at 100,000 objects the JSON is ~18 MB.
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Code (a third-party bundle) for inside a <script> element: a "</script" (any case) or "<!--"
 * in it would end or confuse the element, so each is broken up where JavaScript allows it
 * (these only occur inside strings and comments of minified bundles: "<\/script").
 */
export function scriptCode(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}
