import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideEnvironmentInitializer } from '@angular/core';
import { convertToParamMap } from '@angular/router';

import { NO_MATERIAL_ANIMATIONS, provideTranslocoTesting } from '../../../testing/test-helpers';
import { registerIcons } from '../../core/icons';
import { DrillDefs, DrillFilters, FilterChip, drillChips, formatChipDate, readDrillParams } from './drill-filters';
import { FilterChipsComponent } from './filter-chips.component';

const DEFS: DrillDefs = {
  ranges: [
    { from: 'created_from', to: 'created_to', kind: 'date', label: 'x.created' },
    { from: 'dpd_min', to: 'dpd_max', kind: 'int', label: 'x.dpd' },
  ],
  params: [
    { key: 'stale', kind: 'flag', label: 'x.stale' },
    { key: 'stage', kind: 'enum', values: ['NEW', 'WON'], label: 'x.stage', valuePrefix: 'x.stages.' },
    { key: 'as_of', kind: 'date', label: 'x.asOf' },
    { key: 'overdue', kind: 'flag', label: 'x.overdue', accept: (v) => v === 'false' },
  ],
};

describe('drill filters', () => {
  it('reads only the declared, well-formed params from the URL', () => {
    const values = readDrillParams(
      convertToParamMap({
        created_from: '2026-11-01',
        created_to: 'yesterday',
        stale: 'true',
        stage: 'BOGUS',
        dpd_min: '31',
        dpd_max: '60',
        overdue: 'true', // the page's own checkbox: not a chip
        q: 'ignored',
      }),
      DEFS,
    );
    expect(values).toEqual({ created_from: '2026-11-01', stale: 'true', dpd_min: '31', dpd_max: '60' });
  });

  it('turns them into chips: a range as one chip, open ranges, flags, enums and dates', () => {
    expect(formatChipDate('2026-11-01')).toBe('01/11/2026');
    const chips = drillChips(
      { created_from: '2026-11-01', created_to: '2026-11-26', dpd_min: '91', stale: 'true', stage: 'NEW', as_of: '2026-11-26', overdue: 'false' },
      DEFS,
    );
    expect(chips).toEqual<FilterChip[]>([
      { id: 'created_from+created_to', keys: ['created_from', 'created_to'], label: 'x.created', value: '01/11/2026 – 26/11/2026' },
      { id: 'dpd_min', keys: ['dpd_min'], label: 'x.dpd', valueKey: 'home.drill.since', valueParams: { value: '91' } },
      { id: 'stale', keys: ['stale'], label: 'x.stale' },
      { id: 'stage', keys: ['stage'], label: 'x.stage', valueKey: 'x.stages.NEW' },
      { id: 'as_of', keys: ['as_of'], label: 'x.asOf', value: '26/11/2026' },
      { id: 'overdue', keys: ['overdue'], label: 'x.overdue', valueKey: 'home.drill.no' },
    ]);
  });

  it('removes a chip: its params leave the query, and the URL update sets them to null', () => {
    const drill = new DrillFilters(convertToParamMap({ created_from: '2026-11-01', created_to: '2026-11-26', stale: 'true' }), DEFS);
    const seen: Record<string, string>[] = [];
    drill.changes.subscribe((v) => seen.push(v));
    expect(drill.active()).toBe(true);
    drill.remove(drill.chips()[0]!);
    expect(drill.values()).toEqual({ stale: 'true' });
    expect(drill.urlParams()).toEqual({ created_from: null, created_to: null, stale: 'true' });
    drill.clear();
    expect(drill.active()).toBe(false);
    expect(drill.urlParams()).toEqual({ created_from: null, created_to: null, stale: null });
    expect(seen).toEqual([{ stale: 'true' }, {}]);
  });
});

describe('FilterChipsComponent', () => {
  let fixture: ComponentFixture<FilterChipsComponent>;
  let host: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [FilterChipsComponent],
      providers: [provideTranslocoTesting(), NO_MATERIAL_ANIMATIONS, provideEnvironmentInitializer(() => registerIcons())],
    });
    fixture = TestBed.createComponent(FilterChipsComponent);
    host = fixture.nativeElement as HTMLElement;
  });

  it('renders nothing without chips', async () => {
    fixture.componentRef.setInput('chips', []);
    await fixture.whenStable();
    expect(host.querySelector('[data-testid="filter-chips"]')).toBeNull();
  });

  it('shows label and value of each chip and emits the chip whose ✕ is pressed', async () => {
    const chips: FilterChip[] = [
      { id: 'from+to', keys: ['from', 'to'], label: 'audit.fields.from', value: '01/11/2026 – 26/11/2026' },
      { id: 'stale', keys: ['stale'], label: 'home.stuck.stale_leads' },
      { id: 'overdue', keys: ['overdue'], label: 'home.numbers.ar_overdue', valueKey: 'home.drill.no' },
    ];
    fixture.componentRef.setInput('chips', chips);
    const removed: FilterChip[] = [];
    let cleared = 0;
    fixture.componentInstance.remove.subscribe((c) => removed.push(c));
    fixture.componentInstance.clear.subscribe(() => cleared++);
    await fixture.whenStable();

    const text = (id: string) => host.querySelector(`[data-testid="filter-chip-${id}"]`)!.textContent!.replace(/\s+/g, ' ').trim();
    expect(text('from+to')).toBe('Dari tanggal: 01/11/2026 – 26/11/2026');
    expect(text('stale')).toBe('Lead tanpa tindak lanjut');
    expect(text('overdue')).toBe('Piutang jatuh tempo: tidak');
    const remove = host.querySelector<HTMLButtonElement>('[data-testid="filter-chip-remove-stale"]')!;
    expect(remove.getAttribute('aria-label')).toBe('Hapus filter Lead tanpa tindak lanjut');
    remove.click();
    expect(removed.map((c) => c.id)).toEqual(['stale']);
    host.querySelector<HTMLButtonElement>('[data-testid="filter-chips-clear"]')!.click();
    expect(cleared).toBe(1);
  });
});
