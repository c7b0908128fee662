import { ChangeDetectionStrategy, Component, booleanAttribute, input } from '@angular/core';
import { MatCardModule } from '@angular/material/card';

/**
 * One card of a CRM detail page (customer 360, lead detail): an outlined Material card with an
 * `h2` title and either the projected content or, when `empty`, the muted `emptyText`.
 * The host takes no box (`display: contents`), so the card itself is the item of the page's
 * `.panels` grid; `testId` goes on the card. `wide` spans both grid columns on desktop.
 */
@Component({
  selector: 'bcc-crm-detail-panel',
  imports: [MatCardModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined" class="panel" [class.panel--wide]="wide()" [attr.data-testid]="testId()">
      <mat-card-header>
        <mat-card-title><h2 class="panel__title">{{ title() }}</h2></mat-card-title>
      </mat-card-header>
      <mat-card-content>
        @if (empty()) {
          <p class="muted">{{ emptyText() }}</p>
        } @else {
          <ng-content />
        }
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    :host {
      display: contents;
    }

    .panel--wide {
      @media (min-width: 960px) {
        grid-column: 1 / -1;
      }
    }

    .panel__title {
      margin: 0;
      font: var(--mat-sys-title-medium);
    }

    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class DetailPanelComponent {
  readonly title = input.required<string>();
  readonly testId = input<string | null>(null);
  readonly wide = input(false, { transform: booleanAttribute });
  /** When true the card shows `emptyText` instead of its content. */
  readonly empty = input(false);
  readonly emptyText = input('');
}
