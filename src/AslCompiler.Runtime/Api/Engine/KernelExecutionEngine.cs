using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Compiled;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using JsonValue = AslCompiler.Runtime.Json.JsonValue;
using KernelStatus = AslCompiler.Runtime.Execution.ExecutionStatus;

namespace AslCompiler.Runtime.Api.Engine;

/// <summary>
/// The execution engine on the execution kernel: executions run in the background on the kernel (on the options'
/// clock), their records (status, dates, output, error, history) live in memory. Definitions are compiled once per
/// state machine revision or version. Thread-safe.
/// </summary>
#pragma warning disable CA1001 // the shutdown source lives as long as the instance; it holds no timer or handle
internal sealed class KernelExecutionEngine : IExecutionEngine, INestedExecutionHost
#pragma warning restore CA1001
{
    private const int DefaultPageSize = 100;
    private const string RunningReason = "Execution is RUNNING and cannot be redriven";
    private const string SucceededReason = "Execution is SUCCEEDED and cannot be redriven";
    private const int MaxEventsToRedrive = 24_999;

    private static readonly TimeSpan RedrivablePeriod = TimeSpan.FromDays(14);
    private static readonly TimeSpan ClientTokenLifetime = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long the store remembers a timed-out task token: a Standard execution's longest run (a year) plus the 90 days
    /// AWS keeps a closed execution, so a token is never forgotten while AWS could still answer TaskTimedOut for it.
    /// </summary>
    internal static readonly TimeSpan TimedOutTokenRetention = TimeSpan.FromDays(365 + 90);

    /// <summary>
    /// How long StopExecution lets a run's work honour the cancellation (on the engine's clock, as every timeout is)
    /// before it abandons that work and ends the execution without it.
    /// </summary>
    internal static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan ActivityPoll = TimeSpan.FromSeconds(60);

    private readonly LocalStepFunctions _api;
    private readonly StepFunctionsOptions _options;
    private readonly ExecutionKernel _kernel;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Lazy<StateMachineProgram>> _programs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ExecutionRecord> _executions = new(StringComparer.Ordinal);
    private readonly object _startLock = new();
    private readonly IStepFunctionsStore? _store;
    private readonly IStepFunctionsStore _journals;
    private readonly string _owner;
    private readonly CancellationTokenSource _shutdown = new();
    private long _sequence;
    private readonly MapRunRegistry _mapRuns;
    private readonly ConcurrentDictionary<Task, byte> _tokenWrites = new();

    // Starts and redrives partway through (writing the store before their run begins): ShutdownAsync waits for them.
    private readonly ConcurrentDictionary<Task, byte> _starting = new();
    private volatile Task _recovered = Task.CompletedTask;

    // Retention of ended STANDARD executions (StepFunctionsOptions.StandardExecutionRetention): the ended ones by stop
    // date, swept when the oldest has expired (_nextExpiry, UTC ticks; long.MaxValue: none queued), and their removals
    // from the store under way, by ARN (a new execution under the same ARN waits for its predecessor's removal).
    private static readonly TimeSpan MaxExpiryTimerDelay = TimeSpan.FromDays(30);
    private readonly TimeSpan _retention;
    private readonly object _expiryLock = new();
    private readonly PriorityQueue<ExecutionRecord, DateTimeOffset> _closed = new();
    private long _nextExpiry = long.MaxValue;
    private readonly ConcurrentDictionary<string, Task> _removals = new(StringComparer.Ordinal);

    // Sweeps an instance nothing calls: armed (under _expiryLock) for the oldest queued expiry or earlier (_timerDue, UTC
    // ticks; long.MaxValue: not armed), made on the first; its state is a weak reference, so an armed timer does not keep
    // an instance its user let go of.
    private ITimer? _expiryTimer;
    private long _timerDue = long.MaxValue;

    // The running executions of each state machine (DeleteStateMachine's question), in step with every status change.
    private readonly RunningExecutionCounts _running = new();

    // The listed executions (STANDARD, not synchronous) of each state machine, version and alias, in start order.
    private readonly StartOrderIndex<ExecutionRecord> _listed = new(static e => e.Sequence);

    // Set when a shutdown stopped waiting for runs that did not stop (LeaveRunsBehind): observers hear nothing more.
    private volatile bool _leftBehind;

    public KernelExecutionEngine(LocalStepFunctions api, StepFunctionsOptions options)
    {
        _api = api;
        _options = options;
        _time = options.TimeProvider ?? TimeProvider.System;
        _store = options.Store;

        // Without a store, Standard executions still keep a journal in memory: RedriveExecution replays it.
        _journals = options.Store ?? new InMemoryStepFunctionsStore(_time);
        _owner = options.Owner ?? Guid.NewGuid().ToString("N");
        _retention = options.StandardExecutionRetention;
        _mapRuns = new MapRunRegistry(_store, _shutdown.Token);
        var execution = options.Execution ?? new ExecutionOptions();
        _kernel = new ExecutionKernel(new ExecutionOptions
        {
            TimeProvider = _time,
            TaskHandlers = execution.TaskHandlers,
            TaskHandlerFailed = execution.TaskHandlerFailed,
            TaskHandlerCalling = execution.TaskHandlerCalling,
            HttpClient = execution.HttpClient,
            HttpClientFactory = execution.HttpClientFactory,
            HttpConnections = execution.HttpConnections,
            Mocks = execution.Mocks,
            MaxHistoryEvents = execution.MaxHistoryEvents,
            MaxPayloadBytes = execution.MaxPayloadBytes,
            MaxStandardDuration = execution.MaxStandardDuration,
            MaxExpressDuration = execution.MaxExpressDuration,
            Random = execution.Random,
            Partition = options.Partition,
            Region = options.Region,
            AccountId = options.AccountId,
            RoleArn = execution.RoleArn,
            ItemReader = execution.ItemReader,
            StateMachineResolver = execution.StateMachineResolver,
            MapRunMonitor = _mapRuns,
            ResultWriter = execution.ResultWriter,
        });
        if (_store is not null)
        {
            _kernel.DurableTaskTimedOut = RememberTimedOut;
        }

        _kernel.NestedExecutions = this;
        _kernel.ActivityExists = arn => _api.CurrentState.Activities.ContainsKey(arn);
    }

    /// <summary>The kernel the executions run on.</summary>
    public ExecutionKernel Kernel => _kernel;

    public async Task<StartExecutionResponse> StartExecutionAsync(ExecutionTarget target, StartExecutionRequest request, JsonValue input, CancellationToken cancellationToken)
    {
        ThrowIfShutDown();
        var name = request.Name ?? Uuids.New();
        var record = await StartAsync(target, name, request.Input ?? "{}", request.TraceHeader, NewExecutionArn(target, name), cancellationToken, input).ConfigureAwait(false);
        return new StartExecutionResponse { ExecutionArn = record.Arn, StartDate = record.StartDate };
    }

    /// <summary>The ARN a new execution of <paramref name="target"/> named <paramref name="name"/> gets (an Express one a new id).</summary>
    private string NewExecutionArn(ExecutionTarget target, string name) => target.Type == StateMachineType.Express
        ? _api.Arns.ExpressExecution(target.StateMachineName, name, Uuids.New())
        : _api.Arns.Execution(target.StateMachineName, name);

    /// <summary>
    /// Starts an execution under <paramref name="arn"/>, or returns the running one with that ARN when it has the same
    /// input and state machine (StartExecution is idempotent then); any other execution with the ARN takes the name.
    /// </summary>
    /// <remarks><paramref name="parsed"/>: the input as the start's check parsed it, or undefined (the run parses it).</remarks>
    private Task<ExecutionRecord> StartAsync(ExecutionTarget target, string name, string input, string? traceHeader, string arn, CancellationToken cancellationToken, JsonValue parsed = default) =>
        StartingAsync(() => StartCoreAsync(target, name, input, traceHeader, arn, parsed, cancellationToken));

    private async Task<ExecutionRecord> StartCoreAsync(ExecutionTarget target, string name, string input, string? traceHeader, string arn, JsonValue parsed, CancellationToken cancellationToken)
    {
        SweepIfDue();
        var program = Compile(target);
        var express = target.Type == StateMachineType.Express;
        ExecutionRecord record;
        StepFunctionsException? refused = null;
        lock (_startLock)
        {
            if (_executions.TryGetValue(arn, out var existing) && Expire(existing, _time.GetUtcNow().UtcTicks))
            {
                existing = null; // its retention has ended: removed now (its name is free), its removal from the store registered
            }

            if (existing is not null)
            {
                // Idempotent while running with the same input (and state machine); otherwise the name is taken.
                if (existing.Status == ExecutionStatus.Running && existing.Input == input && existing.Target.StateMachineArn == target.StateMachineArn)
                {
                    return existing;
                }

                throw new ExecutionAlreadyExistsException("Execution Already Exists: '" + arn + "'");
            }

            record = new ExecutionRecord(arn, name, target, input, traceHeader, _time.GetUtcNow(), Interlocked.Increment(ref _sequence)) { ParsedInput = parsed };
            CountRunning(record);
            _executions[arn] = record;
            List(record);

            // DeleteStateMachine writes DELETING, then looks for running executions; a start counts its execution
            // running, then looks at the state machine. One of the two sees the other, so a state machine is never
            // removed under an execution that started (it stays DELETING until the execution ends), nor an execution
            // started on one being deleted.
            Interlocked.MemoryBarrier();
            AfterStartRegistered?.Invoke();
            if (!_api.CurrentState.StateMachines.TryGetValue(target.StateMachineArn, out var machine) || machine.Status == StateMachineStatus.Deleting)
            {
                _executions.TryRemove(arn, out _);
                Unlist(record);
                refused = machine is null
                    ? LocalStepFunctions.StateMachineMissing(target.StateMachineArn)
                    : LocalStepFunctions.StateMachineDeleting(machine.Arn);
            }
        }

        if (refused is not null)
        {
            // A deletion that saw this execution counted waits for it to end: it ends here, before it ran.
            Dropped(record);
            throw refused;
        }

        IExecutionJournal? journal = null;
        if (!express)
        {
            try
            {
                // An expired execution that had this ARN is out of the store first (the sweep registers its removal
                // before it lets go of its record, so a start that found no record sees the removal here).
                if (_removals.TryGetValue(arn, out var removal))
                {
                    await removal.ConfigureAwait(false);
                }

                // A Standard execution is durable before StartExecution answers.
                if (_store is not null && !await _store.CreateExecutionAsync(ToStored(record), cancellationToken).ConfigureAwait(false))
                {
                    throw new ExecutionAlreadyExistsException("Execution Already Exists: '" + arn + "'");
                }

                journal = await _journals.OpenJournalAsync(arn, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _executions.TryRemove(arn, out _);
                Unlist(record);
                Dropped(record);
                throw;
            }
        }

        Launch(record, () => RunAsync(record, program, journal, resumed: false));
        return record;
    }

    /// <summary>
    /// Runs <paramref name="start"/> (a start or a redrive: it writes the store, then launches the run) as one that
    /// <see cref="ShutdownAsync"/> waits for when it has begun before the shutdown.
    /// </summary>
    private async Task<T> StartingAsync<T>(Func<Task<T>> start)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _starting.TryAdd(done.Task, 0);
        try
        {
            return await start().ConfigureAwait(false);
        }
        finally
        {
            _starting.TryRemove(done.Task, out _);
            done.SetResult();
        }
    }

    /// <summary>
    /// Starts the run of <paramref name="record"/>, unless <see cref="ShutdownAsync"/> has begun: the instance starts no
    /// more work then, and the execution stays RUNNING (a Standard one in the store, resumed by the next recovery).
    /// </summary>
    private bool Launch(ExecutionRecord record, Func<Task> run)
    {
        if (_shutdown.IsCancellationRequested)
        {
            return false;
        }

        record.Handle = new ExecutionRunHandle();

        // A run launched (or resumed) while its state machine is being deleted fails at its first transition. The fence
        // pairs with DeleteStateMachine's after it writes DELETING: this sees DELETING, or the deletion sees the handle.
        Interlocked.MemoryBarrier();
        if (IsDeleting(record.Target))
        {
            record.Handle.StateMachineDeleted(DeletedCause(record.Target));
        }

        record.Run = Task.Run(run, CancellationToken.None);
        return true;
    }

    /// <inheritdoc/>
    public void StateMachineDeleting(string stateMachineArn)
    {
        foreach (var record in _executions.Values)
        {
            if (record.Target.StateMachineArn == stateMachineArn && record.Status == ExecutionStatus.Running && record.Handle is { } handle && IsDeleting(record.Target))
            {
                handle.StateMachineDeleted(DeletedCause(record.Target));
            }
        }
    }

    /// <summary>Whether <paramref name="target"/> is a Standard state machine's (its version's, its alias's) that is being deleted.</summary>
    private bool IsDeleting(ExecutionTarget target) =>
        target.Type == StateMachineType.Standard
        && _api.CurrentState.StateMachines.TryGetValue(target.StateMachineArn, out var machine) && machine.Status == StateMachineStatus.Deleting;

    /// <summary>The cause of an execution of a deleted state machine's failure, as AWS words it.</summary>
    private static string DeletedCause(ExecutionTarget target) => "State machine " + target.StateMachineName + " has been deleted.";

    public async Task<StartSyncExecutionResponse> StartSyncExecutionAsync(ExecutionTarget target, StartSyncExecutionRequest request, JsonValue input, CancellationToken cancellationToken)
    {
        ThrowIfShutDown(synchronous: true);
        var program = Compile(target);
        var name = request.Name ?? Uuids.New();
        var arn = _api.Arns.ExpressExecution(target.StateMachineName, name, Uuids.New());
        var record = new ExecutionRecord(arn, name, target, request.Input ?? "{}", request.TraceHeader, _time.GetUtcNow(), Interlocked.Increment(ref _sequence))
        {
            Synchronous = true,
            ParsedInput = input,
            OutputUnread = request.IncludedData == IncludedData.MetadataOnly && !_options.InspectExpressExecutions,
        };
        CountRunning(record);
        _executions[arn] = record;
        using (cancellationToken.Register(record.Cancellation.Cancel))
        {
            await RunAsync(record, program, null, resumed: false).ConfigureAwait(false);
        }

        if (record.Status is not (ExecutionStatus.Succeeded or ExecutionStatus.Failed or ExecutionStatus.TimedOut))
        {
            // Stopped by the caller's token or by a shutdown, not ended by its definition: no outcome to answer with (a
            // FAILED answer without an error would read as the workflow's own failure).
            cancellationToken.ThrowIfCancellationRequested();
            throw new OperationCanceledException(
                "The synchronous execution '" + arn + "' was stopped before it ended: the Step Functions instance was shut down (ShutdownAsync) while it ran.",
                _shutdown.IsCancellationRequested ? _shutdown.Token : CancellationToken.None);
        }

        var metadataOnly = request.IncludedData == IncludedData.MetadataOnly;
        var stop = record.StopDate ?? _time.GetUtcNow();
        var billed = Math.Max(100L, (long)Math.Ceiling((stop - record.StartDate).TotalMilliseconds / 100.0) * 100L);
        return new StartSyncExecutionResponse
        {
            ExecutionArn = arn,
            StateMachineArn = target.StateMachineVersionArn ?? target.StateMachineArn,
            Name = name,
            StartDate = record.StartDate,
            StopDate = stop,
            Status = record.Status switch
            {
                ExecutionStatus.Succeeded => SyncExecutionStatus.Succeeded,
                ExecutionStatus.TimedOut => SyncExecutionStatus.TimedOut,
                _ => SyncExecutionStatus.Failed,
            },
            Error = record.Error,
            Cause = record.Cause,
            Input = metadataOnly ? null : record.Input,
            InputDetails = new CloudWatchEventsExecutionDataDetails { Included = !metadataOnly },
            Output = metadataOnly || record.Status != ExecutionStatus.Succeeded ? null : record.Output,
            OutputDetails = record.Status == ExecutionStatus.Succeeded ? new CloudWatchEventsExecutionDataDetails { Included = !metadataOnly } : null,
            TraceHeader = request.TraceHeader,
            BillingDetails = new BillingDetails { BilledDurationInMilliseconds = billed, BilledMemoryUsedInMB = 64 },
        };
    }

    public async Task<StopExecutionResponse> StopExecutionAsync(StopExecutionRequest request, CancellationToken cancellationToken)
    {
        var record = Find(request.ExecutionArn, allowExpress: true);

        // The run this stop is for: a redrive may begin a new one as soon as it has ended, which is not this stop's.
        CancellationTokenSource cancellation;
        Task? run;
        Task<DateTimeOffset> ended;
        ExecutionRunHandle? handle;
        lock (record)
        {
            if (record.Status != ExecutionStatus.Running)
            {
                return new StopExecutionResponse { StopDate = record.StopDate!.Value };
            }

            if (!record.StopRequested)
            {
                record.StopRequested = true;
                record.StopError = request.Error;
                record.StopCause = request.Cause;
                if (record.Handle is { } stopped)
                {
                    stopped.Stop = (request.Error, request.Cause); // the run's ExecutionAborted event carries them
                }
            }

            (cancellation, run, ended, handle) = (record.Cancellation, record.Run, record.Ended.Task, record.Handle);
        }

        cancellation.Cancel();
        DateTimeOffset? abandonedAt = null;
        if (run is not null)
        {
            try
            {
                await run.WaitAsync(StopGracePeriod, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Work that ignores its cancellation (a handler, say) is abandoned: the run records ExecutionAborted now
                // and drops whatever that work records later. Null: the run decided its own end meanwhile and is finishing,
                // or its ExecutionAborted could not be committed (record.Interruption).
                abandonedAt = handle is null ? null : await AbandonRunAsync(record, handle, KernelStatus.Aborted, null).ConfigureAwait(false);

                if (abandonedAt is null && record.Interruption is null)
                {
                    // The run is finishing, or its end was decided by its time limit while its work still holds it.
                    await Task.WhenAny(run, ended).WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }

        bool completedHere;
        DateTimeOffset stopDate;
        lock (record)
        {
            var redriven = record.Ended.Task != ended;
            if (!redriven && record.Status == ExecutionStatus.Running && record.Interruption is { } failure)
            {
                // The run's end (its ExecutionAborted) cannot be made durable: ABORTED here would not be what the store holds.
                throw StoreUnavailable(failure);
            }

            completedHere = !redriven && record.Status == ExecutionStatus.Running;
            if (completedHere)
            {
                Complete(record, ExecutionStatus.Aborted, null, record.StopError, record.StopCause, abandonedAt ?? _time.GetUtcNow());
            }

            stopDate = redriven ? ended.Result : record.StopDate!.Value;
        }

        if (completedHere)
        {
            await EndedAsync(record).ConfigureAwait(false);
        }

        return new StopExecutionResponse { StopDate = stopDate };
    }

    public async Task<DescribeExecutionResponse> WaitForExecutionAsync(string executionArn, CancellationToken cancellationToken)
    {
        while (true)
        {
            var record = Find(executionArn, allowExpress: false);
            Task<DateTimeOffset> ended;
            lock (record)
            {
                if (record.Status != ExecutionStatus.Running)
                {
                    break;
                }

                ended = record.Ended.Task;
            }

            // A redrive may begin a new run as soon as this one ends: the loop looks again.
            await ended.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return await DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = executionArn }, cancellationToken).ConfigureAwait(false);
    }

    public Task<DescribeExecutionResponse> DescribeExecutionAsync(DescribeExecutionRequest request, CancellationToken cancellationToken)
    {
        SweepIfDue();
        var metadataOnly = request.IncludedData == IncludedData.MetadataOnly;
        if (_mapRuns.TryGetExecution(request.ExecutionArn, out var child))
        {
            return Task.FromResult(MapRunRegistry.DescribeExecution(child, metadataOnly));
        }

        var record = Find(request.ExecutionArn, allowExpress: false);
        lock (record)
        {
            var standard = record.Target.Type == StateMachineType.Standard;
            var succeeded = record.Status == ExecutionStatus.Succeeded;
            return Task.FromResult(new DescribeExecutionResponse
            {
                ExecutionArn = record.Arn,
                StateMachineArn = record.Target.StateMachineArn,
                StateMachineVersionArn = record.Target.StateMachineVersionArn,
                StateMachineAliasArn = record.Target.StateMachineAliasArn,
                Name = record.Name,
                Status = record.Status,
                StartDate = record.StartDate,
                StopDate = record.StopDate,
                Input = metadataOnly ? null : record.Input,
                InputDetails = new CloudWatchEventsExecutionDataDetails { Included = !metadataOnly },
                Output = succeeded && !metadataOnly ? record.Output : null,
                OutputDetails = succeeded ? new CloudWatchEventsExecutionDataDetails { Included = !metadataOnly } : null,
                Error = record.Error,
                Cause = record.Cause,
                TraceHeader = record.TraceHeader,
                RedriveCount = standard ? record.RedriveCount : null,
                RedriveDate = standard ? record.RedriveDate : null,
                RedriveStatus = standard ? RedriveStatus(record) : null,
                RedriveStatusReason = standard ? RedriveReason(record) : null,
            });
        }
    }

    public Task<DescribeStateMachineForExecutionResponse> DescribeStateMachineForExecutionAsync(DescribeStateMachineForExecutionRequest request, CancellationToken cancellationToken)
    {
        SweepIfDue();
        if (_mapRuns.TryGetExecution(request.ExecutionArn, out var child))
        {
            // A Map Run child runs a part of its root execution's definition: find that execution (up nested Map Runs).
            var parentArn = child.ParentExecutionArn;
            while (_mapRuns.TryGetExecution(parentArn, out var parent))
            {
                parentArn = parent.ParentExecutionArn;
            }

            var root = _executions.TryGetValue(parentArn, out var rootRecord) && !IsExpired(rootRecord, _time.GetUtcNow().UtcTicks)
                ? DescribeMachine(rootRecord)
                : throw new ExecutionDoesNotExistException("Execution Does Not Exist: '" + request.ExecutionArn + "'");
            return Task.FromResult(MapRunRegistry.DescribeStateMachine(
                child,
                rootRecord.Target,
                root.UpdateDate,
                root.LoggingConfiguration,
                root.TracingConfiguration,
                root.EncryptionConfiguration));
        }

        return Task.FromResult(DescribeMachine(Find(request.ExecutionArn, allowExpress: false)));
    }

    private DescribeStateMachineForExecutionResponse DescribeMachine(ExecutionRecord record)
    {
        var target = record.Target;
        LoggingConfiguration? logging = null;
        TracingConfiguration? tracing = null;
        EncryptionConfiguration? encryption = null;
        var updateDate = record.StartDate;
        if (_api.CurrentState.StateMachines.TryGetValue(target.StateMachineArn, out var machine))
        {
            // The date of the revision the execution started on: the last update that made it, or the creation.
            updateDate = target.RevisionId is { } revision && machine.RevisionDates.TryGetValue(revision, out var revised) ? revised : machine.CreationDate;
            logging = machine.Logging;
            tracing = machine.Tracing;
            encryption = machine.Encryption;
            if (target.StateMachineVersionArn is { } versionArn
                && machine.Versions.TryGetValue(StepFunctionsArn.Parse(versionArn).Version!.Value, out var version))
            {
                updateDate = version.CreationDate;
                logging = version.Logging;
                tracing = version.Tracing;
                encryption = version.Encryption;
            }
        }

        return new DescribeStateMachineForExecutionResponse
        {
            // The unqualified ARN also for an execution started through a version or an alias, as AWS records it
            // (the definition, revision and configuration are still the version's that ran).
            StateMachineArn = target.StateMachineArn,
            Name = target.StateMachineName,
            Definition = target.Definition,
            RoleArn = target.RoleArn,
            UpdateDate = updateDate,
            RevisionId = target.RevisionId,
            LoggingConfiguration = logging ?? new LoggingConfiguration { Level = LogLevel.Off, IncludeExecutionData = false },
            TracingConfiguration = tracing ?? new TracingConfiguration { Enabled = false },
            EncryptionConfiguration = encryption,
            VariableReferences = VariableReferenceCache.Of(target.Definition),
        };
    }

    public Task<ListExecutionsResponse> ListExecutionsAsync(ListExecutionsRequest request, CancellationToken cancellationToken)
    {
        SweepIfDue();
        if (request.MapRunArn is not null)
        {
            return Task.FromResult(_mapRuns.ListExecutions(request));
        }

        // The state machine's (or version's, or alias's) executions in start order: a page is a seek to where the token
        // left off and a walk back of one page, newest first (it was a sort of all of them for each page).
        var scope = request.StateMachineArn!;
        var status = request.StatusFilter;
        var redriven = request.RedriveFilter;
        var scopeKey = scope + "|" + status + "|" + redriven;
        var after = PageToken.Read(request.NextToken, "executions", scopeKey);
        var pageSize = PageSize(request.MaxResults);

        // A token's position is the negated sequence of the last execution listed: the page continues below it.
        var below = after == long.MinValue ? long.MaxValue : -after;
        var now = _time.GetUtcNow().UtcTicks;
        var page = _listed.Page(
            scope,
            below,
            e => !IsExpired(e, now)
                && (status is not { } wanted || e.Status == wanted)
                && (redriven != ExecutionRedriveFilter.Redriven || e.RedriveCount > 0)
                && (redriven != ExecutionRedriveFilter.NotRedriven || e.RedriveCount == 0),
            pageSize + 1);
        string? next = null;
        if (page.Count > pageSize)
        {
            page.RemoveAt(pageSize);
            next = PageToken.Create("executions", scopeKey, -page[^1].Sequence);
        }

        return Task.FromResult(new ListExecutionsResponse
        {
            Executions = page.ConvertAll(ListItem),
            NextToken = next,
        });
    }

    public async Task<GetExecutionHistoryResponse> GetExecutionHistoryAsync(GetExecutionHistoryRequest request, CancellationToken cancellationToken)
    {
        SweepIfDue();
        if (_mapRuns.TryGetExecution(request.ExecutionArn, out var child))
        {
            return await _mapRuns.HistoryAsync(child, request, cancellationToken).ConfigureAwait(false);
        }

        var record = Find(request.ExecutionArn, allowExpress: false);
        await LoadHistoryAsync(record, cancellationToken).ConfigureAwait(false);
        var includeData = request.IncludeExecutionData ?? true;
        var kernelEvents = KernelEvents(record);
        return HistoryPage(
            kernelEvents.Count == 0 ? null : kernelEvents,
            () => StartedEvent(record.StartDate, includeData ? record.Input : null, record.Target.RoleArn, record.Target.StateMachineAliasArn, record.Target.StateMachineVersionArn),
            e => ToApiEvent(record, e, includeData),
            record.Arn,
            request);
    }

    /// <summary>
    /// A GetExecutionHistory page of an execution's kernel events, paged over the kernel's events with only the page
    /// converted (a conversion writes and reads the event's JSON; paging a 25,000-event history converted all of it for
    /// each of its pages); with no events recorded (null), the one event known, <paramref name="start"/>.
    /// </summary>
    internal static GetExecutionHistoryResponse HistoryPage(
        IReadOnlyList<Execution.HistoryEvent>? recorded,
        Func<HistoryEvent> start,
        Func<Execution.HistoryEvent, HistoryEvent> convert,
        string executionArn,
        GetExecutionHistoryRequest request)
    {
        var reverse = request.ReverseOrder == true;
        var scope = HistoryScope(executionArn, reverse);
        if (recorded is null)
        {
            var (started, after) = PageToken.Page([start()], e => reverse ? -e.Id : e.Id, request.NextToken, "history", scope, PageSize(request.MaxResults));
            return new GetExecutionHistoryResponse { Events = started, NextToken = after };
        }

        var ordered = reverse ? Enumerable.Range(0, recorded.Count).Select(i => recorded[recorded.Count - 1 - i]) : recorded;
        var (page, next) = PageToken.Page(ordered, e => reverse ? -e.Id : e.Id, request.NextToken, "history", scope, PageSize(request.MaxResults));
        return new GetExecutionHistoryResponse { Events = page.ConvertAll(e => convert(e)), NextToken = next };
    }

    /// <summary>A GetExecutionHistory token (in history order) that continues after the event <paramref name="eventId"/>.</summary>
    internal static string HistoryTokenAfter(string executionArn, long eventId) =>
        PageToken.Create("history", HistoryScope(executionArn, reverse: false), eventId);

    private static string HistoryScope(string executionArn, bool reverse) => executionArn + "|" + reverse;

    public async Task<GetActivityTaskResponse> GetActivityTaskAsync(GetActivityTaskRequest request, CancellationToken cancellationToken)
    {
        // The long poll ends after 60 s on the clock (AWS's limit) with a null token.
        using var timeout = new CancellationTokenSource(ActivityPoll, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var task = await _kernel.GetActivityTaskAsync(request.ActivityArn, request.WorkerName, linked.Token).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return task is null
            ? new GetActivityTaskResponse()
            : new GetActivityTaskResponse { TaskToken = task.TaskToken, Input = task.Input.ToJsonString() };
    }

    public async Task<SendTaskSuccessResponse> SendTaskSuccessAsync(SendTaskSuccessRequest request, CancellationToken cancellationToken)
    {
        CheckToken(request.TaskToken);
        var output = JsonValue.Parse(request.Output);
        if (!_kernel.TrySendTaskSuccess(request.TaskToken, output, out var committed)
            && !(await RecoveringAsync(cancellationToken).ConfigureAwait(false) && _kernel.TrySendTaskSuccess(request.TaskToken, output, out committed)))
        {
            throw await TaskMissingAsync(request.TaskToken, cancellationToken).ConfigureAwait(false);
        }

        await OutcomeDurableAsync(committed, cancellationToken).ConfigureAwait(false);
        return new SendTaskSuccessResponse();
    }

    public async Task<SendTaskFailureResponse> SendTaskFailureAsync(SendTaskFailureRequest request, CancellationToken cancellationToken)
    {
        CheckToken(request.TaskToken);
        if (!_kernel.TrySendTaskFailure(request.TaskToken, request.Error, request.Cause, out var committed)
            && !(await RecoveringAsync(cancellationToken).ConfigureAwait(false) && _kernel.TrySendTaskFailure(request.TaskToken, request.Error, request.Cause, out committed)))
        {
            throw await TaskMissingAsync(request.TaskToken, cancellationToken).ConfigureAwait(false);
        }

        await OutcomeDurableAsync(committed, cancellationToken).ConfigureAwait(false);
        return new SendTaskFailureResponse();
    }

    /// <summary>
    /// Waits until the run of a journaled execution has committed the outcome a callback delivered (nothing to wait
    /// for otherwise), so a successful SendTaskSuccess/Failure survives the process. When the run ends without
    /// committing it (stopped, suspended by shutdown, its commit failed) or the engine shuts down meanwhile, the
    /// caller gets <c>ServiceUnavailable</c> (HTTP 503), an error SDKs retry, instead of a success that may be lost.
    /// </summary>
    private async Task OutcomeDurableAsync(Task<bool>? committed, CancellationToken cancellationToken)
    {
        if (committed is null)
        {
            return;
        }

        bool stored;
        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token))
        {
            try
            {
                stored = await committed.WaitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                stored = committed.IsCompletedSuccessfully && committed.Result;
            }
        }

        if (!stored)
        {
            throw new StepFunctionsException(
                "ServiceUnavailable", "The task's outcome could not be recorded before the execution stopped or the service shut down; retry the request.", 503);
        }
    }

    public async Task<SendTaskHeartbeatResponse> SendTaskHeartbeatAsync(SendTaskHeartbeatRequest request, CancellationToken cancellationToken)
    {
        CheckToken(request.TaskToken);
        if (!_kernel.SendTaskHeartbeat(request.TaskToken)
            && !(await RecoveringAsync(cancellationToken).ConfigureAwait(false) && _kernel.SendTaskHeartbeat(request.TaskToken)))
        {
            throw await TaskMissingAsync(request.TaskToken, cancellationToken).ConfigureAwait(false);
        }

        return new SendTaskHeartbeatResponse();
    }

    public Task<DescribeMapRunResponse> DescribeMapRunAsync(DescribeMapRunRequest request, CancellationToken cancellationToken)
    {
        SweepIfDue();
        return Task.FromResult(_mapRuns.Describe(request.MapRunArn));
    }

    public Task<ListMapRunsResponse> ListMapRunsAsync(ListMapRunsRequest request, CancellationToken cancellationToken)
    {
        SweepIfDue();
        if (!_mapRuns.TryGetExecution(request.ExecutionArn, out _))
        {
            Find(request.ExecutionArn, allowExpress: false);
        }

        return Task.FromResult(_mapRuns.List(request));
    }

    public Task<UpdateMapRunResponse> UpdateMapRunAsync(UpdateMapRunRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(_mapRuns.Update(request));

    public Task<TestStateResponse> TestStateAsync(TestStateRequest request, CancellationToken cancellationToken) =>
        StateTester.RunAsync(request, _options, cancellationToken);

    /// <summary>
    /// Whether an execution of the state machine is RUNNING (one not yet ended, including one whose run is interrupted or
    /// suspended, or not resumed by this instance; a Map Run's children are not executions of it here): one dictionary
    /// read, where it was a scan of every execution record kept. The count changes with the status, under the record's
    /// lock, and each change is followed by a full fence before the engine looks at the state machine, as
    /// DeleteStateMachine writes DELETING before it asks this: one of the two sees the other.
    /// </summary>
    public bool HasRunningExecutions(string stateMachineArn) => _running.Count(stateMachineArn) > 0;

    /// <summary>How many executions of the state machine are counted running (for tests).</summary>
    internal int RunningCount(string stateMachineArn) => _running.Count(stateMachineArn);

    /// <summary>Called under the start lock after a start registered its execution, before it looks at the state machine (for tests).</summary>
    internal Action? AfterStartRegistered { get; set; }

    /// <summary>Called after a redrive counted its execution running, before it looks at the state machine (for tests).</summary>
    internal Action? AfterRedriveCounted { get; set; }

    public Task<RedriveExecutionResponse> RedriveExecutionAsync(RedriveExecutionRequest request, CancellationToken cancellationToken) =>
        StartingAsync(() => RedriveCoreAsync(request, cancellationToken));

    /// <summary>
    /// Refuses a start or a redrive once <see cref="ShutdownAsync"/> has begun, when nothing would ever run it: without a
    /// store (an in-memory execution would stay RUNNING for good), or a synchronous Express one (it would answer FAILED
    /// with no error). With a store, an execution started then stays RUNNING there for the next recovery.
    /// </summary>
    private void ThrowIfShutDown(bool synchronous = false)
    {
        if (_shutdown.IsCancellationRequested && (synchronous || _store is null))
        {
            throw new ObjectDisposedException(nameof(LocalStepFunctions), "The Step Functions instance was shut down (ShutdownAsync): it starts no more executions.");
        }
    }

    private async Task<RedriveExecutionResponse> RedriveCoreAsync(RedriveExecutionRequest request, CancellationToken cancellationToken)
    {
        var record = Find(request.ExecutionArn, allowExpress: false);
        ThrowIfShutDown();
        if (record.Target.Type != StateMachineType.Standard)
        {
            throw new ExecutionNotRedrivableException("Execution is not redrivable: '" + record.Arn + "' is an EXPRESS execution.");
        }

        await LoadHistoryAsync(record, cancellationToken).ConfigureAwait(false);
        var program = Compile(record.Target);

        // Counted running before it looks at the state machine (RedriveReason refuses a DELETING one), as a start is: a
        // deletion that writes DELETING meanwhile either sees the count (and waits for the redriven run) or is seen. The
        // count becomes the record's when the redrive goes ahead, and is given back when it is refused.
        var machineArn = record.Target.StateMachineArn;
        _running.Increment(machineArn);
        var reserved = true;
        Interlocked.MemoryBarrier();
        AfterRedriveCounted?.Invoke();
        try
        {
            return await RedriveCountedAsync(record, program, request, () => reserved = false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (reserved)
            {
                _running.Decrement(machineArn);
                EndDeletionIfIdle(machineArn);
            }
        }
    }

    /// <summary>The redrive of <paramref name="record"/>, counted running already: <paramref name="taken"/> when the record takes that count.</summary>
    private async Task<RedriveExecutionResponse> RedriveCountedAsync(ExecutionRecord record, StateMachineProgram program, RedriveExecutionRequest request, Action taken, CancellationToken cancellationToken)
    {
        DateTimeOffset redriveDate;
        lock (record)
        {
            var now = _time.GetUtcNow();
            record.RedriveTokens.RemoveAll(t => now - t.Used > ClientTokenLifetime);
            if (request.ClientToken is { } token && record.RedriveTokens.FirstOrDefault(t => t.Token == token) is { Token: not null } earlier)
            {
                return new RedriveExecutionResponse { RedriveDate = earlier.RedriveDate };
            }

            if (IsExpired(record, now.UtcTicks))
            {
                // Its retention ended since it was found.
                throw new ExecutionDoesNotExistException("Execution Does Not Exist: '" + record.Arn + "'");
            }

            if (RedriveReason(record) is { } reason)
            {
                throw new ExecutionNotRedrivableException(reason);
            }

            redriveDate = now;
            record.RedriveCount++;
            record.RedriveDate = redriveDate;
            record.Status = ExecutionStatus.Running;
            record.CountedRunning = true; // an ended execution is not counted: it takes the redrive's count
            taken();
            record.ExpiresAt = long.MaxValue;
            record.StopDate = null;
            record.Output = null;
            record.Error = null;
            record.Cause = null;
            record.StopRequested = false;
            record.StopError = null;
            record.StopCause = null;
            if (record.Handle is { } redriven)
            {
                redriven.Stop = default;
            }

            record.Cancellation = new CancellationTokenSource();
            record.Ended = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (request.ClientToken is { } used)
            {
                record.RedriveTokens.Add((used, now, redriveDate));
                if (record.RedriveTokens.Count > 10)
                {
                    record.RedriveTokens.RemoveAt(0);
                }
            }
        }

        if (_store is not null)
        {
            await _store.UpdateExecutionAsync(ToStored(record), cancellationToken).ConfigureAwait(false);
        }

        var journal = await _journals.OpenJournalAsync(record.Arn, cancellationToken).ConfigureAwait(false);
        Launch(record, () => RunAsync(record, program, journal, resumed: false));
        return new RedriveExecutionResponse { RedriveDate = redriveDate };
    }

    /// <summary>Loads what the store holds and resumes the RUNNING Standard executions (see <see cref="LocalStepFunctions.RecoverAsync(System.Threading.CancellationToken)"/>); how many it resumed.</summary>
    public async Task<int> RecoverAsync(Func<string, bool>? resume, CancellationToken cancellationToken)
    {
        if (_store is null)
        {
            return 0;
        }

        // Callbacks for tokens not registered yet wait for this recovery (see RecoveringAsync), from before the first
        // resumed run starts until every resumed run has registered its tokens again.
        var recovering = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _recovered = recovering.Task;
        try
        {
            return await ResumeAsync(resume, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            recovering.TrySetResult();
        }
    }

    private async Task<int> ResumeAsync(Func<string, bool>? filter, CancellationToken cancellationToken)
    {
        var stored = await _store!.LoadExecutionsAsync(cancellationToken).ConfigureAwait(false);
        var resume = new List<(ExecutionRecord Record, StoredExecution Stored)>();
        var expired = new List<string>();
        var closed = new List<ExecutionRecord>();
        var now = _time.GetUtcNow();
        lock (_startLock)
        {
            foreach (var execution in stored)
            {
                if (execution.Type != StateMachineType.Standard || _executions.ContainsKey(execution.ExecutionArn))
                {
                    continue;
                }

                if (execution.Status != ExecutionStatus.Running && execution.StopDate is { } stopDate && ExpiresAt(stopDate) <= now.UtcTicks)
                {
                    // Past its retention while the process was down (or kept by an instance with a longer one): removed
                    // from the store before the Map Runs are loaded, so none of its own comes back.
                    expired.Add(execution.ExecutionArn);
                    continue;
                }

                var record = FromStored(execution);
                CountRunning(record);
                _executions[record.Arn] = record;
                List(record);
                if (record.Status != ExecutionStatus.Running && record.StopDate is not null)
                {
                    closed.Add(record);
                }

                if (execution.Sequence > Interlocked.Read(ref _sequence))
                {
                    Interlocked.Exchange(ref _sequence, execution.Sequence);
                }

                if (record.Status == ExecutionStatus.Running)
                {
                    resume.Add((record, execution));
                }
            }
        }

        foreach (var record in closed)
        {
            Closed(record, record.StopDate!.Value);
        }

        foreach (var arn in expired)
        {
            await _store.DeleteExecutionAsync(arn, cancellationToken).ConfigureAwait(false);
        }

        // Map Runs and their children as stored; a run or child whose execution ended without it ended with it.
        await _mapRuns.LoadAsync(
            arn => _executions.TryGetValue(arn, out var e) && e.Status != ExecutionStatus.Running ? e.StopDate ?? e.StartDate : null,
            cancellationToken).ConfigureAwait(false);

        var caughtUp = new List<Task>();
        foreach (var (record, _) in resume)
        {
            if (filter is not null && !filter(record.Arn))
            {
                continue; // left to its owner or a later recovery, as the store holds it
            }

            if (!await _store.TryClaimAsync(record.Arn, _owner, _time.GetUtcNow() + _options.ClaimLease, cancellationToken).ConfigureAwait(false))
            {
                continue; // another owner runs it
            }

            StateMachineProgram program;
            try
            {
                program = Compile(record.Target);
            }
            catch (InvalidDefinitionException e)
            {
                lock (record)
                {
                    Complete(record, ExecutionStatus.Failed, null, "States.Runtime", e.Message, _time.GetUtcNow());
                }

                await EndedAsync(record).ConfigureAwait(false);
                continue;
            }

            var journal = await _journals.OpenJournalAsync(record.Arn, cancellationToken).ConfigureAwait(false);
            var ready = new TaskCompletionSource<Task>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (Launch(record, () => RunAsync(record, program, journal, resumed: true, t => ready.TrySetResult(t))))
            {
                caughtUp.Add(ready.Task.Unwrap());
            }
        }

        await Task.WhenAll(caughtUp).WaitAsync(cancellationToken).ConfigureAwait(false);
        return caughtUp.Count;
    }

    /// <summary>
    /// Whether a recovery was still registering the tokens of resumed executions (it has now): a callback for a token
    /// not yet registered again, e.g. from a resumed child execution, is tried again rather than refused.
    /// </summary>
    private async ValueTask<bool> RecoveringAsync(CancellationToken cancellationToken)
    {
        var recovered = _recovered;
        if (recovered.IsCompleted)
        {
            return false;
        }

        await recovered.WaitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc/>
    public NestedChild? Prepare(string stateMachineArn, string? name, string input)
    {
        ExecutionTarget target;
        try
        {
            LocalStepFunctions.CheckExecutionStart(name, input);
            target = _api.ResolveTarget(stateMachineArn);
        }
        catch (StateMachineDoesNotExistException) when (_kernel.Options.StateMachineResolver is not null)
        {
            return null; // not a state machine of this API: the kernel's resolver may know it
        }
        catch (StepFunctionsException e)
        {
            throw NestedRefused(e);
        }

        // AWS names a child started without a Name; the parent journals the name with the ARN, so it finds it again.
        name ??= Uuids.New();
        return new NestedChild(NewExecutionArn(target, name), name, stateMachineArn, input, recorded: false) { Target = target };
    }

    /// <inheritdoc/>
    public async ValueTask<NestedExecutionState> StartAsync(NestedChild child, CancellationToken cancellationToken)
    {
        if (child.Recorded && _executions.TryGetValue(child.ExecutionArn, out var existing))
        {
            return NestedState(existing); // the resumed parent's child: attached to, never started twice
        }

        try
        {
            // A recorded child that does not exist was not created before the process died, or was an Express
            // execution (never durable): it starts now under the ARN the parent recorded.
            var target = child.Target as ExecutionTarget ?? _api.ResolveTarget(child.StateMachineArn);
            // The child continues the trace of the call that starts it (the parent's span for the task, when traced).
            var traceHeader = System.Diagnostics.Activity.Current is { IdFormat: System.Diagnostics.ActivityIdFormat.W3C } call ? call.Id : null;
            var record = await StartAsync(target, child.Name, child.Input, traceHeader, child.ExecutionArn, cancellationToken).ConfigureAwait(false);
            return NestedState(record);
        }
        catch (StepFunctionsException e)
        {
            throw NestedRefused(e);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<NestedExecutionState> WaitAsync(string executionArn, CancellationToken cancellationToken)
    {
        if (!_executions.TryGetValue(executionArn, out var record))
        {
            throw new TaskFailedException(Execution.StatesErrors.TaskFailed, "Execution Does Not Exist: '" + executionArn + "'");
        }

        Task ended;
        lock (record)
        {
            if (record.Status != ExecutionStatus.Running)
            {
                return NestedState(record);
            }

            ended = record.Ended.Task;
        }

        try
        {
            await ended.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!_shutdown.IsCancellationRequested)
        {
            // The parent's task was stopped (its execution stopped or timed out, or the task timed out): so is the child.
            try
            {
                await StopExecutionAsync(new StopExecutionRequest { ExecutionArn = executionArn }, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // best effort: the parent's stop must not fail because its child could not be stopped
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            throw;
        }

        return NestedState(record);
    }

    private static NestedExecutionState NestedState(ExecutionRecord record)
    {
        lock (record)
        {
            return new NestedExecutionState(
                record.Arn,
                record.Name,
                record.Target.StateMachineArn,
                record.Input,
                WireName.Of(record.Status),
                record.Output,
                record.Error,
                record.Cause,
                record.StartDate,
                record.StopDate);
        }
    }

    /// <summary>A StartExecution refused for a parent's task, as the task's error: <c>StepFunctions.&lt;Code&gt;Exception</c> and the SDK's message.</summary>
    private static TaskFailedException NestedRefused(StepFunctionsException e)
    {
        var error = e.ErrorCode.EndsWith("Exception", StringComparison.Ordinal) ? e.ErrorCode : e.ErrorCode + "Exception";
        var cause = e.Message + " (Service: AWSStepFunctions; Status Code: " + e.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)
            + "; Error Code: " + e.ErrorCode + "; Request ID: " + Guid.NewGuid().ToString() + "; Proxy: null)";
        return new TaskFailedException("StepFunctions." + error, cause);
    }

    /// <summary>
    /// Suspends every running execution (see <see cref="LocalStepFunctions.ShutdownAsync"/>): waits for the runs to stop,
    /// for at most <see cref="StepFunctionsOptions.ShutdownTimeout"/> (real time) and until
    /// <paramref name="cancellationToken"/>; then leaves the runs still going behind (<see cref="LeaveRunsBehind"/>) and
    /// returns.
    /// </summary>
    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        await _shutdown.CancelAsync().ConfigureAwait(false);
        StopExpiryTimer();

        // Real time, not the engine's clock: a virtual clock is no longer driven once its host shuts down.
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeout = _options.ShutdownTimeout;
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            bound.CancelAfter(timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero);
        }

        try
        {
            await StoppedAsync(bound.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (bound.IsCancellationRequested)
        {
            LeaveRunsBehind();
        }

        // Waiters for an execution that shutdown left RUNNING get an error rather than waiting for good: this instance
        // will not end it (with a store, the next instance's recovery resumes it; without one, nothing can).
        var message = "The Step Functions instance was shut down (ShutdownAsync) before the execution ended: " + (_store is null
            ? "with no store, it can no longer end."
            : "it stays RUNNING in the store, and the next RecoverAsync resumes it.");
        foreach (var record in _executions.Values)
        {
            lock (record)
            {
                if (record.Status == ExecutionStatus.Running)
                {
                    record.Ended.TrySetException(new ObjectDisposedException(nameof(LocalStepFunctions), message));
                    _ = record.Ended.Task.Exception; // observed here: an execution nobody waits for is no unobserved exception
                }
            }
        }
    }

    /// <summary>Waits until every run has stopped and the store writes under way have ended.</summary>
    private async Task StoppedAsync(CancellationToken cancellationToken)
    {
        // Starts and redrives under way: each ends with its store writes, launching no run now.
        await Task.WhenAll(_starting.Keys).WaitAsync(cancellationToken).ConfigureAwait(false);

        // A run may have started another as it stopped (a nested start under way): those are waited for too.
        var awaited = new HashSet<Task>();
        Task[] running;
        while ((running = _executions.Values.Select(e => e.Run).OfType<Task>().Where(awaited.Add).ToArray()).Length > 0)
        {
            try
            {
                await Task.WhenAll(running).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A run that ended by cancellation: nothing to report.
            }
        }

        // Map Run records still being written.
        await _mapRuns.IdleAsync().WaitAsync(cancellationToken).ConfigureAwait(false);

        // Removals of expired executions from the store (their failures were observed when they ended).
        var removals = _removals.Values.ToArray();
        if (removals.Length > 0)
        {
            await Task.WhenAny(Task.WhenAll(removals)).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        // Timed-out tokens still being written (their failures were observed when they ended).
        var writes = _tokenWrites.Keys.ToArray();
        if (writes.Length > 0)
        {
            await Task.WhenAny(Task.WhenAll(writes)).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A shutdown's wait has ended with runs still going (work that ignores its cancellation: a handler that never
    /// returns, a store that never answers): they are cut off where they are. Their executions stay RUNNING, as the store
    /// holds them (the next recovery resumes them from their last commit), and nothing they do later reaches the
    /// histories, the store or the observers. A store write already under way may still end after the shutdown returned.
    /// </summary>
    private void LeaveRunsBehind()
    {
        _leftBehind = true;
        foreach (var record in _executions.Values)
        {
            if (record.Run is { IsCompleted: false })
            {
                record.Handle?.Detach();
            }
        }
    }

    /// <summary>What the engine holds of the executions it ran (for tests).</summary>
    internal KeptRecords KeptRecords() => new(
        _executions.Count,
        _mapRuns.RunCount,
        _mapRuns.ChildCount,
        _executions.Values.Count(e => e.Handle is { HoldsRun: true }),
        _store is null && _journals is InMemoryStepFunctionsStore own ? own.JournalCount : -1);

    /// <summary>Completes once the removals from the store begun so far have ended (for tests).</summary>
    internal Task RemovalsEndedAsync() => Task.WhenAll(_removals.Values.ToArray());

    /// <summary>Completes once the current run of an execution has ended (none: at once; for tests).</summary>
    internal Task RunEndedAsync(string executionArn) => _executions.TryGetValue(executionArn, out var record) ? record.Run ?? Task.CompletedTask : Task.CompletedTask;

    /// <summary>Completes once every run launched so far has ended, abandoned ones included (for tests).</summary>
    internal Task RunsEndedAsync() => Task.WhenAll(_executions.Values.Select(e => e.Run).OfType<Task>());

    /// <summary>
    /// Reads the history of an execution recovered from the store from its journal, once. A read that its expiry
    /// overtook answers ExecutionDoesNotExist (the journal it read may already have been deleted).
    /// </summary>
    private async Task LoadHistoryAsync(ExecutionRecord record, CancellationToken cancellationToken)
    {
        lock (record)
        {
            if (record.History is not null || record.Target.Type != StateMachineType.Standard || _store is null)
            {
                return;
            }
        }

        var journal = await _journals.OpenJournalAsync(record.Arn, cancellationToken).ConfigureAwait(false);
        var events = new List<Execution.HistoryEvent>();
        foreach (var committed in journal.Committed)
        {
            if (committed.Kind == JournalReplay.EventKind)
            {
                events.Add(JournalReplay.ParseEvent(committed.Data));
            }
        }

        events.Sort((a, b) => a.Id.CompareTo(b.Id));
        var history = ExecutionHistory.Create(_time, _kernel.Options.MaxHistoryEvents);
        history.Load(events);
        lock (record)
        {
            if (IsExpired(record, _time.GetUtcNow().UtcTicks))
            {
                // Its retention ended during the read, which may have come after the journal's deletion (and found it
                // empty; the store opens a journal without making one): it is answered as missing, as from that instant.
                throw new ExecutionDoesNotExistException("Execution Does Not Exist: '" + record.Arn + "'");
            }

            record.History ??= history;
        }
    }

    private static StoredExecution ToStored(ExecutionRecord record)
    {
        lock (record)
        {
            return new StoredExecution
            {
                ExecutionArn = record.Arn,
                Name = record.Name,
                StateMachineArn = record.Target.StateMachineArn,
                StateMachineVersionArn = record.Target.StateMachineVersionArn,
                StateMachineAliasArn = record.Target.StateMachineAliasArn,
                StateMachineName = record.Target.StateMachineName,
                Definition = record.Target.Definition,
                RoleArn = record.Target.RoleArn,
                Type = record.Target.Type,
                RevisionId = record.Target.RevisionId,
                Input = record.Input,
                TraceHeader = record.TraceHeader,
                StartDate = record.StartDate,
                Sequence = record.Sequence,
                Status = record.Status,
                StopDate = record.StopDate,
                Output = record.Output,
                Error = record.Error,
                Cause = record.Cause,
                RedriveCount = record.RedriveCount,
                RedriveDate = record.RedriveDate,
                TestCase = record.Target.TestCase,
            };
        }
    }

    private ExecutionRecord FromStored(StoredExecution stored)
    {
        var target = new ExecutionTarget
        {
            StateMachineArn = stored.StateMachineArn,
            StateMachineVersionArn = stored.StateMachineVersionArn,
            StateMachineAliasArn = stored.StateMachineAliasArn,
            StateMachineName = stored.StateMachineName,
            Definition = stored.Definition,
            RoleArn = stored.RoleArn,
            Type = stored.Type,
            RevisionId = stored.RevisionId,
            TestCase = stored.TestCase,
            Mocks = stored.TestCase is { } testCase ? _api.TestCaseMocks(stored.StateMachineName, testCase, resumed: true) : null,
        };
        return new ExecutionRecord(stored.ExecutionArn, stored.Name, target, stored.Input, stored.TraceHeader, stored.StartDate, stored.Sequence)
        {
            Status = stored.Status,
            StopDate = stored.StopDate,
            Output = stored.Output,
            Error = stored.Error,
            Cause = stored.Cause,
            RedriveCount = stored.RedriveCount,
            RedriveDate = stored.RedriveDate,
            StopError = stored.Status == ExecutionStatus.Aborted ? stored.Error : null,
            StopCause = stored.Status == ExecutionStatus.Aborted ? stored.Cause : null,
        };
    }

    /// <summary>
    /// Lets go of the programs compiled for <paramref name="arn"/> (every revision of a state machine, and with
    /// <paramref name="versions"/> its versions; or one version): a deleted or updated state machine's programs were kept
    /// for the life of the instance (a soak trial measured about 2.5 KB per update or deletion of a three-state machine).
    /// A run holds its own program; a later start or redrive compiles again.
    /// </summary>
    internal void ForgetPrograms(string arn, bool versions)
    {
        var revisions = arn + "|";
        var versioned = arn + ":";
        foreach (var key in _programs.Keys)
        {
            if (key.StartsWith(revisions, StringComparison.Ordinal) || (versions && key.StartsWith(versioned, StringComparison.Ordinal)))
            {
                _programs.TryRemove(key, out _);
            }
        }
    }

    /// <summary>How many compiled programs the engine keeps (for tests).</summary>
    internal int KeptPrograms => _programs.Count;

    private StateMachineProgram Compile(ExecutionTarget target)
    {
        // A version never changes; a state machine's definition changes only with a new revisionId. A definition that
        // a generated class of this process was compiled from runs compiled (CompiledStateMachines), any other interpreted.
        var key = (target.StateMachineVersionArn ?? target.StateMachineArn) + "|" + target.RevisionId;
        var lazy = _programs.GetOrAdd(key, _ => new Lazy<StateMachineProgram>(() =>
            CompiledStateMachines.TryGetProgram(target.Definition, out var compiled) ? compiled : AslInterpreter.Compile(target.Definition)));
        try
        {
            return lazy.Value;
        }
        catch (Exception e) when (e is not StepFunctionsException)
        {
            _programs.TryRemove(key, out _);
            throw new InvalidDefinitionException("Invalid State Machine Definition: '" + e.Message + "'");
        }
    }

    /// <summary>
    /// Runs (or resumes, or redrives) an execution on the kernel: its history is visible while it runs, observers hear of
    /// its start, committed events and end, and a durable record is updated when it ends. A run suspended by
    /// <see cref="ShutdownAsync"/> leaves the execution RUNNING.
    /// </summary>
    private async Task RunAsync(ExecutionRecord record, StateMachineProgram program, IExecutionJournal? journal, bool resumed, Action<Task>? caughtUp = null)
    {
        var observation = _options.Observers.Count > 0 ? Observation(record, resumed) : null; // nobody to tell: not built

        // The observers that want this execution's events (IExecutionObserver.ObservesHistory). An EXPRESS execution's
        // history has no reader unless it is kept for inspection or one of them wants it: it is not recorded then
        // (recording wrote every event's data as text, most of an execution's cost), and no event is made for them.
        var listeners = observation is null ? null : HistoryListeners(observation);
        var recorded = record.Target.Type == StateMachineType.Standard || _options.InspectExpressExecutions || listeners is not null;
        var history = recorded ? ExecutionHistory.Create(_time, _kernel.Options.MaxHistoryEvents) : null;
        Action<Execution.HistoryEvent>? announce = null;
        if (listeners is not null)
        {
            announce = e =>
            {
                var told = ToApiEvent(record, e, includeData: true); // one event for them all
                Observe(o => o.HistoryEventRecorded(observation!, told), listeners);
            };
            if (journal is null)
            {
                history!.Recorded = announce;
            }
        }

        lock (record)
        {
            // A redrive's run starts with the events of the runs before it (the kernel loads the same from the journal),
            // so a reader never sees the history shrink while the run catches up.
            if (record.History is { } earlier)
            {
                history?.Load(earlier.Events);
            }

            record.History = history;
        }

        if (observation is not null)
        {
            Observe(o => o.ExecutionStarted(observation));
        }

        var runHandle = record.Handle;
        ExecutionResult result;
        try
        {
            using var run = CancellationTokenSource.CreateLinkedTokenSource(record.Cancellation.Token, _shutdown.Token);
            using var timeLimit = record.Handle is { } handle ? ArmTimeLimit(record, program, handle, record.Cancellation) : null;
            var input = record.ParsedInput.IsUndefined ? JsonValue.Parse(record.Input) : record.ParsedInput;
            record.ParsedInput = default; // a redrive or a resumed run parses the text again; the record keeps no value of it
            result = await _kernel.RunAsync(
                program,
                input,
                new ExecutionRequest
                {
                    Name = record.Name,
                    StateMachineName = record.Target.StateMachineName,
                    Type = record.Target.Type == StateMachineType.Express ? Language.Model.ExecutionType.Express : Language.Model.ExecutionType.Standard,
                    RoleArn = record.Target.RoleArn,
                    Mocks = record.Target.Mocks,
                    Synchronous = record.Synchronous,
                    ExpressId = record.Target.Type == StateMachineType.Express ? record.Arn[(record.Arn.LastIndexOf(':') + 1)..] : null,
                    Journal = journal,
                    StartDate = record.StartDate,
                    RedriveCount = record.RedriveCount,
                    RedriveDate = record.RedriveDate,
                    SuspendToken = _shutdown.Token,
                    RecordHistory = recorded,
                    History = history,
                    Announce = journal is null ? null : announce,
                    CaughtUp = caughtUp,
                    Handle = record.Handle,
                },
                run.Token).ConfigureAwait(false);
        }
        catch (ExecutionJournalException e)
        {
            // The store failed under the run (a full disk...): the run stopped where it was, without an end. The
            // execution did not fail: it stays RUNNING, in the store as here, and the next RecoverAsync resumes it.
            Interrupted(record, observation, e.InnerException ?? e);
            return;
        }
#pragma warning disable CA1031 // an execution that crashes the kernel fails; it must not take the API down
        catch (Exception e)
#pragma warning restore CA1031
        {
            if (_shutdown.IsCancellationRequested)
            {
                return;
            }

            bool failedHere;
            lock (record)
            {
                failedHere = record.Status == ExecutionStatus.Running;
                if (failedHere)
                {
                    Complete(record, ExecutionStatus.Failed, null, "States.Runtime", e.Message, _time.GetUtcNow());
                }
            }

            if (failedHere)
            {
                await EndedAsync(record).ConfigureAwait(false);
            }

            return;
        }
        finally
        {
            // The run has returned (or thrown): nothing abandons it any more, and the record, which keeps its handle,
            // must not keep the whole run alive with it.
            runHandle?.Release();
        }

        if (result.Status == KernelStatus.Running || _leftBehind)
        {
            // Suspended by a shutdown: RUNNING in the store, resumed by the next RecoverAsync. A run the shutdown left
            // behind keeps the execution as the shutdown left it, whatever it returned since.
            return;
        }

        bool completed;
        lock (record)
        {
            record.StatesEntered = result.StatesEntered;
            completed = record.Status == ExecutionStatus.Running;
            if (completed)
            {
                var status = Map(result.Status);
                var (error, cause) = status == ExecutionStatus.Aborted ? (record.StopError, record.StopCause) : (result.Error, result.Cause);
                Complete(record, status, status == ExecutionStatus.Succeeded && !record.OutputUnread ? result.Output.ToJsonString() : null, error, cause, result.StopDate);
            }
        }

        if (completed)
        {
            await EndedAsync(record).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The execution's time limit for work that holds its run's thread (a handler that blocks and never returns: the run
    /// itself gives up on any other work at the limit, see ExecutionRun.InvokeAsync). <see cref="StopGracePeriod"/> after
    /// the limit, if the run has not ended, the execution ends TIMED_OUT through its handle, dated at the limit. Armed as
    /// the kernel arms its own deadline timers: for an explicit TimeoutSeconds, or a limit within a timer's step (so a
    /// virtual clock does not jump to a year-long maximum nobody set). Disposed when the run ends.
    /// </summary>
    private Timing.LongTimer? ArmTimeLimit(ExecutionRecord record, StateMachineProgram program, ExecutionRunHandle handle, CancellationTokenSource cancellation)
    {
        var limit = ExecutionRun.TimeLimit(_kernel.Options.MaxDuration(record.Target.Type == StateMachineType.Express), program.TimeoutSeconds);

        DateTimeOffset deadline;
        lock (record)
        {
            // As the kernel counts it: from the start, or from the last redrive.
            deadline = ExecutionRun.Later(record.RedriveDate ?? record.StartDate, limit);
        }

        // A run resumed past its limit times out at its first step by itself.
        var now = _time.GetUtcNow();
        var due = ExecutionRun.Later(deadline, StopGracePeriod) - now;
        if (deadline <= now || (program.TimeoutSeconds is null && due > Timing.LongTimer.MaxStep))
        {
            return null;
        }

        return Timing.LongTimer.StartAt(_time, ExecutionRun.Later(deadline, StopGracePeriod), () => _ = EndHeldRunAsync(record, handle, cancellation, deadline));
    }

    /// <summary>
    /// Ends an execution whose run is still held past its time limit and the grace: <c>ExecutionTimedOut</c> dated at the
    /// limit is recorded (and committed) through the run's handle, the execution completes TIMED_OUT, and the run is
    /// cancelled, so its other work stops; what the held work does when it returns is dropped. Nothing when the run
    /// decided its own end first, or the engine is shutting down (the execution then stays RUNNING, to resume).
    /// </summary>
    private async Task EndHeldRunAsync(ExecutionRecord record, ExecutionRunHandle handle, CancellationTokenSource cancellation, DateTimeOffset deadline)
    {
        if (_shutdown.IsCancellationRequested)
        {
            return;
        }

        DateTimeOffset? stopDate;
        try
        {
            stopDate = await AbandonRunAsync(record, handle, KernelStatus.TimedOut, deadline).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return; // a shutdown left the run behind meanwhile
        }

        if (stopDate is not { } stopped)
        {
            return;
        }

        bool completed;
        lock (record)
        {
            completed = record.Status == ExecutionStatus.Running && ReferenceEquals(record.Handle, handle);
            if (completed)
            {
                Complete(record, ExecutionStatus.TimedOut, null, null, null, stopped);
            }
        }

        await cancellation.CancelAsync().ConfigureAwait(false);
        if (completed)
        {
            await EndedAsync(record).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Ends the run of <paramref name="record"/> now through its handle (<see cref="ExecutionRunHandle.AbandonAsync"/>): the
    /// stop date, or null when the run decided its own end first, or when its terminal event could not be committed (the
    /// execution is then interrupted: the store still holds it RUNNING).
    /// </summary>
    private async Task<DateTimeOffset?> AbandonRunAsync(ExecutionRecord record, ExecutionRunHandle handle, KernelStatus status, DateTimeOffset? at)
    {
        try
        {
            return await handle.AbandonAsync(status, at).ConfigureAwait(false);
        }
        catch (ExecutionJournalException e)
        {
            Interrupted(record, Observation(record, resumed: false), e.InnerException ?? e);
            return null;
        }
    }

    /// <summary>
    /// The run of <paramref name="record"/> stopped because the store failed: the execution stays RUNNING (the store holds
    /// it so), is no longer run here, and observers hear of it. Nothing when the engine is shutting down (the run was
    /// being suspended anyway).
    /// </summary>
    private void Interrupted(ExecutionRecord record, ExecutionObservation? observation, Exception failure)
    {
        if (_shutdown.IsCancellationRequested)
        {
            return;
        }

        lock (record)
        {
            record.Interruption = failure;
        }

        if (observation is not null)
        {
            Observe(o => o.ExecutionInterrupted(observation, failure));
        }
    }

    /// <summary>
    /// The refusal of an action that would end an execution whose run the store's failure stopped: its end cannot be
    /// recorded (ServiceUnavailable, HTTP 503); it stays RUNNING and resumes when the engine recovers the store again.
    /// </summary>
    private static StepFunctionsException StoreUnavailable(Exception failure) => new(
        "ServiceUnavailable",
        "The execution's store could not be written (" + failure.Message + "); the execution stays RUNNING and resumes from its last commit when the store is recovered again.",
        503);

    /// <summary>After an execution ended: its durable record, then the observers.</summary>
    private async Task EndedAsync(ExecutionRecord record)
    {
        TaskCompletionSource? written;
        lock (record)
        {
            written = record.EndWrite;
        }

        try
        {
            if (_store is not null && record.Target.Type == StateMachineType.Standard && !_shutdown.IsCancellationRequested)
            {
                await _store.UpdateExecutionAsync(ToStored(record), CancellationToken.None).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // the journal holds the end; a failed update is repaired by the next recovery's replay
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        finally
        {
            written?.TrySetResult();
        }

        ExecutionStatus status;
        DateTimeOffset stopDate;
        long statesEntered;
        lock (record)
        {
            status = record.Status;
            stopDate = record.StopDate ?? _time.GetUtcNow();
            statesEntered = Math.Max(record.StatesEntered, record.Handle?.StatesEntered ?? 0); // a stopped run may still run
        }

        if (_options.Observers.Count > 0)
        {
            var observation = Observation(record, resumed: false) with { StatesEntered = statesEntered };
            Observe(o => o.ExecutionCompleted(observation, status, stopDate));
        }

        Forget(record);
        if (_store is null && status == ExecutionStatus.Succeeded && _journals is InMemoryStepFunctionsStore own)
        {
            // Without a store the journal serves only RedriveExecution, which a SUCCEEDED execution refuses; the history
            // that GetExecutionHistory reads is the record's. Keeping it doubled the memory of every execution ever run.
            own.DropJournal(record.Arn);
        }
    }

    /// <summary>Lists a STANDARD execution under its state machine, and its version and alias if it started on one.</summary>
    private void List(ExecutionRecord record)
    {
        if (record.Target.Type == StateMachineType.Standard && !record.Synchronous)
        {
            _listed.Add(record, record.Target.StateMachineArn, record.Target.StateMachineVersionArn, record.Target.StateMachineAliasArn);
        }
    }

    private void Unlist(ExecutionRecord record)
    {
        if (record.Target.Type == StateMachineType.Standard && !record.Synchronous)
        {
            _listed.Remove(record, record.Target.StateMachineArn, record.Target.StateMachineVersionArn, record.Target.StateMachineAliasArn);
        }
    }

    /// <summary>When an execution that stopped at <paramref name="stopDate"/> expires, in UTC ticks (long.MaxValue: never).</summary>
    private long ExpiresAt(DateTimeOffset stopDate) =>
        _retention == Timeout.InfiniteTimeSpan || _retention.Ticks > DateTimeOffset.MaxValue.UtcTicks - stopDate.UtcTicks
            ? long.MaxValue
            : stopDate.UtcTicks + _retention.Ticks;

    /// <summary>
    /// Whether an execution's retention has ended at <paramref name="now"/> (UTC ticks): every action answers as if it
    /// did not exist from that instant, whether or not a sweep has removed it yet.
    /// </summary>
    private static bool IsExpired(ExecutionRecord record, long now) => record.Expired || record.ExpiresAt <= now;

    /// <summary>
    /// Sets when an execution that has just ended (under its lock) expires and queues it for its removal then: a STANDARD
    /// one, and an EXPRESS one (asynchronous or synchronous) that <see cref="StepFunctionsOptions.InspectExpressExecutions"/>
    /// keeps, which would otherwise stay for the life of the instance (any other EXPRESS one is dropped at its end,
    /// <see cref="Forget"/>); nothing without a retention. A redriven execution is queued again when it ends again; the
    /// sweep skips the entries of its earlier ends.
    /// </summary>
    private void Closed(ExecutionRecord record, DateTimeOffset stopDate)
    {
        if (_retention == Timeout.InfiniteTimeSpan || (record.Target.Type == StateMachineType.Express && !_options.InspectExpressExecutions))
        {
            return;
        }

        var expires = ExpiresAt(stopDate);
        record.ExpiresAt = expires;
        lock (_expiryLock)
        {
            _closed.Enqueue(record, stopDate);
            if (expires < Volatile.Read(ref _nextExpiry))
            {
                Volatile.Write(ref _nextExpiry, expires);
            }

            if (expires < _timerDue)
            {
                ArmExpiryTimer(expires);
            }
        }
    }

    /// <summary>
    /// Sets the expiry timer to fire at <paramref name="due"/> (UTC ticks), or in 30 days when that is later (a longer
    /// delay than a timer takes; it then sets itself again). Under <see cref="_expiryLock"/>. Not after a shutdown.
    /// </summary>
    private void ArmExpiryTimer(long due)
    {
        if (due == long.MaxValue || _shutdown.IsCancellationRequested)
        {
            return;
        }

        var now = _time.GetUtcNow().UtcTicks;
        var delay = Math.Clamp(due - now, 0, MaxExpiryTimerDelay.Ticks);
        if (_expiryTimer is null)
        {
            // On the virtual clock a background timer: it fires as time passes it, but a run waiting on that clock never
            // jumps ahead to it (VirtualClock.RunAsync moves time only to the timers of work in progress).
            TimerCallback fired = static state =>
            {
                if (((WeakReference<KernelExecutionEngine>)state!).TryGetTarget(out var engine))
                {
                    engine.ExpiryTimerFired();
                }
            };
            var state = new WeakReference<KernelExecutionEngine>(this);
            _expiryTimer = _time is Timing.VirtualTimeProvider virtualTime
                ? virtualTime.CreateBackgroundTimer(fired, state)
                : _time.CreateTimer(fired, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        _timerDue = now + delay;
        _expiryTimer.Change(TimeSpan.FromTicks(delay), Timeout.InfiniteTimeSpan);
    }

    /// <summary>The expiry timer's turn: the sweep an action would make, then the timer set for the next expiry.</summary>
    private void ExpiryTimerFired()
    {
        lock (_expiryLock)
        {
            _timerDue = long.MaxValue;
        }

        try
        {
            SweepIfDue();
        }
#pragma warning disable CA1031 // a timer's callback must not throw (it would end the process); the next action sweeps again
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        lock (_expiryLock)
        {
            var next = Volatile.Read(ref _nextExpiry);
            if (next < _timerDue)
            {
                ArmExpiryTimer(next);
            }
        }
    }

    /// <summary>Stops the expiry timer for good (a shutdown: the instance sweeps only when called from then on).</summary>
    private void StopExpiryTimer()
    {
        lock (_expiryLock)
        {
            _expiryTimer?.Dispose();
            _expiryTimer = null;
            _timerDue = long.MinValue; // never armed again (ArmExpiryTimer also checks the shutdown)
        }
    }

    /// <summary>
    /// Removes the executions whose retention has ended, if the oldest ended one has expired: called by every action that
    /// reads or starts executions, it costs a clock read and a comparison until then, and each ended execution is queued
    /// and removed once (O(log n)), so the work is amortized over the executions that ended. (Until removed, an expired
    /// execution is already answered as missing: <see cref="IsExpired"/>.)
    /// </summary>
    private void SweepIfDue()
    {
        var now = _time.GetUtcNow().UtcTicks;
        if (now < Volatile.Read(ref _nextExpiry))
        {
            return;
        }

        List<ExecutionRecord> due = [];
        lock (_expiryLock)
        {
            while (_closed.TryPeek(out var record, out var queuedStop) && ExpiresAt(queuedStop) <= now)
            {
                _closed.Dequeue();
                due.Add(record);
            }

            Volatile.Write(ref _nextExpiry, _closed.TryPeek(out _, out var next) ? ExpiresAt(next) : long.MaxValue);
        }

        foreach (var record in due)
        {
            lock (_startLock)
            {
                Expire(record, now);
            }
        }
    }

    /// <summary>
    /// Removes <paramref name="record"/> if its retention has ended at <paramref name="now"/> and nobody removed it yet
    /// (a RUNNING execution, a redriven one included, never has; one that ended again since has a later expiry): from
    /// memory — the record, its listing, its Map Runs and their children, its journal when the engine keeps it — and,
    /// for a STANDARD one, registered before the record goes, from the store. Called under the start lock, so a start
    /// under the same ARN either finds the record or finds its removal (and waits for it). True when it was removed here.
    /// </summary>
    private bool Expire(ExecutionRecord record, long now)
    {
        Task? endWrite;
        lock (record)
        {
            if (record.Expired || record.ExpiresAt > now)
            {
                return false;
            }

            record.Expired = true;
            UncountRunning(record); // nothing: only an ended execution expires
            endWrite = record.EndWrite?.Task;
        }

        var writes = new List<Task>();
        _mapRuns.Forget(record.Arn, writes);
        if (record.Target.Type == StateMachineType.Express)
        {
            // Kept for inspection, in memory only: an Express execution and its Map Runs never touch the store.
        }
        else if (_store is not null)
        {
            var removal = RemoveStoredAsync(record.Arn, endWrite, writes);
            _removals[record.Arn] = removal;
            _ = removal.ContinueWith(
                (done, state) => _removals.TryRemove(new KeyValuePair<string, Task>((string)state!, done)),
                record.Arn,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
        else if (_journals is InMemoryStepFunctionsStore own)
        {
            own.DropJournal(record.Arn);
        }

        _executions.TryRemove(new KeyValuePair<string, ExecutionRecord>(record.Arn, record));
        Unlist(record);
        return true;
    }

    /// <summary>
    /// Deletes an expired execution from the store once the writes still in flight for it have ended — its end's record,
    /// its Map Runs' and children's rows — since one landing after the delete would bring a row back. A failed delete
    /// leaves the rows, which the next recovery finds expired and deletes.
    /// </summary>
    private async Task RemoveStoredAsync(string executionArn, Task? endWrite, List<Task> writes)
    {
        await Task.Yield();
        if (endWrite is not null)
        {
            writes.Add(endWrite);
        }

        try
        {
            await Task.WhenAll(writes).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // a failed write is nothing to keep now: its rows are deleted next
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        try
        {
            await _store!.DeleteExecutionAsync(executionArn, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // the next recovery deletes what this could not
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>
    /// Drops an ended EXPRESS execution, and the Map Runs it started, unless <see cref="StepFunctionsOptions.InspectExpressExecutions"/>
    /// keeps them: no action can read it any more (AWS refuses an Express ARN in DescribeExecution, GetExecutionHistory
    /// and StopExecution, and lists only Standard executions), so keeping it would only grow the process by every
    /// execution it ever ran. StartSyncExecution answers from the record it holds. A Standard execution stays for its
    /// retention (<see cref="Closed"/>; AWS keeps a closed one for 90 days).
    /// </summary>
    private void Forget(ExecutionRecord record)
    {
        if (record.Target.Type == StateMachineType.Express && !_options.InspectExpressExecutions)
        {
            _executions.TryRemove(new KeyValuePair<string, ExecutionRecord>(record.Arn, record));
            _mapRuns.Forget(record.Arn);
        }
    }

    private ExecutionObservation Observation(ExecutionRecord record, bool resumed)
    {
        LoggingConfiguration? logging = null;
        TracingConfiguration? tracing = null;
        if (_api.CurrentState.StateMachines.TryGetValue(record.Target.StateMachineArn, out var machine))
        {
            (logging, tracing) = (machine.Logging, machine.Tracing);
            if (record.Target.StateMachineVersionArn is { } versionArn
                && StepFunctionsArn.TryParse(versionArn, out var parsed, out _)
                && parsed.Version is { } number
                && machine.Versions.TryGetValue(number, out var version))
            {
                (logging, tracing) = (version.Logging, version.Tracing);
            }
        }

        return new ExecutionObservation
        {
            ExecutionArn = record.Arn,
            StateMachineArn = record.Target.StateMachineArn,
            Name = record.Name,
            Type = record.Target.Type,
            StartDate = record.StartDate,
            Logging = logging,
            Tracing = tracing,
            TraceHeader = record.TraceHeader,
            Resumed = resumed,
        };
    }

    /// <summary>The observers that want <paramref name="observation"/>'s history events, or null for none (one that fails to say wants them).</summary>
    private IExecutionObserver[]? HistoryListeners(ExecutionObservation observation)
    {
        List<IExecutionObserver>? listeners = null;
        foreach (var observer in _options.Observers)
        {
            bool wants;
            try
            {
                wants = observer.ObservesHistory(observation);
            }
#pragma warning disable CA1031 // an observer never fails an execution (IExecutionObserver's contract)
            catch (Exception)
#pragma warning restore CA1031
            {
                wants = true;
            }

            if (wants)
            {
                (listeners ??= []).Add(observer);
            }
        }

        return listeners?.ToArray();
    }

    private void Observe(Action<IExecutionObserver> call, IReadOnlyList<IExecutionObserver>? observers = null)
    {
        if (_leftBehind)
        {
            return; // after a shutdown that left runs behind, nothing of theirs is heard
        }

        foreach (var observer in observers ?? _options.Observers)
        {
            try
            {
                call(observer);
            }
#pragma warning disable CA1031 // an observer never fails an execution (IExecutionObserver's contract)
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    private void Complete(ExecutionRecord record, ExecutionStatus status, string? output, string? error, string? cause, DateTimeOffset stopDate)
    {
        record.Status = status;
        record.Output = output;
        record.Error = error;
        record.Cause = cause;
        record.StopDate = stopDate;
        record.Ended.TrySetResult(stopDate);
        if (_store is not null && record.Target.Type == StateMachineType.Standard)
        {
            // Completed by EndedAsync, which follows every Complete: the removal of the execution waits for its end's write.
            record.EndWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        Closed(record, stopDate);
        UncountRunning(record);
        EndDeletionIfIdle(record.Target.StateMachineArn);
    }

    /// <summary>
    /// Counts <paramref name="record"/> running (<see cref="HasRunningExecutions"/>) if it is RUNNING and not counted yet:
    /// when it is registered, recovered or redriven. Under the record's lock, or before anyone else can see it.
    /// </summary>
    private void CountRunning(ExecutionRecord record)
    {
        if (!record.CountedRunning && record.Status == ExecutionStatus.Running)
        {
            record.CountedRunning = true;
            _running.Increment(record.Target.StateMachineArn);
        }
    }

    /// <summary>Uncounts <paramref name="record"/> if it was counted running: when it ends or is dropped. Under the record's lock.</summary>
    private void UncountRunning(ExecutionRecord record)
    {
        if (record.CountedRunning)
        {
            record.CountedRunning = false;
            _running.Decrement(record.Target.StateMachineArn);
        }
    }

    /// <summary>
    /// A start that registered <paramref name="record"/> gave it up before its run (the state machine was deleted meanwhile,
    /// or the store refused it): it no longer counts as running, and a deletion that saw it counted, and so left its state
    /// machine DELETING, ends now if nothing else runs (nothing else would end it: the execution never ends).
    /// </summary>
    private void Dropped(ExecutionRecord record)
    {
        lock (record)
        {
            UncountRunning(record);
        }

        EndDeletionIfIdle(record.Target.StateMachineArn);
    }

    /// <summary>
    /// After a count of running executions was given back (an execution ended, or a start or redrive gave its count
    /// back): a deletion of the state machine that saw the count left it DELETING, and ends now if nothing else runs.
    /// </summary>
    private void EndDeletionIfIdle(string stateMachineArn)
    {
        // Uncounted, then the state machine: a deletion writes DELETING, then reads the count (see HasRunningExecutions).
        Interlocked.MemoryBarrier();
        if (_api.CurrentState.StateMachines.TryGetValue(stateMachineArn, out var machine) && machine.Status == StateMachineStatus.Deleting)
        {
            _api.CompleteDeletionIfIdle(machine.Arn);
        }
    }

    private ExecutionRecord Find(string executionArn, bool allowExpress)
    {
        SweepIfDue();
        if (!_executions.TryGetValue(executionArn, out var record) || IsExpired(record, _time.GetUtcNow().UtcTicks))
        {
            // An execution ARN naming an EXPRESS state machine can only mean an express execution (as AWS answers), which
            // is refused; when they are kept for inspection, one that is not kept (never was, or expired) does not exist.
            if (!_options.InspectExpressExecutions
                && StepFunctionsArn.TryParse(executionArn, out var parsed, out _)
                && parsed.StateMachineArn is { } machineArn
                && _api.CurrentState.StateMachines.TryGetValue(machineArn, out var machine)
                && machine.Type == StateMachineType.Express)
            {
                throw ExpressRefused();
            }

            throw new ExecutionDoesNotExistException("Execution Does Not Exist: '" + executionArn + "'");
        }

        if (!allowExpress && record.Target.Type == StateMachineType.Express && !_options.InspectExpressExecutions)
        {
            throw ExpressRefused();
        }

        return record;
    }

    private static InvalidArnException ExpressRefused() =>
        new(StepFunctionsArn.InvalidArnMessage("Resource type not valid in this context: express"));

    /// <summary>The kernel's events of the execution's current history (a snapshot; none before a run records its start).</summary>
    private static IReadOnlyList<Execution.HistoryEvent> KernelEvents(ExecutionRecord record)
    {
        ExecutionHistory? history;
        lock (record)
        {
            history = record.History;
        }

        return history?.Events ?? [];
    }

    /// <summary>
    /// The one event known before a run records any (a run's history is empty until the kernel records its start, and a
    /// child workflow recorded without history has none).
    /// </summary>
    internal static HistoryEvent StartedEvent(DateTimeOffset startDate, string? input, string roleArn, string? aliasArn, string? versionArn) => new()
    {
        Id = 1,
        PreviousEventId = 0,
        Timestamp = startDate,
        Type = HistoryEventType.ExecutionStarted,
        ExecutionStartedEventDetails = new ExecutionStartedEventDetails
        {
            Input = input,
            InputDetails = new HistoryEventExecutionDataDetails { Truncated = false },
            RoleArn = roleArn,
            StateMachineAliasArn = aliasArn,
            StateMachineVersionArn = versionArn,
        },
    };

    /// <summary>A kernel history event as the API shows it (the execution's role, version and alias).</summary>
    private static HistoryEvent ToApiEvent(ExecutionRecord record, Execution.HistoryEvent kernelEvent, bool includeData)
    {
        var evt = ApiHistoryEvents.From(kernelEvent, includeData);
        if (evt.ExecutionStartedEventDetails is { } started)
        {
            return evt with
            {
                ExecutionStartedEventDetails = started with
                {
                    RoleArn = record.Target.RoleArn,
                    StateMachineAliasArn = record.Target.StateMachineAliasArn ?? started.StateMachineAliasArn,
                    StateMachineVersionArn = record.Target.StateMachineVersionArn ?? started.StateMachineVersionArn,
                },
            };
        }

        return evt;
    }

    private static ExecutionListItem ListItem(ExecutionRecord record)
    {
        lock (record)
        {
            return new ExecutionListItem
            {
                ExecutionArn = record.Arn,
                Name = record.Name,
                StateMachineArn = record.Target.StateMachineArn,
                StateMachineVersionArn = record.Target.StateMachineVersionArn,
                StateMachineAliasArn = record.Target.StateMachineAliasArn,
                Status = record.Status,
                StartDate = record.StartDate,
                StopDate = record.StopDate,
                RedriveCount = record.RedriveCount,
                RedriveDate = record.RedriveDate,
            };
        }
    }

    private ExecutionRedriveStatus RedriveStatus(ExecutionRecord record) =>
        RedriveReason(record) is null ? ExecutionRedriveStatus.Redrivable : ExecutionRedriveStatus.NotRedrivable;

    /// <summary>The redrive status reason of an execution whose state machine has been deleted.</summary>
    internal const string DeletedMachineReason = "State machine has been deleted.";

    /// <summary>Why an execution cannot be redriven now (the reference's reasons), or null when it can. Call under the record's lock.</summary>
    private string? RedriveReason(ExecutionRecord record)
    {
        switch (record.Status)
        {
            case ExecutionStatus.Running:
                return RunningReason;
            case ExecutionStatus.Succeeded:
                return SucceededReason;
        }

        var now = _time.GetUtcNow();
        if (!_api.CurrentState.StateMachines.TryGetValue(record.Target.StateMachineArn, out var machine) || machine.CreationDate > record.StartDate)
        {
            // Deleted (or deleted and made again under the same name: not the machine this execution ran). The reference
            // lists no reason for it; this one says what happened.
            return DeletedMachineReason;
        }

        if (machine.Status == StateMachineStatus.Deleting)
        {
            return "State machine is in DELETING status.";
        }

        if (record.StopDate is { } stopped && now - stopped > RedrivablePeriod)
        {
            return "Execution redrivable period exceeded.";
        }

        if (now - record.StartDate > _kernel.Options.MaxStandardDuration)
        {
            return "Execution has exceeded the max execution time.";
        }

        if (record.History is { } history && history.Count >= MaxEventsToRedrive)
        {
            return "Execution history event limit exceeded.";
        }

        return null;
    }

    /// <summary>The API's status of a kernel status.</summary>
    internal static ExecutionStatus Map(KernelStatus status) => status switch
    {
        KernelStatus.Running => ExecutionStatus.Running,
        KernelStatus.Succeeded => ExecutionStatus.Succeeded,
        KernelStatus.Failed => ExecutionStatus.Failed,
        KernelStatus.TimedOut => ExecutionStatus.TimedOut,
        _ => ExecutionStatus.Aborted,
    };

    private static int PageSize(int? maxResults) => maxResults is null or 0 ? DefaultPageSize : maxResults.Value;

    /// <summary>Tokens the kernel hands out are 24 random bytes in base64url; anything else is not a token at all.</summary>
    private static void CheckToken(string token)
    {
        var valid = token.Length == 32 && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
        if (!valid)
        {
            throw new InvalidTokenException("Invalid Token: 'Invalid token'");
        }
    }

    /// <summary>
    /// A token nobody waits for: TaskTimedOut when its task has closed — timed out, answered, or ended with its
    /// execution — as the reference says ("the task token has either expired or the task associated with the token has
    /// already been closed"; this kernel remembers the recent ones, the store the timed-out ones across restarts);
    /// TaskDoesNotExist for a token no task here had.
    /// </summary>
    private async ValueTask<StepFunctionsException> TaskMissingAsync(string token, CancellationToken cancellationToken) =>
        _kernel.IsTaskClosed(token) || (_store is not null && await _store.IsTaskTokenTimedOutAsync(token, cancellationToken).ConfigureAwait(false))
            ? new TaskTimedOutException("Task Timed Out: 'Provided task does not exist anymore'")
            : new TaskDoesNotExistException("Task Does Not Exist: no task is waiting for a callback with this token.");

    /// <summary>
    /// Stores the token of a journaled task that timed out. The write is queued before the run commits the timeout, so
    /// it is durable no later than that commit; <see cref="ShutdownAsync"/> waits for writes still in flight.
    /// </summary>
    private void RememberTimedOut(string token)
    {
        if (_leftBehind)
        {
            return; // a run the shutdown left behind commits nothing more: nor is its token written
        }

        var now = _time.GetUtcNow();
        Task write;
        try
        {
            write = _store!.AddTimedOutTaskTokenAsync(token, now, now - TimedOutTokenRetention, CancellationToken.None).AsTask();
        }
#pragma warning disable CA1031 // a store that refuses the write (disposed, full) only loses the TaskTimedOut answer after a restart
        catch (Exception)
#pragma warning restore CA1031
        {
            return;
        }

        if (write.IsCompleted)
        {
            _ = write.Exception;
            return;
        }

        _tokenWrites.TryAdd(write, 0);
        _ = write.ContinueWith(
            static (done, state) =>
            {
                _ = done.Exception;
                ((ConcurrentDictionary<Task, byte>)state!).TryRemove(done, out _);
            },
            _tokenWrites,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>One execution as the API shows it; mutable fields change under the record's lock.</summary>
    private sealed class ExecutionRecord(string arn, string name, ExecutionTarget target, string input, string? traceHeader, DateTimeOffset startDate, long sequence)
    {
        public string Arn { get; } = arn;

        public string Name { get; } = name;

        public ExecutionTarget Target { get; } = target;

        public string Input { get; } = input;

        /// <summary>
        /// <see cref="Input"/> as the start's check parsed it, until the run takes it (then undefined, so the record holds
        /// only the text); undefined when the run must parse the text.
        /// </summary>
        public JsonValue ParsedInput { get; set; }

        public string? TraceHeader { get; } = traceHeader;

        public DateTimeOffset StartDate { get; } = startDate;

        public long Sequence { get; } = sequence;

        public bool Synchronous { get; init; }

        /// <summary>
        /// Nothing will read the output's text: a StartSyncExecution with <c>includedData: METADATA_ONLY</c> of an
        /// execution that is not kept for inspection. It is then not written.
        /// </summary>
        public bool OutputUnread { get; init; }

        public CancellationTokenSource Cancellation { get; set; } = new();

        public int RedriveCount { get; set; }

        public DateTimeOffset? RedriveDate { get; set; }

        /// <summary>The client tokens of successful redrives, with when they were first used (the reference keeps the last 10 for 15 minutes).</summary>
        public List<(string Token, DateTimeOffset Used, DateTimeOffset RedriveDate)> RedriveTokens { get; } = [];

        public Task? Run { get; set; }

        /// <summary>The engine's hold on the current run (set with <see cref="Run"/>): ends it when its work ignores a stop.</summary>
        public ExecutionRunHandle? Handle { get; set; }

        /// <summary>The store's error that stopped the current run without an end (the execution stays RUNNING), or null.</summary>
        public Exception? Interruption { get; set; }

        /// <summary>Completed with the stop date when the execution ends (a new one for each redrive): what a <c>.sync</c> parent waits for.</summary>
        public TaskCompletionSource<DateTimeOffset> Ended { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ExecutionStatus Status { get; set; } = ExecutionStatus.Running;

        public DateTimeOffset? StopDate { get; set; }

        public string? Output { get; set; }

        public string? Error { get; set; }

        public string? Cause { get; set; }

        public ExecutionHistory? History { get; set; }

        public bool StopRequested { get; set; }

        /// <summary>Whether it is counted among its state machine's running executions (changed under the record's lock).</summary>
        public bool CountedRunning { get; set; }

        private volatile bool _expired;
        private long _expiresAt = long.MaxValue;

        /// <summary>When its retention ends, in UTC ticks (long.MaxValue while it runs, or with no retention).</summary>
        public long ExpiresAt
        {
            get => Volatile.Read(ref _expiresAt);
            set => Volatile.Write(ref _expiresAt, value);
        }

        /// <summary>The store write of its last end (EndedAsync), pending between its Complete and that write.</summary>
        public TaskCompletionSource? EndWrite { get; set; }

        /// <summary>Set (under the record's lock, once) when its retention has passed and it is being removed.</summary>
        public bool Expired
        {
            get => _expired;
            set => _expired = value;
        }

        public string? StopError { get; set; }

        public string? StopCause { get; set; }

        /// <summary>The states its last run entered, set as that run returns (while it runs, <see cref="Handle"/> counts them).</summary>
        public long StatesEntered { get; set; }
    }
}
