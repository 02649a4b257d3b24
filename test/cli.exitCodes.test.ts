// Exit codes come from one table (src/cli/exitCodes.ts) keyed by coordsim's own
// error kinds; nothing a user's object carries decides the process's status.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT_CODES, exitCodeOf } from "../src/cli/exitCodes.js";
import { BadInputError, CoordsimError, ERROR_KINDS, errorKind } from "../src/errors.js";
import { InvariantViolation } from "../src/sim/invariant.js";
import { ScenarioError } from "../src/scenario/errors.js";
import { PluginError } from "../src/plugins/pluginError.js";
import { ROOT, runCli, tempDir } from "./helpers/cli.js";

describe("exit codes", () => {
  it("map every error kind, ok and internal to the numbers of docs/design.md (Errors and exit codes)", () => {
    expect(EXIT_CODES).toEqual({ ok: 0, failed: 1, "bad-input": 2, internal: 3, interrupted: 130 });
    for (const kind of ERROR_KINDS) expect(exitCodeOf(kind)).toBe(EXIT_CODES[kind]);
  });

  it("coordsim's errors carry kinds, found down the cause chain", () => {
    expect(new ScenarioError([{ file: "x.yaml", line: 1, col: 1, path: "a", message: "bad" }]).kind).toBe("bad-input");
    expect(new PluginError("p").kind).toBe("bad-input");
    expect(new InvariantViolation("ledger-conservation", "x").kind).toBe("failed");
    expect(errorKind(new Error("outer", { cause: new BadInputError("inner") }))).toBe("bad-input");
    expect(errorKind(new Error("a bug"))).toBeUndefined();
    // A look-alike is not a coordsim error: only the class counts, never a property.
    expect(errorKind(Object.assign(new Error("fake"), { kind: "ok", exitCode: 0 }))).toBeUndefined();
    expect(new CoordsimError("interrupted", "stop").kind).toBe("interrupted");
  });

  it("a plugin throwing an error that carries exitCode 0 still exits 2, naming the plugin", async () => {
    const r = await runCli("run", join(ROOT, "test/fixtures/plugins/fake-exit-code.yaml"), "--out", join(tempDir(), "o"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("policy plugin ./fake-exit-code.js (attribution) threw in credit(): all is well, honestly");
  });

  it("usage errors are bad input (2), --help is ok (0)", async () => {
    expect((await runCli("run")).code).toBe(2);
    expect((await runCli("--help")).code).toBe(0);
  });
});
