using System;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Language.Model;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;

namespace AslCompiler.Runtime.Execution;

/// <summary>Settings shared by every execution a kernel runs.</summary>
public sealed class ExecutionOptions
{
    /// <summary>The clock for waits, timeouts, heartbeats and timestamps.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The task handlers.</summary>
    public TaskHandlerRegistry TaskHandlers { get; init; } = new();

    /// <summary>
    /// Told when a task handler throws an exception other than <see cref="TaskFailedException"/> (or its cancellation):
    /// the task fails with the exception's type name as its error, which a Catch may handle, so nothing else reports the
    /// crash of code that runs in-process. For logging it (hosting logs it at Warning); an exception it throws is ignored.
    /// </summary>
    public Action<TaskInvocation, Exception>? TaskHandlerFailed { get; init; }

    /// <summary>
    /// Told as a task handler is about to be called (and as a <c>states:startExecution</c> task starts its child), on the
    /// flow that makes the call: what it makes ambient there (an <see cref="System.Diagnostics.Activity"/>) is the
    /// handler's, and the child's parent trace. The action it returns is called once the call has ended, with the error
    /// name of a failed call (null when it answered). For tracing (hosting starts a span per call); an exception either
    /// throws is ignored.
    /// </summary>
    public Func<TaskInvocation, Action<string?>?>? TaskHandlerCalling { get; init; }

    /// <summary>
    /// The client of HTTP Tasks (<c>arn:aws:states:::http:invoke</c>) that no registered handler takes, used for every
    /// call (a long-lived client). Null: <see cref="HttpClientFactory"/>, else a shared client of the runtime's own.
    /// </summary>
    public System.Net.Http.HttpClient? HttpClient { get; init; }

    /// <summary>
    /// Makes the client of each HTTP Task call, e.g. <c>() => httpClientFactory.CreateClient("asl")</c> over
    /// IHttpClientFactory (handler rotation, message handlers, resilience). Takes precedence over <see cref="HttpClient"/>.
    /// </summary>
    public Func<System.Net.Http.HttpClient>? HttpClientFactory { get; init; }

    /// <summary>
    /// Resolves the EventBridge connection an HTTP Task names (ConnectionArn) to its authorization and parameters.
    /// Null: a task naming a connection fails with <c>Events.ConnectionResource.ResourceNotFound</c>.
    /// </summary>
    public IHttpConnectionProvider? HttpConnections { get; init; }

    /// <summary>Told of each HTTP Task call the built-in handler makes (TestState's TRACE level).</summary>
    internal Action<HttpTaskExchange>? HttpObserver { get; init; }

    /// <summary>Mocked responses by state name (take precedence over handlers), or null.</summary>
    public MockTestCase? Mocks { get; init; }

    /// <summary>
    /// The most history events an execution may record (AWS: 25,000): one more fails a Standard execution. AWS keeps no
    /// history of an Express execution and sets it no such limit: one runs on, its recorded history keeping its first
    /// events and its end.
    /// </summary>
    public int MaxHistoryEvents { get; init; } = 25_000;

    /// <summary>The largest payload in bytes (AWS: 256 KiB); 0 turns the check off.</summary>
    public int MaxPayloadBytes { get; init; } = 256 * 1024;

    /// <summary>The longest a Standard execution may run (AWS: one year).</summary>
    public TimeSpan MaxStandardDuration { get; init; } = TimeSpan.FromDays(365);

    /// <summary>
    /// The longest an Express execution may run (AWS: five minutes). On a <see cref="Timing.VirtualTimeProvider"/>,
    /// which does not move while states compute, an Express execution also times out once it has run this long in real
    /// time, as it would on AWS, whose clock always moves; so does any execution whose definition sets a shorter
    /// <c>TimeoutSeconds</c>, once it has run that long.
    /// </summary>
    public TimeSpan MaxExpressDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest an execution of the type may run: <see cref="MaxExpressDuration"/> or <see cref="MaxStandardDuration"/>.</summary>
    internal TimeSpan MaxDuration(bool express) => express ? MaxExpressDuration : MaxStandardDuration;

