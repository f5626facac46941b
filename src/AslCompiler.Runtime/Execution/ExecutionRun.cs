using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Language.Model;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.JsonPath;
using AslCompiler.Runtime.Tasks;

namespace AslCompiler.Runtime.Execution;

/// <summary>The outcome of one state: its output and next state, or an error.</summary>
internal readonly struct StepOutcome
{
    private StepOutcome(JsonValue output, int next, string? error, string? cause, bool failed, bool fromTask = false, bool heartbeatTimedOut = false)
    {
        Output = output;
        Next = next;
        Error = error;
        Cause = cause;
        Failed = failed;
        FromTask = fromTask;
        HeartbeatTimedOut = heartbeatTimedOut;
    }

    public JsonValue Output { get; }

    public int Next { get; }

    public string? Error { get; }

    public string? Cause { get; }

    public bool Failed { get; }

    /// <summary>
    /// Whether the failure is a Task's own (its resource failed, or returned too much): such a failure is caught and
    /// retried by <c>States.ALL</c> whatever its name, as AWS catches a task's <c>States.DataLimitExceeded</c>.
    /// </summary>
    public bool FromTask { get; }

    public static StepOutcome Success(JsonValue output, int next) => new(output, next, null, null, false);

    public static StepOutcome Failure(string? error, string? cause) => new(default, -1, error, cause, true);

    public static StepOutcome Failure(EvaluationResult result) => new(default, -1, result.Error, result.Cause, true);

    /// <summary>
    /// Whether a Task failed because its HeartbeatSeconds passed: AWS reports that as <c>States.Timeout</c> (the error
    /// here), and an <c>ErrorEquals</c> of <c>States.HeartbeatTimeout</c> matches it as well.
    /// </summary>
    public bool HeartbeatTimedOut { get; }

    public static StepOutcome TaskFailure(string? error, string? cause) =>
        error == StatesErrors.HeartbeatTimeout
            ? new(default, -1, StatesErrors.AsReported(error), cause, true, fromTask: true, heartbeatTimedOut: true)
            : new(default, -1, error, cause, true, fromTask: true);
}

/// <summary>One execution: the interpreter loop over a <see cref="StateMachineProgram"/>.</summary>
internal sealed partial class ExecutionRun
{
    private const long DefaultTaskTimeoutSeconds = MaxWaitSeconds;

    /// <summary>The most seconds a definition may give a timeout, a heartbeat, a Wait or a retry interval (99,999,999).</summary>
    internal const long MaxWaitSeconds = 99_999_999;

    private static readonly TimeSpan MaxTimerSpan = TimeSpan.FromDays(30);

    private readonly ExecutionKernel _kernel;
    private readonly StateMachineProgram _program;
    private readonly ExecutionRequest _request;
    private readonly TimeProvider _time;
    private readonly Timing.VirtualTimeProvider? _virtualTime; // _time when virtual: told of each state entered
    private readonly ExecutionHistory? _history;
    private readonly DateTimeOffset _start;
    private readonly DateTimeOffset _deadline;

    /// <summary>Whether the execution is EXPRESS (no history limit; a real deadline on the virtual clock).</summary>
    private readonly bool _express;

    /// <summary>
    /// An execution on the virtual clock (<see cref="Timing.VirtualTimeProvider"/>, which does not move while states
    /// compute) with a time limit short enough to matter (EXPRESS, or a definition's <c>TimeoutSeconds</c>): the
    /// <see cref="Environment.TickCount64"/> at which its real run time reaches that limit, where it times out as it would
    /// on AWS, whose clock always moves. <see cref="long.MaxValue"/> otherwise (the deadline on the clock is the only one).
    /// </summary>
    private readonly long _realDeadline = long.MaxValue;
    private readonly int _maxPayload;
    private readonly JournalReplay? _replay;
    private int _replaySeed;
    private Dictionary<string, int>? _mockInvocations;
    private JsonValue _executionContext;
    private JsonValue _stateMachineContext;
    private string? _stateMachineArn;
    private volatile bool _historyExceeded;
    private volatile string? _stopCause; // the run fails at its next state with States.Runtime and this cause (its state machine was deleted)
    private volatile bool _timedOut;

    // The deadline passed while work held the run's thread (a blocking handler), and the run noticed only when it
    // returned: the execution's end is dated at the deadline, as the deadline's timer would have dated it.
    private volatile bool _deadlineNoticedLate;

    // The root frame (its last event precedes the terminal one), and whether the run's end is decided: by the run
    // itself (Finish) or by the engine abandoning work that ignores a stop (AbandonAsync), whichever comes first.
    private StateFrame? _root;
    private int _ended;
    private DateTimeOffset _abandonedAt;
    private ExecutionStatus _abandonedStatus;

    /// <summary>The state machine's name: the request's, else the program's, else <c>StateMachine</c>.</summary>
    public string StateMachineName { get; }

    public ExecutionRun(ExecutionKernel kernel, StateMachineProgram program, JsonValue input, ExecutionRequest request)
    {
        _kernel = kernel;
        _program = program;
        _request = request;
        StateMachineName = request.StateMachineName ?? program.Name ?? "StateMachine";
        var options = kernel.Options;
        _time = options.TimeProvider;
        _virtualTime = _time as Timing.VirtualTimeProvider;
        Input = input;
        Random = options.SynchronizedRandom;
        _maxPayload = options.MaxPayloadBytes;
        Name = request.Name ?? Uuids.New();
        var express = request.Type == ExecutionType.Express;
        // An Express execution's ARN ends in an id after the name: ...:express:Machine:name:id.
        // The id is drawn now (a seeded Random draws in the same order whatever reads the ARN); the text is built when read.
        if (express && request.ExpressId is null)
        {
            _expressId = NewExpressId(Random);
        }

        if (request.StartDate is { } startDate)
        {
            _start = startDate;
        }
        else
        {
            _start = _time.GetUtcNow();
            _startTicks = Environment.TickCount64; // the synchronous loop's deadline check starts from here (no second clock read)
        }

        var max = TimeLimit(options.MaxDuration(express), program.TimeoutSeconds);

        // A redriven execution gets its whole time limit again from the redrive.
        _deadline = Later(request.RedriveDate ?? _start, max);
        _express = express;
        if (express || program.TimeoutSeconds is not null)
        {
            _realDeadline = RealDeadlineAfter(max);
        }

        if (request.RecordHistory)
        {
            _history = request.History ?? new ExecutionHistory(_time, options.MaxHistoryEvents);
        }

        if (request.Journal is { } journal && !express)
        {
            _replay = new JournalReplay(journal, request.RedriveCount) { Announce = request.Announce, History = _history, Clock = _time as Timing.VirtualTimeProvider };
            request.CaughtUp?.Invoke(_replay.CaughtUp);
            _history?.Load(_replay.CommittedEvents);
        }

        request.Handle?.Attach(this);
    }

    public JsonValue Input { get; }

    public Random Random { get; }

    public TimeProvider Clock => _time;

    /// <summary>The journal of a durable run, or null.</summary>
    internal JournalReplay? Replay => _replay;

    public string Name { get; }

    public string ExecutionArn => _executionArn ??= BuildExecutionArn();

    private readonly Guid _expressId;
    private string? _executionArn;

    private string BuildExecutionArn()
    {
        var options = _kernel.Options;
        var express = _request.Type == ExecutionType.Express;
        return "arn:" + options.Partition + ":states:" + options.Region + ":" + options.AccountId + (express ? ":express:" : ":execution:") + StateMachineName + ":" + Name
            + (express ? ":" + (_request.ExpressId ?? _expressId.ToString()) : string.Empty);
    }

    // Built when the context object first needs it.
    public string StateMachineArn => _stateMachineArn ??=
        "arn:" + _kernel.Options.Partition + ":states:" + _kernel.Options.Region + ":" + _kernel.Options.AccountId + ":stateMachine:" + StateMachineName;

    public JsonValue ExecutionContext => _executionContext.IsUndefined
        ? _executionContext = BuildExecutionContext()
        : _executionContext;

    // StartSyncExecution's context object has no RedriveCount (such an execution cannot be redriven).
    private JsonValue BuildExecutionContext() =>
        ExecutionContextObject(ExecutionArn, Input, _start, Name, RoleArn, _request.Synchronous ? null : _request.RedriveCount, _request.RedriveDate, _express);

