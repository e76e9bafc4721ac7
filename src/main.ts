#!/usr/bin/env node
import { run } from './cli/program.js';

await run(process.argv);
