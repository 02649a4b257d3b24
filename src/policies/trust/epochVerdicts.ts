// The verification reports of the current epoch, grouped by subject at epoch
// end: for every agent and every model judged, which validators judged it and
// how many approvals and rejections each gave. Stake-slash, EigenTrust and Yuma
// compare validators on shared subjects through this one grouping.
import { growI32, growU8 } from "../../sim/growable.js";
import { Kind, type EntityKind } from "../../sim/economy/seams.js";
import { KindColumns } from "./kindColumns.js";

/**
 * Called once per judged subject. `who[0..count)` are the distinct validators that
 * judged it (in order of first report); `yes[v]` / `no[v]` are validator v's approvals
 * and rejections of it this epoch. The arrays are reused: read them, don't keep them.
 */
export type SubjectVisitor = (kind: EntityKind, subject: number, who: Int32Array, count: number, yes: Float64Array, no: Float64Array) => void;

/** Called once per logged report, in log order (see EpochVerdicts.forEachReport). */
export type ReportVisitor = (validator: number, agent: number, model: number, correct: boolean, agentLive: boolean, modelLive: boolean) => void;

const SUBJECT_KINDS: readonly EntityKind[] = [Kind.agent, Kind.model];

/** An append-only log of one epoch's reports; no allocation per report beyond amortised growth. */
export class EpochVerdicts {
  private length = 0;
  private validator: Int32Array = new Int32Array(64);
  private agent: Int32Array = new Int32Array(64);
  private model: Int32Array = new Int32Array(64);
  private verdict: Uint8Array = new Uint8Array(64);
  /** The verdict on the model's output; the same as `verdict` except for split reports (an EigenTrust spy's). */
  private modelVerdict: Uint8Array = new Uint8Array(64);
  /** Reports before index marks(kind, id) are ignored: the entity was reset after them. */
  private readonly marks = new KindColumns(0);
  private readonly extent = new Int32Array(4); // max id + 1 seen per kind
  // Grouping scratch.
  private start: Int32Array = new Int32Array(0);
  private order: Int32Array = new Int32Array(0);
  private yes: Float64Array = new Float64Array(0);
  private no: Float64Array = new Float64Array(0);
  private who: Int32Array = new Int32Array(0);

  /** Number of reports logged this epoch. */
  get count(): number {
    return this.length;
  }

  /** Largest id + 1 seen this epoch for a kind (validators, agents or models). */
  extentOf(kind: EntityKind): number {
    return this.extent[kind]!;
  }

  /** Log one report; `modelCorrect` is the verdict on the model's output when it differs from the agent's (a split report). */
  record(validator: number, agent: number, model: number, correct: boolean, modelCorrect: boolean = correct): void {
    const n = this.length;
    if (n === this.validator.length) {
      this.validator = growI32(this.validator, n * 2);
      this.agent = growI32(this.agent, n * 2);
      this.model = growI32(this.model, n * 2);
      this.verdict = growU8(this.verdict, n * 2);
      this.modelVerdict = growU8(this.modelVerdict, n * 2);
    }
    this.validator[n] = validator;
    this.agent[n] = agent;
    this.model[n] = model;
    this.verdict[n] = correct ? 1 : 0;
    this.modelVerdict[n] = modelCorrect ? 1 : 0;
    this.length = n + 1;
    const e = this.extent;
    if (validator >= e[Kind.validator]!) e[Kind.validator] = validator + 1;
    if (agent >= e[Kind.agent]!) e[Kind.agent] = agent + 1;
    if (model >= e[Kind.model]!) e[Kind.model] = model + 1;
  }

  /** Ignore this epoch's earlier reports by or about (kind, id): it re-entered under a new identity. */
  forget(kind: EntityKind, id: number): void {
    this.marks.set(kind, id, this.length);
  }

  /**
   * Visit this epoch's reports in log order. `agentLive` / `modelLive` say whether
   * the report still counts for its agent / model: neither that subject nor the
   * report's validator was reset after it.
   */
  forEachReport(visit: ReportVisitor): void {
    const { validator, agent, model, verdict, marks } = this;
    for (let e = 0; e < this.length; e++) {
      const v = validator[e]!;
      const a = agent[e]!;
      const m = model[e]!;
      const byLive = e >= marks.get(Kind.validator, v);
      visit(v, a, m, verdict[e] === 1, byLive && e >= marks.get(Kind.agent, a), byLive && e >= marks.get(Kind.model, m));
    }
  }

  /** Visit every judged agent (ascending id), then every judged model (ascending id); `kinds` restricts the subject kinds. */
  forEachSubject(visit: SubjectVisitor, kinds: readonly EntityKind[] = SUBJECT_KINDS): void {
    const validators = this.extent[Kind.validator]!;
    if (this.yes.length < validators) {
      this.yes = new Float64Array(validators * 2);
      this.no = new Float64Array(validators * 2);
      this.who = new Int32Array(validators * 2);
    }
    if (this.order.length < this.length) this.order = new Int32Array(this.length * 2);
    for (const kind of kinds) {
      if (kind !== Kind.agent && kind !== Kind.model) throw new RangeError(`EpochVerdicts.forEachSubject: subjects are agents or models, got kind ${kind}`);
      this.group(kind, kind === Kind.agent ? this.agent : this.model, visit);
    }
  }

  private group(kind: EntityKind, subjects: Int32Array, visit: SubjectVisitor): void {
    const size = this.extent[kind]!;
    if (this.start.length < size + 1) this.start = new Int32Array((size + 1) * 2);
    const { start, order, yes, no, who, validator, marks } = this;
    const verdict = kind === Kind.model ? this.modelVerdict : this.verdict;
    // Counting sort of the live reports by subject (stable: log order within a subject).
    start.fill(0, 0, size + 1);
    const live = (e: number) => e >= marks.get(kind, subjects[e]!) && e >= marks.get(Kind.validator, validator[e]!);
    for (let e = 0; e < this.length; e++) if (live(e)) start[subjects[e]! + 1]!++;
    for (let s = 0; s < size; s++) start[s + 1]! += start[s]!;
    for (let e = 0; e < this.length; e++) if (live(e)) order[start[subjects[e]!]!++] = e;
    // start[s] now holds the end of subject s's run; runs are contiguous in subject order.
    let from = 0;
    for (let s = 0; s < size; s++) {
      const to = start[s]!;
      if (to === from) continue;
      let count = 0;
      for (let k = from; k < to; k++) {
        const e = order[k]!;
        const v = validator[e]!;
        if (yes[v] === 0 && no[v] === 0) who[count++] = v;
        if (verdict[e] === 1) yes[v]!++;
        else no[v]!++;
      }
      visit(kind, s, who, count, yes, no);
      for (let k = 0; k < count; k++) yes[who[k]!] = no[who[k]!] = 0;
      from = to;
    }
  }

  /** Start a new epoch: drop the log and the reset marks. */
  clear(): void {
    this.length = 0;
    this.marks.clear();
    this.extent.fill(0);
  }
}
