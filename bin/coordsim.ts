#!/usr/bin/env node
import { main } from "../src/cli/main.js";

// The only place the process's exit status is set.
process.exitCode = await main(process.argv);
