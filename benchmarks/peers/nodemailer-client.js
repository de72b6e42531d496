#!/usr/bin/env node
// Nodemailer as a client to compare against: a pool of connections (STARTTLS required, AUTH PLAIN, TLS 1.3,
// certificate checked against the given CA) sending the harness's message file as is (raw), N messages with
// C in flight. Settings (environment): BENCH_PORT, BENCH_CA, BENCH_USER, BENCH_PASS, BENCH_MESSAGE (an .eml file),
// BENCH_FROM, BENCH_TO, BENCH_COUNT, BENCH_WARMUP, BENCH_CONCURRENCY, BENCH_POOL (default 4).
// Prints one JSON line: {"messages","failed","seconds","latenciesMs":[...],"cpuMs","peakWorkingSetBytes"}.
'use strict';
const fs = require('node:fs');
const nodemailer = require('nodemailer');

const env = process.env;
const count = Number(env.BENCH_COUNT || 2000);
const warmup = Number(env.BENCH_WARMUP || 0);
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

async function run(total, latencies) {
    let next = 0;
    let failed = 0;
    const worker = async () => {
        while (next < total) {
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
    return failed;
}

(async () => {
    await run(warmup, null);
    const latencies = [];
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    const failed = await run(count, latencies);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpuBefore);
    transport.close();
    console.log(JSON.stringify({
        messages: count - failed,
        failed,
        seconds,
        latenciesMs: latencies,
        cpuMs: (cpu.user + cpu.system) / 1000,
        peakWorkingSetBytes: process.resourceUsage().maxRSS * 1024,
    }));
    process.exit(failed === 0 ? 0 : 1);
})().catch(err => {
    console.error(err);
    process.exit(1);
});
