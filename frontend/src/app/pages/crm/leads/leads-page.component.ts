import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatChipsModule } from '@angular/material/chips';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { TranslocoDirective, TranslocoPipe } from '@jsverse/transloco';
import { debounceTime, distinctUntilChanged, map, merge, startWith } from 'rxjs';

import { AuthService } from '../../../core/auth/auth.service';
import { ExportMenuComponent } from '../../../shared/components/export-menu.component';
import { PageHeaderComponent } from '../../../shared/components/page-header.component';
import { DrillDefs, injectDrillFilters } from '../../../shared/components/drill-filters';
import { FilterChipsComponent } from '../../../shared/components/filter-chips.component';
import { IdDateTimePipe } from '../../../shared/format/format.pipes';
import { CrmApiService } from '../shared/crm-api.service';
import {
  Assignee,
  LEAD_ASSIGN_ROLES,
  LEAD_CREATE_ROLES,
  LEAD_STATUSES,
  Lead,
  LeadListQuery,
  LeadStatus,
  SOURCE_CHANNELS,
  SourceChannel,
  hasRole,
} from '../shared/crm.models';
import { injectIsPhone } from '../shared/layout';
import { CursorList } from '../shared/list-state';
import { StatusChipComponent } from '../shared/status-chip.component';
import { syncQueryParams } from '../../../shared/url-state';

export const SEARCH_DEBOUNCE_MS = 300;
/** Owner filter value for "no sales owner yet". */
export const UNASSIGNED = '__unassigned__';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Filters a command-center drill may put in the URL that have no control on this page (shown as
 * chips). `created_from` / `created_to` / `source_channel` are the API names of the date and
 * channel controls: they fill those controls instead (see restoreFromUrl).
 */
export const LEAD_DRILL: DrillDefs = {
  params: [
    { key: 'qualified', kind: 'flag', label: 'crm.drill.qualified' },
    { key: 'handed_over', kind: 'flag', label: 'crm.drill.handedOver' },
    { key: 'stale', kind: 'flag', label: 'crm.drill.stale' },
  ],
};

/** The list query of the filter form (empty values are left out of the request). */
export function leadQuery(value: {
  q: string;
  status: LeadStatus | '';
  channel: SourceChannel | '';
  owner: string;
  from: string;
  to: string;
}): LeadListQuery {
  const query: LeadListQuery = {};
  const q = value.q.trim();
  if (q) query.q = q;
  if (value.status) query.status = value.status;
  if (value.channel) query.source_channel = value.channel;
  if (value.owner === UNASSIGNED) query.unassigned = true;
  else if (value.owner) query.sales_owner_user_id = value.owner;
  if (DATE.test(value.from)) query.created_from = value.from;
  if (DATE.test(value.to)) query.created_to = value.to;
  return query;
}

/**
 * CRM → Leads: search (debounced), filters (status chips, channel, owner/unassigned, created date
 * range) kept in the URL, server "load more", CSV/XLSX export of the current filters, and
 * "New lead" for the roles that create leads. A row opens the lead.
 * Test ids: leads-table, lead-row-<lead_id>, leads-new, leads-search, leads-filter-status,
 * leads-filter-channel, leads-filter-owner, leads-filter-from, leads-filter-to,
 * leads-export (menu: leads-export-csv, leads-export-xlsx), leads-more, leads-empty.
 */
@Component({
  selector: 'bcc-leads-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatChipsModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTableModule,
    MatTooltipModule,
    TranslocoDirective,
    TranslocoPipe,
    IdDateTimePipe,
    PageHeaderComponent,
    ExportMenuComponent,
    StatusChipComponent,
    FilterChipsComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './leads-page.component.html',
  styleUrl: './leads-page.component.scss',
})
export class LeadsPageComponent {
  private readonly api = inject(CrmApiService);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly statuses = LEAD_STATUSES;
  protected readonly channels = SOURCE_CHANNELS;
  protected readonly unassigned = UNASSIGNED;
  protected readonly isPhone = injectIsPhone();
  protected readonly columns = computed(() =>
    this.isPhone() ? ['lead', 'status'] : ['lead', 'channel', 'status', 'owner', 'created'],
  );

