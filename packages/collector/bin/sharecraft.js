#!/usr/bin/env node
// The `sharecraft` command. It is this committed file rather than `dist/cli.js` itself because a
// package manager links commands when it installs, and in this repository that is before the
// collector is built: a command pointing into `dist` could not be linked on a fresh clone.
import '../dist/cli.js';
