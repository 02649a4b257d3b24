// The contact network of the `rumor` policy: who may call whom, as the complete
// graph, a random d-regular graph or a ring with hubs (docs/coordination.md).
import type { Stream } from "../../sim/rng/index.js";

export type TopologyName = "complete" | "random-regular" | "hub-local";

export interface TopologySpec {
  readonly topology: TopologyName;
  /** random-regular: every agent's number of neighbours. */
  readonly degree: number;
  /** hub-local: ring neighbours on each side. */
  readonly reach: number;
  /** hub-local: number of hubs. */
  readonly hubs: number;
}

/** Who may call whom: uniform over all other agents (complete) or over a node's neighbours in a fixed graph (CSR). */
export class ContactNetwork {
  private constructor(
    readonly agents: number,
    /** CSR offsets (length agents + 1); undefined for the complete graph. */
    private readonly offsets: Int32Array | undefined,
    private readonly adjacent: Int32Array,
  ) {}

  static complete(agents: number): ContactNetwork {
    return new ContactNetwork(agents, undefined, new Int32Array(0));
  }

  /** An undirected graph from each node's sorted, de-duplicated neighbour list. */
  static fromLists(lists: readonly number[][]): ContactNetwork {
    const offsets = new Int32Array(lists.length + 1);
    for (let a = 0; a < lists.length; a++) offsets[a + 1] = offsets[a]! + lists[a]!.length;
    const adjacent = new Int32Array(offsets[lists.length]!);
    for (let a = 0; a < lists.length; a++) adjacent.set(lists[a]!, offsets[a]!);
    return new ContactNetwork(lists.length, offsets, adjacent);
  }

  degree(a: number): number {
    return this.offsets === undefined ? this.agents - 1 : this.offsets[a + 1]! - this.offsets[a]!;
  }

  neighbour(a: number, i: number): number {
    if (this.offsets === undefined) return i >= a ? i + 1 : i;
    return this.adjacent[this.offsets[a]! + i]!;
  }

  /** A uniformly random partner of agent a, or -1 if it has none. */
  partner(a: number, rng: Stream): number {
    const d = this.degree(a);
    return d === 0 ? -1 : this.neighbour(a, rng.int(d));
  }
}

/** Build the contact network of `agents` agents; `field` names the scenario field in errors. */
export function buildNetwork(agents: number, spec: TopologySpec, rng: Stream, field = "policies.coordination.params"): ContactNetwork {
  switch (spec.topology) {
    case "complete":
      return ContactNetwork.complete(agents);
    case "random-regular":
      return randomRegular(agents, spec.degree, rng, field);
    case "hub-local":
      return hubLocal(agents, spec.reach, spec.hubs);
  }
}

/**
 * A uniform-ish random d-regular simple graph by the pairing model with local
 * rejection (Steger & Wormald 1999): repeatedly join two random free half-edges
 * of distinct, non-adjacent nodes; if none can be joined, start over.
 */
function randomRegular(n: number, wanted: number, rng: Stream, field: string): ContactNetwork {
  // A d-regular graph needs d < n and n·d even: a smaller population (a sweep or a
  // check shrinking agents.count) gets the largest degree that exists, not an error.
  let d = Math.min(wanted, n - 1);
  if ((n * d) % 2 !== 0) d--;
  d = Math.max(d, 0);
  const adj = new Int32Array(n * d);
  const deg = new Int32Array(n);
  const free = new Int32Array(n * d);
  const adjacent = (u: number, v: number) => {
    for (let t = 0; t < deg[u]!; t++) if (adj[u * d + t] === v) return true;
    return false;
  };
  for (let attempt = 0; attempt < 1000; attempt++) {
    deg.fill(0);
    for (let i = 0; i < n * d; i++) free[i] = Math.floor(i / d);
    let left = n * d;
    let stuck = false;
    while (left > 0 && !stuck) {
      let i = -1;
      let j = -1;
      for (let tries = 0; tries < 64 && i < 0; tries++) {
        const a = rng.int(left);
        const b = rng.int(left);
        const u = free[a]!;
        const v = free[b]!;
        if (u !== v && !adjacent(u, v)) [i, j] = [a, b];
      }
      if (i < 0) {
        // Few half-edges left: look for any joinable pair, or give up on this pairing.
        for (let a = 0; a < left && i < 0; a++) for (let b = a + 1; b < left; b++) if (free[a] !== free[b] && !adjacent(free[a]!, free[b]!)) [i, j] = [a, b];
        if (i < 0) {
          stuck = true;
          continue;
        }
      }
      const u = free[i]!;
      const v = free[j]!;
      adj[u * d + deg[u]!++] = v;
      adj[v * d + deg[v]!++] = u;
      // Remove both half-edges (the higher index first, so the lower one's swap partner is still free).
      const [hi, lo] = i > j ? [i, j] : [j, i];
      free[hi] = free[--left]!;
      free[lo] = free[--left]!;
    }
    if (!stuck) {
      const lists: number[][] = [];
      for (let u = 0; u < n; u++) lists.push(Array.from(adj.subarray(u * d, u * d + d)).sort((a, b) => a - b));
      return ContactNetwork.fromLists(lists);
    }
  }
  throw new Error(`${field}.degree: could not draw a ${d}-regular graph on ${n} agents`);
}

/**
 * A ring with hubs: agents sit on a ring and know the `reach` nearest agents on
 * each side; hub j sits at position ⌊j·n/hubs⌋, every agent also knows the hub
 * of its arc (the nearest hub at or before it), and the hubs know each other.
 */
function hubLocal(n: number, reach: number, hubs: number): ContactNetwork {
  const h = Math.min(hubs, n);
  const lists: number[][] = Array.from({ length: n }, () => []);
  const link = (u: number, v: number) => {
    if (u === v) return;
    lists[u]!.push(v);
    lists[v]!.push(u);
  };
  for (let a = 0; a < n; a++) for (let s = 1; s <= reach && s < n; s++) link(a, (a + s) % n);
  const hubAt = (j: number) => Math.floor((j * n) / h);
  for (let j = 0; j < h; j++) {
    const end = j + 1 < h ? hubAt(j + 1) : n;
    for (let a = hubAt(j) + 1; a < end; a++) link(a, hubAt(j));
    for (let i = j + 1; i < h; i++) link(hubAt(j), hubAt(i));
  }
  for (const l of lists) {
    l.sort((a, b) => a - b);
    let w = 0;
    for (let i = 0; i < l.length; i++) if (i === 0 || l[i] !== l[i - 1]) l[w++] = l[i]!;
    l.length = w;
  }
  return ContactNetwork.fromLists(lists);
}
