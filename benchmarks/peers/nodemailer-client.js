#!/usr/bin/env node
// Nodemailer as a client to compare against: a pool of connections (STARTTLS required, AUTH PLAIN, TLS 1.3,
// certificate checked against the given CA) sending the harness's message file as is (raw), N messages with
// C in flight. Settings (environment): BENCH_PORT, BENCH_CA, BENCH_USER, BENCH_PASS, BENCH_MESSAGE (an .eml file),
// BENCH_FROM, BENCH_TO, BENCH_COUNT, BENCH_WARMUP and BENCH_WARMUP_SECONDS (untimed: at least that many messages, for
// at least that long), BENCH_CONCURRENCY, BENCH_POOL (default 4).
// Prints one JSON line: {"messages","failed","warmupMessages","seconds","latenciesMs":[...],"cpuMs","peakWorkingSetBytes"}.
'use strict';
const fs = require('node:fs');
const nodemailer = require('nodemailer');

const env = process.env;
const count = Number(env.BENCH_COUNT || 2000);
const warmup = Number(env.BENCH_WARMUP || 0);
const warmupSeconds = Number(env.BENCH_WARMUP_SECONDS || 0);
const concurrency = Number(env.BENCH_CONCURRENCY || 4);
const raw = fs.readFileSync(env.BENCH_MESSAGE);

const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: Number(env.BENCH_PORT),
    secure: false,
    requireTLS: true,
    pool: true,
    maxConnections: Number(env.BENCH_POOL || 4),
    auth: { user: env.BENCH_USER, pass: env.BENCH_PASS, method: 'PLAIN' },
    tls: { ca: fs.readFileSync(env.BENCH_CA), servername: 'localhost', minVersion: 'TLSv1.3' },
});

const mail = { envelope: { from: env.BENCH_FROM, to: [env.BENCH_TO] }, raw };

// Sends at least `total` messages and goes on until `minimumSeconds` have passed; returns { sent, failed }.
async function run(total, latencies, minimumSeconds = 0) {
    let next = 0;
    let failed = 0;
    const until = process.hrtime.bigint() + BigInt(Math.round(minimumSeconds * 1e9));
    const worker = async () => {
        while (next < total || (!latencies && process.hrtime.bigint() < until)) {
            next++;
            const started = process.hrtime.bigint();
            try {
                await transport.sendMail(mail);
            } catch (err) {
                failed++;
                if (failed === 1) console.error(`send failed: ${err.message}`);
            }
            if (latencies) latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
        }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return { sent: next, failed };
}

(async () => {
    const warm = await run(warmup, null, warmupSeconds);
    const latencies = [];
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    const { failed: timedFailed } = await run(count, latencies);
    const failed = timedFailed + warm.failed;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpuBefore);
    transport.close();
    const line = JSON.stringify({
        messages: count - timedFailed,
        failed,
        warmupMessages: warm.sent,
        seconds,
        latenciesMs: latencies,
        cpuMs: (cpu.user + cpu.system) / 1000,
        peakWorkingSetBytes: process.resourceUsage().maxRSS * 1024,
    });
    // Exit only once the whole line is written: a pipe takes 64 KiB at a time, and the latencies of 10,000 messages
    // are more than that.
    process.stdout.write(line + '\n', () => process.exit(failed === 0 ? 0 : 1));
})().catch(err => {
    console.error(err);
    process.exit(1);
});
