#!/usr/bin/env node
// spike-keeper: holds one Shamir share of Nexus's root key, in memory only.
import { runDaemon } from "../lib/daemon.js";
import { loadKeeperConfig } from "./config.js";
import { startKeeper } from "./server.js";

runDaemon("keeper", (log) => startKeeper(loadKeeperConfig(), log));
