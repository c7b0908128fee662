import type { TestApp } from './app.js';

/**
 * Reconciliation of the dashboard (docs/api.md "Dashboard"): every number,
 * ratio part, chart datum with a drill and stuck item of a summary names the
 * list whose rows make it; fetching every page of that list as the same user
 * and applying the measure must give exactly the value. Exact decimal
 * arithmetic throughout (BigInt), never floats for money.
 */

export interface Measure {
  op: 'count' | 'sum' | 'avg' | 'value';
  field?: string;
  decimals?: number;
  match?: Record<string, string>;
}
export interface Drill {
  list: string;
  api: string;
  route: string;
  query: Record<string, string>;
  measure: Measure;
}
export interface NumberItem {
  key: string;
  unit: string;
  value: string | number | null;
  na_reason: string | null;
  drill?: Drill | null;
  parts?: NumberItem[];
  ratio?: { factor: number; decimals: number };
}
export interface Summary {
  role: string;
  as_of: string;
  period: { from: string; to: string };
  numbers: NumberItem[];
  charts: { key: string; kind: string; unit: string; data: { name: string; value: unknown; drill?: Drill; series?: unknown[] }[] }[];
  stuck: { key: string; count: number; threshold_days: number; drill: Drill }[];
}

/** One thing to reconcile: where it is in the summary, its value, its drill. */
export interface Checkable {
  path: string;
  value: unknown;
  drill: Drill;
}

export function checkables(s: Summary): Checkable[] {
  const out: Checkable[] = [];
  for (const n of s.numbers) {
    if (n.drill) out.push({ path: `numbers.${n.key}`, value: n.value, drill: n.drill });
    for (const p of n.parts ?? []) if (p.drill) out.push({ path: `numbers.${n.key}.parts.${p.key}`, value: p.value, drill: p.drill });
  }
  for (const c of s.charts) {
    for (const d of c.data) if (d.drill) out.push({ path: `charts.${c.key}.${d.name}`, value: d.value, drill: d.drill });
  }
  for (const st of s.stuck) out.push({ path: `stuck.${st.key}`, value: st.count, drill: st.drill });
  return out;
}

/** Every row of a drill's list, as `authorization` sees it (follows next_cursor). */
export async function fetchAll(t: TestApp, auth: { authorization: string }, drill: Drill): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  for (let pageNo = 0; pageNo < 500; pageNo++) {
    const q: Record<string, string> = { ...drill.query };
    if (!drill.api.startsWith('/api/kpi/progress')) q.limit = '200';
    if (cursor) q.cursor = cursor;
    const res = await t.http().get(drill.api).query(q).set(auth);
    if (res.status !== 200) throw new Error(`${drill.api}?${new URLSearchParams(q)} → ${res.status} ${JSON.stringify(res.body)}`);
    if (Array.isArray(res.body)) return res.body;
    rows.push(...res.body.items);
    cursor = res.body.next_cursor;
    if (!cursor) return rows;
  }
  throw new Error(`${drill.api}: too many pages`);
}

// ------------------------------------------------------- exact decimals ---

/** A decimal (string or number) as an integer count of 10^-scale. */
export function scaled(v: unknown, scale: number): bigint {
  const s = typeof v === 'number' ? v.toFixed(scale + 2) : String(v);
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s.trim());
  if (!m) throw new Error(`not a decimal: ${s}`);
  const frac = (m[3] ?? '').padEnd(scale + 1, '0');
  let n = BigInt(m[2] + frac.slice(0, scale));
  if (Number(frac[scale]) >= 5) n += 1n; // half away from zero (as numeric round)
  return m[1] ? -n : n;
}

/** round(a / b) half away from zero, a and b integers. */
export function roundDiv(a: bigint, b: bigint): bigint {
  const neg = a < 0n !== b < 0n;
  const x = a < 0n ? -a : a;
  const y = b < 0n ? -b : b;
  const q = (2n * x + y) / (2n * y);
  return neg ? -q : q;
}

