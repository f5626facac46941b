// End-to-end tests of `asl serve` with the real AWS SDK for JavaScript v3.
// The server is the built CLI: $ASL_CLI (an `asl` executable or `asl.dll`), else the newest
// artifacts/bin/AslCompiler.Cli/{release,debug}/asl.dll of this repository.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  SFNClient,
  CreateStateMachineCommand,
  DescribeStateMachineCommand,
  PublishStateMachineVersionCommand,
  CreateStateMachineAliasCommand,
  DescribeStateMachineAliasCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  DescribeExecutionCommand,
  CreateActivityCommand,
  GetActivityTaskCommand,
  SendTaskSuccessCommand,
  SendTaskFailureCommand,
  RedriveExecutionCommand,
  TestStateCommand,
  ValidateStateMachineDefinitionCommand,
  ListStateMachineVersionsCommand,
  paginateGetExecutionHistory,
  paginateListStateMachines,
  InvalidArn,
  StateMachineDoesNotExist,
  ExecutionAlreadyExists,
} from '@aws-sdk/client-sfn';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const role = 'arn:aws:iam::123456789012:role/StatesExecutionRole';
const pass = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: { ok: true }, End: true } } });

let server;
let client;

function cliCommand() {
  const given = process.env.ASL_CLI;
  const candidates = given ? [given] : ['release', 'debug'].map((c) => join(repo, 'artifacts', 'bin', 'AslCompiler.Cli', c, 'asl.dll'));
  const found = candidates.filter((p) => existsSync(p)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!found) {
    throw new Error(`asl CLI not found (tried ${candidates.join(', ')}); build src/AslCompiler.Cli or set ASL_CLI`);
  }
  return found.endsWith('.dll') ? ['dotnet', [found]] : [found, []];
}

function startServer(extra = ['--time-scale', '20']) {
  const [command, prefix] = cliCommand();
  const child = spawn(command, [...prefix, 'serve', '--port', '0', '--log-level', 'Warning', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error('asl serve did not start in 30 s:\n' + stderr)), 30_000);
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolvePromise({ child, url: match[1], stderr: () => stderr });
      }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`asl serve exited with ${code}:\n${stderr}`)); });
  });
}

function clientFor(url) {
  return new SFNClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'dummy-secret' },
    // StartSyncExecution's endpoint trait would send it to sync-127.0.0.1, which does not resolve.
    disableHostPrefix: true,
    maxAttempts: 1,
  });
}

async function stopServer(running) {
  running.child.removeAllListeners('exit');
  const exited = new Promise((r) => running.child.on('exit', r));
  running.child.kill('SIGTERM');
  return exited;
}

before(async () => {
  server = await startServer();
  client = clientFor(server.url);
});

after(async () => {
  client?.destroy();
  if (server) {
    const code = await stopServer(server);
    assert.equal(code, 0, 'asl serve should stop cleanly on SIGTERM:\n' + server.stderr());
  }
});

let unique = 0;
const name = (prefix) => `${prefix}-${process.pid}-${++unique}`;

async function createMachine(prefix, definition = pass, type = 'STANDARD') {
  const created = await client.send(new CreateStateMachineCommand({ name: name(prefix), definition, roleArn: role, type }));
  assert.ok(created.creationDate instanceof Date);
  return created.stateMachineArn;
}

async function waitForEnd(executionArn) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== 'RUNNING' || Date.now() > deadline) {
      return described;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

function activityMachine(activityArn) {
  return JSON.stringify({ StartAt: 'Work', States: { Work: { Type: 'Task', Resource: activityArn, End: true } } });
}

test('create a state machine and describe it', async () => {
  const arn = await createMachine('Create');
  const described = await client.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
  assert.equal(described.status, 'ACTIVE');
  assert.equal(described.type, 'STANDARD');
  assert.equal(JSON.parse(described.definition).StartAt, 'P');
  assert.ok(described.creationDate instanceof Date);
  assert.ok(Math.abs(described.creationDate.getTime() - Date.now()) < 10 * 60_000, 'epoch timestamps parse to a date near now');
});

test('publish a version, create an alias and start an execution through it', async () => {
  const arn = await createMachine('Versions');
  const published = await client.send(new PublishStateMachineVersionCommand({ stateMachineArn: arn, description: 'v1' }));
  assert.equal(published.stateMachineVersionArn, `${arn}:1`);
  const versions = await client.send(new ListStateMachineVersionsCommand({ stateMachineArn: arn }));
  assert.equal(versions.stateMachineVersions.length, 1);

  const alias = await client.send(new CreateStateMachineAliasCommand({
    name: 'live',
    routingConfiguration: [{ stateMachineVersionArn: published.stateMachineVersionArn, weight: 100 }],
  }));
  assert.equal(alias.stateMachineAliasArn, `${arn}:live`);
  const describedAlias = await client.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: alias.stateMachineAliasArn }));
  assert.equal(describedAlias.routingConfiguration[0].weight, 100);

  const started = await client.send(new StartExecutionCommand({ stateMachineArn: alias.stateMachineAliasArn, input: '{"x":1}' }));
  const ended = await waitForEnd(started.executionArn);
  assert.equal(ended.status, 'SUCCEEDED');
  assert.equal(ended.stateMachineAliasArn, alias.stateMachineAliasArn);
  assert.equal(ended.stateMachineVersionArn, published.stateMachineVersionArn);
  assert.deepEqual(JSON.parse(ended.output), { ok: true });
});

