/**
 * Reads a pasted `.env` file into entries for a bulk import. Pure, so the
 * import dialog's preview and the server action read a paste the same way.
 * Understands what dotenv does: comments, blank lines, `export KEY=…`,
 * unquoted values with `# comments`, 'single-quoted' (literal) and
 * "double-quoted" values (with \n, \t, \" and \\ escapes, possibly over
 * several lines).
 */

import { isWellFormed } from "@/lib/text";

export type DotenvEntry = { line: number; name: string; value: string };
export type DotenvProblem = { line: number; name?: string; message: string };

/** The most entries one import takes. */
export const MAX_IMPORT_ENTRIES = 500;

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };

/**
 * An unquoted value up to its comment (a # after whitespace), found in one pass: the regular expression
 * /\s+#.*$/ backtracks over a long run of spaces with no # after it, quadratic in the line's length.
 */
function withoutComment(text: string): string {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === "#" && /\s/.test(text[i - 1])) return text.slice(0, i);
  }
  return text;
}

export function parseDotenv(text: string): { entries: DotenvEntry[]; problems: DotenvProblem[] } {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const entries: DotenvEntry[] = [];
  const problems: DotenvProblem[] = [];
  const seen = new Map<string, number>();

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const trimmed = lines[i].trim();
    if (!trimmed || trimmed.startsWith("#")) continue;
    const body = trimmed.replace(/^export\s+/, "");
    const eq = body.indexOf("=");
    const name = eq > 0 ? body.slice(0, eq).trim() : "";
    if (!KEY.test(name)) {
      problems.push({ line: lineNo, message: nameProblem(eq, name) });
      continue;
    }
    let rest = body.slice(eq + 1).trimStart();
    let value: string;
    const quote = rest[0];
    if (quote === '"' || quote === "'") {
      // A quoted value runs to its closing quote, over several lines if need be.
      let collected = "";
      let closed = false;
      let j = i;
      rest = rest.slice(1);
      for (;;) {
        for (let k = 0; k < rest.length; k++) {
          const c = rest[k];
          if (quote === '"' && c === "\\" && k + 1 < rest.length) {
            collected += ESCAPES[rest[k + 1]] ?? `\\${rest[k + 1]}`;
            k++;
          } else if (c === quote) {
            closed = true;
            break;
          } else collected += c;
        }
        if (closed || j + 1 >= lines.length) break;
        j++;
        collected += "\n";
        rest = lines[j];
      }
      if (!closed) {
        problems.push({ line: lineNo, name, message: `The ${quote === '"' ? "double" : "single"} quote is never closed.` });
        break;
      }
      i = j;
      value = collected;
    } else {
      value = withoutComment(rest).trim();
    }
    if (!value) {
      problems.push({ line: lineNo, name, message: "The value is empty." });
      continue;
    }
    if (!isWellFormed(value)) {
      // Half of a UTF-16 surrogate pair has no UTF-8 form: it would be stored as U+FFFD, not as pasted.
      problems.push({
        line: lineNo,
        name,
        message: "The value holds a broken character (half of a surrogate pair) and cannot be stored as it is.",
      });
      continue;
    }
    const earlier = seen.get(name.toLowerCase());
    if (earlier !== undefined) {
      problems.push({ line: lineNo, name, message: `${name} is already on line ${earlier}.` });
      continue;
    }
    seen.set(name.toLowerCase(), lineNo);
    entries.push({ line: lineNo, name, value });
  }
  return { entries, problems };
}

/**
 * Why a line's name is not one, in words the person can act on. The text
 * before "=" is not repeated: on a line that is not KEY=value it may be part
 * of a value (a line of a multi-line key).
 */
function nameProblem(eq: number, name: string): string {
  if (eq < 0) return "Not a KEY=value line.";
  if (!name) return "A name is missing before “=”.";
  if (/\s/.test(name)) return "Not a valid name: spaces are not allowed in a name.";
  if (/^[0-9]/.test(name)) return "Not a valid name: a name cannot start with a digit.";
  return "Not a valid name: use letters, digits and _ . - only.";
}
