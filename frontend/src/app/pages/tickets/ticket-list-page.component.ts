import { ChangeDetectionStrategy, Component, DestroyRef, OnInit, computed, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { TranslocoDirective, TranslocoPipe } from '@jsverse/transloco';
import { debounceTime, distinctUntilChanged, map, merge, startWith } from 'rxjs';

import { AuthService } from '../../core/auth/auth.service';
import { PageHeaderComponent } from '../../shared/components/page-header.component';
import { DrillDefs, injectDrillFilters } from '../../shared/components/drill-filters';
import { FilterChipsComponent } from '../../shared/components/filter-chips.component';
import { syncQueryParams } from '../../shared/url-state';
import { IdDateTimePipe, IdNumberPipe } from '../../shared/format/format.pipes';
import { CursorList } from './shared/list-state';
import { SlaBadgeComponent, TicketPriorityComponent, TicketStatusComponent } from './shared/ticket-chips.component';
import { TicketsApiService } from './shared/tickets-api.service';
import {
  ALL_STATUSES,
  SLA_STATES,
  StaleTicket,
  TARGET_DEPARTMENTS,
  TICKET_PRIORITIES,
  TICKET_TYPES,
  TicketListQuery,
  TicketPriority,
  TicketStatus,
  TicketSummary,
  TicketType,
  SlaState,
  canWriteTickets,
} from './shared/tickets.models';
import { injectIsPhone } from './shared/util';
import { ExportMenuComponent } from '../../shared/components/export-menu.component';

export type TicketListMode = 'mine' | 'queue';

/**
 * Filters a command-center drill may put in the URL with no control on this page (chips).
 * `status`, `sla_state` and `open` fill the page's own controls.
 */
export const TICKET_DRILL: DrillDefs = {
  ranges: [{ from: 'created_from', to: 'created_to', kind: 'date', label: 'tickets.drill.created' }],
  params: [
    { key: 'queue', kind: 'flag', label: 'tickets.drill.queue' },
    { key: 'mine', kind: 'flag', label: 'tickets.drill.mine' },
    { key: 'fr_outcome', kind: 'enum', values: ['met', 'breached', 'known'], label: 'tickets.drill.frOutcome', valuePrefix: 'tickets.drill.frOutcomes.' },
    { key: 'stale', kind: 'flag', label: 'tickets.drill.stale' },
  ],
};
/** URL params that make the list show exactly what a link asked for (no mode or department defaults). */
const LINKED_PARAMS = ['queue', 'mine', 'open', 'status', 'sla_state', 'created_from', 'created_to', 'fr_outcome', 'stale'];

/** The list query of the filter form (empty values left out). */
export function ticketQuery(
  mode: TicketListMode,
  ownDeptQueue: boolean,
  v: { q: string; type: string; status: string; priority: string; sla: string; dept: string; open: boolean },
): TicketListQuery {
  const query: TicketListQuery = {};
  if (mode === 'mine') query.mine = true;
  if (mode === 'queue' && ownDeptQueue) query.queue = true;
  if (v.dept) query.dept_target = v.dept;
  if (v.q.trim()) query.q = v.q.trim();
  if (v.type) query.type = v.type as TicketType;
  if (v.status) query.status = v.status as TicketStatus;
  if (v.priority) query.priority = v.priority as TicketPriority;
  if (v.sla) query.sla_state = v.sla as SlaState;
  if (v.open) query.open = true;
  return query;
}

/**
 * Tickets → "My tickets" (opened by or assigned to me) and "Department queue" (tickets targeted at
 * my department; admins and the director pick a department), with filters by type, status,
 * priority and SLA state, and — in the queue — the stale tickets (idle past the threshold).
 * Test ids: tickets-table, ticket-row-<id>, tickets-new, tickets-search, tickets-filter-*,
 * tickets-tab-list, tickets-tab-stale, stale-table, stale-row-<id>, tickets-more, tickets-empty.
 */
@Component({
  selector: 'bcc-ticket-list-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatButtonToggleModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSlideToggleModule,
    MatTableModule,
    TranslocoDirective,
    TranslocoPipe,
    IdDateTimePipe,
    IdNumberPipe,
    PageHeaderComponent,
    FilterChipsComponent,
    SlaBadgeComponent,
    TicketPriorityComponent,
    TicketStatusComponent,
    ExportMenuComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './ticket-list-page.component.html',
  styleUrl: './ticket-list-page.component.scss',
})
export class TicketListPageComponent implements OnInit {
  private readonly api = inject(TicketsApiService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  protected readonly drill = injectDrillFilters(TICKET_DRILL);
  /**
   * Opened from a link that says what to list (a command-center drill): apply its params as
   * given, without the page's own "mine"/"queue" mode filter or default department.
   */
  private readonly linked = LINKED_PARAMS.some((k) => this.route.snapshot.queryParamMap.has(k));

  /** From route data. */
  readonly mode = input<TicketListMode>('mine');

  protected readonly types = TICKET_TYPES;
  protected readonly statuses = ALL_STATUSES;
  protected readonly priorities = TICKET_PRIORITIES;
  protected readonly slaStates = SLA_STATES;
  protected readonly departments = TARGET_DEPARTMENTS;
  protected readonly isPhone = injectIsPhone();
  protected readonly canCreate = computed(() => canWriteTickets(this.auth.role()));
  /** Admins and the director (department DIR) have no own queue: they choose a department. */
  protected readonly picksDepartment = computed(() => this.mode() === 'queue' && this.auth.user()?.dept_code === 'DIR');
  protected readonly tab = signal<'list' | 'stale'>('list');
  protected readonly columns = computed(() =>
    this.isPhone() ? ['ticket', 'sla'] : ['ticket', 'status', 'priority', 'sla', this.mode() === 'queue' ? 'assignee' : 'dept', 'created'],
  );
  protected readonly staleColumns = computed(() => (this.isPhone() ? ['ticket', 'idle'] : ['ticket', 'status', 'dept', 'idle', 'last']));

  protected readonly filters = new FormGroup({
    q: new FormControl('', { nonNullable: true }),
    type: new FormControl('', { nonNullable: true }),
    status: new FormControl('', { nonNullable: true }),
    priority: new FormControl('', { nonNullable: true }),
    sla: new FormControl('', { nonNullable: true }),
    dept: new FormControl('', { nonNullable: true }),
    open: new FormControl(true, { nonNullable: true }),
  });

  protected readonly list = new CursorList<TicketSummary, TicketListQuery>((q, cursor) => this.api.list(q, cursor));
  protected readonly stale = new CursorList<StaleTicket, { queue?: boolean; mine?: boolean; dept_target?: string }>((q, cursor) => this.api.stale(q, cursor));
  protected readonly hasFilters = signal(false);

  constructor() {
    this.list.connect().pipe(takeUntilDestroyed()).subscribe();
    this.stale.connect().pipe(takeUntilDestroyed()).subscribe();
  }

  /** The mode arrives as route data (an input): start listening once inputs are set. */
  ngOnInit(): void {
    if (this.linked) {
      const params = this.route.snapshot.queryParamMap;
      const status = params.get('status') ?? '';
      const sla = params.get('sla_state') ?? '';
      this.filters.patchValue(
        {
          status: (ALL_STATUSES as readonly string[]).includes(status) ? status : '',
          sla: (SLA_STATES as readonly string[]).includes(sla) ? sla : '',
          open: params.get('open') === 'true',
        },
        { emitEvent: false },
      );
    } else if (this.picksDepartment() && !this.filters.controls.dept.value) {
      this.filters.controls.dept.setValue('DOM', { emitEvent: false });
    }
    const { q, ...others } = this.filters.controls;
    merge(q.valueChanges.pipe(debounceTime(300)), ...Object.values(others).map((c) => c.valueChanges), this.drill.changes)
      .pipe(
        startWith(null),
        // The drill filters count too: removing a chip reloads.
        map(() => ({ v: this.filters.getRawValue(), drill: this.drill.values() })),
        distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe(({ v }) => {
        let query = ticketQuery(this.mode(), !this.picksDepartment(), v);
        if (this.linked) {
          const { mine: _mine, queue: _queue, ...rest } = query;
          query = { ...rest, ...this.drill.values() } as TicketListQuery;
          syncQueryParams(this.router, this.route, {
            status: v.status,
            sla_state: v.sla,
            open: v.open ? 'true' : 'false',
            ...this.drill.urlParams(),
          });
        }
        this.hasFilters.set(!!(v.q || v.type || v.status || v.priority || v.sla) || this.drill.active());
        this.list.load(query);
        if (this.mode() === 'queue') {
          this.stale.load(this.picksDepartment() ? { dept_target: v.dept || undefined } : { queue: true });
        } else {
          this.stale.load({ mine: true });
        }
      });
  }

  /** Ops work masked RFQs only through the RFQ queue (the ticket itself is hidden from them). */
  protected linkFor(row: { ticket_id: string; ticket_type: string; need_customer_masking: boolean }): string[] {
    return this.auth.role() === 'ops' && row.need_customer_masking && row.ticket_type === 'inquiry_tariff'
      ? ['/tickets/rfq', row.ticket_id]
      : ['/tickets', row.ticket_id];
  }

  protected openRow(row: { ticket_id: string; ticket_type: string; need_customer_masking: boolean }): void {
    void this.router.navigate(this.linkFor(row));
  }

  protected clearFilters(): void {
    this.drill.clear();
    this.filters.patchValue({ q: '', type: '', status: '', priority: '', sla: '', open: true });
  }

  protected idleDays(hours: number): number {
    return Math.round((hours / 24) * 10) / 10;
  }
}
