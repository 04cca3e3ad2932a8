/** Input a residency rule cannot use; the message says what was wrong and what to give instead. */
export class ResidencyError extends Error {
  override name = 'ResidencyError';
}
