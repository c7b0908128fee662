import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatAutocompleteModule, MatAutocompleteSelectedEvent } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatExpansionModule } from '@angular/material/expansion';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { EMPTY, Subject, catchError, debounceTime, distinctUntilChanged, map, merge, startWith, switchMap } from 'rxjs';

import { PageHeaderComponent } from '../../../shared/components/page-header.component';
import { IdDateTimePipe } from '../../../shared/format/format.pipes';
import { syncQueryParams } from '../../../shared/url-state';
import { DiffLine, ValueWords, auditDiff, formatAuditValue, nameMap } from './audit-diff';
import { AUDITED_TABLES, AUDIT_ACTIONS, AuditAction, AuditQuery, AuditRow, DirectoryPerson } from './audit.models';
import { AuditService } from './audit.service';
import { ExportMenuComponent } from '../../../shared/components/export-menu.component';

export const RECORD_DEBOUNCE_MS = 300;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Console page of an audited record, when there is one (opened from the expanded row). */
export function recordRoute(table: string, id: string | null): string[] | null {
  if (!id) return null;
  switch (table) {
    case 'leads':
      return ['/crm/leads', id];
    case 'customers':
      return ['/crm/customers', id];
    case 'tickets':
      return ['/tickets', id];
    case 'invoices':
      return ['/ar/invoices', id];
    case 'imports':
      return ['/imports', id];
    default:
      return null;
  }
}

/** The filter form → the API query (empty and malformed values left out). */
export function auditQuery(v: { table: string; record: string; user: string; action: string; from: string; to: string }): AuditQuery {
  const q: AuditQuery = {};
  if (/^[a-z_]{1,63}$/.test(v.table)) q.table_name = v.table;
  if (v.record.trim()) q.record_id = v.record.trim();
  if (UUID.test(v.user)) q.changed_by = v.user;
  if ((AUDIT_ACTIONS as readonly string[]).includes(v.action)) q.action = v.action as AuditAction;
  if (DATE.test(v.from)) q.from = v.from;
  if (DATE.test(v.to)) q.to = v.to;
  return q;
}

interface RowView {
  row: AuditRow;
  who: string;
  lines: DiffLine[];
  link: string[] | null;
}

/**
 * Admin → Audit (super_admin, director): who changed what and when. Filters (table, record id,
 * user picked from the directory, action, date range) live in the URL, so a detail page's
 * "Riwayat" button links straight to a record's history. Server-side cursor pagination ("load
 * more"). Each row expands into its readable difference: changed fields old → new (UPDATE), the
 * values written (INSERT) or removed (DELETE); user ids read as names, dates id-ID.
 * Test ids: page-audit, audit-filter-table, audit-filter-record, audit-filter-user,
 * audit-filter-action, audit-filter-from, audit-filter-to, audit-clear, audit-list, audit-row-<id>,
 * audit-diff-<id>, audit-diff-line-<field>, audit-more, audit-empty, audit-error.
 */
