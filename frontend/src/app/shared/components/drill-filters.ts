import { Signal, WritableSignal, computed, inject, signal } from '@angular/core';
import { ActivatedRoute, ParamMap } from '@angular/router';
import { Observable, Subject } from 'rxjs';

/**
 * Filters that arrive in a list's URL from a command-center drill-down (`/crm/leads?stale=true`)
 * and that the page has no visible control for. They are applied to the API call as given and
 * shown as removable chips (`bcc-filter-chips`), so the user sees why the list is filtered.
 * A page declares which such params it understands; anything else in the URL is ignored.
 */

export type DrillParamKind = 'flag' | 'date' | 'int' | 'text' | 'enum';

export interface DrillParamDef {
  /** URL and API query param (both use the same name). */
  key: string;
  kind: DrillParamKind;
  /** i18n key of the chip label (feature scope, e.g. `crm.drill.stale`). */
  label: string;
  /** enum: i18n prefix of the value's label (`crm.stage.` + `NEW`). */
  valuePrefix?: string;
  /** enum: accepted values. */
  values?: readonly string[];
  /** Accept only some values (e.g. `overdue=false`, while `true` is the page's own checkbox). */
  accept?: (value: string) => boolean;
}

/** Two params shown as one chip: `Dibuat: 01/11/2026 – 26/11/2026`. */
export interface DrillRangeDef {
  from: string;
  to: string;
  kind: 'date' | 'int';
  label: string;
}

export interface DrillDefs {
  params?: readonly DrillParamDef[];
  ranges?: readonly DrillRangeDef[];
}

/** A chip: its label (i18n key) and value (already formatted, or an i18n key) and the params it stands for. */
export interface FilterChip {
  id: string;
  keys: string[];
  label: string;
  value?: string;
  valueKey?: string;
  valueParams?: Record<string, string>;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INT = /^-?\d{1,9}$/;

function valid(kind: DrillParamKind | 'date' | 'int', value: string, def?: DrillParamDef): boolean {
  if (def?.accept && !def.accept(value)) return false;
  switch (kind) {
    case 'flag':
      return value === 'true' || value === 'false';
    case 'date':
      return DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
    case 'int':
      return INT.test(value);
    case 'enum':
      return !!def?.values?.includes(value);
    default:
      return value.trim().length > 0 && value.length <= 200;
  }
}

/** The drill params of `defs` present (and well-formed) in the URL. */
export function readDrillParams(params: ParamMap, defs: DrillDefs): Record<string, string> {
  const out: Record<string, string> = {};
  for (const def of defs.params ?? []) {
    const v = params.get(def.key);
    if (v !== null && valid(def.kind, v, def)) out[def.key] = v;
  }
  for (const r of defs.ranges ?? []) {
    for (const key of [r.from, r.to]) {
      const v = params.get(key);
      if (v !== null && valid(r.kind, v)) out[key] = v;
    }
  }
  return out;
}

const chipDate = new Intl.DateTimeFormat('id-ID', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });

/** `2026-11-01` → `01/11/2026` (a calendar date, never shifted by a time zone). */
export function formatChipDate(value: string): string {
  const [y, m, d] = value.split('-').map(Number);
  return chipDate.format(new Date(Date.UTC(y!, m! - 1, d!)));
}

function formatOf(kind: 'date' | 'int', v: string): string {
  return kind === 'date' ? formatChipDate(v) : Number(v).toLocaleString('id-ID');
}

/** The chips for `values`, ranges first, in the order of `defs`. */
export function drillChips(values: Readonly<Record<string, string>>, defs: DrillDefs): FilterChip[] {
  const chips: FilterChip[] = [];
  for (const r of defs.ranges ?? []) {
    const from = values[r.from];
    const to = values[r.to];
    if (from === undefined && to === undefined) continue;
    const keys = [r.from, r.to].filter((k) => values[k] !== undefined);
    if (from !== undefined && to !== undefined) {
      chips.push({ id: keys.join('+'), keys, label: r.label, value: `${formatOf(r.kind, from)} – ${formatOf(r.kind, to)}` });
    } else if (from !== undefined) {
      chips.push({ id: r.from, keys, label: r.label, valueKey: 'home.drill.since', valueParams: { value: formatOf(r.kind, from) } });
    } else {
      chips.push({ id: r.to, keys, label: r.label, valueKey: 'home.drill.until', valueParams: { value: formatOf(r.kind, to!) } });
    }
  }
  for (const def of defs.params ?? []) {
    const v = values[def.key];
    if (v === undefined) continue;
    const chip: FilterChip = { id: def.key, keys: [def.key], label: def.label };
    if (def.kind === 'flag') {
      if (v === 'false') chip.valueKey = 'home.drill.no';
    } else if (def.kind === 'date') {
      chip.value = formatChipDate(v);
    } else if (def.kind === 'enum' && def.valuePrefix) {
      chip.valueKey = def.valuePrefix + v;
    } else {
      chip.value = v;
    }
    chips.push(chip);
  }
  return chips;
}

/** `values` without `keys`. */
export function withoutKeys(values: Readonly<Record<string, string>>, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([k]) => !keys.includes(k)));
}

/**
 * A page's drill filters: read once from the URL, removable one chip at a time.
 * - `values()` go into the API query as given;
 * - `urlParams()` go into the page's own `syncQueryParams(…)` call (removed ones as null), so
 *   one navigation updates the URL for both the page's filters and these;
 * - `changes` emits after a removal, for the page to reload.
 */
export class DrillFilters {
  private readonly state: WritableSignal<Record<string, string>>;
  private readonly removedKeys = new Set<string>();
  private readonly changeSubject = new Subject<Record<string, string>>();

  readonly values: Signal<Record<string, string>>;
  readonly chips: Signal<FilterChip[]>;
  readonly active: Signal<boolean>;
  readonly changes: Observable<Record<string, string>> = this.changeSubject.asObservable();

  constructor(
    params: ParamMap,
    readonly defs: DrillDefs,
  ) {
    this.state = signal(readDrillParams(params, defs));
    this.values = this.state.asReadonly();
    this.chips = computed(() => drillChips(this.state(), defs));
    this.active = computed(() => Object.keys(this.state()).length > 0);
  }

  /** Is `key` among the drill filters (e.g. `queue`)? */
  has(key: string): boolean {
    return this.state()[key] !== undefined;
  }

  get(key: string): string | undefined {
    return this.state()[key];
  }

  remove(chip: FilterChip | readonly string[]): void {
    const keys = Array.isArray(chip) ? chip : (chip as FilterChip).keys;
    keys.forEach((k) => this.removedKeys.add(k));
    this.state.set(withoutKeys(this.state(), keys));
    this.changeSubject.next(this.state());
  }

  clear(): void {
    if (this.active()) this.remove(Object.keys(this.state()));
  }

  /** For `syncQueryParams`: current drill params, and null for the removed ones. */
  urlParams(): Record<string, string | null> {
    const out: Record<string, string | null> = {};
    for (const k of this.removedKeys) out[k] = null;
    return { ...out, ...this.state() };
  }
}

/** In a routed page's injection context: the drill filters of the current URL. */
export function injectDrillFilters(defs: DrillDefs): DrillFilters {
  return new DrillFilters(inject(ActivatedRoute).snapshot.queryParamMap, defs);
}
