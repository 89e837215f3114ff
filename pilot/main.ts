#!/usr/bin/env node
// spike: the operator CLI for Spike. Every command prints data on stdout and messages on stderr, and exits with
// a documented code per failure class (pilot/exit-codes.ts).
import { Command, CommanderError } from "commander";
import { loadPilotConfig, type PilotConfig } from "./config.js";
import { registerDev } from "./commands/dev.js";
import { registerAdminToken } from "./commands/admin-token.js";
import { registerAudit } from "./commands/audit.js";
import { registerBackup } from "./commands/backup.js";
import { registerCipher } from "./commands/cipher.js";
import { registerOperator } from "./commands/operator.js";
import { registerSecret } from "./commands/secret.js";
import { registerPolicy } from "./commands/policy.js";
import { registerStatus } from "./commands/status.js";
import { EXIT } from "./exit-codes.js";
import { explain } from "./failure.js";
import { VERSION } from "../lib/version.js";

let parsed: PilotConfig | undefined;
/** Configuration is parsed on first use, so `spike --help` works even with a broken environment. */
const config = (): PilotConfig => (parsed ??= loadPilotConfig());

const program = new Command("spike")
  .description("Spike: secrets for workloads with SPIFFE identities")
  .enablePositionalOptions()
  .showSuggestionAfterError(true)
  .exitOverride();

program.command("version").description("print the version of this CLI").action(() => {
  process.stdout.write(`spike ${VERSION}\n`);
});
registerStatus(program, config);
registerSecret(program, config);
registerPolicy(program, config);
registerCipher(program, config);
registerOperator(program, config);
registerAdminToken(program, config);
registerAudit(program, config);
registerBackup(program, config);
registerDev(program, config);

// Commander throws CommanderError for usage problems (exit 2) and for --help/--version (exit 0).
program.parseAsync(process.argv).then(
  () => {
    // Commands that keep running (dev up, dev issuer) hold the event loop open themselves.
  },
  (err: unknown) => {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    const { message, exitCode } = explain(err, parsed?.SPIKE_NEXUS_API_URL);
    process.stderr.write(`spike: ${message}\n`);
    process.exitCode = exitCode;
  },
);