@Component({
  selector: 'bcc-audit-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatAutocompleteModule,
    MatButtonModule,
    MatCardModule,
    MatExpansionModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    TranslocoPipe,
    IdDateTimePipe,
    PageHeaderComponent,
    ExportMenuComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './audit-page.component.html',
  styleUrl: './audit-page.component.scss',
})
export class AuditPageComponent {
  private readonly api = inject(AuditService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly transloco = inject(TranslocoService);

  protected readonly actions = AUDIT_ACTIONS;

  private readonly initial = this.route.snapshot.queryParamMap;
  /** The audited tables, plus one from the URL we do not list (a table added later). */
  protected readonly tables: readonly string[] = ((t) =>
    t && /^[a-z_]{1,63}$/.test(t) && !(AUDITED_TABLES as readonly string[]).includes(t) ? [...AUDITED_TABLES, t] : AUDITED_TABLES)(
    this.initial.get('table_name'),
  );
  protected readonly filters = new FormGroup({
    table: new FormControl(this.initial.get('table_name') ?? '', { nonNullable: true }),
    record: new FormControl(this.initial.get('record_id') ?? '', { nonNullable: true }),
    user: new FormControl(this.initial.get('changed_by') ?? '', { nonNullable: true }),
    action: new FormControl(this.initial.get('action') ?? '', { nonNullable: true }),
    from: new FormControl(this.initial.get('from') ?? '', { nonNullable: true }),
    to: new FormControl(this.initial.get('to') ?? '', { nonNullable: true }),
  });
  /** The text typed in the user picker (the control above holds the chosen id). */
  protected readonly userText = new FormControl('', { nonNullable: true });

  protected readonly people = signal<DirectoryPerson[]>([]);
  private readonly names = computed(() => nameMap(this.people()));
  private readonly typed = toSignal(this.userText.valueChanges, { initialValue: '' });
  protected readonly peopleOptions = computed(() => {
    const text = this.typed().trim().toLowerCase();
    const list = this.people();
    return (text ? list.filter((p) => p.full_name.toLowerCase().includes(text)) : list).slice(0, 50);
  });

  protected readonly items = signal<AuditRow[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loading = signal(true);
  protected readonly loadingMore = signal(false);
  protected readonly failed = signal(false);
  protected readonly query = signal<AuditQuery>({});
  protected readonly hasFilters = computed(() => Object.keys(this.query()).length > 0);
  protected readonly activeFilterCount = computed(() => Object.keys(this.query()).length);
  /** Phones: the filters fold away behind a button (they would fill the screen). */
  protected readonly showFilters = signal(false);
  private readonly requests = new Subject<{ query: AuditQuery; cursor: string | null }>();

  private readonly lang = toSignal(this.transloco.selectTranslation(), { initialValue: null });
  private readonly words = computed<ValueWords>(() => {
    this.lang();
    return { yes: this.transloco.translate('audit.yes'), no: this.transloco.translate('audit.no') };
  });

  /** A table's name in words (`leads` → `Lead`), or the table name when we have none. */
  protected readonly tableLabel = computed(() => {
    this.lang();
    return (table: string): string => {
      const key = `audit.tables.${table}`;
      const text = this.transloco.translate(key);
      return text && text !== key ? text : table;
    };
  });

  protected readonly rows = computed<RowView[]>(() => {
    const names = this.names();
    return this.items().map((row) => ({
      row,
      who: row.changed_by_name || (row.changed_by ? (names.get(row.changed_by.toLowerCase()) ?? row.changed_by) : this.transloco.translate('audit.system')),
      lines: auditDiff(row),
      link: recordRoute(row.table_name, row.record_id),
    }));
  });

  constructor() {
    this.requests
      .pipe(
        switchMap(({ query, cursor }) => {
          this.failed.set(false);
          (cursor ? this.loadingMore : this.loading).set(true);
          return this.api.list(query, cursor).pipe(
            map((page) => ({ page, more: !!cursor })),
            catchError(() => {
              this.loading.set(false);
              this.loadingMore.set(false);
              this.failed.set(true);
              return EMPTY;
            }),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe(({ page, more }) => {
        this.items.update((current) => (more ? [...current, ...page.items] : page.items));
        this.nextCursor.set(page.next_cursor);
        this.loading.set(false);
        this.loadingMore.set(false);
      });

    const { record, ...others } = this.filters.controls;
    merge(record.valueChanges.pipe(debounceTime(RECORD_DEBOUNCE_MS)), ...Object.values(others).map((c) => c.valueChanges))
      .pipe(
        startWith(null),
        map(() => auditQuery(this.filters.getRawValue())),
        distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
        takeUntilDestroyed(),
      )
      .subscribe((query) => {
        this.query.set(query);
        this.requests.next({ query, cursor: null });
        syncQueryParams(this.router, this.route, {
          table_name: query.table_name,
          record_id: query.record_id,
          changed_by: query.changed_by,
          action: query.action,
          from: query.from,
          to: query.to,
        });
      });

    this.api
      .people()
      .pipe(takeUntilDestroyed())
      .subscribe({
        next: (people) => {
          this.people.set(people);
          const chosen = this.filters.controls.user.value;
          if (chosen) this.userText.setValue(this.names().get(chosen.toLowerCase()) ?? chosen, { emitEvent: false });
        },
        error: () => undefined,
      });
    const chosen = this.filters.controls.user.value;
    if (chosen) this.userText.setValue(chosen, { emitEvent: false });
  }

  protected pickUser(event: MatAutocompleteSelectedEvent): void {
    const person = event.option.value as DirectoryPerson;
    this.userText.setValue(person.full_name, { emitEvent: false });
    this.filters.controls.user.setValue(person.user_id);
  }

  /** Typing clears a chosen user until one is picked again; an emptied box clears the filter. */
  protected userTyped(): void {
    if (this.filters.controls.user.value) this.filters.controls.user.setValue('');
  }

  protected clearUser(): void {
    this.userText.setValue('');
    this.filters.controls.user.setValue('');
  }

  protected clearFilters(): void {
    this.userText.setValue('', { emitEvent: false });
    this.filters.reset({ table: '', record: '', user: '', action: '', from: '', to: '' });
  }

  /** Narrow the list to one record's history. */
  protected historyOf(row: AuditRow): void {
    if (!row.record_id) return;
    this.filters.patchValue({ table: row.table_name, record: row.record_id });
  }

  protected loadMore(): void {
    const cursor = this.nextCursor();
    if (cursor && !this.loadingMore()) this.requests.next({ query: this.query(), cursor });
  }

  protected retry(): void {
    this.requests.next({ query: this.query(), cursor: null });
  }

  protected value(line: DiffLine, side: 'before' | 'after'): string {
    return formatAuditValue(line[side], line.field, this.names(), this.words());
  }
}
