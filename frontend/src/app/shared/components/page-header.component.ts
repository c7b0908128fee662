import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';

/**
 * The header every page starts with: optional icon, one `<h1>`, an optional subtitle and a
 * slot for page actions (`<bcc-page-header title="…"><button …>New</button></bcc-page-header>`).
 */
@Component({
  selector: 'bcc-page-header',
  imports: [MatIconModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="page-header">
      @if (icon()) {
        <span class="page-header__icon" aria-hidden="true">
          <mat-icon [svgIcon]="icon()!" />
        </span>
      }
      <div class="page-header__text">
        <h1 class="page-header__title" [attr.data-testid]="titleTestId()">{{ title() }}</h1>
        @if (subtitle()) {
          <p class="page-header__subtitle">{{ subtitle() }}</p>
        }
      </div>
      <div class="page-header__actions">
        <ng-content />
      </div>
    </header>
  `,
  styles: `
    .page-header {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 12px 16px;
      margin-bottom: 24px;
    }
    .page-header__icon {
      display: inline-flex;
      align-items: center;
      justify-content: center;
      width: 48px;
      height: 48px;
      border-radius: 12px;
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
      flex: none;
    }
    .page-header__text {
      flex: 1 1 240px;
      min-width: 0;
    }
    .page-header__title {
      margin: 0;
      font: var(--mat-sys-headline-small);
      overflow-wrap: anywhere;
    }
    .page-header__subtitle {
      margin: 4px 0 0;
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .page-header__actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .page-header__actions:empty {
      display: none;
    }
  `,
})
export class PageHeaderComponent {
  readonly title = input.required<string>();
  readonly subtitle = input<string | null>(null);
  readonly icon = input<string | null>(null);
  readonly titleTestId = input<string | null>(null);
}
