// A strict JSON reader for files a user hands coordsim (game files): RFC 8259
// syntax, plus what JSON.parse lets through silently refused: a key twice in
// one object (JSON.parse keeps the last), a "__proto__" key, and nesting deeper
// than a cap (checked while parsing, so recursion stays bounded whatever the
// file). Objects come back as Maps (fast for a million coalition keys, and no
// prototype to pollute). Errors carry the offset and the path of the value
// they are in, so callers can name line, column and field.

/** A key or index on the way from the document root to a value. */
export type JsonPath = readonly (string | number)[];

export class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    readonly path: JsonPath,
    message: string,
  ) {
    super(message);
    this.name = "JsonSyntaxError";
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;
const LITERALS: readonly [string, unknown][] = [
  ["true", true],
  ["false", false],
  ["null", null],
];

class Parser {
  private at = 0;
  private readonly path: (string | number)[] = [];
  /** With a target path: where the deepest value on the way to it starts. */
  located = 0;
  private locatedDepth = -1;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
    private readonly target?: JsonPath,
  ) {}

  document(): unknown {
    this.skip();
    const value = this.value();
    this.skip();
    if (this.at < this.text.length) this.syntax("unexpected text after the JSON value");
    return value;
  }

  private fail(message: string, offset = this.at): never {
    throw new JsonSyntaxError(offset, [...this.path], message);
  }

  private syntax(message: string, offset = this.at): never {
    return this.fail(`not valid JSON: ${message}`, offset);
  }

  private skip(): void {
    WHITESPACE.lastIndex = this.at;
    WHITESPACE.exec(this.text);
    this.at = WHITESPACE.lastIndex;
  }

  private note(): void {
    const t = this.target;
    if (t === undefined || this.path.length <= this.locatedDepth || this.path.length > t.length) return;
    for (let k = 0; k < this.path.length; k++) if (this.path[k] !== t[k]) return;
    this.located = this.at;
    this.locatedDepth = this.path.length;
  }

  private value(): unknown {
    this.note();
    const c = this.text[this.at];
    if (c === "{" || c === "[") {
      if (this.path.length >= this.maxDepth) this.fail(`nested deeper than ${this.maxDepth} levels`);
      return c === "{" ? this.object() : this.array();
    }
    if (c === '"') return this.string();
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return this.number();
    for (const [word, value] of LITERALS) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return value;
      }
    }
    return this.syntax(c === undefined ? "unexpected end of file (the JSON is cut short)" : `unexpected ${JSON.stringify(c)}: expected a value`);
  }

  private object(): Map<string, unknown> {
    const result = new Map<string, unknown>();
    this.at++;
    this.skip();
    if (this.text[this.at] === "}") {
      this.at++;
      return result;
    }
    for (;;) {
      if (this.text[this.at] !== '"') this.syntax("expected a key in double quotes");
      const keyAt = this.at;
      const key = this.string();
      this.path.push(key);
      if (key === "__proto__") this.fail('the key "__proto__" is not allowed (it names an object\'s prototype)', keyAt);
      if (result.has(key)) this.fail("duplicate key (each key may appear once per object)", keyAt);
      this.skip();
      if (this.text[this.at] !== ":") this.syntax('expected ":" after the key');
      this.at++;
      this.skip();
      result.set(key, this.value());
      this.path.pop();
      if (this.close("}")) return result;
    }
  }

  private array(): unknown[] {
    const result: unknown[] = [];
    this.at++;
    this.skip();
    if (this.text[this.at] === "]") {
      this.at++;
      return result;
    }
    for (;;) {
      this.path.push(result.length);
      result.push(this.value());
      this.path.pop();
      if (this.close("]")) return result;
    }
  }

  /** After an entry: true at the closing bracket, false after a comma. */
  private close(bracket: "}" | "]"): boolean {
    this.skip();
    const c = this.text[this.at];
    this.at++;
    if (c === bracket) return true;
    if (c !== ",") this.syntax(`expected "," or "${bracket}"`, this.at - 1);
    this.skip();
    return false;
  }

  private string(): string {
    const start = this.at;
    let escaped = false;
    for (let i = start + 1; i < this.text.length; i++) {
      const code = this.text.charCodeAt(i);
      if (code === 0x22) {
        this.at = i + 1;
        const raw = this.text.slice(start, i + 1);
        if (!escaped) return raw.slice(1, -1);
        try {
          return JSON.parse(raw) as string;
        } catch {
          return this.syntax("bad escape sequence in a string", start);
        }
      }
      if (code === 0x5c) {
        escaped = true;
        i++;
      } else if (code < 0x20) this.syntax("control character inside a string (escape it)", i);
    }
    return this.syntax("unterminated string", start);
  }

  private number(): number {
    NUMBER.lastIndex = this.at;
    const match = NUMBER.exec(this.text);
    if (match === null) this.syntax("malformed number");
    this.at = NUMBER.lastIndex;
    return Number(match[0]);
  }
}

/** Parse `text` strictly; throws JsonSyntaxError. Number literals too large for a double come back as ±Infinity for the caller to refuse. */
export function parseStrictJson(text: string, maxDepth: number): unknown {
  return new Parser(text, maxDepth).document();
}

/** Offset of the value at `path` in `text` (or of the deepest value on the way there); for error messages. */
export function locateJsonPath(text: string, path: JsonPath, maxDepth: number): number {
  const parser = new Parser(text, maxDepth, path);
  try {
    parser.document();
  } catch {
    // Only called on a document that parsed; ignore defensively.
  }
  return parser.located;
}

/** A parsed value for a message: Maps shown as objects, cut to about 60 characters. */
export function showJson(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value, (_key, v: unknown) => (v instanceof Map ? Object.fromEntries(v) : v)) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** 1-based line and column of `offset` in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