    /// <summary>
    /// <c>$$.Execution</c>: of a run, or of a Map Run child execution (<paramref name="redriveCount"/> null: none shown).
    /// Its members are in AWS's order, which shows when it is written as text (<c>States.JsonToString</c>,
    /// <c>States.Format</c>): a STANDARD execution's has StartTime after Input, an EXPRESS one's after RoleArn, as recorded.
    /// </summary>
    internal static JsonValue ExecutionContextObject(string id, JsonValue input, DateTimeOffset start, string name, string roleArn, int? redriveCount, DateTimeOffset? redriveDate, bool express)
    {
        var builder = new JsonObjectBuilder(7).Set("Id", id).Set("Input", input);
        if (express)
        {
            builder.Set("Name", name).Set("RoleArn", roleArn).Set("StartTime", StateFrame.FormatTime(start));
        }
        else
        {
            builder.Set("StartTime", StateFrame.FormatTime(start)).Set("Name", name).Set("RoleArn", roleArn);
        }

        if (redriveCount is { } count)
        {
            builder.Set("RedriveCount", count);
        }

        if (redriveDate is { } redriven)
        {
            builder.Set("RedriveTime", StateFrame.FormatTime(redriven));
        }

        return builder.ToObject();
    }

    // A version-4 UUID drawn from the run's randomness (a seeded Random gives the same ARN every run).
    private static Guid NewExpressId(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    public JsonValue StateMachineContext => _stateMachineContext.IsUndefined
        ? _stateMachineContext = JsonValue.CreateObject(new("Id", StateMachineArn), new("Name", StateMachineName))
        : _stateMachineContext;

    public ValueTask<ExecutionResult> RunAsync(CancellationToken cancellationToken)
    {
        var frame = new StateFrame(this, new VariableScope(), _history is not null, 0);
        Volatile.Write(ref _root, frame);
        if (_replay is null && RunsSynchronously)
        {
            _runsAlone = true;
            // Nothing in the run can wait: run it to its end here, without an async state machine (an exception is
            // given through the ValueTask, as the async path gives it).
            try
            {
                return new ValueTask<ExecutionResult>(RunToEnd(frame, cancellationToken));
            }
#pragma warning disable CA1031 // not handled here: the caller receives it when it awaits, as from an async method
            catch (Exception e)
#pragma warning restore CA1031
            {
                return ValueTask.FromException<ExecutionResult>(e);
            }
        }

        return RunCoreAsync(frame, cancellationToken);
    }

    private ExecutionResult RunToEnd(StateFrame frame, CancellationToken cancellationToken)
    {
        StepOutcome outcome;
        try
        {
            if (ExceedsPayload(Input))
            {
                outcome = InputRefused();
            }
            else
            {
                // A pure definition runs lightly first (see _light); if it fails, it runs again from its start with the
                // bookkeeping a failure's cause reads (its entered event id), to the same end.
                _light = _program.IsPure;
                outcome = RunSynchronously(frame, cancellationToken);
                if (_light)
                {
                    _light = false;
                    if (outcome.Failed && !_timedOut && !StopsAtNextState)
                    {
                        frame = Restart();
                        outcome = RunSynchronously(frame, cancellationToken);
                    }
                    else
                    {
                        _endedLight = true;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Cancelled(frame);
        }

        return Finish(frame, outcome);
    }

    /// <summary>
    /// Whether the run goes lightly: a pure definition (<see cref="StateMachineProgram.IsPure"/>) on the synchronous
    /// root, whose states are entered without what only the context object or a failure's cause reads (the state's
    /// input, its entered time and event id, the history-off event count) and whose Map iterations run on the Map's own
    /// frame. Nothing of that is seen on success; a failure runs the execution again with it (<see cref="RunToEnd"/>).
    /// </summary>
    private bool _light;

    /// <summary>Whether the run ended on its light run (see <see cref="_light"/>): not run again.</summary>
    private bool _endedLight;

    /// <summary>Forgets a light run that failed: the states it counted and its frame; gives the new root frame.</summary>
    private StateFrame Restart()
    {
        _statesEntered = 0;
        _unrecordedEvents = 1;
        _uncheckedStates = 0;
        var frame = new StateFrame(this, new VariableScope(), false, 0);
        Volatile.Write(ref _root, frame);
        return frame;
    }

    private async ValueTask<ExecutionResult> RunCoreAsync(StateFrame frame, CancellationToken cancellationToken)
    {
        if (_replay is not null)
        {
            return await RunJournaledAsync(frame, cancellationToken).ConfigureAwait(false);
        }

        if (frame.Record)
        {
            RecordStart(frame);
        }

        StepOutcome outcome;
        try
        {
            outcome = await RunRootAsync(frame, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Cancelled(frame);
        }

        return Finish(frame, outcome);
    }

    /// <summary>The end of a run its token stopped: suspended by a shutdown, else aborted.</summary>
    private ExecutionResult Cancelled(StateFrame frame) => _request.SuspendToken.IsCancellationRequested
        ? Suspended()
        : Finish(frame, ExecutionStatus.Aborted, default, null, null);

    /// <summary>
    /// Records <c>ExecutionStarted</c>, dated at the execution's start (its <c>startDate</c> and
    /// <c>$$.Execution.StartTime</c>), as AWS dates it: a durable run recorded it tens of milliseconds later, after the
    /// store had taken the execution.
    /// </summary>
    private void RecordStart(StateFrame frame) =>
        Record(frame, "ExecutionStarted", "executionStartedEventDetails", JsonValue.CreateObject(
            new("input", Input.ToJsonString()),
            new("inputDetails", NotTruncated),
            new("roleArn", RoleArn)), at: _start);

    /// <summary>The execution's role: the request's, else the kernel's.</summary>
    internal string RoleArn => _request.RoleArn ?? _kernel.Options.RoleArn;

    private ValueTask<StepOutcome> RunRootAsync(StateFrame frame, CancellationToken cancellationToken) =>
        ExceedsPayload(Input)
            ? new ValueTask<StepOutcome>(InputRefused())
            : RunsSynchronously
                ? new ValueTask<StepOutcome>(RunSynchronously(frame, cancellationToken))
                : Unrecorded && _program.AsynchronousRoot is { } root
                    ? RunRunnerAsync(root, Input, frame, cancellationToken)
                    : RunGraphAsync(_program.Root, Input, frame, cancellationToken);

    /// <summary>The failure of a run whose input is past the payload limit.</summary>
    private StepOutcome InputRefused() => StepOutcome.Failure(StatesErrors.DataLimitExceeded, ExecutionResultRefused(Input));

    private ExecutionResult Suspended() =>
        new(this, Name, ExecutionStatus.Running, default, null, null, _start, _time.GetUtcNow(), _history);

    private ExecutionResult Finish(StateFrame frame, StepOutcome outcome)
    {
        if (_timedOut)
        {
            // AWS's DescribeExecution of an execution that reached its TimeoutSeconds (or maximum duration) names no error or cause.
            return Finish(frame, ExecutionStatus.TimedOut, default, null, null, _deadlineNoticedLate ? _deadline : null);
        }

        if (outcome.Failed)
        {
            return Finish(frame, ExecutionStatus.Failed, default, outcome.Error, outcome.Cause);
        }

        if (ExceedsPayload(outcome.Output))
        {
            return Finish(frame, ExecutionStatus.Failed, default, StatesErrors.DataLimitExceeded, ExecutionResultRefused(outcome.Output));
        }

        return Finish(frame, ExecutionStatus.Succeeded, outcome.Output, null, null);
    }

    /// <summary>
    /// A run with a journal: replays what was committed, commits at every transition, and commits its end. A commit that
    /// fails stops the run where it is, without an end (<see cref="ExecutionJournalException"/>).
    /// </summary>
    private async ValueTask<ExecutionResult> RunJournaledAsync(StateFrame frame, CancellationToken cancellationToken)
    {
        var replay = _replay!;
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        replay.Interrupt = interrupt;
        try
        {
            return await RunJournaledCoreAsync(replay, frame, interrupt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (replay.Fault is { } fault)
        {
            throw new ExecutionJournalException("The journal of execution '" + ExecutionArn + "' could not be committed: " + fault.Message, fault);
        }
        finally
        {
            replay.Ended();
        }
    }

    private async ValueTask<ExecutionResult> RunJournaledCoreAsync(JournalReplay replay, StateFrame frame, CancellationToken cancellationToken)
    {
        try
        {
            int seed;
            if (replay.TryGet(JournalReplay.SeedKind, "!seed", out var seedText))
            {
                seed = int.Parse(seedText, System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                seed = Random.Next();
                replay.Stage(JournalReplay.SeedKind, "!seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            _replaySeed = seed;
            frame.SeedRandom(seed);
            if (frame.Record)
            {
                RecordStart(frame);
                if (replay.Generation > 0)
                {
                    RecordRedriven(frame);
                }
            }

            await replay.CommitAsync(cancellationToken).ConfigureAwait(false);
            var outcome = await RunRootAsync(frame, cancellationToken).ConfigureAwait(false);
            var result = Finish(frame, outcome);
            await replay.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && replay.Fault is null)
        {
            if (_request.SuspendToken.IsCancellationRequested)
            {
                // Nothing more is staged or committed: the execution resumes from its last commit.
                return Suspended();
            }

            var result = Finish(frame, ExecutionStatus.Aborted, default, null, null);
            await replay.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return result;
        }
    }

    /// <summary>
    /// Whether the run is stopping without an end: suspended by a shutdown, or its journal could not be committed. Work
    /// cancelled then records no abort (a Map Run stays RUNNING, as the execution does).
    /// </summary>
    private bool Suspending => _request.SuspendToken.IsCancellationRequested || _replay?.Fault is not null;

    /// <summary>The cause of States.Timeout when the execution's own time limit ends a state.</summary>
    private const string ExecutionTimedOutCause = "The execution timed out.";

    /// <summary>A state's failure when the execution's time limit ends it.</summary>
    private static StepOutcome ExecutionTimedOut() => StepOutcome.Failure(StatesErrors.Timeout, ExecutionTimedOutCause);

    private void RecordRedriven(StateFrame frame)
    {
        var replay = _replay!;
        var key = "!redriven~" + replay.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (replay.TryGetEvent(key, out var committed))
        {
            frame.LastEventId = committed.Id;
            return;
        }

        var previous = replay.CommittedEvents.Count > 0 ? replay.CommittedEvents[^1].Id : frame.LastEventId;
        var e = _history!.Append(previous, "ExecutionRedriven", "executionRedrivenEventDetails", JsonMembers.Single("redriveCount", replay.Generation), terminal: true, new JournalStaging(replay, key, JournalStagingKind.Event));
        frame.LastEventId = e!.Id;
    }

    /// <summary>
    /// Ends the run (unless the engine abandoned it first): records the terminal event, dated <paramref name="at"/> when
    /// given (else now), and gives the result.
    /// </summary>
    private ExecutionResult Finish(StateFrame frame, ExecutionStatus status, JsonValue output, string? error, string? cause, DateTimeOffset? at = null)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            // Abandoned (AbandonAsync recorded the end: ExecutionAborted, or ExecutionTimedOut): this late end records nothing.
            return new ExecutionResult(this, Name, _abandonedStatus, default, null, null, _start, _abandonedAt, _history) { StatesEntered = StatesEntered };
        }

        var stopDate = at ?? _time.GetUtcNow();
        if (_history is not null)
        {
            switch (status)
            {
                case ExecutionStatus.Succeeded:
                    stopDate = RecordEnd(frame, "ExecutionSucceeded", "executionSucceededEventDetails", JsonValue.CreateObject(
                        new("output", output.ToJsonString()), new("outputDetails", NotTruncated)));
                    break;
                case ExecutionStatus.Failed:
                    stopDate = RecordEnd(frame, "ExecutionFailed", "executionFailedEventDetails", ErrorDetails(error, cause));
                    break;
                case ExecutionStatus.TimedOut:
                    stopDate = RecordEnd(frame, "ExecutionTimedOut", "executionTimedOutEventDetails", ErrorDetails(error, cause), at);
                    break;
                case ExecutionStatus.Aborted:
                    stopDate = RecordEnd(frame, "ExecutionAborted", "executionAbortedEventDetails", AbortedDetails());
                    break;
            }
        }

        return new ExecutionResult(this, Name, status, output, error, cause, _start, stopDate, _history) { StatesEntered = StatesEntered, EndedLight = _endedLight };
    }

    /// <summary>
    /// Records the terminal event (past the history limit) and closes the history and the journal: nothing is recorded
    /// after it. A journaled run reuses a committed one. Returns its time.
    /// </summary>
    private DateTimeOffset RecordEnd(StateFrame frame, string type, string detailsName, JsonValue details, DateTimeOffset? at = null)
    {
        var history = _history!;
        if (_replay is not { } replay)
        {
            return history.AppendEnd(frame.LastEventId, type, detailsName, details, null, at)?.Timestamp ?? at ?? _time.GetUtcNow();
        }

        var key = EndKey(replay);
        if (replay.TryGetEvent(key, out var committed))
        {
            history.Close();
            replay.Seal();
            return committed.Timestamp;
        }

        return history.AppendEnd(frame.LastEventId, type, detailsName, details, new JournalStaging(replay, key, JournalStagingKind.End), at)?.Timestamp ?? at ?? _time.GetUtcNow();
    }

    /// <summary>
    /// Ends the run now, for work that holds it past its grace (<see cref="ExecutionRunHandle"/>): records
    /// <c>ExecutionAborted</c> (a stop), or <c>ExecutionTimedOut</c> dated <paramref name="at"/> (the execution's time
    /// limit), commits it for a journaled run, and closes the history and the journal, so whatever the abandoned work
    /// records afterwards is dropped. The stop date; null when the run had already decided its own end.
    /// </summary>
    internal async ValueTask<DateTimeOffset?> AbandonAsync(ExecutionStatus status = ExecutionStatus.Aborted, DateTimeOffset? at = null)
    {
        if ((_replay is { } journal && journal.TryGetEvent(EndKey(journal), out _)) || Interlocked.Exchange(ref _ended, 1) != 0)
        {
            // Its end is decided: by an earlier run, which committed it (this one replays it), or by this run, finishing.
            return null;
        }

        var timedOut = status == ExecutionStatus.TimedOut;
        var stopDate = at ?? _time.GetUtcNow();
        if (_history is not null && Volatile.Read(ref _root) is { } root)
        {
            stopDate = timedOut
                ? RecordEnd(root, "ExecutionTimedOut", "executionTimedOutEventDetails", ErrorDetails(null, null), at)
                : RecordEnd(root, "ExecutionAborted", "executionAbortedEventDetails", AbortedDetails(), at);
        }

        _abandonedStatus = timedOut ? ExecutionStatus.TimedOut : ExecutionStatus.Aborted;
        _abandonedAt = stopDate;
        if (_replay is { Detached: false } replay)
        {
            replay.Seal();
            try
            {
                await replay.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (replay.Fault is { } fault)
            {
                throw new ExecutionJournalException("The journal of execution '" + ExecutionArn + "' could not be committed: " + fault.Message, fault);
            }
        }

        return stopDate;
    }

    /// <summary>The journal key of the run's terminal event (of this redrive generation).</summary>
    private static string EndKey(JournalReplay replay) =>
        replay.Generation > 0 ? "!end~" + replay.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture) : "!end";

    /// <summary>
    /// Cuts the run off without an end (a shutdown stopped waiting for it, see <see cref="ExecutionRunHandle.Detach"/>):
    /// the history and the journal take nothing more, and the journal commits nothing more, so whatever the run does
    /// once the work it waits for returns is dropped. The execution stays as its last commit left it.
    /// </summary>
    internal void Detach()
    {
        _history?.Close();
        _replay?.Detach();
    }

    /// <summary>AWS's cause for a state or task result past the payload limit; <paramref name="name"/>: the state, or the task's resource.</summary>
    internal static string ResultTooLarge(string name) =>
        "The state/task '" + name + "' returned a result with a size exceeding the maximum number of bytes service limit.";

    /// <summary>The cause for an execution input or output the payload check refused, which names no state.</summary>
    internal static string ExecutionResultRefused(JsonValue value) => PayloadSize.TooDeep(value)
        ? NestedTooDeep("The state/task returned a result")
        : "The state/task returned a result with a size exceeding the maximum number of bytes service limit.";

    /// <summary>
    /// The cause for a state or task result the payload check refused: <see cref="ResultTooDeep"/> when it nests past
    /// <see cref="JsonValue.MaxDepth"/>, else <see cref="ResultTooLarge"/>.
    /// </summary>
    internal static string ResultRefused(string name, JsonValue result) =>
        PayloadSize.TooDeep(result) ? ResultTooDeep(name) : ResultTooLarge(name);

    /// <summary>The cause for a state or task result that nests deeper than a payload may (<see cref="JsonValue.MaxDepth"/>).</summary>
    internal static string ResultTooDeep(string name) => NestedTooDeep("The state/task '" + name + "' returned a result");

    /// <summary>The cause for a payload that nests past <see cref="JsonValue.MaxDepth"/>: <paramref name="what"/> and the limit.</summary>
    internal static string NestedTooDeep(string what) =>
        what + " nested deeper than " + JsonValue.MaxDepth.ToString(System.Globalization.CultureInfo.InvariantCulture) + " levels, the most a payload may nest.";

    /// <summary>AWS's cause for a States.Runtime error raised while a state runs.</summary>
    internal static string RuntimeCause(string stateName, long enteredEventId, string? cause) =>
        RuntimeCausePrefix + stateName + "' (entered at the event id #" + enteredEventId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "). " + cause;

    private const string RuntimeCausePrefix = "An error occurred while executing the state '";

    /// <summary>
    /// Whether a state's <c>States.Runtime</c> failure takes its "An error occurred while executing the state ..." cause:
    /// not a Fail state's (its cause is its own), and not one that already names the state it happened in (a Parallel
    /// branch's or Map iteration's failure, which the Parallel or Map passes on as it is).
    /// </summary>
    internal static bool TakesRuntimeCause(StateProgram state, string? error, string? cause) =>
        error == StatesErrors.Runtime && state is not FailProgram && cause?.StartsWith(RuntimeCausePrefix, StringComparison.Ordinal) != true;

    internal static JsonValue NotTruncated { get; } = JsonMembers.Single("truncated", false);

    /// <summary>The details of this run's <c>ExecutionAborted</c>: the error and cause of the stop that ended it, if it gave any.</summary>
    private JsonValue AbortedDetails()
    {
        var (error, cause) = _request.Handle?.Stop ?? default;
        return ErrorDetails(error, cause);
    }

    internal static JsonValue ErrorDetails(string? error, string? cause)
    {
        var builder = new JsonObjectBuilder(2);
        if (error is not null)
        {
            builder.Set("error", error);
        }

        if (cause is not null)
        {
            builder.Set("cause", cause);
        }

        return builder.ToObject();
    }

    /// <summary>
    /// Records an event of <paramref name="frame"/> (nothing when it records none), dated <paramref name="at"/> when
    /// given (else now). <paramref name="replayOnly"/>: only reuse a committed one, never add; <paramref name="keyType"/>:
    /// see <see cref="RecordJournaled"/>.
    /// </summary>
    internal void Record(StateFrame frame, string type, string? detailsName, EventDetails details, bool replayOnly = false, string? keyType = null, DateTimeOffset? at = null)
    {
        if (RecordsNoEvent(frame, replayOnly))
        {
            return;
        }

        if (frame.ChildExecution is { } child)
        {
            RecordChildEvent(child, frame, type, detailsName, details, replayOnly, keyType, at);
            return;
        }

        if (_replay is { } replay)
        {
            RecordJournaled(replay, frame, type, detailsName, details, replayOnly, keyType, at);
            return;
        }

        if (replayOnly)
        {
            return;
        }

        Recorded(frame, _history.Add(frame.LastEventId, type, detailsName, details, at));
    }

    /// <summary>
    /// Records a state's entered or exited event of <paramref name="frame"/> dated <paramref name="at"/>, a time just read
    /// for it (an entry's is also <c>$$.State.EnteredTime</c>; an exit's is the next state's entry), rather than the clock
    /// read again; as <see cref="Record"/> (dated when recorded) without a time, and for a child execution's or a journaled
    /// run's events.
    /// </summary>
    private void RecordDated(StateFrame frame, string type, string detailsName, EventDetails details, DateTimeOffset? at)
    {
        if (at is null || frame.ChildExecution is not null || _replay is not null)
        {
            Record(frame, type, detailsName, details);
            return;
        }

        if (_history is not null && frame.Record)
        {
            Recorded(frame, _history.AddNotBefore(frame.LastEventId, type, detailsName, details, at.Value));
        }
    }

    /// <summary>
    /// Whether <paramref name="frame"/> records no event now, so its caller builds none: history off (the event is then
    /// counted, see <see cref="_unrecordedEvents"/>, unless <paramref name="replayOnly"/>: such an event is never added),
    /// or a frame that records nothing.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(_history))]
    private bool RecordsNoEvent(StateFrame frame, bool replayOnly = false)
    {
        if (_history is not null && frame.Record)
        {
            return false;
        }

        if (_history is null && !replayOnly)
        {
            CountUnrecorded(frame);
        }

        return true;
    }

    /// <summary>
    /// History off: the number of events the run would have recorded so far (ExecutionStarted the first), so that a
    /// cause's "entered at the event id #N" names the id AWS gives though no event is kept. Only these totals matter:
    /// a state's entered id is the count when it enters. A Map Run's child execution counts its own.
    /// </summary>
    private long _unrecordedEvents = 1;

    /// <summary>History off: counts one event <paramref name="frame"/> would record, as its last (see <see cref="_unrecordedEvents"/>).</summary>
    private void CountUnrecorded(StateFrame frame) => frame.LastEventId = CountUnrecorded(frame, 1);

    /// <summary>History off: counts <paramref name="events"/> events (negative: takes back ones counted ahead) and gives the count.</summary>
    internal long CountUnrecorded(StateFrame frame, int events) =>
        frame.ChildExecution is { } child ? Interlocked.Add(ref child.UnrecordedEvents, events)
        : _runsAlone ? _unrecordedEvents += events // one thread runs every state: no other can count at the same time
        : Interlocked.Add(ref _unrecordedEvents, events);

    /// <summary>Whether the run goes on its synchronous root: its states run one after another on the calling thread.</summary>
    private bool _runsAlone;

    // The states this run entered (ExecutionResult.StatesEntered), history or not.
    private long _statesEntered;

    /// <summary>The states this run has entered so far, in Map iterations and Parallel branches included.</summary>
    internal long StatesEntered => Volatile.Read(ref _statesEntered);

    /// <summary>Counts a state a light run enters (its root run alone on one thread: no Map Run child execution).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void CountLightEntry() => _statesEntered++;

    /// <summary>
    /// Counts the state <paramref name="frame"/> enters, unless the frame runs a Map Run's child execution (which is an
    /// execution of its own). A plain increment on the synchronous root, where one thread runs every state.
    /// </summary>
    internal void CountStateEntered(StateFrame frame)
    {
        if (frame.ChildExecution is not null)
        {
            return;
        }

        if (_runsAlone)
        {
            _statesEntered++;
        }
        else
        {
            Interlocked.Increment(ref _statesEntered);
        }
    }

    /// <summary>
    /// History off: the entered event's id of the state <paramref name="frame"/> just entered through a generated runner
    /// or the synchronous loop, which record no exit of their own. The exited event is counted with it, and taken back if
    /// the state fails (<see cref="RunRunnerAsync"/>; a failure anywhere else ends the execution, and no later id is
    /// seen); but not for a state other states can enter before it exits (<see cref="RunStateStepAsync"/> and
    /// <see cref="CountInlineMapEnd"/> count its exit): a Map or Parallel state, whose iterations and branches do, and a
    /// Wait or Task state, while which a Parallel branch or Map iteration beside it does.
    /// </summary>
    internal long CountUnrecordedEntry(StateFrame frame)
    {
        if (!ExitCountedAtEntry(frame.State))
        {
            CountUnrecorded(frame);
            return frame.LastEventId;
        }

        var exited = CountUnrecorded(frame, 2);
        frame.LastEventId = exited;
        return exited - 1;
    }

    /// <summary>Whether <see cref="CountUnrecordedEntry"/> counts the state's exited event with its entry.</summary>
    private static bool ExitCountedAtEntry(StateProgram? state) => state is not (MapProgram or ParallelProgram or WaitProgram or TaskProgram);

    /// <summary>Takes the id of an event just appended to the history (-1: none was), as the frame's last.</summary>
    private void Recorded(StateFrame frame, long id)
    {
        if (id < 0)
        {
            // Full, unless closed (late work of an abandoned run, dropped). The limit fails a Standard execution; an
            // Express one has none on AWS (which keeps no history of it): it keeps its first events and runs on.
            if (_history is { Closed: false } && !_express)
            {
                _historyExceeded = true;
            }

            return;
        }

        frame.LastEventId = id;
    }

    /// <summary>
    /// Records an event of a journaled run: one committed by an earlier run at the same site is reused (its id and time,
    /// so later events chain to it), a new one is staged. <paramref name="replayOnly"/>: only reuse, never add.
    /// <paramref name="keyType"/>: the type its key is made of, when not <paramref name="type"/> (an event that recurs per redrive).
    /// </summary>
    private void RecordJournaled(JournalReplay replay, StateFrame frame, string type, string? detailsName, EventDetails details, bool replayOnly, string? keyType, DateTimeOffset? at)
    {
        if (!RecordReplayed(replay, _history!, frame, replay.EventKey(frame, keyType ?? type), childEvent: false, type, detailsName, details, replayOnly, at) && !_history!.Closed)
        {
            _historyExceeded = true;
        }
    }

    /// <summary>
    /// Reuses the event committed under <paramref name="key"/> (its id and time) or appends a new one to
    /// <paramref name="history"/> and stages it: as the run's own event, or as a Map Run child's
    /// (<paramref name="childEvent"/>), dated <paramref name="at"/> when given. False when the history is full.
    /// </summary>
    private static bool RecordReplayed(JournalReplay replay, ExecutionHistory history, StateFrame frame, string key, bool childEvent, string type, string? detailsName, EventDetails details, bool replayOnly, DateTimeOffset? at)
    {
        if (childEvent ? replay.TryGetChildEvent(key, out var committed) : replay.TryGetEvent(key, out committed))
        {
            frame.LastEventId = committed.Id;
            if (detailsName == "stateEnteredEventDetails")
            {
                // $$.State.EnteredTime reads the time the state was first entered, not the replay's.
                frame.SetEnteredTime(committed.Timestamp);
            }

            return true;
        }

        if (replayOnly)
        {
            return true;
        }

        var e = childEvent
            ? history.Append(frame.LastEventId, type, detailsName, details, terminal: false, new JournalStaging(replay, key, JournalStagingKind.ChildEvent), at)
            : history.Append(frame.LastEventId, type, detailsName, details, terminal: false, new JournalStaging(replay, key, JournalStagingKind.Event), at);
        if (e is null)
        {
            return false;
        }

        frame.LastEventId = e.Id;
        return true;
    }

    /// <summary>
    /// A Parallel branch's or Map iteration's frame (seeded for replay when the run is journaled). <paramref name="live"/>:
    /// whether the parent was live when its state started (null: as the parent is now).
    /// </summary>
    internal StateFrame ChildFrame(StateFrame parent, char kind, int index, bool record, VariableScope? variables = null, bool? live = null)
    {
        var child = new StateFrame(parent, kind, index, variables ?? new VariableScope(parent.Variables), record);
        if (_replay is not null)
        {
            child.SeedRandom(_replaySeed);
            if (live is { } startLive)
            {
                child.StartLive(startLive);
            }
        }

        return child;
    }

    /// <summary>
    /// The due time of a timer (a Wait, a retry's backoff): a journaled run keeps the first run's, committed before the
    /// wait starts, so a resumed wait ends when it was always going to.
    /// </summary>
    private async ValueTask<DateTimeOffset> DurableDueAsync(StateFrame frame, string what, DateTimeOffset due, CancellationToken cancellationToken)
    {
        if (_replay is not { } replay)
        {
            return due;
        }

        var key = replay.Key(frame, ":" + what);
        if (replay.TryGet(JournalReplay.TimerKind, key, out var recorded))
        {
            return JournalReplay.ParseTime(recorded);
        }

        replay.Stage(JournalReplay.TimerKind, key, JournalReplay.FormatTime(due));
        await replay.CommitAsync(cancellationToken).ConfigureAwait(false);
        return due;
    }

    /// <summary>
    /// Reads a Map's items (ItemReader); a journaled run reuses the items the first run read. Undefined when the execution
    /// timed out while the reader ran (see <see cref="InTimeAsync"/>).
    /// </summary>
    internal async ValueTask<JsonValue> ReadItemsDurablyAsync(StateFrame frame, Func<ItemReaderRequest, CancellationToken, ValueTask<JsonValue>> read, ItemReaderRequest request, CancellationToken cancellationToken)
    {
        string? key = null;
        if (_replay is { } replay)
        {
            key = replay.Key(frame, ":items");
            if (replay.TryGet(JournalReplay.ItemsKind, key, out var recorded))
            {
                return JsonValue.Parse(recorded);
            }
        }

        using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = read(request, call.Token).AsTask();
        if (!await InTimeAsync(pending, call, cancellationToken).ConfigureAwait(false))
        {
            return default;
        }

        var items = await pending.ConfigureAwait(false);
        _replay?.Stage(JournalReplay.ItemsKind, key!, items.ToJsonString());
        return items;
    }

    /// <summary>
    /// Waits for user code that the run calls outside a task (an ItemReader, a ResultWriter) as it waits for a task's
    /// handler: until the code ends (true), the run is stopped (throws <see cref="OperationCanceledException"/>) or the
    /// execution's deadline passes (false: the execution has timed out). Code that ignores its cancellation
    /// (<paramref name="call"/>, cancelled then) is left behind, and what it returns later is dropped.
    /// </summary>
    private async ValueTask<bool> InTimeAsync(Task work, CancellationTokenSource call, CancellationToken cancellationToken)
    {
        if (work.IsCompleted)
        {
            // Code that held the run's thread until it was done may have done so past the deadline: what it returns
            // then is dropped, as when the deadline's timer ends the wait for it.
            if (RemainingTime() > TimeSpan.Zero)
            {
                return true;
            }

            Abandon(work);
            _deadlineNoticedLate = true;
            _timedOut = true;
            return false;
        }

        var givenUp = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        // As for a task: the implicit maximum duration arms no timer past the step (see InvokeAsync).
        var remaining = RemainingTime();
        using var deadline = remaining > Timing.LongTimer.MaxStep && _program.TimeoutSeconds is null
            ? null
            : Timing.LongTimer.StartAt(_time, _deadline, () => givenUp.TrySetResult(false));
        using var stopped = cancellationToken.Register(static s => ((TaskCompletionSource<bool>)s!).TrySetCanceled(), givenUp);
        if (await Task.WhenAny(work, givenUp.Task).ConfigureAwait(false) == work)
        {
            return true;
        }

        await call.CancelAsync().ConfigureAwait(false);
        Abandon(work);
        if (givenUp.Task.IsCanceled)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        _timedOut = true;
        return false;
    }

    /// <summary>Whether a payload is refused: it nests deeper than <see cref="JsonValue.MaxDepth"/>, or its size is past the limit.</summary>
    private bool ExceedsPayload(JsonValue value) => PayloadSize.Refuses(value, _maxPayload);

    /// <summary>The step of a state as the kernel's loop runs it, before the payload limit (Wait and the states that retry may wait).</summary>
    private ValueTask<StepOutcome> StepAsync(StateProgram state, JsonValue value, StateFrame frame, CancellationToken cancellationToken) => state switch
    {
        PassProgram pass => new ValueTask<StepOutcome>(RunPass(pass, value, frame)),
        ChoiceProgram choice => new ValueTask<StepOutcome>(RunChoice(choice, value, frame)),
        SucceedProgram succeed => new ValueTask<StepOutcome>(RunSucceed(succeed, value, frame)),
        FailProgram fail => new ValueTask<StepOutcome>(RunFail(fail, value, frame)),
        WaitProgram wait => RunWaitAsync(wait, value, frame, cancellationToken),
        _ => RunWithRetryAsync(state, value, frame, cancellationToken),
    };

    /// <summary>
    /// An execution's time limit: <paramref name="max"/> (the options' for its type), or the definition's
    /// <c>TimeoutSeconds</c> when shorter. Validation keeps that from 1 to 99999999; run without it (the interpreter, or
    /// <c>asl run</c>, which warns), one below 1 times the execution out at once and one past the maximum is the maximum.
    /// </summary>
    internal static TimeSpan TimeLimit(TimeSpan max, long? timeoutSeconds) =>
        timeoutSeconds is { } seconds && seconds < max.TotalSeconds ? TimeSpan.FromSeconds(Math.Max(seconds, 0)) : max;

    /// <summary><paramref name="start"/> + <paramref name="span"/>, or the latest time there is when that is past it (a limit of <see cref="TimeSpan.MaxValue"/>: none).</summary>
    internal static DateTimeOffset Later(DateTimeOffset start, TimeSpan span) =>
        span <= TimeSpan.Zero ? start : span >= DateTimeOffset.MaxValue - start ? DateTimeOffset.MaxValue : start + span;

    /// <summary>
    /// The real deadline <paramref name="limit"/> from now, on the virtual clock (see <see cref="_realDeadline"/>); none on
    /// a clock that moves by itself (the system's, a scaled one: the deadline on the clock is the right one there).
    /// </summary>
    private long RealDeadlineAfter(TimeSpan limit) =>
        _virtualTime is not null ? Environment.TickCount64 + (long)Math.Min(limit.TotalMilliseconds, long.MaxValue / 2) : long.MaxValue;

    /// <summary>Whether the history of the frame's execution (or of the Map Run child it runs in) refused an event.</summary>
    private bool HistoryFull(StateFrame frame) => _historyExceeded || frame.ChildExecution is { HistoryExceeded: true };

    /// <summary>Whether the run fails as its next state would enter (<see cref="StopFailure"/> says how).</summary>
    private bool StopsAtNextState => _historyExceeded || _stopCause is not null;

    /// <summary>The execution's state machine is being deleted: the run fails at its next state transition with <paramref name="cause"/>.</summary>
    internal void FailAtNextState(string cause) => _stopCause = cause;

    /// <summary>How an execution that must stop at its next state fails: its state machine deleted, or its history at its limit.</summary>
    internal StepOutcome StopFailure => _stopCause is { } cause
        ? StepOutcome.Failure(StatesErrors.Runtime, cause)
        : StepOutcome.Failure(StatesErrors.Runtime, "The execution history exceeded the limit of " + _kernel.Options.MaxHistoryEvents.ToString(CultureInfo.InvariantCulture) + " events.");

    private static bool PastRealDeadline(long realDeadline) => realDeadline != long.MaxValue && Environment.TickCount64 >= realDeadline;

    /// <summary>Runs a graph from its start state to its end (the execution, a branch or an iteration).</summary>
    internal async ValueTask<StepOutcome> RunGraphAsync(GraphProgram graph, JsonValue input, StateFrame frame, CancellationToken cancellationToken)
    {
        var index = graph.StartIndex;
        var value = input;
        DateTimeOffset? exitedAt = null; // when the state before exited: the next one enters then, with nothing between
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (HistoryFull(frame) || _stopCause is not null)
            {
                // The history at its limit, or the state machine deleted: the execution fails as the next state would enter.
                return StopFailure;
            }

            var now = exitedAt ?? _time.GetUtcNow();
            exitedAt = null;
            _virtualTime?.NoteActivity();
            if (now >= _deadline || PastRealDeadline(_realDeadline))
            {
                _timedOut = true;
                return ExecutionTimedOut();
            }

            if (frame.ChildExecution is { } childExecution && (now >= childExecution.Deadline || PastRealDeadline(childExecution.RealDeadline)))
            {
                childExecution.TimedOut = true;
                return ExecutionTimedOut();
            }

            var state = graph.States[index];
            frame.Enter(state, value, now);
            if (!RecordsNoEvent(frame))
            {
                RecordDated(frame, state.EnteredEventType, "stateEnteredEventDetails", EventDetails.OfState(state.Name, value), now);
            }

            var enteredId = frame.LastEventId;
            frame.EnteredEventId = enteredId;
            StepOutcome outcome;
            outcome = await StepAsync(state, value, frame, cancellationToken).ConfigureAwait(false);

            outcome = LimitOutput(state, outcome);
            if (HistoryFull(frame))
            {
                // The step's own events (a Map's iterations, a retried task's attempts) filled the history: whatever the
                // step's outcome, the execution fails here, as it does when the next state would enter.
                return StopFailure;
            }

            if (outcome.Failed)
            {
                if (TakesRuntimeCause(state, outcome.Error, outcome.Cause))
                {
                    return StepOutcome.Failure(StatesErrors.Runtime, RuntimeCause(state.Name, enteredId, outcome.Cause));
                }

                return outcome;
            }

            if (!RecordsNoEvent(frame))
            {
                // One reading dates the exit and the next state's entry. A journaled run dates its events as it records
                // them, and reads the clock again after its commit.
                exitedAt = _replay is null ? _time.GetUtcNow() : null;
                var exited = frame.TakeAssigned().TryGetObject(out var assigned) && assigned.Count > 0
                    ? EventDetails.OfExit(state.Name, outcome.Output, assigned)
                    : EventDetails.OfState(state.Name, outcome.Output);
                RecordDated(frame, state.ExitedEventType, "stateExitedEventDetails", exited, exitedAt);
                if (HistoryFull(frame))
                {
                    return StopFailure;
                }
            }

            if (outcome.Next < 0)
            {
                return outcome;
            }

            if (_replay is { } replay)
            {
                // The transition is durable before the next state starts.
                await replay.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            index = outcome.Next;
            value = outcome.Output;
        }
    }

    /// <summary>
    /// A state's outcome with the payload limit applied to its output: too large, it fails with
    /// <c>States.DataLimitExceeded</c> naming the state. Every loop over states (async, synchronous, generated) goes
    /// through here after a state runs.
    /// </summary>
    internal StepOutcome LimitOutput(StateProgram state, StepOutcome outcome) =>
        !outcome.Failed && MayGrow(state) && ExceedsPayload(outcome.Output)
            ? StepOutcome.Failure(StatesErrors.DataLimitExceeded, ResultRefused(state.Name, outcome.Output))
            : outcome;

    /// <summary>
    /// Whether a state's output can be larger than its input (which was measured as the previous output): a JSONPath
    /// Wait, Choice or Succeed only selects from its input, so it needs no measuring.
    /// </summary>
    private static bool MayGrow(StateProgram state)
    {
        switch (state)
        {
            case WaitProgram wait:
                return wait.Output is not null;
            case SucceedProgram succeed:
                return succeed.Output is not null;
            case ChoiceProgram choice:
                if (choice.Output is not null)
                {
                    return true;
                }

                for (var i = 0; i < choice.Choices.Count; i++)
                {
                    if (choice.Choices[i].Output is not null)
                    {
                        return true;
                    }
                }

                return false;
            default:
                return true;
        }
    }

    private static StepOutcome RunPass(PassProgram pass, JsonValue raw, StateFrame frame)
    {
        var effective = raw;
        if (pass.InputPath is { } inputPath)
        {
            var r = inputPath(raw, frame);
            if (!r.IsSuccess)
            {
                return StepOutcome.Failure(r);
            }

            effective = r.Value;
        }

        JsonValue result;
        if (!pass.Result.IsUndefined)
        {
            result = pass.Result;
        }
        else if (pass.Parameters is { } parameters)
        {
            var r = parameters(effective, frame);
            if (!r.IsSuccess)
            {
                return StepOutcome.Failure(r);
            }

            result = r.Value;
        }
        else
        {
            result = effective;
        }

        return Complete(pass, pass.ResultPath, raw, result, frame, pass.Next);
    }

    /// <summary>Assign, ResultPath (or Output), OutputPath; then the new variables become visible.</summary>
    private static StepOutcome Complete(StateProgram state, ResultCombiner? resultPath, JsonValue raw, JsonValue result, StateFrame frame, int next)
    {
        JsonValue assigned = default;
        if (state.Assign is { } assign)
        {
            var a = assign(raw, result, frame);
            if (!a.IsSuccess)
            {
                return StepOutcome.Failure(a);
            }

            assigned = a.Value;
        }

        var output = result;
        if (resultPath is not null)
        {
            var r = resultPath(raw, result, frame);
            if (!r.IsSuccess)
            {
                return StepOutcome.Failure(r);
            }

            output = r.Value;
        }

        if (state.OutputPath is { } outputPath)
        {
            var r = outputPath(output, frame);
            if (!r.IsSuccess)
            {
                return StepOutcome.Failure(r);
            }

            output = r.Value;
        }

        if (!assigned.IsUndefined && frame.Assign(assigned) is { IsSuccess: false } refused)
        {
            return StepOutcome.Failure(refused);
        }

        return StepOutcome.Success(output, next);
    }

    private static StepOutcome RunChoice(ChoiceProgram choice, JsonValue raw, StateFrame frame)
    {
        var effective = raw;
        if (choice.InputPath is { } inputPath)
        {
            var r = inputPath(raw, frame);
            if (!r.IsSuccess)
            {
                return StepOutcome.Failure(r);
            }

            effective = r.Value;
        }

        var choices = choice.Choices;
        for (var i = 0; i < choices.Count; i++)
        {
            var branch = choices[i];
            var matched = branch.Condition(effective, frame);
            if (!matched.IsSuccess)
            {
                return StepOutcome.Failure(matched);
            }

            if (matched.Value.IsTrue)
            {
                return CompleteChoice(choice, branch.Assign ?? choice.Assign, branch.Output, raw, effective, frame, branch.Next);
            }
        }

        if (choice.Default >= 0)
        {
            return CompleteChoice(choice, choice.Assign, choice.Output, raw, effective, frame, choice.Default);
        }

        return StepOutcome.Failure(StatesErrors.NoChoiceMatched, "No Matches!");
    }

    private static StepOutcome CompleteChoice(ChoiceProgram choice, ResultCombiner? assign, ResultCombiner? output, JsonValue raw, JsonValue effective, StateFrame frame, int next)
    {
        JsonValue assigned = default;
        if (assign is not null)
        {
            var a = assign(raw, effective, frame);
            if (!a.IsSuccess)
            {
                return StepOutcome.Failure(a);
            }

            assigned = a.Value;
        }

        var value = effective;
        if (output is not null)
        {
            var o = output(raw, effective, frame);
            if (!o.IsSuccess)
            {
                return StepOutcome.Failure(o);
            }

            value = o.Value;
        }

        if (choice.OutputPath is { } outputPath)
        {
            var r = outputPath(value, frame);
            if (!r.IsSuccess)
            {
                return StepOutcome.Failure(r);
            }

            value = r.Value;
        }

        if (!assigned.IsUndefined && frame.Assign(assigned) is { IsSuccess: false } refused)
        {
            return StepOutcome.Failure(refused);
        }

        return StepOutcome.Success(value, next);
    }

    private static StepOutcome RunSucceed(SucceedProgram succeed, JsonValue raw, StateFrame frame)
    {
        var effective = raw;
        if (succeed.InputPath is { } inputPath)
        {
            var r = inputPath(raw, frame);
            if (!r.IsSuccess)
            {
                return StepOutcome.Failure(r);
            }

            effective = r.Value;
        }

        return Complete(succeed, succeed.Output, raw, effective, frame, -1);
    }

    private static StepOutcome RunFail(FailProgram fail, JsonValue raw, StateFrame frame)
    {
        string? error = null;
        string? cause = null;
        if (fail.Error is { } errorExpression)
        {
            var r = errorExpression(raw, frame);
            if (!r.IsSuccess)
            {
                return FailStateFailure(fail, r, fail.ErrorPath, "ErrorPath", raw, frame);
            }

            if (FailFieldText(r.Value, fail.ErrorPath, "ErrorPath", out error) is { } problem)
            {
                return StepOutcome.Failure(StatesErrors.Runtime, RuntimeCause(fail.Name, frame.EnteredEventId, problem));
            }
        }

        if (fail.Cause is { } causeExpression)
        {
            var r = causeExpression(raw, frame);
            if (!r.IsSuccess)
            {
                return FailStateFailure(fail, r, fail.CausePath, "CausePath", raw, frame);
            }

            if (FailFieldText(r.Value, fail.CausePath, "CausePath", out cause) is { } problem)
            {
                return StepOutcome.Failure(StatesErrors.Runtime, RuntimeCause(fail.Name, frame.EnteredEventId, problem));
            }
        }

        return StepOutcome.Failure(error, cause);
    }

    /// <summary>
    /// A Fail state's error or cause as text. From <c>ErrorPath</c>/<c>CausePath</c> (<paramref name="path"/>) it must
    /// be a string ("the reference path must select a field that contains a string value"): else the problem, for a
    /// States.Runtime failure.
    /// </summary>
    internal static string? FailFieldText(JsonValue value, string? path, string field, out string? text)
    {
        if (value.TryGetString(out text))
        {
            return null;
        }

        if (path is not null)
        {
            return "The value of the field '" + field + "' ('" + path + "') must be a string, but was " + JsonValue.KindName(value.Kind) + ".";
        }

        text = value.ToJsonString();
        return null;
    }

    /// <summary>A Fail state's ErrorPath/CausePath that failed: a path that names nothing gets AWS's wording.</summary>
    private static StepOutcome FailStateFailure(FailProgram fail, EvaluationResult r, string? path, string field, JsonValue raw, StateFrame frame)
    {
        if (r.Error != StatesErrors.Runtime)
        {
            return StepOutcome.Failure(r);
        }

        return StepOutcome.Failure(StatesErrors.Runtime, RuntimeCause(fail.Name, frame.EnteredEventId, FailFieldFailureCause(r, path, field, raw, frame)));
    }

    /// <summary>
    /// The cause of a Fail state's <c>ErrorPath</c>/<c>CausePath</c> that failed with <c>States.Runtime</c>, without the
    /// state's prefix (TestState gives it so): a path that names nothing gets AWS's wording.
    /// </summary>
    internal static string? FailFieldFailureCause(EvaluationResult r, string? path, string field, JsonValue raw, StateFrame frame) =>
        IsPlainPath(path) ? PathNotFound(path!, field, raw, frame) : r.Cause;

    /// <summary>Whether a <c>*Path</c> field holds a JSONPath (not an intrinsic function call).</summary>
    private static bool IsPlainPath(string? path) => path is not null && path.StartsWith('$');

    /// <summary>
    /// AWS's cause for a path field that names nothing: the input quoted is the document searched (the context object
    /// for a <c>$$</c> path).
    /// </summary>
    internal static string PathNotFound(string path, string field, JsonValue input, StateFrame frame)
    {
        var searched = path.StartsWith("$$", StringComparison.Ordinal) ? frame.EvaluationContext.ContextObject : input;
        return "The JSONPath '" + path + "' specified for the field '" + field + "' could not be found in the input '" + searched.ToJsonString() + "'";
    }

    private async ValueTask<StepOutcome> RunWaitAsync(WaitProgram wait, JsonValue raw, StateFrame frame, CancellationToken cancellationToken)
    {
        var effective = raw;
        if (wait.InputPath is { } inputPath)
        {
            var r = inputPath(raw, frame);
            if (!r.IsSuccess)
            {
                return StepOutcome.Failure(r);
            }

            effective = r.Value;
        }

        var target = wait.Wait(effective, frame);
        if (!target.IsSuccess)
        {
            return StepOutcome.Failure(WaitTargetFailure(wait, target));
        }

        var now = _time.GetUtcNow();
        if (!TryGetWaitDue(wait, target.Value, now, out var due, out var problem))
        {
            return StepOutcome.Failure(StatesErrors.Runtime, problem!);
        }

        due = await DurableDueAsync(frame, "wait", due, cancellationToken).ConfigureAwait(false);
        if (!await DelayUntilAsync(due, frame, cancellationToken).ConfigureAwait(false))
        {
            return ExecutionTimedOut();
        }

        return Complete(wait, wait.Output, raw, effective, frame, wait.Next);
    }

    /// <summary>A Wait's SecondsPath/TimestampPath that names nothing: AWS's wording, naming the path.</summary>
    internal static EvaluationResult WaitTargetFailure(WaitProgram wait, EvaluationResult failure)
    {
        if (failure.Error != StatesErrors.Runtime)
        {
            return failure;
        }

        if (IsPlainPath(wait.SecondsPath))
        {
            return EvaluationResult.Failure(StatesErrors.Runtime, "The SecondsPath parameter does not reference an input value: " + wait.SecondsPath);
        }

        if (IsPlainPath(wait.TimestampPath))
        {
            return EvaluationResult.Failure(StatesErrors.Runtime, "The TimestampPath parameter does not reference an input value: " + wait.TimestampPath);
        }

        return failure;
    }

    /// <summary>
    /// When a Wait ends, from its target: a whole number of seconds (SecondsPath: a JSON integer, as AWS reads a long;
    /// <c>1.5</c> is not one) or an ISO-8601 extended offset date-time. False with AWS's cause when the value is neither.
    /// </summary>
    internal static bool TryGetWaitDue(WaitProgram wait, JsonValue value, DateTimeOffset now, out DateTimeOffset due, out string? problem)
    {
        due = default;
        problem = null;
        if (wait.SecondsPath is { } secondsPath)
        {
            var shown = value.TryGetString(out var text) ? text : value.ToJsonString();
            // A JSON integer that fits a long: 1.5, 1.0 and 1e3 are read as decimals, not longs.
            if (value.Kind != JsonKind.Number || value.Form != JsonValue.NumberForm.Int64 || !value.TryGetInt64(out var whole))
            {
                problem = "The SecondsPath parameter cannot be parsed as a long value: " + secondsPath + " == " + shown;
                return false;
            }

            if (whole < 0)
            {
                problem = "The SecondsPath parameter references a negative value: " + secondsPath + " == " + shown;
                return false;
            }

            due = now + TimeSpan.FromSeconds(Math.Min(whole, 99_999_999));
            return true;
        }

        if (wait.TimestampPath is { } timestampPath)
        {
            if (value.TryGetString(out var text) && IsoOffsetDateTime.TryParse(text, out due))
            {
                due = WholeSeconds(due);
                return true;
            }

            problem = "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: " + timestampPath + " == " + (value.TryGetString(out var s) ? s : value.ToJsonString());
            return false;
        }

        // Seconds, Timestamp, and the JSONata forms (checked by their fields): a number of seconds or a timestamp string.
        if (value.TryGetDouble(out var seconds))
        {
            problem = WaitSecondsProblem(value);
            if (problem is not null)
            {
                return false;
            }

            due = now + TimeSpan.FromSeconds(seconds);
            return true;
        }

        if (value.TryGetString(out var timestamp) && IsoOffsetDateTime.TryParse(timestamp, out due))
        {
            due = WholeSeconds(due);
            return true;
        }

        problem = "The Wait target " + value.ToJsonString() + " is not a number of seconds or an ISO-8601 timestamp.";
        return false;
    }

    /// <summary>
    /// What is wrong with a Wait's number of seconds (<c>Seconds</c>, a JSONata expression's too), or null. AWS: "an integer
    /// value from 0 to 99999999" (a JSONata number is a double: 2.0 is 2).
    /// </summary>
    internal static string? WaitSecondsProblem(JsonValue value) =>
        value.TryGetDouble(out var seconds) && seconds >= 0 && seconds <= 99_999_999 && seconds == Math.Floor(seconds)
            ? null
            : "The Wait seconds must be an integer from 0 to 99999999, got " + value.ToJsonString() + ".";

    /// <summary>
    /// A Wait's timestamp as AWS reads it: "Step Functions considers the time value up to seconds and truncates
    /// milliseconds".
    /// </summary>
    private static DateTimeOffset WholeSeconds(DateTimeOffset timestamp) =>
        timestamp.AddTicks(-(timestamp.UtcTicks % TimeSpan.TicksPerSecond));

    /// <summary>
    /// Waits on the kernel's clock; false when the deadline of <paramref name="frame"/>'s execution comes first (the
    /// run's, or a Map Run child execution's: that one then times out).
    /// </summary>
    private async ValueTask<bool> DelayUntilAsync(DateTimeOffset due, StateFrame frame, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var (deadline, child) = DeadlineOf(frame);
        var hitsDeadline = due >= deadline;
        var until = hitsDeadline ? deadline : due;
        if (_virtualTime is { } virtualClock && until > now)
        {
            // Armed at the due time itself: a clock moved by hand between the reading above and the arming does not make
            // the wait end late.
            await virtualClock.DelayUntilAsync(until, cancellationToken).ConfigureAwait(false);
            now = _time.GetUtcNow();
        }

        // Timers take at most ~49 days: wait in chunks. Timers count whole milliseconds, so a sub-millisecond rest is
        // rounded up (a zero-length delay would never move a virtual clock and the loop would spin).
        while (until > now)
        {
            var step = until - now;
            var milliseconds = Math.Ceiling(step.TotalMilliseconds);
            step = step > MaxTimerSpan ? MaxTimerSpan : TimeSpan.FromMilliseconds(milliseconds);
            await Task.Delay(step, _time, cancellationToken).ConfigureAwait(false);
            now = _time.GetUtcNow();
        }

        if (hitsDeadline)
        {
            MarkTimedOut(child);
            return false;
        }

        return true;
    }

    /// <summary>
    /// The deadline of <paramref name="frame"/>'s execution: the run's, or that of the Map Run child execution the frame
    /// runs in when it comes first (an EXPRESS child's five minutes), with that child.
    /// </summary>
    private (DateTimeOffset Deadline, MapRunExecution? Child) DeadlineOf(StateFrame frame) =>
        frame.ChildExecution is { } child && child.Deadline < _deadline ? (child.Deadline, child) : (_deadline, null);

    /// <summary>Ends the run on its deadline, or only <paramref name="child"/> on its own.</summary>
    private void MarkTimedOut(MapRunExecution? child)
    {
        if (child is null)
        {
            _timedOut = true;
        }
        else
        {
            child.TimedOut = true;
        }
    }

    /// <summary>Whether <paramref name="frame"/>'s execution timed out: the run, or the Map Run child execution it runs in.</summary>
    private bool TimedOutIn(StateFrame frame) => _timedOut || frame.ChildExecution is { TimedOut: true };

    private int NextMockInvocation(string stateName)
    {
        lock (this)
        {
            _mockInvocations ??= new Dictionary<string, int>(StringComparer.Ordinal);
            _mockInvocations.TryGetValue(stateName, out var count);
            _mockInvocations[stateName] = count + 1;
            return count;
        }
    }

    private TimeSpan RemainingTime() => _deadline - _time.GetUtcNow();

    private static string NewTaskToken(StateFrame frame)
    {
        Span<byte> bytes = stackalloc byte[24];
        frame.Random.NextBytes(bytes);
        return Convert.ToBase64String(bytes).Replace('/', '_').Replace('+', '-');
    }

    internal MockTestCase? Mocks => _request.Mocks ?? _kernel.Options.Mocks;

    internal TaskHandlerRegistry Handlers => _kernel.Options.TaskHandlers;

    /// <summary>The execution's own handlers, looked up before the kernel's (see <see cref="ExecutionKernel.RunAsync(StateMachineProgram, JsonValue, ExecutionRequest?, TaskHandlerRegistry?, CancellationToken)"/>), or null.</summary>
    internal TaskHandlerRegistry? OwnHandlers { get; init; }

    /// <summary>The handler for <paramref name="resource"/>: the execution's own, then the kernel's.</summary>
    internal bool TryGetHandler(string resource, bool exactOnly, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TaskHandler? handler)
    {
        var scope = _program.HandlerScope;
        if (OwnHandlers is { } own && (exactOnly ? own.TryGetExact(resource, scope, out handler) : own.TryGet(resource, scope, out handler)))
        {
            return true;
        }

        return exactOnly ? Handlers.TryGetExact(resource, scope, out handler) : Handlers.TryGet(resource, scope, out handler);
    }
}
