import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatChipsModule } from '@angular/material/chips';
import { TranslocoPipe } from '@jsverse/transloco';

/** Tone of a status: neutral, in progress, good, bad. */
export type ChipTone = 'new' | 'progress' | 'info' | 'good' | 'bad' | 'neutral';

const TONES: Readonly<Record<string, ChipTone>> = {
  // lead statuses
  'lead.NEW': 'new',
  'lead.QUALIFIED': 'info',
  'lead.HANDED_OVER': 'progress',
  'lead.CONVERTED': 'good',
  'lead.DISQUALIFIED': 'bad',
  // prospect stages
  'stage.NEW': 'new',
  'stage.CONTACTED': 'info',
  'stage.NEEDS_ANALYSIS': 'info',
  'stage.QUOTATION': 'progress',
  'stage.NEGOTIATION': 'progress',
  'stage.WON': 'good',
  'stage.LOST': 'bad',
};

/**
 * A lead status or prospect stage as a Material chip, coloured by meaning and labelled in the
 * UI language (`crm.leadStatus.*` / `crm.stage.*`). Display only: not focusable, no ripple.
 */
@Component({
  selector: 'bcc-crm-status-chip',
  imports: [MatChipsModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-chip-set class="set" [attr.aria-label]="(kind() === 'lead' ? 'crm.leads.columns.status' : 'crm.stageLabel') | transloco">
      <mat-chip
        [class]="'chip chip--' + tone()"
        [disableRipple]="true"
        [attr.data-testid]="testId()"
        [attr.data-value]="value()"
      >
        {{ (kind() === 'lead' ? 'crm.leadStatus.' : 'crm.stage.') + value() | transloco }}
      </mat-chip>
    </mat-chip-set>
  `,
  styles: `
    :host {
      display: inline-block;
    }
    .set {
      display: inline-flex;
      vertical-align: middle;
    }
    /* A lone chip: no chip-set gutter (the set offsets its chips by a negative margin). */
    :host ::ng-deep .mat-mdc-chip-set .mdc-evolution-chip-set__chips {
      margin: 0;
    }
    .chip {
      --mat-chip-container-height: 26px;
      --mat-chip-label-text-size: 0.75rem;
      --mat-chip-outline-width: 0;
      pointer-events: none;
      margin: 0 !important;
    }
    .chip--new {
      --mat-chip-elevated-container-color: #e3e8f4;
      --mat-chip-label-text-color: #1f3a70;
    }
    .chip--info {
      --mat-chip-elevated-container-color: #d8ecff;
      --mat-chip-label-text-color: #00497d;
    }
    .chip--progress {
      --mat-chip-elevated-container-color: #fff0c7;
      --mat-chip-label-text-color: #5c4300;
    }
    .chip--good {
      --mat-chip-elevated-container-color: #c4eed0;
      --mat-chip-label-text-color: #0b5a2a;
    }
    .chip--bad {
      --mat-chip-elevated-container-color: #ffdad6;
      --mat-chip-label-text-color: #93000a;
    }
    .chip--neutral {
      --mat-chip-elevated-container-color: var(--mat-sys-surface-container-high);
      --mat-chip-label-text-color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class StatusChipComponent {
  readonly kind = input.required<'lead' | 'stage'>();
  readonly value = input.required<string>();
  readonly testId = input<string | null>(null);
  protected readonly tone = computed<ChipTone>(() => TONES[`${this.kind()}.${this.value()}`] ?? 'neutral');
}
