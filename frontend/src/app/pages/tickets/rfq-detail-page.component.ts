import { ChangeDetectionStrategy, Component, effect, inject, input, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { TranslocoDirective, TranslocoPipe, TranslocoService } from '@jsverse/transloco';

import { toProblem } from '../../core/http/problem';
import { PageHeaderComponent } from '../../shared/components/page-header.component';
import { IdDatePipe, IdDateTimePipe, IdNumberPipe } from '../../shared/format/format.pipes';
import { StatusActionsComponent } from './shared/status-actions.component';
import { TicketAttachmentsComponent } from './shared/ticket-attachments.component';
import { SlaBadgeComponent, TicketPriorityComponent, TicketStatusComponent } from './shared/ticket-chips.component';
import { OutgoingMessage, TicketThreadComponent } from './shared/ticket-thread.component';
import { TicketsApiService } from './shared/tickets-api.service';
import type { MaskedRfqDetail, TicketAttachment, TicketPatch } from './shared/tickets.models';
import { saveDownload } from '../../shared/download';
import { allowedOf, newKey } from './shared/util';

/**
 * Tickets → ops RFQ detail (masked): what ops need to quote, the thread they may read (their
 * department's messages and what the requester shared), files, and the quote action — without
 * ever reading the customer behind it.
 * Test ids: rfq-detail, rfq-company, sla-badge, status-btn-*, quote-*, thread, compose-*, attach-*.
 */
@Component({
  selector: 'bcc-rfq-detail-page',
  imports: [
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatIconModule,
    MatProgressBarModule,
    TranslocoDirective,
    TranslocoPipe,
    IdDatePipe,
    IdDateTimePipe,
    IdNumberPipe,
    PageHeaderComponent,
    SlaBadgeComponent,
    StatusActionsComponent,
    TicketAttachmentsComponent,
    TicketPriorityComponent,
    TicketStatusComponent,
    TicketThreadComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ng-container *transloco="let t">
    <div class="bcc-page" data-testid="rfq-detail">
      @if (notFound()) {
        <bcc-page-header [title]="'tickets.detail.notFound' | transloco" icon="request_quote" titleTestId="page-title" />
        <a mat-stroked-button routerLink="/tickets/rfq">{{ 'tickets.common.back' | transloco }}</a>
      } @else if (rfq(); as r) {
        <bcc-page-header [title]="r.origin + ' → ' + r.destination" [subtitle]="r.ticket_id" icon="request_quote" titleTestId="page-title">
          <a mat-button routerLink="/tickets/rfq"><mat-icon svgIcon="tk-back" />{{ 'tickets.common.back' | transloco }}</a>
        </bcc-page-header>
        <div class="summary">
          <bcc-ticket-status [value]="r.status" testId="ticket-status" />
          <bcc-ticket-priority [value]="r.priority" />
          <bcc-sla-badge [state]="r.sla_state" [minutesToDue]="r.business_minutes_to_due" [nextDueAt]="r.next_due_at" testId="sla-badge" />
        </div>
        <mat-card appearance="outlined" class="card">
          <h2 class="card__title">{{ 'tickets.detail.actions' | transloco }}</h2>
          <bcc-status-actions [transitions]="r.allowed_transitions" [busy]="busy()" (apply)="change($event)" />
          @if (error()) { <p class="error-box" role="alert" data-testid="detail-error">{{ error() }}</p> }
        </mat-card>
        <div class="columns">
          <div>
            <mat-card appearance="outlined" class="card">
              <h2 class="card__title">{{ 'tickets.rfq.details' | transloco }}</h2>
              <dl class="facts">
                <dt>{{ 'tickets.rfq.customer' | transloco }}</dt><dd data-testid="rfq-company"><strong>{{ r.company_name }}</strong> <span class="muted">({{ 'tickets.rfq.maskedNote' | transloco }})</span></dd>
                <dt>{{ 'tickets.fields.service_type' | transloco }}</dt><dd>{{ 'tickets.service.' + r.service_type | transloco }}</dd>
                @if (r.commodity) { <dt>{{ 'tickets.fields.commodity' | transloco }}</dt><dd>{{ r.commodity }}</dd> }
                @if (r.weight_kg) { <dt>{{ 'tickets.fields.weight_kg' | transloco }}</dt><dd>{{ r.weight_kg | idNumber }} kg</dd> }
                @if (r.volume_cbm) { <dt>{{ 'tickets.fields.volume_cbm' | transloco }}</dt><dd>{{ r.volume_cbm | idNumber }} m³</dd> }
                @if (r.ready_date) { <dt>{{ 'tickets.fields.ready_date' | transloco }}</dt><dd>{{ r.ready_date | idDate }}</dd> }
                <dt>{{ 'tickets.rfq.requester' | transloco }}</dt><dd>{{ r.created_by_name }} · {{ r.created_at | idDateTime }}</dd>
                @if (r.status_reason) { <dt>{{ 'tickets.fields.reason' | transloco }}</dt><dd>{{ r.status_reason }}</dd> }
              </dl>
              @if (r.description) { <p class="description">{{ r.description }}</p> }
              @if (r.quotes.length) {
                <div class="quotes" data-testid="detail-quotes">
                  <h3>{{ 'tickets.quote.title' | transloco }}</h3>
                  @for (q of r.quotes; track q.quote_id) {
                    <p><strong>{{ q.currency }} {{ q.amount | idNumber }}</strong> · {{ 'tickets.quote.validUntilShort' | transloco: { date: (q.valid_until | idDate) } }}@if (q.notes) { · {{ q.notes }} }</p>
                  }
                </div>
              }
            </mat-card>
            <mat-card appearance="outlined" class="card">
              <h2 class="card__title">{{ 'tickets.thread.title' | transloco }}</h2>
              <p class="muted small">{{ 'tickets.rfq.threadNote' | transloco }}</p>
              <bcc-ticket-thread [messages]="r.messages" [canInternal]="true" [sending]="sending()" (post)="send($event)" />
            </mat-card>
          </div>
          <div>
            <mat-card appearance="outlined" class="card">
              <h2 class="card__title">{{ 'tickets.files.title' | transloco }}</h2>
              <bcc-ticket-attachments [items]="r.attachments" [canInternal]="true" [uploading]="uploading()" [error]="uploadError()" (upload)="upload($event)" (download)="download($event)" />
            </mat-card>
          </div>
        </div>
      } @else {
        <mat-progress-bar mode="indeterminate" />
      }
    </div>
    </ng-container>
  `,
  styleUrl: './ticket-detail-page.component.scss',
})
export class RfqDetailPageComponent {
  private readonly api = inject(TicketsApiService);
  private readonly transloco = inject(TranslocoService);
  readonly id = input.required<string>();
  protected readonly rfq = signal<MaskedRfqDetail | null>(null);
  protected readonly notFound = signal(false);
  protected readonly busy = signal(false);
  protected readonly sending = signal(false);
  protected readonly uploading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly uploadError = signal<string | null>(null);
  protected readonly thread = viewChild(TicketThreadComponent);
  private key = newKey();

  constructor() {
    effect(() => this.load(this.id()));
  }

  private load(id: string): void {
    this.api.rfq(id).subscribe({ next: (r) => this.rfq.set(r), error: () => this.notFound.set(true) });
  }

  protected change(patch: TicketPatch): void {
    this.error.set(null);
    this.busy.set(true);
    this.api.updateRfq(this.id(), patch).subscribe({
      next: (r) => {
        this.busy.set(false);
        this.rfq.set(r);
      },
      error: (err: unknown) => {
        this.busy.set(false);
        const p = toProblem(err);
        const allowed = allowedOf(err);
        this.error.set(
          `${p.detail ?? ''}${p.errors.length ? ` (${p.errors.map((e) => `${e.field}: ${e.message}`).join('; ')})` : ''}` +
            (p.status === 409 ? ` ${this.transloco.translate('tickets.detail.allowedNow', { allowed: allowed.map((s) => this.transloco.translate(`tickets.status.${s}`)).join(', ') || '—' })}` : ''),
        );
        this.load(this.id());
      },
    });
  }

  protected send(m: OutgoingMessage): void {
    this.sending.set(true);
    this.api.postRfqMessage(this.id(), { body: m.body, is_internal: m.is_internal }, this.key).subscribe({
      next: () => {
        this.sending.set(false);
        this.key = newKey();
        this.thread()?.reset();
        this.load(this.id());
      },
      error: (err: unknown) => {
        this.sending.set(false);
        this.error.set(toProblem(err).detail);
      },
    });
  }

  protected upload(e: { file: File; is_internal: boolean }): void {
    this.uploadError.set(null);
    this.uploading.set(true);
    this.api.uploadRfq(this.id(), e.file, e).subscribe({
      next: () => {
        this.uploading.set(false);
        this.load(this.id());
      },
      error: (err: unknown) => {
        this.uploading.set(false);
        const p = toProblem(err);
        this.uploadError.set(p.status === 413 ? this.transloco.translate('tickets.files.tooLarge') : p.status === 415 ? this.transloco.translate('tickets.files.badType') : p.detail);
      },
    });
  }

  protected download(a: TicketAttachment): void {
    this.api.downloadRfq(this.id(), a.attachment_id).subscribe((r) => saveDownload(r, a.file_name ?? 'lampiran'));
  }
}
