import { MAX_PASSWORD_BYTES } from '@marketshare/contracts';

export const MIN_PASSWORD_LENGTH = 8;

/** The problem with a new password, or undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `must have at least ${MIN_PASSWORD_LENGTH} characters`;
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) return `must be at most ${MAX_PASSWORD_BYTES} bytes long`;
  if (!password.trim()) return 'must not be only spaces';
  return undefined;
}