    /// <summary>
    /// The execution's random source (default <see cref="Random.Shared"/>): retry jitter, task tokens, the id of an
    /// Express execution the kernel starts itself (not through the API), <c>States.MathRandom</c> without a seed and
    /// <c>States.UUID</c>, and in JSONata <c>$random()</c> without a seed, <c>$shuffle</c> and <c>$uuid()</c> (Step
    /// Functions' seeded <c>$random(seed)</c> does not draw from it). Seeded, it makes a run reproducible: the same
    /// definition, input and seed give the same values, compiled or interpreted. Names made up for executions started
    /// without one, the API's Express execution ids and Map Run ids do not draw from it: they must stay unique across
    /// processes (a durable store keeps them), so they come from <see cref="Random.Shared"/>. Parallel branches and Map
    /// iterations draw from it too, except in a durable run, where each branch and iteration draws from its own source
    /// seeded from it (so a resumed run draws what its first run drew). Branches and iterations that wait (on a task, a
    /// timer) draw in no fixed order and may draw at the same time from other threads (the kernel draws from the
    /// instance under a lock, so a seeded one is safe to give).
    /// </summary>
    public Random Random
    {
        get => _random;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            _random = value;
            _synchronizedRandom = null;
        }
    }

    /// <summary>
    /// <see cref="Random"/> as the kernel draws from it: a seeded instance behind a lock, since executions, branches and
    /// iterations draw on whatever threads their tasks complete.
    /// </summary>
    internal Random SynchronizedRandom => _synchronizedRandom ??= Execution.SynchronizedRandom.Wrap(_random);

    private readonly Random _random = Random.Shared;
    private Random? _synchronizedRandom;

    /// <summary>The partition of the ARNs the kernel makes.</summary>
    public string Partition { get; init; } = "aws";

    /// <summary>The region of the ARNs the kernel makes.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>The account of the ARNs the kernel makes.</summary>
    public string AccountId { get; init; } = "123456789012";

    /// <summary>The execution role (<c>$$.Execution.RoleArn</c>).</summary>
    public string RoleArn { get; init; } = "arn:aws:iam::123456789012:role/StatesExecutionRole";

    /// <summary>Reads a distributed Map's items (ItemReader); null fails such Maps with <c>States.ItemReaderFailed</c>.</summary>
    public Func<ItemReaderRequest, CancellationToken, ValueTask<JsonValue>>? ItemReader { get; init; }

    /// <summary>Finds a state machine by ARN for nested executions (<c>states:startExecution</c>); null: not available.</summary>
    public Func<string, StateMachineProgram?>? StateMachineResolver { get; init; }

    /// <summary>Told about each distributed Map's Map Run (the API's Map Run actions); null: nobody watches.</summary>
    public IMapRunMonitor? MapRunMonitor { get; init; }

    /// <summary>
    /// Where distributed Maps with a <c>ResultWriter</c> <c>Resource</c> write their child results (manifest and results
    /// files). Default: an <see cref="InMemoryMapResultWriter"/> per options instance, which keeps what was written.
    /// </summary>
    public IMapResultWriter ResultWriter { get; init; } = new InMemoryMapResultWriter();
}

/// <summary>How one execution starts.</summary>
public sealed class ExecutionRequest
{
    /// <summary>The execution name (default: a new GUID).</summary>
    public string? Name { get; init; }

    /// <summary>
    /// The state machine name (used in ARNs and <c>$$.StateMachine.Name</c>); null: the program's
    /// <see cref="StateMachineProgram.Name"/> (a generated class's name), or <c>StateMachine</c> for a program without one.
    /// </summary>
    public string? StateMachineName { get; init; }

