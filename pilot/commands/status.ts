// `spike status`: can this CLI reach Nexus, is it really Nexus, and is it serving?
import type { Command } from "commander";
import { unary } from "../client/unary.js";
import { withNexus } from "../session.js";
import type { PilotConfig } from "../config.js";
import { formatOption, print, type Format } from "../output.js";

export function registerStatus(program: Command, config: () => PilotConfig): void {
  program
    .command("status")
    .description("check that Nexus is reachable, presents the Nexus SPIFFE ID, and is serving")
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike status\n  spike status --format json | jq .status")
    .action(async (opts: { format: Format }) => {
      const format = opts.format;
      await withNexus(config(), async (nexus, me) => {
        const res = await unary<{ status: string }>((md, o, cb) => nexus.health.Check({ service: "" }, md, o, cb), 5000);
        const data = { nexus: nexus.address, spiffeId: nexus.serverId()?.text ?? null, status: res.status, client: me };
        print(format, data, () => `Nexus at ${data.nexus} (${data.spiffeId ?? "?"}) is ${data.status}\n  you are ${data.client}`);
      });
    });
}
