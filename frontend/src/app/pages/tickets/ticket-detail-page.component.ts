import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { TranslocoDirective, TranslocoPipe, TranslocoService } from '@jsverse/transloco';

import { AuthService } from '../../core/auth/auth.service';
import { toProblem } from '../../core/http/problem';
import { PageHeaderComponent } from '../../shared/components/page-header.component';
import { HistoryLinkComponent } from '../../shared/components/history-link.component';
import { IdDatePipe, IdDateTimePipe, IdNumberPipe } from '../../shared/format/format.pipes';
import { StatusActionsComponent } from './shared/status-actions.component';
import { TicketAttachmentsComponent } from './shared/ticket-attachments.component';
import { SlaBadgeComponent, TicketPriorityComponent, TicketStatusComponent } from './shared/ticket-chips.component';
import { OutgoingMessage, TicketThreadComponent } from './shared/ticket-thread.component';
import { TicketsApiService } from './shared/tickets-api.service';
import {
  Assignee,
  SlaEvent,
  TICKET_PRIORITIES,
  TicketAttachment,
  TicketDetail,
  TicketMessage,
  TicketPatch,
  formatBusinessMinutes,
} from './shared/tickets.models';
import { saveDownload } from '../../shared/download';
import { allowedOf, newKey } from './shared/util';

/**
 * Tickets → ticket detail: the request (type-specific fields, related customer as the caller may
 * see it), only the status buttons the server allows, priority and assignee, the SLA badge with the
 * time to breach in business hours, the thread with the internal-note toggle, drag-and-drop files
 * and the SLA timeline. Test ids: ticket-detail, ticket-status, sla-badge, status-btn-*, thread,
 * compose-*, attach-*, detail-error, sla-events, detail-priority, detail-assignee.
 */
@Component({
  selector: 'bcc-ticket-detail-page',
  imports: [
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatProgressBarModule,
    MatSelectModule,
    TranslocoDirective,
    TranslocoPipe,
    IdDatePipe,
    IdDateTimePipe,
    IdNumberPipe,
    PageHeaderComponent,
    HistoryLinkComponent,
    SlaBadgeComponent,
    StatusActionsComponent,
    TicketAttachmentsComponent,
    TicketPriorityComponent,
    TicketStatusComponent,
    TicketThreadComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './ticket-detail-page.component.html',
  styleUrl: './ticket-detail-page.component.scss',
})
export class TicketDetailPageComponent {
  private readonly api = inject(TicketsApiService);
  private readonly auth = inject(AuthService);
  private readonly transloco = inject(TranslocoService);

  /** Route parameter :id. */
  readonly id = input.required<string>();

  protected readonly priorities = TICKET_PRIORITIES;
  protected readonly ticket = signal<TicketDetail | null>(null);
  protected readonly notFound = signal(false);
  protected readonly messages = signal<TicketMessage[]>([]);
  protected readonly files = signal<TicketAttachment[]>([]);
  protected readonly events = signal<SlaEvent[]>([]);
  protected readonly assignees = signal<Assignee[]>([]);
  protected readonly busy = signal(false);
  protected readonly sending = signal(false);
  protected readonly uploading = signal(false);
  protected readonly actionError = signal<string | null>(null);
  protected readonly uploadError = signal<string | null>(null);
  protected readonly thread = viewChild(TicketThreadComponent);
  private messageKey = newKey();

  protected readonly isRfq = computed(() => this.ticket()?.ticket_type === 'inquiry_tariff');
  /** On a masked RFQ the requester side decides what operations may read. */
  protected readonly askVisibleToOps = computed(() => {
    const t = this.ticket();
    return !!t && t.need_customer_masking && !t.can_write_internal;
  });
  protected readonly units = computed(() => ({ h: this.transloco.translate('tickets.sla.hoursShort'), m: this.transloco.translate('tickets.sla.minutesShort') }));

  constructor() {
    effect(() => this.load(this.id()));
  }

  private load(id: string): void {
    this.api.get(id).subscribe({
      next: (t) => {
        this.ticket.set(t);
        this.notFound.set(false);
        if (t.can_edit && this.assignees().length === 0) {
          this.api.assignees(t.dept_target).subscribe({ next: (r) => this.assignees.set(r.items), error: () => undefined });
        }
      },
      error: () => this.notFound.set(true),
    });
    this.loadThread(id);
    this.api.attachments(id).subscribe({ next: (r) => this.files.set(r.items), error: () => undefined });
  }

  private loadThread(id: string): void {
    this.api.messages(id).subscribe({ next: (r) => this.messages.set(r.items), error: () => undefined });
    this.api.slaEvents(id).subscribe({ next: (r) => this.events.set(r.items), error: () => undefined });
  }

  private refresh(): void {
    const id = this.id();
    this.api.get(id).subscribe({ next: (t) => this.ticket.set(t), error: () => undefined });
    this.loadThread(id);
  }

  protected change(patch: TicketPatch): void {
    this.actionError.set(null);
    this.busy.set(true);
    this.api.update(this.id(), patch).subscribe({
      next: (t) => {
        this.busy.set(false);
        this.ticket.set(t);
        this.loadThread(this.id());
      },
      error: (err: unknown) => {
        this.busy.set(false);
        const problem = toProblem(err);
        const allowed = allowedOf(err);
        const extra = problem.status === 409
          ? ` ${this.transloco.translate('tickets.detail.allowedNow', { allowed: allowed.map((s) => this.transloco.translate(`tickets.status.${s}`)).join(', ') || '—' })}`
          : '';
        this.actionError.set(`${problem.errors[0]?.message ? `${problem.detail} (${problem.errors.map((e) => `${e.field}: ${e.message}`).join('; ')})` : problem.detail ?? ''}${extra}`);
        this.refresh();
      },
    });
  }

  protected send(m: OutgoingMessage): void {
    this.sending.set(true);
    this.api.postMessage(this.id(), m, this.messageKey).subscribe({
      next: () => {
        this.sending.set(false);
        this.messageKey = newKey();
        this.thread()?.reset();
        this.refresh();
      },
      error: (err: unknown) => {
        this.sending.set(false);
        this.actionError.set(toProblem(err).detail);
      },
    });
  }

  protected upload(e: { file: File; is_internal: boolean; visible_to_ops: boolean }): void {
    this.uploadError.set(null);
    this.uploading.set(true);
    this.api.upload(this.id(), e.file, e).subscribe({
      next: (a) => {
        this.uploading.set(false);
        this.files.update((list) => [...list, a]);
        this.refresh();
      },
      error: (err: unknown) => {
        this.uploading.set(false);
        const p = toProblem(err);
        this.uploadError.set(p.status === 413 ? this.transloco.translate('tickets.files.tooLarge') : p.status === 415 ? this.transloco.translate('tickets.files.badType') : p.detail);
      },
    });
  }

  protected download(a: TicketAttachment): void {
    this.api.download(this.id(), a.attachment_id).subscribe((r) => saveDownload(r, a.file_name ?? 'lampiran'));
  }

  protected minutes(m: number | null | undefined): string {
    return formatBusinessMinutes(m, this.units());
  }

  protected isMine(): boolean {
    return this.ticket()?.created_by === this.auth.user()?.user_id;
  }
}
