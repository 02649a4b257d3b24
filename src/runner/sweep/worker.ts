// The sweep's worker-thread entry: workerpool calls executeRunTask here.
import workerpool from "workerpool";
import { executeRunTask } from "./runTask.js";

workerpool.worker({ executeRunTask });
