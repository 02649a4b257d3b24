import { Stream } from "./stream.js";

/** Version tag of the seed derivation; change it only together with the golden test. */
const DERIVATION = "cs1";
/**
 * Entity ids below this (~4.2M) are cached in a dense array; larger ids fall back to a
 * Map, so one stray huge id cannot allocate a huge array (the worst case is 32 MB).
 */
const DENSE_ID_LIMIT = 1 << 22;

function checkName(where: string, name: string): void {
  if (typeof name !== "string" || name.length === 0) throw new Error(`${where}: name must be a non-empty string, got ${JSON.stringify(name)}`);
}

function checkEntityId(where: string, entityId: number): void {
  if (!Number.isSafeInteger(entityId) || entityId < 0) throw new Error(`${where}: entityId must be a non-negative safe integer, got ${entityId}`);
}

/**
 * Return the seedrandom seed string of stream (runSeed, name, entityId):
 * `cs1:<runSeed>:<name length>:<name>:<entityId, or "-" for none>`. The length
 * prefix makes the encoding injective whatever characters the name contains, and
 * "-" keeps the entity-less stream distinct from every entity's.
 */
export function streamSeed(runSeed: number, name: string, entityId?: number): string {
  return `${DERIVATION}:${runSeed}:${name.length}:${name}:${entityId === undefined ? "-" : entityId}`;
}

/**
 * The per-entity streams of one name, cached by entity id in an array (lazily
 * grown) so that 10^6 entities cost one pointer each on top of their streams.
 */
export class StreamFamily {
  private readonly prefix: string;
  private readonly dense: (Stream | undefined)[] = [];
  private sparse: Map<number, Stream> | undefined;

  /** Use `RngStreams.family(name)`, which caches families; a second instance would restart every stream. */
  constructor(
    readonly runSeed: number,
    readonly name: string,
  ) {
    if (!Number.isSafeInteger(runSeed)) throw new Error(`StreamFamily: runSeed must be a safe integer, got ${runSeed}`);
    checkName("StreamFamily", name);
    this.prefix = streamSeed(runSeed, name, 0).slice(0, -1); // "...:0" minus the "0": ids are appended per stream
  }

  /** Return entity `entityId`'s stream, creating it on first use. */
  get(entityId: number): Stream {
    if (entityId < DENSE_ID_LIMIT && entityId >= 0) {
      const hit = this.dense[entityId];
      if (hit !== undefined) return hit;
    }
    return this.create(entityId);
  }

  private create(entityId: number): Stream {
    checkEntityId(`stream "${this.name}"`, entityId);
    const stream = new Stream(this.prefix + entityId);
    if (entityId < DENSE_ID_LIMIT) {
      const dense = this.dense;
      // Grow by pushing undefined (at least doubling) so the array stays packed, never holey.
      if (entityId >= dense.length) {
        const target = Math.max(entityId + 1, 2 * dense.length, 16);
        while (dense.length < target) dense.push(undefined);
      }
      dense[entityId] = stream;
    } else {
      this.sparse ??= new Map();
      const hit = this.sparse.get(entityId);
      if (hit !== undefined) return hit;
      this.sparse.set(entityId, stream);
    }
    return stream;
  }
}

/**
 * All random streams of one run. Stream (name, id) depends only on its seed string
 * `streamSeed(seed, name, id)`, never on which other streams exist or in what order
 * they were created or drawn from: this is what gives common random numbers across
 * policies and population sizes (docs/design.md, Determinism). Streams are cached per instance, so
 * repeated requests return the same, advancing, object.
 */
export class RngStreams {
  private readonly families = new Map<string, StreamFamily>();
  private readonly singles = new Map<string, Stream>();

  /** Create the streams of a run from its integer seed. */
  constructor(readonly seed: number) {
    if (!Number.isSafeInteger(seed)) throw new Error(`RngStreams: seed must be a safe integer, got ${seed}`);
  }

  /** Return the cached stream (name) or (name, entityId), creating it on first use. */
  stream(name: string, entityId?: number): Stream {
    if (entityId !== undefined) return this.family(name).get(entityId);
    let s = this.singles.get(name);
    if (s === undefined) {
      checkName("RngStreams.stream", name);
      s = new Stream(streamSeed(this.seed, name));
      this.singles.set(name, s);
    }
    return s;
  }

  /** Return the cached family of per-entity streams named `name`; `family(n).get(k)` is `stream(n, k)`. */
  family(name: string): StreamFamily {
    let f = this.families.get(name);
    if (f === undefined) {
      f = new StreamFamily(this.seed, name);
      this.families.set(name, f);
    }
    return f;
  }

  /**
   * Return the first uniform() of stream (name, entityId) without caching or
   * advancing anything: a one-shot per-entity attribute that costs no memory.
   * Calling it again returns the same value, and it equals the first draw the
   * cached `stream(name, entityId)` makes.
   */
  draw(name: string, entityId: number): number {
    checkName("RngStreams.draw", name);
    checkEntityId("RngStreams.draw", entityId);
    return this.detached(name, entityId).uniform();
  }

  /**
   * A fresh, uncached copy of stream (name, entityId) at its start: for a few
   * one-off draws per entity (initial attributes) without keeping 10^6 streams alive.
   */
  detached(name: string, entityId: number): Stream {
    checkName("RngStreams.detached", name);
    checkEntityId("RngStreams.detached", entityId);
    return new Stream(streamSeed(this.seed, name, entityId));
  }
}
