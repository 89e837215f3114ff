#!/usr/bin/env node
// spike-nexus: the secrets store daemon.
import { runDaemon } from "../lib/daemon.js";
import { loadNexusConfig } from "./config.js";
import { startNexus } from "./server.js";

runDaemon("nexus", (log) => startNexus(loadNexusConfig(), log));
