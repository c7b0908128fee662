import { AbstractControl, ValidationErrors, ValidatorFn, Validators } from '@angular/forms';

/** Mirrors the server's password rules (MIN_PASSWORD_LENGTH, MaxLength(256)). */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

/** Validators of a new password, as the server checks it. */
export const NEW_PASSWORD_VALIDATORS: ValidatorFn[] = [
  Validators.required,
  Validators.minLength(PASSWORD_MIN_LENGTH),
  Validators.maxLength(PASSWORD_MAX_LENGTH),
];

/**
 * Group validator: the `confirm` control must repeat `password`. The error is set on the
 * confirm control itself (`mismatch`) so it shows inline under that field.
 */
export function passwordsMatch(password: string, confirm: string): ValidatorFn {
  return (group: AbstractControl): ValidationErrors | null => {
    const confirmControl = group.get(confirm);
    const value = group.get(password)?.value as unknown;
    if (!confirmControl) {
      return null;
    }
    const mismatch = !!confirmControl.value && confirmControl.value !== value;
    const { mismatch: _previous, ...others } = confirmControl.errors ?? {};
    if (mismatch) {
      confirmControl.setErrors({ ...others, mismatch: true });
    } else if (_previous) {
      confirmControl.setErrors(Object.keys(others).length ? others : null);
    }
    return mismatch ? { mismatch: true } : null;
  };
}
