// Test oracle for SPEC section 9: jobs produced by the real bullmq package,
// and the queue's counts as bullmq's own Queue.getJobCounts() reports them.
//
//   node bullmq_counts.cjs full|paused|counts
//
// Environment: IG_REDIS_URL (redis://:pass@host:port/db), IG_PREFIX,
// IG_QUEUE. Run with NODE_PATH pointing at tests/node/node_modules.
//
// full:   a failed job (it throws), an active one (a Worker takes it and holds
//         it), 3 waiting, 6 prioritized, 2 delayed and a flow (a parent in
//         waiting-children, its child waiting).
// paused: the queue is paused, then 4 waiting, 2 prioritized, 1 delayed.
// counts: only reads.
//
// Prints one JSON line of counts once the queue is settled, then, for full,
// keeps holding the active job until stdin closes.
'use strict';

const { Queue, Worker, FlowProducer } = require('bullmq');
const IORedis = require('ioredis');

const mode = process.argv[2];
const url = process.env.IG_REDIS_URL;
const prefix = process.env.IG_PREFIX || 'bull';
const name = process.env.IG_QUEUE || 'ingest-events';

function conn() {
	return new IORedis(url, { maxRetriesPerRequest: null });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(what, check) {
	for (let i = 0; i < 200; i++) {
		if (await check())
			return;
		await sleep(50);
	}
	throw new Error('timed out waiting for ' + what);
}

async function counts(queue) {
	const c = await queue.getJobCounts();
	// Jobs a BullMQ before v5 moved on pause; getJobCounts() leaves them out
	// by default, but they are waiting all the same.
	const legacy = await queue.getJobCounts('paused');
	c.paused = legacy.paused;
	c.isPaused = await queue.isPaused();
	return c;
}

async function main() {
	const queue = new Queue(name, { connection: conn(), prefix });
	const closers = [() => queue.close()];
	let release;
	const held = new Promise((r) => { release = r; });

	if (mode === 'full') {
		const worker = new Worker(name, async (job) => {
			if (job.name === 'fail')
				throw new Error('meant to fail');
			if (job.name === 'hold')
				await held;
		}, { connection: conn(), prefix, concurrency: 1 });
		closers.unshift(() => worker.close(true));
		await queue.add('fail', { n: 0 }, { attempts: 1 });
		await until('the failed job', async () =>
			(await queue.getJobCounts('failed')).failed === 1);
		await queue.add('hold', { n: 0 });
		await until('the active job', async () =>
			(await queue.getJobCounts('active')).active === 1);
		for (let i = 1; i <= 3; i++)
			await queue.add('plain', { n: i });
		for (let i = 1; i <= 6; i++)
			await queue.add('urgent', { n: i }, { priority: i });
		for (let i = 1; i <= 2; i++)
			await queue.add('later', { n: i }, { delay: 3600 * 1000 });
		const flow = new FlowProducer({ connection: conn(), prefix });
		closers.push(() => flow.close());
		await flow.add({ name: 'parent', queueName: name, data: {},
		    children: [{ name: 'child', queueName: name, data: {} }] });
	} else if (mode === 'paused') {
		await queue.pause();
		for (let i = 1; i <= 4; i++)
			await queue.add('plain', { n: i });
		for (let i = 1; i <= 2; i++)
			await queue.add('urgent', { n: i }, { priority: i });
		await queue.add('later', { n: 1 }, { delay: 3600 * 1000 });
	} else if (mode !== 'counts') {
		throw new Error('mode must be full, paused or counts');
	}
	// Settled: two reads in a row agree.
	let last = '';
	for (let i = 0; i < 40; i++) {
		const now = JSON.stringify(await counts(queue));
		if (now === last)
			break;
		last = now;
		await sleep(100);
	}
	process.stdout.write(last + '\n');
	if (mode === 'full') {
		process.stdin.resume();
		await new Promise((r) => process.stdin.on('end', r));
		release();
	}
	for (const c of closers)
		await c();
}

main().then(() => process.exit(0), (e) => {
	process.stderr.write('bullmq_counts: ' + (e && e.stack || e) + '\n');
	process.exit(1);
});
