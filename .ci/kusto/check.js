#!/usr/bin/env node
// check.js: validate KQL queries with Microsoft's own Kusto language service
// (@kusto/language-service-next, the parser and semantic analyzer behind
// Kusto Explorer and the Azure Data Explorer web UI).
//
// Usage:
//   node check.js --schema <schema.json> <file-or-dir> [<file-or-dir> ...]
//
// The schema is {"database": "Name", "tables": {"Table": {"Column": "type"}}}.
// Each file holds one query. A directory is walked recursively for *.kql files.
// Every syntax and semantic diagnostic (unknown table, unknown column, wrong
// argument types, ...) is printed as "file:line:col: severity: message
// [code]"; the exit status is 1 when any error was printed, 2 on bad usage.
// With --warnings, warnings are printed (and counted) too.
"use strict";

const fs = require("fs");
const path = require("path");

// The bridge runtime must be loaded first: it defines the global Bridge and
// System namespaces that Kusto.Language.Bridge.js registers itself into.
require("@kusto/language-service-next/bridge");
require("@kusto/language-service-next");
const Kusto = global.Kusto;

function usage(msg) {
  if (msg) process.stderr.write(`check.js: ${msg}\n`);
  process.stderr.write("usage: node check.js --schema <schema.json> [--warnings] <file-or-dir>...\n");
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { schema: null, warnings: false, inputs: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--schema") {
      if (i + 1 >= argv.length) usage("--schema needs a path");
      opts.schema = argv[++i];
    } else if (a.startsWith("--schema=")) {
      opts.schema = a.slice("--schema=".length);
    } else if (a === "--warnings") {
      opts.warnings = true;
    } else if (a === "-h" || a === "--help") {
      usage();
    } else if (a.startsWith("--")) {
      usage(`unknown flag ${a}`);
    } else {
      opts.inputs.push(a);
    }
  }
  if (!opts.schema) usage("--schema is required");
  if (opts.inputs.length === 0) usage("no query files given");
  return opts;
}

// kustoType maps a schema type name to the language service's scalar type.
function kustoType(name, where) {
  const t = Kusto.Language.Symbols.ScalarTypes.GetSymbol(name);
  if (!t) throw new Error(`${where}: unknown Kusto type ${JSON.stringify(name)}`);
  return t;
}

// loadGlobals builds a GlobalState whose default database holds the schema's tables.
function loadGlobals(schemaPath) {
  const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
  if (!schema.database || typeof schema.tables !== "object") {
    throw new Error(`${schemaPath}: expected {"database": ..., "tables": {...}}`);
  }
  const S = Kusto.Language.Symbols;
  const tables = Object.entries(schema.tables).map(([table, cols]) => {
    const columns = Object.entries(cols).map(
      ([col, type]) => new S.ColumnSymbol(col, kustoType(type, `${schemaPath}: ${table}.${col}`), null, null, null, null),
    );
    return new S.TableSymbol.$ctor4(table, columns);
  });
  const db = new S.DatabaseSymbol.ctor(schema.database, tables);
  return Kusto.Language.GlobalState.Default.WithDatabase(db);
}

function collectFiles(inputs) {
  const files = [];
  const walk = (p, explicit) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) walk(path.join(p, name), false);
    } else if (explicit || p.endsWith(".kql")) {
      files.push(p);
    }
  };
  for (const p of inputs) walk(p, true);
  return files;
}

// position turns a 0-based character offset into 1-based line and column.
function position(text, offset) {
  let line = 1;
  let col = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      col = 1;
    } else if (!(text[i] === "\r" && text[i + 1] === "\n")) {
      col++;
    }
  }
  return { line, col };
}

function checkFile(file, globals, opts) {
  const text = fs.readFileSync(file, "utf8");
  const code = Kusto.Language.KustoCode.ParseAndAnalyze(text, globals);
  const diags = code.GetDiagnostics();
  const out = [];
  const n = System.Array.getCount(diags, Kusto.Language.Diagnostic);
  for (let i = 0; i < n; i++) {
    const d = System.Array.getItem(diags, i, Kusto.Language.Diagnostic);
    const severity = (d.Severity || "Error").toLowerCase();
    if (severity !== "error" && !opts.warnings) continue;
    const p = d.HasLocation ? position(text, d.Start) : { line: 1, col: 1 };
    out.push({ start: d.HasLocation ? d.Start : 0, line: `${file}:${p.line}:${p.col}: ${severity}: ${d.Message} [${d.Code}]` });
  }
  out.sort((a, b) => a.start - b.start);
  for (const o of out) process.stdout.write(o.line + "\n");
  return out.length;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  let globals;
  let files;
  try {
    globals = loadGlobals(opts.schema);
    files = collectFiles(opts.inputs);
  } catch (e) {
    process.stderr.write(`check.js: ${e.message}\n`);
    process.exit(2);
  }
  let problems = 0;
  for (const f of files) problems += checkFile(f, globals, opts);
  if (problems > 0) {
    process.stderr.write(`check.js: ${problems} diagnostic(s) in ${files.length} file(s)\n`);
    process.exit(1);
  }
}

main();
