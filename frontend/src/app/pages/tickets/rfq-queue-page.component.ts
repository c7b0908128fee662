import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
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

import { PageHeaderComponent } from '../../shared/components/page-header.component';
import { IdDateTimePipe, IdNumberPipe } from '../../shared/format/format.pipes';
import { CursorList } from './shared/list-state';
import { SlaBadgeComponent, TicketPriorityComponent, TicketStatusComponent } from './shared/ticket-chips.component';
import { TicketsApiService } from './shared/tickets-api.service';
import { INQUIRY_STATUSES, MaskedRfq, RfqListQuery, SERVICE_TYPES, SLA_STATES, ServiceType, SlaState, TicketStatus } from './shared/tickets.models';
import { injectIsPhone } from './shared/util';
import { ExportMenuComponent } from '../../shared/components/export-menu.component';

/**
 * Tickets → ops RFQ queue: the masked RFQs of my department (company "MASKED", no contact data),
 * everything needed to quote. Filters: status, service, SLA state, open only, search.
 * Test ids: rfq-table, rfq-row-<id>, rfq-filter-*, rfq-search, rfq-more, rfq-empty.
 */
@Component({
  selector: 'bcc-rfq-queue-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
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
    ExportMenuComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ng-container *transloco="let t">
    <div class="bcc-page" data-testid="page-rfq-queue">
      <bcc-page-header [title]="'nav.rfqQueue' | transloco" [subtitle]="'tickets.rfq.subtitle' | transloco" icon="request_quote" titleTestId="page-title">
        <bcc-export-menu list="ops/rfqs" [params]="list.currentQuery()" testId="rfq-export" />
      </bcc-page-header>
      <mat-card appearance="outlined">
        <form class="filters" [formGroup]="filters" (submit)="$event.preventDefault()" role="search">
          <div class="filters__row">
            <mat-form-field appearance="outline" class="filters__search" subscriptSizing="dynamic">
              <mat-label>{{ 'tickets.rfq.search' | transloco }}</mat-label>
              <input matInput type="search" formControlName="q" data-testid="rfq-search" />
            </mat-form-field>
            <mat-slide-toggle formControlName="open" data-testid="rfq-filter-open">{{ 'tickets.rfq.openOnly' | transloco }}</mat-slide-toggle>
          </div>
          <div class="filters__fields">
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ 'tickets.fields.status' | transloco }}</mat-label>
              <mat-select formControlName="status" data-testid="rfq-filter-status">
                <mat-option value="">{{ 'tickets.common.any' | transloco }}</mat-option>
                @for (s of statuses; track s) { <mat-option [value]="s">{{ 'tickets.status.' + s | transloco }}</mat-option> }
              </mat-select>
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ 'tickets.fields.service_type' | transloco }}</mat-label>
              <mat-select formControlName="service" data-testid="rfq-filter-service">
                <mat-option value="">{{ 'tickets.common.any' | transloco }}</mat-option>
                @for (s of services; track s) { <mat-option [value]="s">{{ 'tickets.service.' + s | transloco }}</mat-option> }
              </mat-select>
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ 'tickets.fields.sla' | transloco }}</mat-label>
              <mat-select formControlName="sla" data-testid="rfq-filter-sla">
                <mat-option value="">{{ 'tickets.common.any' | transloco }}</mat-option>
                @for (s of slaStates; track s) { <mat-option [value]="s">{{ 'tickets.sla.state.' + s | transloco }}</mat-option> }
              </mat-select>
            </mat-form-field>
          </div>
        </form>
        <div class="progress">@if (list.loading()) { <mat-progress-bar mode="indeterminate" /> }</div>
        <div class="bcc-table-scroll">
          <table mat-table [attr.aria-label]="'nav.rfqQueue' | transloco" [dataSource]="list.items()" data-testid="rfq-table">
            <ng-container matColumnDef="rfq">
              <th mat-header-cell *matHeaderCellDef scope="col">{{ 'tickets.rfq.columns.rfq' | transloco }}</th>
              <td mat-cell *matCellDef="let r" class="cell-main">
                <a class="cell-main__title" [routerLink]="['/tickets/rfq', r.ticket_id]" (click)="$event.stopPropagation()">{{ r.origin }} → {{ r.destination }}</a>
                <span class="cell-main__meta"><span class="mono">{{ r.ticket_id }}</span> · {{ 'tickets.service.' + r.service_type | transloco }}@if (r.commodity) { · {{ r.commodity }} }</span>
                <span class="cell-main__meta">{{ 'tickets.rfq.customer' | transloco }}: <strong>{{ r.company_name }}</strong></span>
              </td>
            </ng-container>
            <ng-container matColumnDef="cargo">
              <th mat-header-cell *matHeaderCellDef scope="col">{{ 'tickets.rfq.columns.cargo' | transloco }}</th>
              <td mat-cell *matCellDef="let r" class="nowrap">
                @if (r.weight_kg) { {{ r.weight_kg | idNumber }} kg } @if (r.volume_cbm) { · {{ r.volume_cbm | idNumber }} m³ }
              </td>
            </ng-container>
            <ng-container matColumnDef="status">
              <th mat-header-cell *matHeaderCellDef scope="col">{{ 'tickets.fields.status' | transloco }}</th>
              <td mat-cell *matCellDef="let r"><bcc-ticket-status [value]="r.status" /> <bcc-ticket-priority [value]="r.priority" /></td>
            </ng-container>
            <ng-container matColumnDef="sla">
              <th mat-header-cell *matHeaderCellDef scope="col">{{ 'tickets.fields.sla' | transloco }}</th>
              <td mat-cell *matCellDef="let r"><bcc-sla-badge [state]="r.sla_state" [minutesToDue]="r.business_minutes_to_due" [nextDueAt]="r.next_due_at" [testId]="'rfq-row-sla-' + r.ticket_id" /></td>
            </ng-container>
            <ng-container matColumnDef="quote">
              <th mat-header-cell *matHeaderCellDef scope="col">{{ 'tickets.quote.title' | transloco }}</th>
              <td mat-cell *matCellDef="let r" class="nowrap">@if (r.quote_amount) { {{ r.quote_currency }} {{ r.quote_amount | idNumber }} } @else { <span class="muted">—</span> }</td>
            </ng-container>
            <ng-container matColumnDef="created">
              <th mat-header-cell *matHeaderCellDef scope="col">{{ 'tickets.fields.created_at' | transloco }}</th>
              <td mat-cell *matCellDef="let r" class="nowrap">{{ r.created_at | idDateTime }}</td>
            </ng-container>
            <tr mat-header-row *matHeaderRowDef="columns()"></tr>
            <tr mat-row *matRowDef="let r; columns: columns()" class="row" (click)="open(r)" [attr.data-testid]="'rfq-row-' + r.ticket_id"></tr>
          </table>
        </div>
        @if (list.loaded() && list.items().length === 0) { <p class="empty" data-testid="rfq-empty">{{ 'tickets.rfq.empty' | transloco }}</p> }
        @if (list.nextCursor()) {
          <div class="more"><button mat-stroked-button type="button" (click)="list.loadMore()" data-testid="rfq-more">{{ 'common.loadMore' | transloco }}</button></div>
        }
      </mat-card>
    </div>
    </ng-container>
  `,
  styleUrl: './shared/_tickets.scss',
})
export class RfqQueuePageComponent {
  private readonly api = inject(TicketsApiService);
  private readonly router = inject(Router);
  /** A command-center drill opens this queue with `?open=true&sla_state=at_risk`. */
  private readonly initial = inject(ActivatedRoute).snapshot.queryParamMap;
  protected readonly isPhone = injectIsPhone();
  protected readonly statuses = INQUIRY_STATUSES;
  protected readonly services = SERVICE_TYPES;
  protected readonly slaStates = SLA_STATES;
  protected readonly columns = () => (this.isPhone() ? ['rfq', 'sla'] : ['rfq', 'cargo', 'status', 'sla', 'quote', 'created']);
  protected readonly filters = new FormGroup({
    q: new FormControl('', { nonNullable: true }),
    status: new FormControl('', { nonNullable: true }),
    service: new FormControl('', { nonNullable: true }),
    sla: new FormControl((SLA_STATES as readonly string[]).includes(this.initial.get('sla_state') ?? '') ? this.initial.get('sla_state')! : '', { nonNullable: true }),
    open: new FormControl(this.initial.get('open') !== 'false', { nonNullable: true }),
  });
  protected readonly list = new CursorList<MaskedRfq, RfqListQuery>((q, c) => this.api.rfqs(q, c));

  constructor() {
    this.list.connect().pipe(takeUntilDestroyed()).subscribe();
    const { q, ...others } = this.filters.controls;
    merge(q.valueChanges.pipe(debounceTime(300)), ...Object.values(others).map((c) => c.valueChanges))
      .pipe(
        startWith(null),
        map(() => this.filters.getRawValue()),
        distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
        takeUntilDestroyed(),
      )
      .subscribe((v) => {
        const query: RfqListQuery = {};
        if (v.q.trim()) query.q = v.q.trim();
        if (v.status) query.status = v.status as TicketStatus;
        if (v.service) query.service_type = v.service as ServiceType;
        if (v.sla) query.sla_state = v.sla as SlaState;
        if (v.open) query.open = true;
        this.list.load(query);
      });
  }

  protected open(r: MaskedRfq): void {
    void this.router.navigate(['/tickets/rfq', r.ticket_id]);
  }
}
