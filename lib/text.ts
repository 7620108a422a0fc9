/**
 * PostgreSQL's text holds every character but U+0000 (NUL). Typed text with one is refused with a message
 * next to its field; a search or filter simply drops it. Either way the database never sees it, so a NUL is
 * never a server error (and never fails the other creates batched with it).
 */
export const hasNoNul = (text: string) => !text.includes("\u0000");
export const NUL_MESSAGE = "This text contains a NUL character (U+0000), which cannot be stored.";
/**
 * Whether text can be stored exactly as given. A lone UTF-16 surrogate (half of a character, which only a
 * program or a broken paste produces) has no UTF-8 form: the database and the encryption would store U+FFFD
 * in its place, a value other than the one sent. Such text is refused, never changed.
 */
export const isWellFormed = (text: string) => text.isWellFormed();
export const BROKEN_CHARACTER_MESSAGE =
  "This text holds a broken character (half of a UTF-16 surrogate pair), which cannot be stored as it is.";
/**
 * A search term matched as typed by LIKE / ILIKE, and by Prisma's `contains`, which passes its value to LIKE
 * without escaping: `%`, `_` and a backslash stand for themselves, not for "anything".
 */
export const likeLiteral = (text: string) => text.replace(/[\\%_]/g, "\\$&");
/** A search or filter term without NUL characters. */
export const withoutNul = (text: string) => text.replaceAll("\u0000", "");
