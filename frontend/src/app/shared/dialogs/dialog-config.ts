import type { MatDialogConfig } from '@angular/material/dialog';

/**
 * Dialog settings shared by the console: at most `width` wide on larger screens, the full
 * screen width on phones (maxWidth 100vw beats Material's default 80vw), and focus on the
 * first form field.
 */
export function dialogConfig<D>(data: D, options: { width?: string; disableClose?: boolean } = {}): MatDialogConfig<D> {
  return {
    data,
    width: options.width ?? '560px',
    maxWidth: '100vw',
    autoFocus: 'first-tabbable',
    restoreFocus: true,
    disableClose: options.disableClose ?? false,
    panelClass: 'bcc-dialog',
  };
}
