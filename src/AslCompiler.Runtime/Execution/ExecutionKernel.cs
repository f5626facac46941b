using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// Runs compiled state machines (<see cref="StateMachineProgram"/>) with Step Functions semantics: the data flow of
/// every state, retry and catch, timeouts and heartbeats, Parallel and Map, history. Also the callback surface:
/// SendTaskSuccess/Failure/Heartbeat and activity polling. Thread-safe; one kernel serves many executions.
/// </summary>
public sealed class ExecutionKernel
{
    private readonly ConcurrentDictionary<string, PendingTask> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ActivityQueue> _activities = new(StringComparer.Ordinal);

    // The tokens of tasks that timed out.
    private readonly RecentTokens _timedOut = new();

    // The tokens of tasks that closed any way (answered, timed out, their execution stopped or ended): a callback with
    // one is told TaskTimedOut, "the task associated with the token has already been closed".
    private readonly RecentTokens _closed = new();

    /// <summary>Creates a kernel.</summary>
    public ExecutionKernel(ExecutionOptions? options = null) => Options = options ?? new ExecutionOptions();

    /// <summary>The options.</summary>
    public ExecutionOptions Options { get; }

    /// <summary>The handler of HTTP Tasks no registered handler takes (a real call through HttpClient).</summary>
    internal HttpTaskHandler HttpTasks => _httpTasks ??= CreateHttpTasks();

    private HttpTaskHandler? _httpTasks;

    private HttpTaskHandler CreateHttpTasks()
    {
        var options = new HttpTaskOptions { Region = Options.Region, MaxResponseBytes = Math.Max(0, Options.MaxPayloadBytes) };
        var observer = Options.HttpObserver;
        var held = Options.TimeProvider as Timing.VirtualTimeProvider;
        return Options.HttpClientFactory is { } factory ? new HttpTaskHandler(factory, Options.HttpConnections, options) { Observer = observer, HeldClock = held }
            : Options.HttpClient is { } client ? new HttpTaskHandler(client, Options.HttpConnections, options) { Observer = observer, HeldClock = held }
            : new HttpTaskHandler(Options.HttpConnections, options) { Observer = observer, HeldClock = held };
    }

    /// <summary>Runs one execution to its end.</summary>
    /// <exception cref="ExecutionJournalException">
    /// The request's <see cref="ExecutionRequest.Journal"/> could not be committed: the run stopped where it was, without
    /// an end, and resumes from its last commit in a later run over the journal.
    /// </exception>
    public ValueTask<ExecutionResult> RunAsync(StateMachineProgram program, JsonValue input, ExecutionRequest? request = null, CancellationToken cancellationToken = default) =>
        RunAsync(program, input, request, null, cancellationToken);

    /// <summary>
    /// Runs one execution to its end, calling <paramref name="handlers"/> before the kernel's own
    /// (<see cref="ExecutionOptions.TaskHandlers"/>): a resource registered there is answered there for this execution
    /// only, so concurrent executions on one kernel can each have their own (a generated class's
    /// <c>RunAsync(kernel, handlers, ...)</c> passes the handlers it is given this way).
    /// </summary>
    /// <param name="program">The program to run.</param>
    /// <param name="input">The execution input (undefined: an empty object).</param>
    /// <param name="request">Name, type and history settings; null: the defaults.</param>
    /// <param name="handlers">This execution's own handlers, looked up first; null: the kernel's alone.</param>
    /// <param name="cancellationToken">Stops the execution.</param>
    /// <returns>The execution's status, output or error.</returns>
    /// <exception cref="ExecutionJournalException">
    /// The request's <see cref="ExecutionRequest.Journal"/> could not be committed (see the other overload).
    /// </exception>
    public ValueTask<ExecutionResult> RunAsync(StateMachineProgram program, JsonValue input, ExecutionRequest? request, TaskHandlerRegistry? handlers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(program);
        var run = new ExecutionRun(this, program, input.IsUndefined ? JsonValue.EmptyObject : input, request ?? DefaultRequest) { OwnHandlers = handlers };
        return run.RunAsync(cancellationToken);
    }

    /// <summary>Completes a task waiting for its token (<c>.waitForTaskToken</c> or an activity) with an output.</summary>
    public bool SendTaskSuccess(string taskToken, JsonValue output) => TrySendTaskSuccess(taskToken, output, out _);

    /// <summary>Fails a task waiting for its token.</summary>
    public bool SendTaskFailure(string taskToken, string? error, string? cause) => TrySendTaskFailure(taskToken, error, cause, out _);

    /// <summary>
    /// <see cref="SendTaskSuccess"/>, also giving, for a task of a journaled execution, what completes when the run has
    /// committed the outcome to its journal (true) or has ended without committing it (false); null otherwise.
    /// </summary>
    internal bool TrySendTaskSuccess(string taskToken, JsonValue output, out Task<bool>? committed) =>
        Deliver(taskToken, TaskOutcome.Success(output), out committed);

