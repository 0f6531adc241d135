#!/usr/bin/env node
// Thin launcher: everything lives in the bundled dist/.
import "../dist/cli/main.js";
