/** Small helpers shared by the route modules. */
import { createHash, randomBytes, randomInt } from 'node:crypto';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const LOWER_DIGITS = `${LOWER}0123456789`;
const ALNUM = `${LOWER_DIGITS}ABCDEFGHIJKLMNOPQRSTUVWXYZ`;

/** Grafana's `util.GenerateShortUID` shape: 14 lower-case characters starting with a letter. */
export function shortUid(): string {
  let out = LOWER[randomInt(LOWER.length)] ?? 'a';
  for (let i = 1; i < 14; i++) out += LOWER_DIGITS[randomInt(LOWER_DIGITS.length)] ?? '0';
  return out;
}

/** A service-account token in Grafana's format: `glsa_<32 alphanumerics>_<8 hex>`. */
export function serviceAccountTokenString(): string {
  let secret = '';
  for (let i = 0; i < 32; i++) secret += ALNUM[randomInt(ALNUM.length)] ?? 'a';
  return `glsa_${secret}_${randomBytes(4).toString('hex')}`;
}

export const MAX_UID_LENGTH = 40;
const UID_PATTERN = /^[a-zA-Z0-9\-_]+$/;

/** `util.ValidateUID`: length first, then characters (§13.4). */
export function uidProblem(uid: string): 'too-long' | 'illegal' | undefined {
  if (uid.length > MAX_UID_LENGTH) return 'too-long';
  if (!UID_PATTERN.test(uid)) return 'illegal';
  return undefined;
}

/** `slugify.Slugify` closely enough for URLs: lower-case, runs of other characters become `-`. */
export function slugify(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Go's `time.Time` JSON form (RFC 3339). */
export function nowIso(): string {
  return new Date().toISOString();
}

/** Go's `strconv.ParseInt(s, 10, 64)`: optional sign, digits only, within int64. */
export function parseGoInt(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || !/^[+-]?\d+$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Go's `strconv.ParseBool` truthy values, as `c.QueryBool` reads query flags. */
export function parseGoBool(value: string | null | undefined): boolean {
  return value !== null && value !== undefined && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value);
}

/** Code-unit order (`<`), close to SQLite's binary collation and Go's string comparison. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Gravatar-style avatar path Grafana puts in user profiles. */
export function avatarUrl(email: string): string {
  return `/avatar/${createHash('md5').update(email.trim().toLowerCase()).digest('hex')}`;
}