    /// <summary><see cref="SendTaskFailure"/>, also giving what <see cref="TrySendTaskSuccess"/> gives.</summary>
    internal bool TrySendTaskFailure(string taskToken, string? error, string? cause, out Task<bool>? committed) =>
        Deliver(taskToken, TaskOutcome.Failure(error, cause), out committed);

    private bool Deliver(string taskToken, TaskOutcome outcome, out Task<bool>? committed)
    {
        ArgumentNullException.ThrowIfNull(taskToken);
        committed = null;
        if (!_pending.TryRemove(taskToken, out var task) || !task.TryClose())
        {
            return false;
        }

        _closed.Add(taskToken);

        task.Withdraw();

        // A callback sent while the task's handler is still submitting it (the handler itself may be the caller) does
        // not wait: the outcome cannot be committed before the handler returns, and a resumed run calls the handler again.
        committed = task.Submitting ? null : task.Committed?.Task;
        return task.Completion.TrySetResult(outcome);
    }

    /// <summary>Reports that a task waiting for its token is alive (resets its HeartbeatSeconds timer).</summary>
    public bool SendTaskHeartbeat(string taskToken)
    {
        ArgumentNullException.ThrowIfNull(taskToken);
        if (_pending.TryGetValue(taskToken, out var task))
        {
            task.Heartbeat();
            return true;
        }

        return false;
    }

    /// <summary>Whether a task token is waiting for a callback.</summary>
    public bool IsTaskPending(string taskToken) => _pending.ContainsKey(taskToken);

    /// <summary>
    /// Whether a task token belonged to a task that timed out (TimeoutSeconds or HeartbeatSeconds elapsed). The kernel
    /// remembers the last <see cref="TimedOutTokenCapacity"/> such tokens.
    /// </summary>
    public bool IsTaskTimedOut(string taskToken) => _timedOut.Contains(taskToken);

    /// <summary>How many timed-out task tokens the kernel remembers for <see cref="IsTaskTimedOut"/>.</summary>
    public const int TimedOutTokenCapacity = 10_000;

