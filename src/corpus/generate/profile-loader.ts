/**
 * Finds and reads a generation profile: a shipped one by name (`busy-server` →
 * `corpora/profiles/busy-server.json` in the package) or any JSON file by path.
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProfileError } from './generate-errors.js';
import { validateProfile, type Profile } from './profile.js';

/** The name of the profile used when none is given. */
export const DEFAULT_PROFILE_NAME = 'busy-server';

/** A profile and where it came from. */
export interface LoadedProfile {
  /** What the user named: a shipped profile's name, or the path as given. Recorded in the labels. */
  readonly name: string;
  /** How messages name the file (`corpora/profiles/busy-server.json`, or the path as given). */
  readonly source: string;
  readonly profile: Profile;
}

/** Options of {@link loadProfile}. */
export interface LoadProfileOptions {
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
  /** Where shipped profiles live; defaults to the package's `corpora/profiles`. */
  readonly profilesDir?: string;
}

/** The package's `corpora/profiles` directory (works from `src/` under vitest and from `dist/src/`). */
export function shippedProfilesDir(): string {
  const candidates = ['../../../corpora/profiles', '../../../../corpora/profiles'].map((rel) =>
    fileURLToPath(new URL(rel, import.meta.url)),
  );
  return candidates.find((dir) => existsSync(dir)) ?? (candidates[0] as string);
}

/** Names of the shipped profiles, sorted. */
export function listProfiles(profilesDir = shippedProfilesDir()): string[] {
  if (!existsSync(profilesDir)) return [];
  return readdirSync(profilesDir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

/** True when `value` names a shipped profile rather than a path (no separator, no `.json`). */
export function isProfileName(value: string): boolean {
  return !value.includes('/') && !value.includes('\\') && !value.endsWith('.json');
}

/**
 * Loads and validates a profile by name or path.
 *
 * @throws ProfileError (`ERR_CORPUS_PROFILE`) for an unknown name, an unreadable file, invalid JSON or an
 *   invalid profile; the message starts with the file (`corpora/profiles/x.json: …`).
 */
export async function loadProfile(nameOrPath: string, options: LoadProfileOptions): Promise<LoadedProfile> {
  const profilesDir = options.profilesDir ?? shippedProfilesDir();
  let path: string;
  let source: string;
  if (isProfileName(nameOrPath)) {
    path = resolve(profilesDir, `${nameOrPath}.json`);
    source = `corpora/profiles/${nameOrPath}.json`;
    if (!existsSync(path)) {
      throw new ProfileError(source, `no such profile (shipped profiles: ${listProfiles(profilesDir).join(', ')})`);
    }
  } else {
    path = isAbsolute(nameOrPath) ? nameOrPath : resolve(options.cwd, nameOrPath);
    source = isAbsolute(nameOrPath) ? nameOrPath : relative(options.cwd, path) || basename(path);
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ProfileError(source, `cannot read the profile: ${reason}`, undefined, error);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ProfileError(source, `not valid JSON: ${(error as Error).message}`, undefined, error);
  }
  return { name: nameOrPath, source, profile: validateProfile(raw, source) };
}
