#!/usr/bin/env node
// The `sessions` binary: a committed file, so installing the package never
// links a bin that does not exist yet; the CLI itself is compiled into dist/.
import '../dist/main.js';