  protected readonly canCreate = computed(() => hasRole(this.auth.role(), LEAD_CREATE_ROLES));
  private readonly canPickOwner = computed(() => hasRole(this.auth.role(), LEAD_ASSIGN_ROLES));
  protected readonly assignees = signal<Assignee[]>([]);
  protected readonly showFilters = signal(false);

  protected readonly filters = new FormGroup({
    q: new FormControl('', { nonNullable: true }),
    status: new FormControl<LeadStatus | ''>('', { nonNullable: true }),
    channel: new FormControl<SourceChannel | ''>('', { nonNullable: true }),
    owner: new FormControl('', { nonNullable: true }),
    from: new FormControl('', { nonNullable: true }),
    to: new FormControl('', { nonNullable: true }),
  });

  protected readonly list = new CursorList<Lead, LeadListQuery>((query, cursor) =>
    this.api.listLeads(query, { cursor }),
  );
  protected readonly drill = injectDrillFilters(LEAD_DRILL);
  protected readonly query = signal<LeadListQuery>({});
  protected readonly activeFilterCount = computed(() => {
    const { q: _q, ...rest } = this.query();
    return Object.keys(rest).length;
  });
  protected readonly hasFilters = computed(() => Object.keys(this.query()).length > 0);

  constructor() {
    this.restoreFromUrl();
    this.list.connect().pipe(takeUntilDestroyed()).subscribe();

    const { q, ...others } = this.filters.controls;
    merge(
      q.valueChanges.pipe(debounceTime(SEARCH_DEBOUNCE_MS)),
      ...Object.values(others).map((control) => control.valueChanges),
      this.drill.changes,
    )
      .pipe(
        startWith(null),
        map((): LeadListQuery => ({ ...leadQuery(this.filters.getRawValue()), ...this.drill.values() })),
        distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
        takeUntilDestroyed(),
      )
      .subscribe((query) => {
        this.query.set(query);
        this.list.load(query);
        this.writeUrl();
      });

    if (this.canPickOwner()) {
      this.api
        .assignees()
        .pipe(takeUntilDestroyed())
        .subscribe({ next: (res) => this.assignees.set(res.items), error: () => undefined });
    }
    if (this.activeFilterCount() > 0) {
      this.showFilters.set(true);
    }
  }

  protected open(lead: Lead): void {
    void this.router.navigate(['/crm/leads', lead.lead_id]);
  }

  protected clearFilters(): void {
    this.drill.clear();
    this.filters.reset({ q: '', status: '', channel: '', owner: '', from: '', to: '' });
  }

  private restoreFromUrl(): void {
    const params = this.route.snapshot.queryParamMap;
    const status = params.get('status') ?? '';
    // A drill link uses the API's names (created_from, created_to, source_channel).
    const channel = params.get('channel') ?? params.get('source_channel') ?? '';
    this.filters.setValue(
      {
        q: params.get('q') ?? '',
        status: (LEAD_STATUSES as readonly string[]).includes(status) ? (status as LeadStatus) : '',
        channel: (SOURCE_CHANNELS as readonly string[]).includes(channel) ? (channel as SourceChannel) : '',
        owner: params.get('owner') ?? '',
        from: params.get('from') ?? params.get('created_from') ?? '',
        to: params.get('to') ?? params.get('created_to') ?? '',
      },
      { emitEvent: false },
    );
  }

  /** Filters live in the URL, so Back from a lead returns to the same list. */
  private writeUrl(): void {
    const v = this.filters.getRawValue();
    syncQueryParams(this.router, this.route, {
      ...v,
      q: v.q.trim(),
      created_from: null,
      created_to: null,
      source_channel: null,
      ...this.drill.urlParams(),
    });
  }
}