export function fmtScaled(n: bigint, scale: number): string {
  const neg = n < 0n;
  const s = (neg ? -n : n).toString().padStart(scale + 1, '0');
  return `${neg ? '-' : ''}${s.slice(0, s.length - scale)}${scale ? '.' + s.slice(s.length - scale) : ''}`;
}

/** What the measure gives over the rows: count (integer), sum (decimal string, 2 decimals), avg / value (number or null). */
export function measure(rows: Record<string, unknown>[], m: Measure): number | string | null {
  switch (m.op) {
    case 'count':
      return rows.length;
    case 'sum':
      return fmtScaled(rows.reduce((acc, r) => acc + scaled(r[m.field!], 2), 0n), 2);
    case 'avg': {
      const vals = rows.map((r) => r[m.field!]).filter((v) => v !== null && v !== undefined);
      if (vals.length === 0) return null;
      const dec = m.decimals ?? 1;
      const sum = vals.reduce<bigint>((acc, v) => acc + scaled(v, 2), 0n); // values carry 2 decimals
      return Number(fmtScaled(roundDiv(sum * 10n ** BigInt(dec), 100n * BigInt(vals.length)), dec));
    }
    case 'value': {
      const hit = rows.filter((r) => Object.entries(m.match ?? {}).every(([k, v]) => String(r[k]) === v));
      if (hit.length !== 1) throw new Error(`measure value: ${hit.length} rows match ${JSON.stringify(m.match)}`);
      const v = hit[0][m.field!];
      return v === null || v === undefined ? null : Number(v);
    }
  }
}

/** The value as the measure would produce it (numbers compared as numbers, money as 2-decimal strings). */
export function normalised(value: unknown, m: Measure): number | string | null {
  if (value === null || value === undefined) return null;
  if (m.op === 'sum') return fmtScaled(scaled(value, 2), 2);
  return Number(value);
}

/** A ratio number's value recomputed from its parts. */
export function ratioOf(n: NumberItem): string | number | null {
  const [num, den] = n.parts!;
  if (num.value === null || den.value === null) return null;
  const a = scaled(num.value, 2);
  const b = scaled(den.value, 2);
  if (b === 0n) return null;
  const { factor, decimals } = n.ratio!;
  const r = roundDiv(a * BigInt(factor) * 10n ** BigInt(decimals), b);
  return n.unit === 'idr' ? fmtScaled(r, decimals) : Number(fmtScaled(r, decimals));
}

/**
 * Reconciles every checkable of one user's summary. Returns the mismatches
 * (empty = all equal) and how many drills were walked.
 */
export async function reconcile(
  t: TestApp,
  auth: { authorization: string },
  s: Summary,
  opts: { only?: (c: Checkable) => boolean } = {},
): Promise<{ checked: number; mismatches: string[] }> {
  const mismatches: string[] = [];
  const items = checkables(s).filter(opts.only ?? (() => true));
  for (const c of items) {
    const rows = await fetchAll(t, auth, c.drill);
    const got = measure(rows, c.drill.measure);
    const want = normalised(c.value, c.drill.measure);
    if (got !== want) mismatches.push(`${s.role} ${c.path}: value ${JSON.stringify(c.value)} but ${c.drill.api}?${new URLSearchParams(c.drill.query)} gives ${JSON.stringify(got)} (${rows.length} rows)`);
  }
  for (const n of opts.only ? [] : s.numbers) {
    if (n.parts) {
      const want = ratioOf(n);
      if (want !== n.value) mismatches.push(`${s.role} numbers.${n.key}: value ${JSON.stringify(n.value)} but parts give ${JSON.stringify(want)}`);
      if (n.value === null && !n.na_reason) mismatches.push(`${s.role} numbers.${n.key}: NA without na_reason`);
    } else if (!n.drill) {
      mismatches.push(`${s.role} numbers.${n.key}: neither drill nor parts`);
    }
  }
  return { checked: items.length, mismatches };
}
