// The objective and constraint language of `coordsim optimize` (issue 21):
// arithmetic over summary metric names, parsed by hand (recursive descent, no
// eval) so every error names its column.
//
//   expr       := term (("+" | "-") term)*
//   term       := unary (("*" | "/") unary)*
//   unary      := "-" unary | primary
//   primary    := number | metric | "abs" "(" expr ")" | "(" expr ")"
//   constraint := expr ("<=" | ">=") expr
//
// A metric is a summary.csv column (src/metrics/catalogue SUMMARY_METRICS);
// the caller passes the names and its "did you mean" (src/scenario/suggest.ts),
// so this module stays a pure function of its text.

/** The metric names an expression may read, and the closest one to a misspelling. */
export interface Vocabulary {
  names: readonly string[];
  suggest: (word: string) => string | undefined;
}

export type Expr =
  | { kind: "number"; value: number }
  | { kind: "metric"; name: string }
  | { kind: "negate"; arg: Expr }
  | { kind: "abs"; arg: Expr }
  | { kind: "binary"; op: "+" | "-" | "*" | "/"; left: Expr; right: Expr };

export interface Constraint {
  /** The constraint as written, for messages and reports. */
  text: string;
  left: Expr;
  op: "<=" | ">=";
  right: Expr;
}

/** A bad expression: `column` is 1-based within the expression's text. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
    this.name = "ExpressionError";
  }
}

type Token = { kind: "number"; value: number; col: number; text: string } | { kind: "name"; text: string; col: number } | { kind: "op"; text: string; col: number } | { kind: "end"; col: number; text: string };

const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const OPERATORS = ["<=", ">=", "+", "-", "*", "/", "(", ")"];

function tokenize(text: string, what: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === " " || ch === "\t") {
      i++;
      continue;
    }
    const rest = text.slice(i);
    const number = NUMBER.exec(rest);
    if (number !== null) {
      tokens.push({ kind: "number", value: Number(number[0]), col: i + 1, text: number[0] });
      i += number[0].length;
      continue;
    }
    const name = NAME.exec(rest);
    if (name !== null) {
      tokens.push({ kind: "name", text: name[0], col: i + 1 });
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => rest.startsWith(o));
    if (op === undefined) {
      const hint = ch === "<" || ch === ">" ? ` (use ${ch}=: a constraint is expr <= bound or expr >= bound)` : ch === "=" ? " (use <= or >=)" : "";
      throw new ExpressionError(`${what}: unexpected character "${ch}" at column ${i + 1}${hint}`, i + 1);
    }
    tokens.push({ kind: "op", text: op, col: i + 1 });
    i += op.length;
  }
  tokens.push({ kind: "end", col: text.length + 1, text: "end of text" });
  return tokens;
}

class Parser {
  private at = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly what: string,
    private readonly metrics: Vocabulary,
  ) {}

  peek(): Token {
    return this.tokens[this.at]!;
  }

  fail(token: Token, expected: string): never {
    const got = token.kind === "end" ? "the end" : `"${token.text}"`;
    throw new ExpressionError(`${this.what}: expected ${expected} at column ${token.col}, got ${got}`, token.col);
  }

  isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === "op" && t.text === text;
  }

  expression(): Expr {
    let left = this.term();
    while (this.isOp("+") || this.isOp("-")) {
      const op = this.tokens[this.at++]!.text as "+" | "-";
      left = { kind: "binary", op, left, right: this.term() };
    }
    return left;
  }

  term(): Expr {
    let left = this.unary();
    while (this.isOp("*") || this.isOp("/")) {
      const op = this.tokens[this.at++]!.text as "*" | "/";
      left = { kind: "binary", op, left, right: this.unary() };
    }
    return left;
  }

  unary(): Expr {
    if (this.isOp("-")) {
      this.at++;
      return { kind: "negate", arg: this.unary() };
    }
    return this.primary();
  }

  primary(): Expr {
    const t = this.peek();
    if (t.kind === "number") {
      this.at++;
      return { kind: "number", value: t.value };
    }
    if (t.kind === "op" && t.text === "(") {
      this.at++;
      const inner = this.expression();
      this.closeParen(t.col);
      return inner;
    }
    if (t.kind === "name") {
      this.at++;
      if (t.text === "abs") {
        if (!this.isOp("(")) this.fail(this.peek(), `"(" after abs`);
        this.at++;
        const arg = this.expression();
        this.closeParen(t.col);
        return { kind: "abs", arg };
      }
      if (this.isOp("(")) throw new ExpressionError(`${this.what}: unknown function ${t.text} at column ${t.col}; the only function is abs()`, t.col);
      if (!this.metrics.names.includes(t.text)) {
        const guess = this.metrics.suggest(t.text);
        const hint = guess !== undefined ? `; did you mean ${guess}?` : " (see `coordsim metrics` for the summary metrics)";
        throw new ExpressionError(`${this.what}: unknown metric ${t.text} at column ${t.col}${hint}`, t.col);
      }
      return { kind: "metric", name: t.text };
    }
    return this.fail(t, "a number, a metric name, abs( or (");
  }

  closeParen(openCol: number): void {
    if (!this.isOp(")")) this.fail(this.peek(), `")" closing the "(" at column ${openCol}`);
    this.at++;
  }

  comparison(): "<=" | ">=" {
    const t = this.peek();
    if (t.kind === "op" && (t.text === "<=" || t.text === ">=")) {
      this.at++;
      return t.text;
    }
    return this.fail(t, "<= or >=");
  }

  end(): void {
    const t = this.peek();
    if (t.kind !== "end") this.fail(t, t.kind === "op" && (t.text === "<=" || t.text === ">=") ? "an operator (a comparison belongs in constraints:)" : "an operator or the end");
  }
}

/** Parse an objective expression; `what` prefixes messages (e.g. "optimize.maximize"). */
export function parseExpression(text: string, what: string, metrics: Vocabulary): Expr {
  const parser = new Parser(tokenize(text, what), what, metrics);
  const expr = parser.expression();
  parser.end();
  return expr;
}

