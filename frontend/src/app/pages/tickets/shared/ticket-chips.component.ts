import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';

import { formatDateTime } from '../../../shared/format/format';
import { SlaState, formatBusinessMinutes } from './tickets.models';

const STATUS_TONE: Readonly<Record<string, string>> = {
  OPEN: 'new',
  IN_PROGRESS: 'progress',
  WAITING_CUSTOMER: 'info',
  RESOLVED: 'good',
  CLOSED: 'neutral',
  QUOTED: 'info',
  WON: 'good',
  LOST: 'bad',
  CANCELLED: 'neutral',
};

/** A ticket status as a small coloured label (`tickets.status.*`). */
@Component({
  selector: 'bcc-ticket-status',
  imports: [TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="tk-pill" [class]="'tk-pill tk-pill--' + tone()" [attr.data-testid]="testId()" [attr.data-value]="value()">{{
    'tickets.status.' + value() | transloco
  }}</span>`,
  styleUrl: './ticket-chips.scss',
})
export class TicketStatusComponent {
  readonly value = input.required<string>();
  readonly testId = input<string | null>(null);
  protected readonly tone = computed(() => STATUS_TONE[this.value()] ?? 'neutral');
}

/** A priority as a small label; urgent and high stand out. */
@Component({
  selector: 'bcc-ticket-priority',
  imports: [TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="tk-pill" [class]="'tk-pill tk-pill--prio-' + value()">{{ 'tickets.priority.' + value() | transloco }}</span>`,
  styleUrl: './ticket-chips.scss',
})
export class TicketPriorityComponent {
  readonly value = input.required<string>();
}

/**
 * The SLA badge: state (breached / at risk / on track / paused / met) and the time to the next
 * due time in business hours (Mon–Fri 08:00–17:00 WIB, holidays excluded), e.g. "Sisa 2 j 15 m".
 */
@Component({
  selector: 'bcc-sla-badge',
  imports: [TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span class="tk-sla" [class]="'tk-sla tk-sla--' + state()" [attr.data-testid]="testId()" [attr.data-state]="state()" [attr.title]="title()">
      <span class="tk-sla__dot" aria-hidden="true"></span>
      <span>{{ 'tickets.sla.state.' + state() | transloco }}</span>
      @if (timeText(); as text) {
        <span class="tk-sla__time">· {{ text }}</span>
      }
    </span>
  `,
  styleUrl: './ticket-chips.scss',
})
export class SlaBadgeComponent {
  private readonly transloco = inject(TranslocoService);
  readonly state = input.required<SlaState>();
  readonly minutesToDue = input<number | null>(null);
  readonly nextDueAt = input<string | null>(null);
  readonly testId = input<string | null>('sla-badge');

  protected readonly timeText = computed(() => {
    const m = this.minutesToDue();
    if (m === null || m === undefined || this.state() === 'paused' || this.state() === 'met') {
      return null;
    }
    const units = { h: this.transloco.translate('tickets.sla.hoursShort'), m: this.transloco.translate('tickets.sla.minutesShort') };
    const key = m >= 0 ? 'tickets.sla.left' : 'tickets.sla.overdue';
    return this.transloco.translate(key, { time: formatBusinessMinutes(m, units) });
  });

  protected readonly title = computed(() => {
    const due = this.nextDueAt();
    return due ? this.transloco.translate('tickets.sla.dueAt', { at: formatDateTime(due) }) : null;
  });
}
