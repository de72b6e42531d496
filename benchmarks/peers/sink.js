#!/usr/bin/env node
// The throughput harness's receiving end, on Node's `smtp-server` package: two listeners on 127.0.0.1 sharing one
// set of counters, one offering STARTTLS and one with implicit TLS, both TLS 1.3 only and AUTH PLAIN required.
// smtp-server pauses 100 ms before its greeting to catch clients that talk too early; that pause is removed here
// (it would dominate connect-per-message figures) and reverse DNS is off. Messages are counted and dropped.
// Settings (environment): SINK_CERT, SINK_KEY (PEM, required), SINK_USER, SINK_PASS (required),
// SINK_PORT, SINK_TLS_PORT, SINK_CONTROL_PORT (0 = any free port; the default).
// Prints "READY smtp=<port> tls=<port> control=<port>" once listening. GET http://127.0.0.1:<control>/stats answers
// {"messages":n,"bytes":n,"connections":n,"rejected":n,"cpuMs":n} (cpuMs: the sink's own CPU time so far). Stops on SIGTERM/SIGINT.
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const { SMTPServer } = require('smtp-server');
const { SMTPConnection } = require('smtp-server/lib/smtp-connection');

const env = process.env;
for (const name of ['SINK_CERT', 'SINK_KEY', 'SINK_USER', 'SINK_PASS']) {
    if (!env[name]) {
        console.error(`${name} is required`);
        process.exit(2);
    }
}

// The stock init() waits 100 ms ("early talker" detection) before connectionReady(); this one greets at once.
SMTPConnection.prototype.init = function init() {
    this._setListeners(() => {
        if (this._server.options.maxClients && this._server.connections.size > this._server.options.maxClients) {
            return this.send(421, this.name + ' Too many connected clients, try again in a moment', false);
        }
        this.connectionReady();
    });
};

const stats = { messages: 0, bytes: 0, connections: 0, rejected: 0 };
const cert = fs.readFileSync(env.SINK_CERT);
const key = fs.readFileSync(env.SINK_KEY);

function create(secure) {
    return new SMTPServer({
        secure,
        cert,
        key,
        minVersion: 'TLSv1.3',
        authMethods: ['PLAIN'],
        authOptional: false,
        disableReverseLookup: true,
        size: 64 * 1024 * 1024,
        logger: false,
        onConnect(session, callback) {
            stats.connections++;
            callback();
        },
        onAuth(auth, session, callback) {
            if (auth.username === env.SINK_USER && auth.password === env.SINK_PASS) {
                return callback(null, { user: auth.username });
            }
            return callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
        },
        onData(stream, session, callback) {
            let bytes = 0;
            stream.on('data', chunk => { bytes += chunk.length; });
            stream.on('end', () => {
                if (stream.sizeExceeded) {
                    stats.rejected++;
                    return callback(Object.assign(new Error('Message too big'), { responseCode: 552 }));
                }
                stats.messages++;
                stats.bytes += bytes;
                callback(null, `Ok: queued as ${stats.messages}`);
            });
        },
    });
}

const starttls = create(false);
const implicit = create(true);
for (const server of [starttls, implicit]) {
    server.on('error', err => console.log(`ERROR ${err.code || ''} ${err.message}`));
}

const control = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/stats') {
        const cpu = process.cpuUsage();
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ ...stats, cpuMs: (cpu.user + cpu.system) / 1000 }));
    }
    res.writeHead(404);
    res.end();
});

const listen = (server, port) => new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.server || server).address().port));
});

(async () => {
    const smtpPort = await listen(starttls, Number(env.SINK_PORT || 0));
    const tlsPort = await listen(implicit, Number(env.SINK_TLS_PORT || 0));
    const controlPort = await listen(control, Number(env.SINK_CONTROL_PORT || 0));
    console.log(`READY smtp=${smtpPort} tls=${tlsPort} control=${controlPort}`);
})().catch(err => {
    console.error(err);
    process.exit(1);
});

const stop = () => {
    starttls.close(() => {});
    implicit.close(() => {});
    control.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