test('standard execution runs to the end, waits included', async () => {
  const definition = JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 2, Next: 'P' }, P: { Type: 'Pass', End: true } } });
  const arn = await createMachine('Standard', definition);
  const started = await client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'first', input: '{"a":1}' }));
  assert.ok(started.startDate instanceof Date);
  const ended = await waitForEnd(started.executionArn);
  assert.equal(ended.status, 'SUCCEEDED');
  assert.deepEqual(JSON.parse(ended.output), { a: 1 });
  assert.ok(ended.stopDate >= ended.startDate);
});

test('sync express execution answers with its output', async () => {
  const definition = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Parameters: { 'sum.$': 'States.MathAdd($.a, 1)' }, End: true } } });
  const arn = await createMachine('Express', definition, 'EXPRESS');
  const result = await client.send(new StartSyncExecutionCommand({ stateMachineArn: arn, input: '{"a":41}' }));
  assert.equal(result.status, 'SUCCEEDED');
  assert.deepEqual(JSON.parse(result.output), { sum: 42 });
  assert.ok(result.stopDate instanceof Date);
});

test('an activity is polled and answered', async () => {
  const activity = await client.send(new CreateActivityCommand({ name: name('Approve') }));
  const arn = await createMachine('Activity', activityMachine(activity.activityArn));
  const started = await client.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{"question":"ok?"}' }));
  const task = await client.send(new GetActivityTaskCommand({ activityArn: activity.activityArn, workerName: 'e2e' }));
  assert.deepEqual(JSON.parse(task.input), { question: 'ok?' });
  await client.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{"answer":"yes"}' }));
  const ended = await waitForEnd(started.executionArn);
  assert.equal(ended.status, 'SUCCEEDED');
  assert.deepEqual(JSON.parse(ended.output), { answer: 'yes' });
});

test('history reads back through pagination', async () => {
  const states = {};
  for (let i = 0; i < 6; i++) {
    states[`S${i}`] = i < 5 ? { Type: 'Pass', Next: `S${i + 1}` } : { Type: 'Pass', End: true };
  }
  const arn = await createMachine('History', JSON.stringify({ StartAt: 'S0', States: states }));
  const started = await client.send(new StartExecutionCommand({ stateMachineArn: arn }));
  await waitForEnd(started.executionArn);

  const events = [];
  let pages = 0;
  for await (const page of paginateGetExecutionHistory({ client, pageSize: 4 }, { executionArn: started.executionArn })) {
    pages++;
    assert.ok(page.events.length <= 4);
    events.push(...page.events);
  }
  assert.equal(events.length, 14); // started, 6 × (entered, exited), succeeded
  assert.ok(pages >= 4);
  assert.deepEqual(events.map((e) => e.id), Array.from({ length: 14 }, (_, i) => i + 1));
  assert.equal(events[0].type, 'ExecutionStarted');
  assert.equal(events.at(-1).type, 'ExecutionSucceeded');
  assert.ok(events.every((e) => e.timestamp instanceof Date));

  const listed = [];
  for await (const page of paginateListStateMachines({ client, pageSize: 2 }, {})) {
    listed.push(...page.stateMachines.map((m) => m.stateMachineArn));
  }
  assert.ok(listed.includes(arn));
  assert.equal(new Set(listed).size, listed.length);
});

test('a failed execution is redriven', async () => {
  const activity = await client.send(new CreateActivityCommand({ name: name('Flaky') }));
  const arn = await createMachine('Redrive', activityMachine(activity.activityArn));
  const started = await client.send(new StartExecutionCommand({ stateMachineArn: arn }));
  const first = await client.send(new GetActivityTaskCommand({ activityArn: activity.activityArn }));
  await client.send(new SendTaskFailureCommand({ taskToken: first.taskToken, error: 'Flaky.Error', cause: 'first try' }));
  const failed = await waitForEnd(started.executionArn);
  assert.equal(failed.status, 'FAILED');
  assert.equal(failed.error, 'Flaky.Error');

  const redriven = await client.send(new RedriveExecutionCommand({ executionArn: started.executionArn }));
  assert.ok(redriven.redriveDate instanceof Date);
  const second = await client.send(new GetActivityTaskCommand({ activityArn: activity.activityArn }));
  await client.send(new SendTaskSuccessCommand({ taskToken: second.taskToken, output: '{"second":true}' }));
  const ended = await waitForEnd(started.executionArn);
  assert.equal(ended.status, 'SUCCEEDED');
  assert.equal(ended.redriveCount, 1);
});

