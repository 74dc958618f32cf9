// Checks the shipped editor schemas in the YAML language server itself (what VS Code's YAML
// extension runs): opens a client file that names schemas/client.schema.json on its first line,
// asks for completion inside a KPI and reads the diagnostics of a misspelt key.
//   npm i --prefix /tmp/yls yaml-language-server@1
//   node tests/editor/check-yaml-language-server.mjs /tmp/yls/node_modules
// Exits 0 when 'formula' is offered and 'formla' flagged, 1 otherwise.
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const modules = process.argv[2] ?? 'node_modules';
const server = spawn(process.execPath, [path.join(modules, 'yaml-language-server', 'bin', 'yaml-language-server'), '--stdio']);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const uri = pathToFileURL(path.join(root, 'kpi-definitions', 'clients', 'editor-check.yaml')).href;
const text = [
  '# yaml-language-server: $schema=../../schemas/client.schema.json',
  'client: editor-check',
  'kpis:',
  '  - id: aov',
  '    formla: "[revenue] / [orders]"',
  '    ',
].join('\n');

let buffer = Buffer.alloc(0);
const waiting = new Map();
let diagnostics = null;
let id = 0;
const send = (message) => {
  const body = JSON.stringify({ jsonrpc: '2.0', ...message });
  server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
};
const request = (method, params) => new Promise((resolve) => { waiting.set(++id, resolve); send({ id, method, params }); });
server.stdout.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const end = buffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())[1]);
    if (buffer.length < end + 4 + length) return;
    const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString());
    buffer = buffer.subarray(end + 4 + length);
    if (message.id !== undefined && waiting.has(message.id)) { waiting.get(message.id)(message.result); waiting.delete(message.id); }
    else if (message.method === 'workspace/configuration') send({ id: message.id, result: message.params.items.map(() => ({ validate: true, completion: true, hover: true, schemaStore: { enable: false } })) });
    else if (message.id !== undefined && message.method) send({ id: message.id, result: null });
    else if (message.method === 'textDocument/publishDiagnostics' && message.params.uri === uri) diagnostics = message.params.diagnostics;
  }
});

const timeout = setTimeout(() => { console.error('yaml-language-server did not answer in 60 s'); process.exit(1); }, 60_000);
await request('initialize', { processId: process.pid, rootUri: pathToFileURL(root).href, capabilities: { textDocument: { completion: { completionItem: { snippetSupport: false } } } } });
send({ method: 'initialized', params: {} });
send({ method: 'workspace/didChangeConfiguration', params: { settings: { yaml: { validate: true, completion: true, schemaStore: { enable: false } } } } });
send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'yaml', version: 1, text } } });
const completion = await request('textDocument/completion', { textDocument: { uri }, position: { line: 5, character: 4 } });
for (let i = 0; i < 100 && diagnostics === null; i++) await new Promise((r) => setTimeout(r, 100));
clearTimeout(timeout);

const labels = (completion?.items ?? completion ?? []).map((item) => item.label);
const flagged = (diagnostics ?? []).filter((d) => d.range.start.line === 4);
console.log(`completion inside a KPI offers: ${labels.join(', ')}`);
console.log(`diagnostics on line 5: ${flagged.map((d) => d.message).join(' | ') || '(none)'}`);
const ok = labels.includes('formula') && labels.includes('unit') && flagged.some((d) => /formla/.test(d.message));
console.log(ok ? 'OK: keys completed and the unknown key flagged' : 'FAILED');
server.kill();
process.exit(ok ? 0 : 1);
