import { buildProgram } from './program.js';

const VERSION = '0.1.0';

await buildProgram(VERSION).parseAsync(process.argv);
