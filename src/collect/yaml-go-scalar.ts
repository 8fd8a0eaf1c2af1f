// YAML scalars as kubectl reads them. kubectl (and Helm, Argo CD) decode YAML with Go's yaml.v2
// through sigs.k8s.io/yaml, which resolves plain scalars by YAML 1.1 rules (`yes`, `on`, `n` are
// booleans, `010` is octal, `1_000` is 1000) and then turns the value into JSON. Pure functions.

/** A resolved scalar: the JSON value kubectl gets, and the key it makes of it in a map. */
export interface GoScalar {
  value: unknown;
  /** The map key sigs.k8s.io/yaml makes of it, or an error message (a null key has none). */
  key: string | { error: string };
  /** Go's type, so `1` and `"1"` are told apart as keys (Go keeps both; JSON can keep one). */
  type: 'str' | 'bool' | 'int' | 'float' | 'null';
}

// yaml.v2's resolve table: these exact spellings only.
const WORDS = new Map<string, [unknown, GoScalar['type']]>();
for (const w of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) WORDS.set(w, [true, 'bool']);
for (const w of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) WORDS.set(w, [false, 'bool']);
for (const w of ['', '~', 'null', 'Null', 'NULL']) WORDS.set(w, [null, 'null']);
for (const w of ['.nan', '.NaN', '.NAN']) WORDS.set(w, [NaN, 'float']);
for (const w of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) WORDS.set(w, [Infinity, 'float']);
for (const w of ['-.inf', '-.Inf', '-.INF']) WORDS.set(w, [-Infinity, 'float']);

const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** An untagged plain scalar, resolved as yaml.v2 `resolve("", s)` does. */
export function resolvePlain(s: string): GoScalar {
  const word = WORDS.get(s);
  if (word) return scalar(word[0], word[1]);
  const c = s.charCodeAt(0);
  if (c === 46 /* . */) return DOT_FLOAT.test(s) ? scalar(Number(s), 'float') : str(s);
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45)) return str(s); // not a digit, + or -
  const plain = s.includes('_') ? s.replace(/_/g, '') : s;
  const int = parseGoInt(plain);
  if (int !== undefined) return { value: Number(int), key: int > INT64_MAX ? { error: 'a uint64 key' } : int.toString(), type: 'int' };
  if (YAML_FLOAT.test(plain)) {
    const f = Number(plain);
    if (Number.isFinite(f)) return scalar(f, 'float');
  }
  return str(s);
}

/** A scalar with an explicit tag (the long form, as the `yaml` package gives it), or the error kubectl gives. */
export function resolveTagged(tag: string, s: string): GoScalar | { error: string } {
  switch (tag) {
    case 'tag:yaml.org,2002:str': return str(s);
    case 'tag:yaml.org,2002:null': return scalar(null, 'null');
    case 'tag:yaml.org,2002:binary': {
      const bytes = decodeBase64(s);
      return bytes === undefined ? { error: '!!binary value contains invalid base64 data' } : str(bytes.toString('utf8'));
    }
    case 'tag:yaml.org,2002:bool':
    case 'tag:yaml.org,2002:int':
    case 'tag:yaml.org,2002:float': {
      const r = resolvePlain(s);
      const want = tag.slice(tag.lastIndexOf(':') + 1) as GoScalar['type'];
      if (r.type === want) return r;
      if (want === 'float' && r.type === 'int') return scalar(r.value, 'float');
      return { error: `cannot decode !!${r.type} \`${short(s)}\` as a !!${want}` };
    }
    case 'tag:yaml.org,2002:timestamp': return str(s);
    default:
      // Any other tag (`!Ref`, `!`, `!!set`): yaml.v2 keeps the text as it is, unresolved.
      return str(s);
  }
}

function str(s: string): GoScalar {
  return { value: s, key: s, type: 'str' };
}

function scalar(value: unknown, type: GoScalar['type']): GoScalar {
  if (type === 'null') return { value, key: { error: 'a null map key' }, type };
  if (type === 'bool') return { value, key: value ? 'true' : 'false', type };
  return { value, key: formatFloatKey(value as number), type };
}

/** strconv.ParseInt(s, 0, 64), then ParseUint: sign, 0x / 0o / 0b / leading-0 octal prefixes. */
function parseGoInt(s: string): bigint | undefined {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const [, sign, digits] = m as unknown as [string, string, string];
  const body = /^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits.length > 1 && /^0[XOB]/.test(digits) ? `0${digits[1]!.toLowerCase()}${digits.slice(2)}` : digits;
  const v = BigInt(body);
  if (sign === '-') return v <= INT64_MAX + 1n ? -v : undefined;
  if (v <= INT64_MAX) return v;
  return sign === '' && v <= UINT64_MAX ? v : undefined; // ParseUint takes no sign
}

/** strconv.FormatFloat(f, 'g', -1, 32), as sigs.k8s.io/yaml writes a float map key. */
function formatFloatKey(f: number): string {
  if (Number.isNaN(f)) return '.nan';
  if (f === Infinity) return '.inf';
  if (f === -Infinity) return '-.inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const target = Math.fround(f);
  let digits = '';
  for (let p = 1; p <= 9; p++) {
    digits = Math.abs(target).toPrecision(p);
    if (Math.fround(Number(digits)) === Math.abs(target)) break;
  }
  const [mant, expPart] = Number(digits).toExponential().split('e') as [string, string];
  const exp = Number(expPart);
  const sign = target < 0 ? '-' : '';
  if (exp < -4 || exp >= 6) return `${sign}${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return `${sign}${Number(digits).toString()}`;
}

/** Go's base64.StdEncoding: padded, the standard alphabet; \r and \n are skipped. */
function decodeBase64(s: string): Buffer | undefined {
  const t = s.replace(/[\r\n]/g, '');
  if (t.length % 4 !== 0 || !/^[A-Za-z0-9+/]*(={0,2})$/.test(t) || /=[^=]/.test(t)) return undefined;
  return Buffer.from(t, 'base64');
}

function short(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
