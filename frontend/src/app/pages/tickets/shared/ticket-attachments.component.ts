import { ChangeDetectionStrategy, Component, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { TranslocoPipe } from '@jsverse/transloco';

import { IdDateTimePipe } from '../../../shared/format/format.pipes';
import { TicketAttachment, formatBytes } from './tickets.models';

/**
 * Files of a ticket: a drop zone (drag and drop, or click to pick — also on phones), the list
 * with authorised downloads. Limits come from the server (413 too large, 415 type).
 * Test ids: attach-drop, attach-input, attach-list, attach-item-<id>, attach-download-<id>, attach-error.
 */
@Component({
  selector: 'bcc-ticket-attachments',
  imports: [MatButtonModule, MatIconModule, MatProgressBarModule, MatSlideToggleModule, TranslocoPipe, IdDateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (canUpload()) {
      <div
        class="drop"
        [class.drop--over]="over()"
        role="button"
        tabindex="0"
        (click)="input.click()"
        (keydown.enter)="input.click()"
        (keydown.space)="$event.preventDefault(); input.click()"
        (dragover)="$event.preventDefault(); over.set(true)"
        (dragleave)="over.set(false)"
        (drop)="dropped($event)"
        data-testid="attach-drop"
        [attr.aria-label]="'tickets.files.drop' | transloco"
      >
        <mat-icon svgIcon="tk-cloud-upload" />
        <span>{{ 'tickets.files.drop' | transloco }}</span>
        <span class="hint">{{ 'tickets.files.limits' | transloco }}</span>
      </div>
      <input #input type="file" hidden (change)="picked(input)" data-testid="attach-input" />
      @if (canInternal()) {
        <mat-slide-toggle class="toggle" [checked]="internal()" (change)="internal.set($event.checked)" data-testid="attach-internal">{{ 'tickets.files.internal' | transloco }}</mat-slide-toggle>
      }
      @if (askVisibleToOps()) {
        <mat-slide-toggle class="toggle" [checked]="visibleToOps()" (change)="visibleToOps.set($event.checked)" data-testid="attach-visible-ops">{{ 'tickets.files.visibleToOps' | transloco }}</mat-slide-toggle>
      }
      @if (uploading()) { <mat-progress-bar mode="indeterminate" /> }
      @if (error()) { <p class="error" role="alert" data-testid="attach-error">{{ error() }}</p> }
    }
    <ul class="list" data-testid="attach-list">
      @for (a of items(); track a.attachment_id) {
        <li class="item" [attr.data-testid]="'attach-item-' + a.attachment_id">
          <mat-icon svgIcon="tk-attach" class="item__icon" />
          <span class="item__name">{{ a.file_name || a.attachment_id }}</span>
          <span class="muted">{{ size(a.size_bytes) }} · {{ a.uploader_name }} · {{ a.created_at | idDateTime }}</span>
          @if (a.is_internal) { <span class="tag">{{ 'tickets.thread.internal' | transloco }}</span> }
          <button mat-icon-button type="button" (click)="download.emit(a)" [attr.aria-label]="'tickets.files.download' | transloco" [attr.data-testid]="'attach-download-' + a.attachment_id">
            <mat-icon svgIcon="tk-download" />
          </button>
        </li>
      } @empty {
        <li class="muted">{{ 'tickets.files.empty' | transloco }}</li>
      }
    </ul>
  `,
  styles: `
    .drop { display: flex; flex-direction: column; align-items: center; gap: 4px; padding: 16px; border: 2px dashed var(--mat-sys-outline-variant); border-radius: 12px; cursor: pointer; text-align: center; color: var(--mat-sys-on-surface-variant); }
    .drop--over, .drop:focus-visible { border-color: var(--mat-sys-primary); background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); outline: none; }
    .hint { font: var(--mat-sys-body-small); }
    .toggle { display: block; margin-top: 8px; }
    .error { margin: 8px 0 0; padding: 8px 12px; border-radius: 8px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .list { list-style: none; margin: 12px 0 0; padding: 0; display: flex; flex-direction: column; gap: 4px; }
    .item { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 8px; }
    .item__icon { width: 20px; height: 20px; }
    .item__name { font-weight: 500; overflow-wrap: anywhere; }
    .muted { color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-small); }
    .tag { padding: 0 8px; border-radius: 999px; background: #ffe08a; color: #5c4300; font: var(--mat-sys-label-small); }
  `,
})
export class TicketAttachmentsComponent {
  readonly items = input.required<TicketAttachment[]>();
  readonly canUpload = input(true);
  readonly canInternal = input(false);
  readonly askVisibleToOps = input(false);
  readonly uploading = input(false);
  readonly error = input<string | null>(null);
  readonly upload = output<{ file: File; is_internal: boolean; visible_to_ops: boolean }>();
  readonly download = output<TicketAttachment>();

  protected readonly over = signal(false);
  protected readonly internal = signal(false);
  protected readonly visibleToOps = signal(false);

  protected size(bytes: number): string {
    return formatBytes(bytes);
  }

  protected dropped(event: DragEvent): void {
    event.preventDefault();
    this.over.set(false);
    const file = event.dataTransfer?.files?.[0];
    if (file) this.emit(file);
  }

  protected picked(el: HTMLInputElement): void {
    const file = el.files?.[0];
    if (file) this.emit(file);
    el.value = '';
  }

  private emit(file: File): void {
    this.upload.emit({ file, is_internal: this.internal(), visible_to_ops: this.visibleToOps() && !this.internal() });
  }
}