/** Parse `expr <= expr` or `expr >= expr`. */
export function parseConstraint(text: string, what: string, metrics: Vocabulary): Constraint {
  const parser = new Parser(tokenize(text, what), what, metrics);
  const left = parser.expression();
  const op = parser.comparison();
  const right = parser.expression();
  const rest = parser.peek();
  if (rest.kind === "op" && (rest.text === "<=" || rest.text === ">=")) throw new ExpressionError(`${what}: a constraint has one comparison; a second at column ${rest.col} (write two constraints)`, rest.col);
  parser.end();
  return { text, left, op, right };
}

/** Metric names the expression reads, each once, in first-use order. */
export function metricsOf(expr: Expr, into: string[] = []): string[] {
  switch (expr.kind) {
    case "number":
      return into;
    case "metric":
      if (!into.includes(expr.name)) into.push(expr.name);
      return into;
    case "negate":
    case "abs":
      return metricsOf(expr.arg, into);
    case "binary":
      metricsOf(expr.left, into);
      return metricsOf(expr.right, into);
  }
}

/** A replicate's metric values: a summary.csv row; undefined for an empty cell. */
export type MetricLookup = (name: string) => number | undefined;

/**
 * The expression's value on one replicate. Undefined when a metric it reads is
 * undefined there (an empty summary cell, e.g. a ratio with nothing to divide)
 * or the arithmetic leaves the finite numbers (x/0): the replicate has no value.
 */
export function evaluate(expr: Expr, metric: MetricLookup): number | undefined {
  const value = evaluateRaw(expr, metric);
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

function evaluateRaw(expr: Expr, metric: MetricLookup): number | undefined {
  switch (expr.kind) {
    case "number":
      return expr.value;
    case "metric":
      return metric(expr.name);
    case "negate": {
      const v = evaluateRaw(expr.arg, metric);
      return v === undefined ? undefined : -v;
    }
    case "abs": {
      const v = evaluateRaw(expr.arg, metric);
      return v === undefined ? undefined : Math.abs(v);
    }
    case "binary": {
      const a = evaluateRaw(expr.left, metric);
      const b = evaluateRaw(expr.right, metric);
      if (a === undefined || b === undefined) return undefined;
      switch (expr.op) {
        case "+":
          return a + b;
        case "-":
          return a - b;
        case "*":
          return a * b;
        case "/":
          return a / b;
      }
    }
  }
}

/** Mean and standard error (sample standard deviation / sqrt(n); 0 for one replicate). */
export function meanAndSe(values: readonly number[]): { mean: number; se: number } {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return { mean, se: 0 };
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  return { mean, se: Math.sqrt(variance / n) };
}
