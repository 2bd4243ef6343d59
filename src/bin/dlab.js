#!/usr/bin/env node
// The `dlab` command (`npx dlab …`). This file is committed, not built, so that npm can link the
// bin at install time, before `npm install`'s set-up has compiled src/ into dist/.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require("../dist/cli/index.js").run();
