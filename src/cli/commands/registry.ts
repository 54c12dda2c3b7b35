import type { CliCommand } from "../command.js";
import { boundCommand } from "./bound.js";
import { censusCommand } from "./census.js";
import { mergeCommand } from "./merge.js";
import { demoCommand } from "./demo.js";
import { dataCommand } from "./data.js";
import { gameCommand } from "./game.js";
import { trainCommand } from "./train.js";
import { evalCommand } from "./eval.js";
import { sweepCommand } from "./sweep.js";
import { resultsCommand } from "./results.js";
import { proveCommand, verifyCommand } from "./prove.js";
import { importCommand } from "./import.js";
import { precisionCommand } from "./precision.js";
import { reportCommand } from "./report.js";
import { reproduceCommand } from "./reproduce.js";
import { matchCommand } from "./match.js";

/** Every CLI command, in the order --help lists them. */
export const commands: readonly CliCommand[] = [demoCommand, censusCommand, mergeCommand, gameCommand, boundCommand, dataCommand, trainCommand, evalCommand, sweepCommand, resultsCommand, proveCommand, verifyCommand, precisionCommand, reportCommand, reproduceCommand, importCommand, matchCommand];
