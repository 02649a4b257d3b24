// Text for a value someone threw, when that someone may be a user plugin: it
// may be an Error, a Symbol, Object.create(null), a Proxy, or an object whose
// `message` getter or `toString` throws. Nothing here calls user code except
// guarded property reads, and the answer is never an exception.

// Captured when coordsim loads, before any plugin could replace them.
const symbolToString = Symbol.prototype.toString;
const objectToString = Object.prototype.toString;
const MAX_CHARS = 1000;

function clip(text: string): string {
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS)}...` : text;
}

/** A property read that may run a getter or a Proxy trap: undefined when that throws. */
function readSafely(value: object, key: string): unknown {
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

function describeObject(value: object): string {
  const message = readSafely(value, "message");
  if (typeof message === "string") return clip(message);
  let tag = "an object";
  try {
    tag = `a thrown ${objectToString.call(value)}`;
  } catch {
    // a Proxy or a throwing Symbol.toStringTag getter: keep the generic text
  }
  return `${tag} (not an Error; no readable message)`;
}

/** One line of text for any thrown value; never throws and never calls the value's own toString. */
export function describeThrown(value: unknown): string {
  switch (typeof value) {
    case "string":
      return clip(value);
    case "number":
    case "boolean":
    case "bigint":
    case "undefined":
      return `a thrown ${typeof value} ${String(value)}`;
    case "symbol":
      return `a thrown ${clip(symbolToString.call(value))}`;
    case "function":
      return "a thrown function (not an Error)";
    default:
      return value === null || value === undefined ? "a thrown null" : describeObject(value);
  }
}
