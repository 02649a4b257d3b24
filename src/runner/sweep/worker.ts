// The worker-thread entry: workerpool calls executeRunTask (sweeps) and executeIsolatedRun (`run --max-wall` with plugins) here.
import workerpool from "workerpool";
import { executeIsolatedRun } from "./isolatedRun.js";
import { executeRunTask } from "./runTask.js";

workerpool.worker({ executeRunTask, executeIsolatedRun });
