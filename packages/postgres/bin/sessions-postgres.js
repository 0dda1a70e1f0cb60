#!/usr/bin/env node
// Committed entry point, so installing the package never points npm at a missing file.
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
