/**
 * Credentials never reach the terminal, a report or an error message (PUSH.md §1). Every URL the tool
 * prints goes through {@link redactUrl}; every message built from a server answer goes through
 * {@link redactSecrets}.
 */

/** The URL with any `user:password@` replaced by `***@`; unparsable input is fully masked. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username !== '' || parsed.password !== '') {
      parsed.username = '***';
      parsed.password = '';
    }
    return parsed.toString();
  } catch (error) {
    return error instanceof TypeError ? '<invalid URL>' : '<unprintable URL>';
  }
}

/** Replaces each non-empty secret occurring in `text` with `***`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length > 0) out = out.split(secret).join('***');
  return out;
}
