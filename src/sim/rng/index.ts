export { Stream, type StreamSnapshot } from "./stream.js";
export { logFactorial, logPoissonPmf } from "./logPoisson.js";
export { RngStreams, StreamFamily, streamSeed } from "./streams.js";
export { AliasTable } from "./alias.js";
export { ZipfSampler, zipfWeights } from "./zipf.js";
