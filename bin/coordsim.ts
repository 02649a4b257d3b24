#!/usr/bin/env node
import { EXIT_CODES } from "../src/cli/exitCodes.js";
import { processIo, type Interrupts } from "../src/cli/io.js";
import { main } from "../src/cli/main.js";

// The only place the process exits or its exit status is set.
const interrupts: Interrupts = {
  take(onFirst) {
    let count = 0;
    const listener = () => (++count === 1 ? onFirst() : process.exit(EXIT_CODES.interrupted));
    process.on("SIGINT", listener);
    return () => process.off("SIGINT", listener);
  },
};

process.exitCode = await main(process.argv, { ...processIo, interrupts });