    /// <summary>
    /// Waits for a task of an activity (GetActivityTask): returns null when nothing arrives before the token is
    /// cancelled. The worker name is recorded in the ActivityStarted event.
    /// </summary>
    public async ValueTask<ActivityTask?> GetActivityTaskAsync(string activityArn, string? workerName = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activityArn);
        var queue = ActivityQueueOf(activityArn);
        try
        {
            while (true)
            {
                var task = await queue.DequeueAsync(cancellationToken).ConfigureAwait(false);
                if (_pending.TryGetValue(task.TaskToken, out var pending) && pending.TryStart(workerName))
                {
                    return task;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether an activity exists, when the kernel runs under an API that keeps activities (LocalStepFunctions): a task of
    /// one that does not fails as AWS fails it. Null: no registry, every activity is taken as existing.
    /// </summary>
    internal Func<string, bool>? ActivityExists { get; set; }

    internal ActivityQueue ActivityQueueOf(string activityArn) =>
        _activities.GetOrAdd(activityArn, static _ => new ActivityQueue());

    /// <summary>
    /// Forgets the queue of a deleted activity, with the tasks no worker took (their executions wait on until their
    /// timeouts, as nothing can take them; a later activity of the same name starts with an empty queue).
    /// </summary>
    internal void DropActivityQueue(string activityArn) => _activities.TryRemove(activityArn, out _);

    /// <summary>Whether the kernel holds a queue for the activity (for tests).</summary>
    internal bool HoldsActivityQueue(string activityArn) => _activities.ContainsKey(activityArn);

    internal PendingTask RegisterPending(string token, Action heartbeat, bool durable = false)
    {
        var pending = new PendingTask(heartbeat, durable);
        _pending[token] = pending;
        return pending;
    }

    /// <summary>
    /// Takes a task out of those waiting for their token, as closed (its run no longer waits: it ended, was stopped,
    /// timed out), unless <paramref name="closed"/> is false: its run is suspended by a shutdown and waits again after
    /// the next start, with the same token.
    /// </summary>
    internal void RemovePending(string token, bool closed = true)
    {
        if (_pending.TryRemove(token, out var pending))
        {
            if (closed)
            {
                _closed.Add(token);
            }

            pending.Withdraw();
        }
    }

    /// <summary>
    /// Whether a task token belonged to a task that has closed: answered, timed out, or ended with its execution (the
    /// last <see cref="TimedOutTokenCapacity"/> such tokens).
    /// </summary>
    internal bool IsTaskClosed(string taskToken) => _closed.Contains(taskToken);

    /// <summary>
    /// The last <see cref="TimedOutTokenCapacity"/> task tokens added, newest last: bounded, so a long-lived kernel does
    /// not grow without end.
    /// </summary>
    private sealed class RecentTokens
    {
        private readonly ConcurrentDictionary<string, byte> _tokens = new(StringComparer.Ordinal);
        private readonly ConcurrentQueue<string> _order = new();

        public bool Contains(string token) => _tokens.ContainsKey(token);

        /// <summary>Adds a token, forgetting the oldest past the capacity.</summary>
        public void Add(string token)
        {
            if (_tokens.TryAdd(token, 0))
            {
                _order.Enqueue(token);
                while (_tokens.Count > TimedOutTokenCapacity && _order.TryDequeue(out var oldest))
                {
                    _tokens.TryRemove(oldest, out _);
                }
            }
        }
    }

    /// <summary>
    /// Closes a pending task whose timer ran out and remembers its token, so a late callback is told TaskTimedOut.
    /// False when a callback closed it first: the task then completes with that callback's answer. A
    /// <paramref name="durable"/> task (one of a journaled Standard execution) is also reported to
    /// <see cref="DurableTaskTimedOut"/>, so the answer can outlive the process.
    /// </summary>
    internal bool ExpirePending(string token, PendingTask pending, bool durable = false)
    {
        if (!pending.TryClose())
        {
            return false;
        }

        _timedOut.Add(token);
        _closed.Add(token);
        _pending.TryRemove(token, out _);
        pending.Withdraw();
        if (durable)
        {
            DurableTaskTimedOut?.Invoke(token);
        }

        return true;
    }

    /// <summary>
    /// Told the token of every task of a journaled execution that timed out (before the timeout is recorded in the
    /// history), so a store can remember it across restarts.
    /// </summary>
    internal Action<string>? DurableTaskTimedOut { get; set; }

    /// <summary>Where <c>states:startExecution</c> tasks start their children (set by the API's engine), or null.</summary>
    internal INestedExecutionHost? NestedExecutions { get; set; }

    private static readonly ExecutionRequest DefaultRequest = new();
}

/// <summary>A task handed to an activity worker.</summary>
/// <param name="TaskToken">The token to pass to SendTaskSuccess/Failure/Heartbeat.</param>
/// <param name="Input">The task's effective input.</param>
public sealed record ActivityTask(string TaskToken, JsonValue Input);

internal sealed class PendingTask(Action heartbeat, bool durable = false)
{
    private readonly object _startGate = new();
    private int _closed;
    private bool _withdrawn;

    public TaskCompletionSource<TaskOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// For a task of a journaled execution: set by the run once the outcome a callback delivered is committed to the
    /// journal (true), or once the run no longer will commit it (false: stopped, suspended, timed out, the commit
    /// failed). Null for other tasks, whose callbacks have nothing to wait for.
    /// </summary>
    public TaskCompletionSource<bool>? Committed { get; } = durable ? new(TaskCreationOptions.RunContinuationsAsynchronously) : null;

    public Action<string?>? OnActivityStarted { get; set; }

    /// <summary>Whether the handler of a <c>.waitForTaskToken</c> task is still running (submitting the token).</summary>
    public bool Submitting
    {
        get => Volatile.Read(ref _submitting);
        set => Volatile.Write(ref _submitting, value);
    }

    private bool _submitting;

    public void Heartbeat() => heartbeat();

    /// <summary>Claims the task's one ending: the first callback or timeout wins, the other is refused.</summary>
    public bool TryClose() => Interlocked.Exchange(ref _closed, 1) == 0;

    /// <summary>
    /// Hands an activity task to a worker: records its start (<see cref="OnActivityStarted"/>), unless the task was
    /// withdrawn, which then no worker gets.
    /// </summary>
    public bool TryStart(string? workerName)
    {
        lock (_startGate)
        {
            if (_withdrawn)
            {
                return false;
            }

            OnActivityStarted?.Invoke(workerName);
            return true;
        }
    }

    /// <summary>
    /// No worker gets the task from now on (it ended: answered, timed out, stopped). A start under way is recorded
    /// first, so an ActivityStarted event never follows what the run records after the task.
    /// </summary>
    public void Withdraw()
    {
        lock (_startGate)
        {
            _withdrawn = true;
        }

        Withdrawn?.Invoke();
    }

    /// <summary>Whether the task ended (<see cref="Withdraw"/>).</summary>
    public bool IsWithdrawn
    {
        get
        {
            lock (_startGate)
            {
                return _withdrawn;
            }
        }
    }

    /// <summary>Called when the task ends: an activity task leaves its queue (<see cref="ActivityQueue.Remove"/>).</summary>
    public Action? Withdrawn { get; set; }
}

internal readonly record struct TaskOutcome(JsonValue Output, string? Error, string? Cause, bool Failed)
{
    /// <summary>
    /// When a timeout that the run noticed late happened (a call that held the run's thread past the task's limit):
    /// its event is dated then, as its timer would have dated it. Null: now.
    /// </summary>
    public DateTimeOffset? At { get; init; }

    public static TaskOutcome Success(JsonValue output) => new(output, null, null, false);

    /// <summary>A failure; a null <paramref name="error"/> (a SendTaskFailure that gave none) has no name, as on AWS.</summary>
    public static TaskOutcome Failure(string? error, string? cause) => new(default, error, cause, true);
}
