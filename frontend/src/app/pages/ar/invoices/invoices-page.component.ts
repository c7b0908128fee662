import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { syncQueryParams } from '../../../shared/url-state';
import { TranslocoPipe } from '@jsverse/transloco';
import { EMPTY, Subject, catchError, combineLatest, debounceTime, distinctUntilChanged, filter, map, startWith, switchMap } from 'rxjs';

import { AuthService } from '../../../core/auth/auth.service';
import { PageHeaderComponent } from '../../../shared/components/page-header.component';
import { DrillDefs, injectDrillFilters } from '../../../shared/components/drill-filters';
import { FilterChipsComponent } from '../../../shared/components/filter-chips.component';
import { dialogConfig } from '../../../shared/dialogs/dialog-config';
import { IdDatePipe, IdrPipe } from '../../../shared/format/format.pipes';
import { ArApiService } from '../shared/ar-api.service';
import { AR_WRITER_ROLES, INVOICE_STATUSES, Invoice, InvoiceListQuery, InvoiceStatus, hasRole } from '../shared/ar.models';
import { injectIsPhone } from '../shared/util';
import { InvoiceFormDialogComponent } from './invoice-form-dialog.component';
import { ExportMenuComponent } from '../../../shared/components/export-menu.component';

export const SEARCH_DEBOUNCE_MS = 300;

/**
 * Filters a command-center drill may put in the URL with no control on this page (chips).
 * `overdue=true` is the page's own checkbox; `overdue=false` ("not overdue") is a chip.
 */
export const INVOICE_DRILL: DrillDefs = {
  ranges: [
    { from: 'from', to: 'to', kind: 'date', label: 'ar.drill.invoiceDate' },
    { from: 'dpd_min', to: 'dpd_max', kind: 'int', label: 'ar.drill.dpd' },
  ],
  params: [
    { key: 'as_of', kind: 'date', label: 'ar.drill.asOf' },
    { key: 'open', kind: 'flag', label: 'ar.drill.open' },
    { key: 'overdue', kind: 'flag', label: 'ar.drill.overdue', accept: (v) => v === 'false' },
  ],
};

interface Filters {
  q: string;
  overdue: boolean;
  status: InvoiceStatus | '';
}

/**
 * AR → Invoices: search (invoice number or customer), "overdue only", status, server "load
 * more", CSV/XLSX export of the current filters, and "New invoice" for finance. A row opens the
 * invoice with its payments. Filters live in the URL (?q=&overdue=true&status=).
 * Test ids: ar-invoices-table, ar-invoice-row-<invoice_number>, ar-invoices-new, ar-invoices-search,
 * ar-invoices-overdue, ar-invoices-status, ar-export-csv, ar-export-xlsx, ar-invoices-more, ar-invoices-empty.
 */
@Component({
  selector: 'bcc-ar-invoices-page',
  imports: [
    ReactiveFormsModule, RouterLink, MatButtonModule, MatCardModule, MatCheckboxModule, MatFormFieldModule, MatIconModule,
    MatInputModule, MatProgressBarModule, MatTableModule, TranslocoPipe, PageHeaderComponent, IdrPipe, IdDatePipe,
    FilterChipsComponent,
    ExportMenuComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './invoices-page.component.html',
  styleUrl: './invoices-page.component.scss',
})
export class InvoicesPageComponent {
  private readonly api = inject(ArApiService);
  private readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  protected readonly isPhone = injectIsPhone();

  protected readonly statuses = INVOICE_STATUSES;
  protected readonly canWrite = computed(() => hasRole(this.auth.role(), AR_WRITER_ROLES));
  protected readonly columns = computed(() =>
    this.isPhone()
      ? ['invoice', 'outstanding']
      : ['invoice', 'customer', 'invoice_date', 'due_date', 'amount', 'outstanding', 'status'],
  );

  private readonly initial = this.route.snapshot.queryParamMap;
  protected readonly drill = injectDrillFilters(INVOICE_DRILL);
  protected readonly search = new FormControl(this.initial.get('q') ?? '', { nonNullable: true });
  protected readonly overdue = new FormControl(this.initial.get('overdue') === 'true', { nonNullable: true });
  protected readonly status = new FormControl<InvoiceStatus | ''>((INVOICE_STATUSES as readonly string[]).includes(this.initial.get('status') ?? '') ? (this.initial.get('status') as InvoiceStatus) : '', { nonNullable: true });

  protected readonly items = signal<Invoice[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loading = signal(true);
  protected readonly loadFailed = signal(false);
  private readonly filters = signal<Filters>({ q: '', overdue: false, status: '' });
  /** The list's query now: what the export menu downloads. */
  protected readonly exportQuery = computed(() => this.query(this.filters()));
  private readonly requests = new Subject<{ filters: Filters; cursor: string | null }>();

  constructor() {
    this.requests
      .pipe(
        switchMap(({ filters, cursor }) => {
          this.loading.set(true);
          this.loadFailed.set(false);
          return this.api.invoices({ ...this.query(filters), cursor }).pipe(
            map((page) => ({ page, more: !!cursor })),
            catchError(() => {
              this.loading.set(false);
              this.loadFailed.set(true);
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
      });

    combineLatest([
      this.search.valueChanges.pipe(startWith(this.search.value), debounceTime(SEARCH_DEBOUNCE_MS), map((q) => q.trim()), distinctUntilChanged()),
      this.overdue.valueChanges.pipe(startWith(this.overdue.value)),
      this.status.valueChanges.pipe(startWith(this.status.value)),
      this.drill.changes.pipe(startWith(null)),
    ])
      .pipe(takeUntilDestroyed())
      .subscribe(([q, overdue, status]) => {
        const f = { q, overdue, status };
        this.filters.set(f);
        // Mirror the filters in the URL only when they changed (never on the first emission).
        syncQueryParams(this.router, this.route, {
          ...this.drill.urlParams(),
          q,
          overdue: overdue ? 'true' : (this.drill.get('overdue') ?? null),
          status,
        });
        this.requests.next({ filters: f, cursor: null });
      });
  }

  private query(f: Filters): InvoiceListQuery {
    return {
      ...this.drill.values(),
      q: f.q || undefined,
      status: f.status || undefined,
      ...(f.overdue ? { overdue: true } : {}),
    } as InvoiceListQuery;
  }

  protected loadMore(): void {
    const cursor = this.nextCursor();
    if (cursor && !this.loading()) this.requests.next({ filters: this.filters(), cursor });
  }

  protected create(): void {
    this.dialog
      .open<InvoiceFormDialogComponent, null, Invoice>(InvoiceFormDialogComponent, dialogConfig(null, { width: '640px' }))
      .afterClosed()
      .pipe(filter((inv): inv is Invoice => !!inv))
      .subscribe((inv) => void this.router.navigate(['/ar/invoices', inv.invoice_id]));
  }

  protected statusClass(inv: Invoice): string {
    return `ar-status ar-status--${inv.status.toLowerCase()}`;
  }
}