    /// <summary>STANDARD or EXPRESS.</summary>
    public ExecutionType Type { get; init; } = ExecutionType.Standard;

    /// <summary>
    /// The execution's role, the state machine's (<c>$$.Execution.RoleArn</c>, the <c>ExecutionStarted</c> event's
    /// <c>roleArn</c>, a distributed Map's child executions'); null: <see cref="ExecutionOptions.RoleArn"/>.
    /// </summary>
    public string? RoleArn { get; init; }

    /// <summary>
    /// Whether the caller waits for the result (StartSyncExecution, Express only): as on AWS, the context object then has
    /// no <c>$$.Execution.RedriveCount</c>.
    /// </summary>
    public bool Synchronous { get; init; }

    /// <summary>The id an Express execution's ARN ends in (the API engine's); null: the kernel draws one.</summary>
    internal string? ExpressId { get; init; }

    /// <summary>Whether to record the history (off is the fast path).</summary>
    public bool RecordHistory { get; init; } = true;

    /// <summary>
    /// The mocked responses of this execution (a test case of a <see cref="MockConfiguration"/>), in place of
    /// <see cref="ExecutionOptions.Mocks"/>; null: the kernel's. A distributed Map's child executions run with their
    /// parent's; a nested execution (<c>states:startExecution</c>) with the kernel's.
    /// </summary>
    public MockTestCase? Mocks { get; init; }

    /// <summary>
    /// The execution's durable journal, or null (the default, and always for Express executions): with one, the kernel
    /// stages a record for every non-deterministic input and commits at every state transition, and a run over a journal
    /// that already holds records replays them — recorded task results are reused instead of calling handlers, timers
    /// keep their due times, task tokens are registered again, recorded history events keep their ids. See docs/durability.md.
    /// </summary>
    public IExecutionJournal? Journal { get; init; }

    /// <summary>When the execution started, for a run that resumes it (default: now).</summary>
    public DateTimeOffset? StartDate { get; init; }

    /// <summary>How many times the execution was redriven (<c>$$.Execution.RedriveCount</c>); a journaled run with a count above 0 redrives: it replays up to the recorded failure and runs the failed states again.</summary>
    public int RedriveCount { get; init; }

    /// <summary>When the execution was last redriven (<c>$$.Execution.RedriveTime</c>; the execution's time limit counts from it).</summary>
    public DateTimeOffset? RedriveDate { get; init; }

    /// <summary>
    /// Suspends the run when cancelled: it stops where it is without an <c>ExecutionAborted</c> event or a final commit and
    /// reports <see cref="ExecutionStatus.Running"/>, so a journaled execution resumes from its last commit in a later run.
    /// </summary>
    public CancellationToken SuspendToken { get; init; }

    /// <summary>The history to record into (the engine reads it while the execution runs); null: the run makes its own.</summary>
    internal ExecutionHistory? History { get; init; }

    /// <summary>Told of each committed history event of a journaled run (observers).</summary>
    internal Action<HistoryEvent>? Announce { get; init; }

    /// <summary>Told when a journaled run has its pending task tokens registered again (recovery waits for it).</summary>
    internal Action<System.Threading.Tasks.Task>? CaughtUp { get; init; }

    /// <summary>Lets the engine end the run while work of it ignores a stop (see <see cref="ExecutionRunHandle"/>).</summary>
    internal ExecutionRunHandle? Handle { get; init; }
}

/// <summary>What an ItemReader receives.</summary>
/// <param name="Resource">The reader resource, e.g. <c>arn:aws:states:::s3:getObject</c>.</param>
/// <param name="Parameters">The evaluated Parameters/Arguments (e.g. Bucket, Key).</param>
/// <param name="ReaderConfig">The ReaderConfig (InputType, CSVHeaders ...).</param>
public sealed record ItemReaderRequest(string Resource, JsonValue Parameters, JsonValue ReaderConfig);
