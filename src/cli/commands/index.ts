import type { RegisterCommand } from '../command.js';
import { registerConvert } from './convert.js';
import { registerExport } from './export.js';
import { registerImport } from './import.js';
import { registerPlan } from './plan.js';

/** Every command of the command line, in the order `--help` lists them. */
export const commands: RegisterCommand[] = [registerExport, registerImport, registerConvert, registerPlan];