test('TestState runs one state', async () => {
  const result = await client.send(new TestStateCommand({
    definition: JSON.stringify({ Type: 'Pass', Parameters: { 'greeting.$': "States.Format('hello {}', $.who)" }, End: true }),
    roleArn: role,
    input: '{"who":"world"}',
    inspectionLevel: 'DEBUG',
  }));
  assert.equal(result.status, 'SUCCEEDED');
  assert.deepEqual(JSON.parse(result.output), { greeting: 'hello world' });
  assert.ok(result.inspectionData);
});

test('ValidateStateMachineDefinition reports diagnostics', async () => {
  const ok = await client.send(new ValidateStateMachineDefinitionCommand({ definition: pass }));
  assert.equal(ok.result, 'OK');
  const bad = await client.send(new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify({ StartAt: 'Missing', States: { P: { Type: 'Pass', End: true } } }) }));
  assert.equal(bad.result, 'FAIL');
  assert.ok(bad.diagnostics.length > 0);
  assert.equal(bad.diagnostics[0].severity, 'ERROR');
});

test('a bad ARN is InvalidArn', async () => {
  await assert.rejects(
    client.send(new DescribeStateMachineCommand({ stateMachineArn: 'not-an-arn' })),
    (e) => e instanceof InvalidArn && e.name === 'InvalidArn' && e.$metadata.httpStatusCode === 400 && /Invalid Arn/.test(e.message),
  );
});

test('a missing state machine is StateMachineDoesNotExist', async () => {
  await assert.rejects(
    client.send(new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Nowhere' })),
    (e) => e instanceof StateMachineDoesNotExist && e.name === 'StateMachineDoesNotExist',
  );
});

test('a duplicate execution name with different input is ExecutionAlreadyExists', async () => {
  const arn = await createMachine('Duplicate');
  await client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'same', input: '{"a":1}' }));
  await assert.rejects(
    client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'same', input: '{"a":2}' })),
    (e) => e instanceof ExecutionAlreadyExists && e.name === 'ExecutionAlreadyExists',
  );
});

test('a missing required member is a ValidationException', async () => {
  await assert.rejects(
    client.send(new StartExecutionCommand({ input: '{}' })),
    (e) => e.name === 'ValidationException' && /Member must not be null/.test(e.message),
  );
});

test('--store keeps state machines and resumes a running execution across a restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'asl-serve-'));
  const store = join(dir, 'store.db');
  try {
    let running = await startServer(['--store', store]);
    let sfn = clientFor(running.url);
    const definition = JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 2, Next: 'P' }, P: { Type: 'Pass', Result: 'resumed', End: true } } });
    const created = await sfn.send(new CreateStateMachineCommand({ name: 'Durable', definition, roleArn: role }));
    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: created.stateMachineArn, name: 'across-restart' }));
    sfn.destroy();
    assert.equal(await stopServer(running), 0, running.stderr());

    running = await startServer(['--store', store]);
    sfn = clientFor(running.url);
    try {
      const machine = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
      assert.equal(machine.name, 'Durable');
      let described;
      const deadline = Date.now() + 20_000;
      do {
        described = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
        await new Promise((r) => setTimeout(r, 50));
      } while (described.status === 'RUNNING' && Date.now() < deadline);
      assert.equal(described.status, 'SUCCEEDED');
      assert.equal(JSON.parse(described.output), 'resumed');
    } finally {
      sfn.destroy();
      assert.equal(await stopServer(running), 0, running.stderr());
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--mock: each execution runs the test case its ARN names, as on Step Functions Local', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'asl-serve-mock-'));
  const mocks = join(dir, 'mocks.json');
  writeFileSync(mocks, JSON.stringify({
    StateMachines: { Orders: { TestCases: { HappyPath: { Charge: 'Charged' }, Declined: { Charge: 'Refused' } } } },
    MockedResponses: {
      Charged: { 0: { Return: { StatusCode: 200, Payload: { charged: true } } } },
      Refused: { 0: { Throw: { Error: 'Card.Declined', Cause: 'no funds' } } },
    },
  }));
  try {
    const running = await startServer(['--mock', mocks]);
    const sfn = clientFor(running.url);
    try {
      const definition = JSON.stringify({ StartAt: 'Charge', States: { Charge: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:charge', End: true } } });
      const created = await sfn.send(new CreateStateMachineCommand({ name: 'Orders', definition, roleArn: role, type: 'EXPRESS' }));
      const happy = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: `${created.stateMachineArn}#HappyPath` }));
      assert.equal(happy.status, 'SUCCEEDED');
      assert.deepEqual(JSON.parse(happy.output), { charged: true });
      assert.equal(happy.stateMachineArn, created.stateMachineArn);
      const declined = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: `${created.stateMachineArn}#Declined` }));
      assert.equal(declined.status, 'FAILED');
      assert.equal(declined.error, 'Card.Declined');
      await assert.rejects(
        sfn.send(new StartSyncExecutionCommand({ stateMachineArn: `${created.stateMachineArn}#Nope` })),
        (e) => e.name === 'ValidationException' && /test case 'Nope' was not found/.test(e.message));
    } finally {
      sfn.destroy();
      assert.equal(await stopServer(running), 0, running.stderr());
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
