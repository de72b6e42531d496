// Sends N messages at concurrency C to an SES v2 endpoint (the Ses.Transport sandbox) with one Node client and prints
// one JSON line: messages/s, p50/p99 latency, client CPU per message, peak RSS.
// Usage: node ses-client.js --client nodemailer|sdk --endpoint URL --region R --count N --concurrency C --size BYTES --raw FILE
// Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. The sandbox's CA: NODE_EXTRA_CA_CERTS.
'use strict';
const fs = require('node:fs');
const { performance } = require('node:perf_hooks');
const { SESv2Client, SendEmailCommand } = require('@aws-sdk/client-sesv2');
const nodemailer = require('nodemailer');

function parse(argv) {
    const options = { client: 'sdk', count: 2000, concurrency: 4, size: 2048, warmup: 50 };
    for (let i = 2; i < argv.length; i += 2) {
        const key = argv[i].replace(/^--/, '');
        const value = argv[i + 1];
        options[key] = ['count', 'concurrency', 'size', 'warmup'].includes(key) ? Number(value) : value;
    }
    for (const required of ['endpoint', 'region', 'raw']) {
        if (!options[required]) {
            throw new Error(`--${required} is required`);
        }
    }
    return options;
}

function createSender(options) {
    const sesClient = new SESv2Client({
        region: options.region,
        endpoint: options.endpoint,
        credentials: {
            accessKeyId: process.env.AWS_ACCESS_KEY_ID,
            secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY,
        },
    });
    if (options.client === 'sdk') {
        // The same MIME bytes the .NET side sends, as SendEmail Raw content.
        const raw = fs.readFileSync(options.raw);
        return {
            send: () => sesClient.send(new SendEmailCommand({
                Destination: { ToAddresses: ['receiver@example.net'] },
                Content: { Raw: { Data: raw } },
            })),
            close: () => sesClient.destroy(),
        };
    }
    if (options.client === 'nodemailer') {
        // Nodemailer composes the MIME itself from the same fields and a text body of the same size.
        const transporter = nodemailer.createTransport({ SES: { sesClient, SendEmailCommand } });
        const text = 'x'.repeat(Math.max(1, options.size - 400)).replace(/(.{76})/g, '$1\r\n');
        return {
            send: () => transporter.sendMail({
                from: 'Sender <sender@example.com>',
                to: 'Receiver <receiver@example.net>',
                subject: 'Throughput',
                text,
            }),
            close: () => { transporter.close(); sesClient.destroy(); },
        };
    }
    throw new Error(`unknown client ${options.client}`);
}

async function run(sender, count, concurrency, latencies) {
    let next = 0;
    let failures = 0;
    let firstError;
    async function worker() {
        while (next < count) {
            next++;
            const started = performance.now();
            try {
                await sender.send();
                if (latencies) {
                    latencies.push(performance.now() - started);
                }
            } catch (error) {
                failures++;
                firstError ??= error;
            }
        }
    }
    await Promise.all(Array.from({ length: concurrency }, worker));
    return { failures, firstError };
}

function percentile(sorted, p) {
    return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

async function main() {
    const options = parse(process.argv);
    const sender = createSender(options);
    await run(sender, options.warmup, options.concurrency, null);
    // Tells the harness the timed part starts (it reads the sandbox's CPU time here).
    console.log('timed');
    // Peak RSS sampled here: resourceUsage().maxRSS would include the parent's RSS at fork time (Linux keeps it
    // across exec).
    let peakRss = process.memoryUsage.rss();
    const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage.rss()); }, 20);
    const latencies = [];
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const { failures, firstError } = await run(sender, options.count, options.concurrency, latencies);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    sender.close();
    latencies.sort((a, b) => a - b);
    const sent = options.count - failures;
    console.log(JSON.stringify({
        client: options.client,
        sent,
        failures,
        warmup: options.warmup,
        seconds,
        messagesPerSecond: sent / seconds,
        p50: percentile(latencies, 0.5),
        p99: percentile(latencies, 0.99),
        cpuMsPerMessage: (cpu.user + cpu.system) / 1000 / Math.max(1, sent),
        peakRssBytes: peakRss,
        error: firstError ? String(firstError.name + ': ' + firstError.message) : undefined,
    }));
}

main().catch(error => {
    console.error(`error: ${error.message}`);
    process.exit(1);
});
