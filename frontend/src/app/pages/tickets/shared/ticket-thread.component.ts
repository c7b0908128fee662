import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { TranslocoPipe } from '@jsverse/transloco';

import { IdDateTimePipe } from '../../../shared/format/format.pipes';
import type { TicketMessage } from './tickets.models';

export interface OutgoingMessage {
  body: string;
  is_internal: boolean;
  visible_to_ops: boolean;
}

/**
 * The conversation of a ticket: messages oldest first (internal notes marked), and the compose
 * box with the internal-note toggle (target department only) and — on a masked RFQ, for the
 * requester side — "visible to operations" with a warning not to name the customer.
 * Test ids: thread, message-<id>, compose-body, compose-internal, compose-visible-ops, compose-send.
 */
@Component({
  selector: 'bcc-ticket-thread',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSlideToggleModule, TranslocoPipe, IdDateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ol class="thread" data-testid="thread" [attr.aria-label]="'tickets.thread.title' | transloco">
      @for (m of messages(); track m.message_id) {
        <li class="msg" [class.msg--internal]="m.is_internal" [class.msg--handler]="m.from_handling_department" [attr.data-testid]="'message-' + m.message_id">
          <div class="msg__head">
            <strong>{{ m.sender_name || '—' }}</strong>
            @if (m.sender_dept) { <span class="muted">· {{ 'departments.' + m.sender_dept | transloco }}</span> }
            @if (m.is_internal) { <span class="tag tag--internal">{{ 'tickets.thread.internal' | transloco }}</span> }
            @if (showOpsFlag() && m.visible_to_ops && !m.from_handling_department) { <span class="tag">{{ 'tickets.thread.visibleToOps' | transloco }}</span> }
            <time class="muted when" [attr.datetime]="m.created_at">{{ m.created_at | idDateTime }}</time>
          </div>
          <p class="msg__body">{{ m.body }}</p>
        </li>
      } @empty {
        <li class="empty">{{ 'tickets.thread.empty' | transloco }}</li>
      }
    </ol>
    @if (canWrite()) {
      <form class="compose" [formGroup]="form" (submit)="$event.preventDefault(); send()" novalidate>
        <mat-form-field appearance="outline" class="compose__body">
          <mat-label>{{ (form.controls.is_internal.value ? 'tickets.thread.notePlaceholder' : 'tickets.thread.replyPlaceholder') | transloco }}</mat-label>
          <textarea matInput rows="3" formControlName="body" maxlength="10000" data-testid="compose-body"></textarea>
        </mat-form-field>
        <div class="compose__bar">
          @if (canInternal()) {
            <mat-slide-toggle formControlName="is_internal" data-testid="compose-internal">{{ 'tickets.thread.internalToggle' | transloco }}</mat-slide-toggle>
          }
          @if (askVisibleToOps()) {
            <mat-slide-toggle formControlName="visible_to_ops" data-testid="compose-visible-ops">{{ 'tickets.thread.visibleToOpsToggle' | transloco }}</mat-slide-toggle>
          }
          <span class="spacer"></span>
          <button mat-flat-button type="submit" [disabled]="sending() || !form.controls.body.value.trim()" data-testid="compose-send">
            <mat-icon svgIcon="tk-send" />{{ 'tickets.thread.send' | transloco }}
          </button>
        </div>
        @if (askVisibleToOps() && form.controls.visible_to_ops.value) {
          <p class="warn" role="note">{{ 'tickets.thread.opsWarning' | transloco }}</p>
        }
      </form>
    }
  `,
  styles: `
    .thread { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 8px; }
    .msg { padding: 10px 12px; border-radius: 12px; background: var(--mat-sys-surface-container-low); border: 1px solid var(--mat-sys-outline-variant); }
    .msg--handler { background: #eef4ff; }
    .msg--internal { background: #fff7e0; border-style: dashed; border-color: #c9a227; }
    .msg__head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 8px; font: var(--mat-sys-body-small); }
    .when { margin-inline-start: auto; }
    .msg__body { margin: 6px 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
    .tag { padding: 0 8px; border-radius: 999px; background: var(--mat-sys-surface-container-high); font: var(--mat-sys-label-small); }
    .tag--internal { background: #ffe08a; color: #5c4300; }
    .muted { color: var(--mat-sys-on-surface-variant); }
    .empty { color: var(--mat-sys-on-surface-variant); padding: 8px 0; }
    .compose { margin-top: 12px; }
    .compose__body { width: 100%; }
    .compose__bar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; }
    .spacer { flex: 1; }
    .warn { margin: 8px 0 0; padding: 8px 12px; border-radius: 8px; background: #fff0c7; color: #5c4300; font: var(--mat-sys-body-small); }
  `,
})
export class TicketThreadComponent {
  readonly messages = input.required<TicketMessage[]>();
  readonly canWrite = input(true);
  readonly canInternal = input(false);
  readonly askVisibleToOps = input(false);
  readonly showOpsFlag = input(false);
  readonly sending = input(false);
  readonly post = output<OutgoingMessage>();

  protected readonly form = new FormGroup({
    body: new FormControl('', { nonNullable: true }),
    is_internal: new FormControl(false, { nonNullable: true }),
    visible_to_ops: new FormControl(false, { nonNullable: true }),
  });

  protected send(): void {
    const v = this.form.getRawValue();
    if (!v.body.trim()) return;
    this.post.emit({ body: v.body, is_internal: v.is_internal, visible_to_ops: v.visible_to_ops && !v.is_internal });
  }

  /** The page calls this once the message was stored. */
  reset(): void {
    this.form.reset({ body: '', is_internal: false, visible_to_ops: false });
  }
}
