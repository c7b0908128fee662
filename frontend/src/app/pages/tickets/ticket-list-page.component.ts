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
import { Router, RouterLink } from '@angular/router';
import { TranslocoDirective, TranslocoPipe } from '@jsverse/transloco';
import { debounceTime, distinctUntilChanged, map, merge, startWith } from 'rxjs';

import { AuthService } from '../../core/auth/auth.service';
import { PageHeaderComponent } from '../../shared/components/page-header.component';
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

export type TicketListMode = 'mine' | 'queue';

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
    SlaBadgeComponent,
    TicketPriorityComponent,
    TicketStatusComponent,
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
    if (this.picksDepartment() && !this.filters.controls.dept.value) {
      this.filters.controls.dept.setValue('DOM', { emitEvent: false });
    }
    const { q, ...others } = this.filters.controls;
    merge(q.valueChanges.pipe(debounceTime(300)), ...Object.values(others).map((c) => c.valueChanges))
      .pipe(
        startWith(null),
        map(() => this.filters.getRawValue()),
        distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((v) => {
        const query = ticketQuery(this.mode(), !this.picksDepartment(), v);
        this.hasFilters.set(!!(v.q || v.type || v.status || v.priority || v.sla));
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
    this.filters.patchValue({ q: '', type: '', status: '', priority: '', sla: '', open: true });
  }

  protected idleDays(hours: number): number {
    return Math.round((hours / 24) * 10) / 10;
  }
}
