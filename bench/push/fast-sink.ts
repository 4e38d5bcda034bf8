/**
 * The push bench's sink: a minimal `_bulk` responder on 127.0.0.1 that answers every item 201 as fast as
 * it can, run in a child process so its CPU does not come out of the client's share (the bench measures
 * the client). It counts the items (newlines / 2) and answers per item: the short
 * `filter_path` shape when asked for it (what eql-replay sends, like Beats), the full Elasticsearch item
 * otherwise (what the official client reads). It sends `X-Elastic-Product: Elasticsearch`, without which
 * the official client refuses to talk. Prints `PORT <n>` on stdout when listening.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

const SHORT = '{"create":{"status":201}}';
const FULL =
  '{"create":{"_index":"bench","_id":"x","_version":1,"result":"created","_shards":{"total":2,"successful":1,"failed":0},"_seq_no":0,"_primary_term":1,"status":201}}';
let items = 0;

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.url === '/' || req.url?.startsWith('/_sink')) {
      res.writeHead(200, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' });
      res.end(JSON.stringify({ version: { number: '9.0.0' }, items }));
      return;
    }
    let body = Buffer.concat(chunks);
    if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
    let lines = 0;
    for (let i = body.indexOf(10); i !== -1; i = body.indexOf(10, i + 1)) lines += 1;
    const n = lines >> 1;
    items += n;
    const item = req.url?.includes('filter_path') === true ? SHORT : FULL;
    const text = `{"took":1,"errors":false,"items":[${new Array<string>(n).fill(item).join(',')}]}`;
    res.writeHead(200, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`PORT ${(server.address() as AddressInfo).port}\n`);
});
process.on('disconnect', () => server.close());
