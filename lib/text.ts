/**
 * PostgreSQL's text holds every character but U+0000 (NUL). Typed text with one is refused with a message
 * next to its field; a search or filter simply drops it. Either way the database never sees it, so a NUL is
 * never a server error (and never fails the other creates batched with it).
 */
export const hasNoNul = (text: string) => !text.includes("\u0000");
export const NUL_MESSAGE = "This text contains a NUL character (U+0000), which cannot be stored.";
/** A search or filter term without NUL characters. */
export const withoutNul = (text: string) => text.replaceAll("\u0000", "");
