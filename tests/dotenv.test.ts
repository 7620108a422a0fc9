import { describe, expect, it } from "vitest";
import { parseDotenv } from "@/lib/secrets/dotenv";

/** Reading a pasted .env file the way dotenv does, line by line, with the problems by line. */
describe("parseDotenv", () => {
  it("reads KEY=value lines, skipping comments and blank lines, with export and inline comments", () => {
    const { entries, problems } = parseDotenv(
      [
        "# Payments",
        "",
        "STRIPE_KEY=sk_live_123",
        "export WEBHOOK_SECRET = whsec_456  # rotated monthly",
        "URL=https://x.example/a#b",
      ].join("\n"),
    );
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      { line: 3, name: "STRIPE_KEY", value: "sk_live_123" },
      { line: 4, name: "WEBHOOK_SECRET", value: "whsec_456" },
      { line: 5, name: "URL", value: "https://x.example/a#b" },
    ]);
  });

  it("reads quoted values: single quotes literally, double quotes with escapes and over several lines", () => {
    const { entries, problems } = parseDotenv(
      [
        "A='literal \\n $HOME # not a comment'",
        'B="line one\\nline two \\"quoted\\""',
        'PEM="-----BEGIN KEY-----',
        "abc",
        '-----END KEY-----"',
        "C=after",
      ].join("\r\n"),
    );
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.line, e.name, e.value])).toEqual([
      [1, "A", "literal \\n $HOME # not a comment"],
      [2, "B", 'line one\nline two "quoted"'],
      [3, "PEM", "-----BEGIN KEY-----\nabc\n-----END KEY-----"],
      [6, "C", "after"],
    ]);
  });

  it("says why a name is not one", () => {
    expect(parseDotenv("MY KEY=1").problems).toEqual([{ line: 1, message: "Not a valid name: spaces are not allowed in a name." }]);
    expect(parseDotenv("KEY$=1").problems[0].message).toBe("Not a valid name: use letters, digits and _ . - only.");
    // What precedes "=" may be part of a value (a line of a multi-line key): it is never repeated.
    expect(JSON.stringify(parseDotenv("MIIBIjAN Bgkqhk+iG9w0B==").problems)).not.toContain("MIIB");
  });

  it("reports lines that do not read, empty values, duplicates and an unclosed quote, by line", () => {
    const { entries, problems } = parseDotenv(
      ["just text", "=value", "1BAD=x", "EMPTY=", "KEY=one", "key=two", 'OPEN="never closed', "LATER=x"].join("\n"),
    );
    expect(entries).toEqual([{ line: 5, name: "KEY", value: "one" }]);
    expect(problems).toEqual([
      { line: 1, message: "Not a KEY=value line." },
      { line: 2, message: "A name is missing before “=”." },
      { line: 3, message: "Not a valid name: a name cannot start with a digit." },
      { line: 4, name: "EMPTY", message: "The value is empty." },
      { line: 6, name: "key", message: "key is already on line 5." },
      { line: 7, name: "OPEN", message: "The double quote is never closed." },
    ]);
  });

  it("reads a long run of spaces in one pass (a paste of the UI's 1 MiB limit; the old comment regex backtracked for minutes)", () => {
    const spaces = " ".repeat(1024 * 1024 - 10);
    expect(parseDotenv(`A=x${spaces}y`).entries).toEqual([{ line: 1, name: "A", value: `x${spaces}y` }]);
    expect(parseDotenv(`A=x${spaces}# note`).entries).toEqual([{ line: 1, name: "A", value: "x" }]);
    expect(parseDotenv("A=#not-a-comment b #a comment").entries).toEqual([{ line: 1, name: "A", value: "#not-a-comment b" }]);
    expect(parseDotenv("A=x\t#tabbed").entries).toEqual([{ line: 1, name: "A", value: "x" }]);
  });

  it("skips a value holding half of a UTF-16 surrogate pair, with its line, instead of storing U+FFFD", () => {
    const { entries, problems } = parseDotenv(["GOOD=😀", "BROKEN=ab\ud800", 'QUOTED="\udc00"'].join("\n"));
    expect(entries).toEqual([{ line: 1, name: "GOOD", value: "😀" }]);
    expect(problems).toEqual([
      { line: 2, name: "BROKEN", message: "The value holds a broken character (half of a surrogate pair) and cannot be stored as it is." },
      { line: 3, name: "QUOTED", message: "The value holds a broken character (half of a surrogate pair) and cannot be stored as it is." },
    ]);
  });
});
