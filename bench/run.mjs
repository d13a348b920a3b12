#!/usr/bin/env node
// `npm run bench -- <suite>…` runs each named suite (bench/suites/<suite>.mjs) in turn, one
// process each; `all` runs every suite; no name runs `fanout` (the chat throughput benchmark).
// Each suite prints its own table and writes bench/results/<suite>.json.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNamed } from './lib/run-named.mjs';

runNamed(join(dirname(fileURLToPath(import.meta.url)), 'suites'), process.argv.slice(2), 'fanout', 'suite');
