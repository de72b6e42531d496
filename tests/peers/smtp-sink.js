#!/usr/bin/env node
// A receiving SMTP server for interop tests, on Node's `smtp-server` package (nobody in this project wrote it).
// Settings come from environment variables (all optional except SINK_OUT):
//   SINK_PORT          port on 127.0.0.1 (0 = any free port; default 0)
//   SINK_CERT, SINK_KEY  PEM certificate and key (required unless STARTTLS is disabled)
//   SINK_SECURE        "1" = implicit TLS from the first byte; otherwise STARTTLS
//   SINK_MIN_VERSION, SINK_MAX_VERSION  TLS versions, e.g. TLSv1.2 (default min TLSv1.2: smtp-server's own default is TLSv1)
//   SINK_CIPHERS       OpenSSL cipher string, e.g. DEFAULT@SECLEVEL=0 (needed to offer TLS 1.1 at all)
//   SINK_USER, SINK_PASS  the only credentials AUTH accepts (AUTH is required when set)
//   SINK_DISABLED      comma-separated commands to disable, e.g. STARTTLS or AUTH
//   SINK_ALLOW_INSECURE_AUTH  "1" = advertise and accept AUTH in clear (bait for a client that must refuse)
//   SINK_OUT           folder: each message is written as <n>.eml; every byte received before TLS is appended to plaintext.log
// Prints "READY port=<port>" once listening, "CMD <connection> <command>" for every command (AUTH data redacted
// by smtp-server), "MESSAGE <path>" for every message stored. Stops on SIGTERM/SIGINT or when stdin closes.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { SMTPServer } = require('smtp-server');

const env = process.env;
const out = env.SINK_OUT;
if (!out) {
    console.error('SINK_OUT is required');
    process.exit(2);
}
fs.mkdirSync(out, { recursive: true });
const plaintextLog = path.join(out, 'plaintext.log');
fs.writeFileSync(plaintextLog, '');

const disabled = (env.SINK_DISABLED || '').split(',').map(s => s.trim()).filter(Boolean);
const options = {
    secure: env.SINK_SECURE === '1',
    disabledCommands: disabled,
    authOptional: !env.SINK_USER,
    allowInsecureAuth: env.SINK_ALLOW_INSECURE_AUTH === '1',
    authMethods: ['PLAIN', 'LOGIN'],
    minVersion: env.SINK_MIN_VERSION || 'TLSv1.2',
    size: 10 * 1024 * 1024,
    logger: {
        info() {},
        error() {},
        debug(meta, ...args) {
            if (meta && meta.tnx === 'command') {
                console.log(`CMD ${meta.cid} ${args.slice(1).join(' ')}`);
            }
        },
    },
    onAuth(auth, session, callback) {
        if (auth.username === env.SINK_USER && auth.password === env.SINK_PASS) {
            return callback(null, { user: auth.username });
        }
        return callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
        const chunks = [];
        stream.on('data', chunk => chunks.push(chunk));
        stream.on('end', () => {
            const file = path.join(out, `${Date.now()}-${Math.random().toString(16).slice(2)}.eml`);
            fs.writeFileSync(file, Buffer.concat(chunks));
            console.log(`MESSAGE ${file}`);
            callback(null);
        });
    },
};
if (env.SINK_MAX_VERSION) options.maxVersion = env.SINK_MAX_VERSION;
if (env.SINK_CIPHERS) options.ciphers = env.SINK_CIPHERS;
if (env.SINK_CERT) {
    options.cert = fs.readFileSync(env.SINK_CERT);
    options.key = fs.readFileSync(env.SINK_KEY);
}

const server = new SMTPServer(options);
server.on('error', err => console.log(`ERROR ${err.code || ''} ${err.message}`));

// Record what arrives in clear (before STARTTLS, or all of it when there is no TLS), to let tests prove that
// nothing sensitive was sent in clear. Implicit-TLS listeners carry only TLS records from the first byte.
if (!options.secure) {
    server.server.prependListener('connection', socket => {
        const record = chunk => {
            fs.appendFileSync(plaintextLog, chunk);
            // After "STARTTLS" the stream is TLS: stop recording (the rest is ciphertext).
            if (chunk.toString('latin1').toUpperCase().includes('STARTTLS\r\n')) {
                socket.removeListener('data', record);
            }
        };
        socket.on('data', record);
    });
}

server.listen(Number(env.SINK_PORT || 0), '127.0.0.1', () => {
    console.log(`READY port=${server.server.address().port}`);
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
