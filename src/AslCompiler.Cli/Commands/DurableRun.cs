using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;
using AslCompiler.Server.Timing;
using AslCompiler.Sqlite;
using ExecutionStatus = AslCompiler.Runtime.Api.ExecutionStatus;

namespace AslCompiler.Cli.Commands;

/// <summary>
/// <c>asl run FILE --store PATH [--name NAME]</c>: a Standard execution through <see cref="LocalStepFunctions"/> over a
/// <see cref="SqliteStepFunctionsStore"/>. The store's RUNNING executions are recovered first; when the named execution
/// exists it is awaited (resumed, if it was running) or its stored result printed, otherwise it is started. Ctrl-C
/// leaves it RUNNING in the store (exit 130), so the same command resumes it.
/// </summary>
internal static class DurableRun
{
    /// <summary>Exit code after Ctrl-C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;


    /// <summary>What AWS takes as a state machine or execution name.</summary>
    internal const string NameRule = "1 to 80 characters, without white space, brackets, wildcards, control characters or any of \" # % \\ ^ | ~ ` $ & , ; : /.";

    private static readonly JsonSerializerOptions EventJson = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static int Execute(RunCommand.RunArguments args, string definition, JsonValue input, MockTestCase? mocks, IHttpConnectionProvider? connections, TextWriter output, TextWriter error, S3Folder? s3 = null, TaskHandlerRegistry? handlers = null) =>
        Execute(args, definition, input, mocks, connections, output, error, null, CancellationToken.None, s3, handlers);

    /// <summary>
    /// As above; <paramref name="openStore"/> opens the store in place of <see cref="SqliteStepFunctionsStore.Open"/>
    /// (given the path and the options the command would use), and <paramref name="interrupted"/> ends the run as Ctrl-C
    /// does (for tests); <paramref name="s3"/> is the <c>--s3</c> folder, if any, and <paramref name="handlers"/> the task
    /// handlers of the endpoint options.
    /// </summary>
    internal static int Execute(
        RunCommand.RunArguments args,
        string definition,
        JsonValue input,
        MockTestCase? mocks,
        IHttpConnectionProvider? connections,
        TextWriter output,
        TextWriter error,
        Func<string, SqliteStoreOptions, SqliteStepFunctionsStore>? openStore,
        CancellationToken interrupted,
        S3Folder? s3 = null,
        TaskHandlerRegistry? handlers = null)
    {
        // The API names the state machine after the file and the execution after --name, and refuses names AWS refuses
        // (an ARN built from one would otherwise be refused as an ARN, naming neither).
        var machineName = RunCommand.StateMachineName(args.File);
        if (!StepFunctionsNames.IsValid(machineName))
        {
            error.WriteLine("asl: --store names the state machine after the file, and '" + machineName + "' (from " + args.File + ") is not a valid state machine name: " + NameRule + " Rename the file.");
            return AslCommandLine.UsageError;
        }

        if (args.Name is not null && !StepFunctionsNames.IsValid(args.Name))
        {
            error.WriteLine("asl: --name '" + args.Name + "' is not a valid execution name: " + NameRule);
            return AslCommandLine.UsageError;
        }

        // A resumed run goes on from its store's clock when that is ahead of the wall clock (a virtual clock carried it
        // there through Waits), so nothing it records next is dated before what it recorded before.
        var now = DateTimeOffset.UtcNow;
        var ahead = StoreClock.Ahead(args.Store!, now);
        var clock = args.RealTime ? null : new VirtualTimeProvider(ahead ?? now);
        TimeProvider time = clock ?? (ahead is null ? TimeProvider.System : new ScaledTimeProvider(1, null, ahead));
        SqliteStepFunctionsStore store;
        try
        {
            store = (openStore ?? SqliteStepFunctionsStore.Open)(args.Store!, new SqliteStoreOptions { TimeProvider = time });
        }
        catch (SqliteStoreException e)
        {
            error.WriteLine("asl: " + e.Message);
            return AslCommandLine.Failure;
        }

        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(interrupted);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            interrupt.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var ended = new ExecutionEndWaiter();
            var sfn = new LocalStepFunctions(new StepFunctionsOptions
            {
                AccountId = args.AccountId ?? new StepFunctionsOptions().AccountId, // checked by RunCommand
                Region = args.Region ?? new StepFunctionsOptions().Region,
                Store = store,
                Observers = [ended],
                TimeProvider = time,

                // The store is the user's: a virtual clock that Waits carry months ahead must not expire what it holds.
                StandardExecutionRetention = System.Threading.Timeout.InfiniteTimeSpan,
                Execution = new ExecutionOptions
                {
                    TaskHandlers = handlers ?? new TaskHandlerRegistry(),
                    Mocks = mocks,
                    HttpConnections = connections,
                    ItemReader = s3?.ItemReader,
                    ResultWriter = s3?.ResultWriter ?? new InMemoryMapResultWriter(),
                },
            });
            var work = RunAsync(sfn, store, ended, args, definition, input, error, interrupt.Token);
            DescribeExecutionResponse? result;
            try
            {
                result = clock is null
                    ? work.GetAwaiter().GetResult()
                    : VirtualClock.RunAsync(clock, work, TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
            }
            catch (TimeoutException e)
            {
                error.WriteLine("asl: " + e.Message);
                return AslCommandLine.Failure;
            }
            catch (StepFunctionsException e)
            {
                error.WriteLine("asl: " + e.ErrorCode + ": " + ServiceErrorText.Shorten(e.Message));
                return AslCommandLine.Failure;
            }
            catch (SqliteStoreException e)
            {
                // The file failed after it opened: a corrupt page or row, a full disk...
                error.WriteLine("asl: " + e.Message);
                return AslCommandLine.Failure;
            }
            finally
            {
                // Whatever is still running stays RUNNING in the store, to resume next time.
                sfn.ShutdownAsync(CancellationToken.None).GetAwaiter().GetResult();
            }

            if (result is null)
            {
                return Interrupted;
            }

            var history = HistoryAsync(sfn, result.ExecutionArn).GetAwaiter().GetResult();
            RunCommand.WarnOfUnansweredTasks(DetailCauses(history), result.Cause, error);
            return RunCommand.WriteResult(
                output,
                result.Status == ExecutionStatus.Succeeded,
                WireName.Of(result.Status),
                result.Output is null ? default : JsonValue.Parse(result.Output),
                result.Error,
                result.Cause,
                args.History ? history : default);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    // Null when interrupted before the execution ended (after saying so).
    private static async Task<DescribeExecutionResponse?> RunAsync(LocalStepFunctions sfn, SqliteStepFunctionsStore store, ExecutionEndWaiter ended, RunCommand.RunArguments args, string definition, JsonValue input, TextWriter error, CancellationToken interrupt)
    {
        var name = args.Name ?? Guid.NewGuid().ToString("D");
        string executionArn;
        try
        {
            executionArn = await StartOrFindAsync(sfn, store, args, name, definition, input, error, interrupt).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            // Ctrl-C while the store was recovering or before the execution was found or started.
            error.WriteLine("asl: interrupted before execution " + name + " was started or resumed; run the same command (same --store and --name) to run it.");
            return null;
        }

        // Wait for the end the kernel reports (registered before the status check, so an end in between is not missed).
        var end = ended.WaitFor(executionArn);
        var described = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = executionArn }, CancellationToken.None).ConfigureAwait(false);
        if (described.Status == ExecutionStatus.Running)
        {
            Exception? storeFailure;
            try
            {
                storeFailure = await end.WaitAsync(interrupt).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                error.WriteLine("asl: interrupted; the execution stays RUNNING in " + store.Path + ": run the same command (same --store and --name) to resume it.");
                return null;
            }

            if (storeFailure is not null)
            {
                // The store could not be written (a full disk...): the execution did not end, and the store holds it RUNNING.
                throw StoreFailed(store, name, storeFailure);
            }

            described = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = executionArn }, CancellationToken.None).ConfigureAwait(false);
        }

        return described;
    }

    /// <summary>
    /// The store error that stopped the run of execution <paramref name="name"/>: one line naming the file and the cause,
    /// and saying that the execution stays RUNNING, to be resumed by the same command.
    /// </summary>
    private static SqliteStoreException StoreFailed(SqliteStepFunctionsStore store, string name, Exception failure)
    {
        var cause = failure is SqliteStoreException ? failure.Message : "SQLite store '" + store.Path + "' failed: " + failure.Message;
        return new SqliteStoreException(
            cause.TrimEnd().TrimEnd('.') + "; execution " + name + " stays RUNNING in the store: run the same command (same --store and --name) to resume it.",
            failure);
    }

    // Recovers the store, creates or updates the state machine, and starts the execution unless the store has it; the execution's ARN.
    private static async Task<string> StartOrFindAsync(LocalStepFunctions sfn, SqliteStepFunctionsStore store, RunCommand.RunArguments args, string name, string definition, JsonValue input, TextWriter error, CancellationToken interrupt)
    {
        var machineName = RunCommand.StateMachineName(args.File);
        var machineArn = sfn.Arns.StateMachine(machineName);
        var executionArn = sfn.Arns.Execution(machineName, name);
        var resumed = false;
        try
        {
            // Only this execution: the others in the store would run on this command's clock (a virtual one runs their
            // Waits at once) and end while nobody asked for them. The filter is asked about RUNNING executions only, so
            // it also tells whether this one is resumed (it may end before it is described below).
            await sfn.RecoverAsync(
                arn =>
                {
                    if (arn != executionArn)
                    {
                        return false;
                    }

                    resumed = true;
                    return true;
                },
                interrupt).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            // The control-plane snapshot is the one value the store keeps as the engine's JSON.
            throw new SqliteStoreException("SQLite store '" + store.Path + "' is corrupt: its resources row (state machines, activities) does not read: " + e.Message, e);
        }

        try
        {
            var existing = await sfn.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = machineArn }, interrupt).ConfigureAwait(false);
            if (existing.Type != StateMachineType.Standard)
            {
                // Made by asl serve or the API over the same file: its executions would be EXPRESS, never durable.
                throw new StateMachineTypeNotSupportedException(
                    "State machine '" + machineName + "' in " + store.Path + " is " + WireName.Of(existing.Type) + "; --store runs STANDARD executions (use another --store or rename the file).");
            }

            if (existing.Definition != definition)
            {
                // Running executions keep the definition they started on; new ones take the file as it is now.
                await sfn.UpdateStateMachineAsync(new UpdateStateMachineRequest { StateMachineArn = machineArn, Definition = definition }, interrupt).ConfigureAwait(false);
            }
        }
        catch (StateMachineDoesNotExistException)
        {
            await sfn.CreateStateMachineAsync(
                new CreateStateMachineRequest { Name = machineName, Definition = definition, RoleArn = ArnPlaceArguments.RoleArn(sfn.Arns.AccountId), Type = StateMachineType.Standard },
                interrupt).ConfigureAwait(false);
        }

        var inputText = input.ToJsonString();
        try
        {
            var existing = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = executionArn }, interrupt).ConfigureAwait(false);
            if (existing.Input is not null && JsonValue.Parse(existing.Input) != input)
            {
                throw new ExecutionAlreadyExistsException("Execution Already Exists: '" + executionArn + "' (with a different input)");
            }

            if (resumed)
            {
                error.WriteLine("asl: resuming execution " + name + ".");
            }
        }
        catch (ExecutionDoesNotExistException)
        {
            await sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machineArn, Name = name, Input = inputText }, interrupt).ConfigureAwait(false);
            error.WriteLine("asl: started execution " + name + " (after Ctrl-C, resume it with --store " + args.Store + " --name " + name + ").");
        }

        return executionArn;
    }

    // The cause of every event's details (taskFailedEventDetails.cause, ...), as printed.
    private static IEnumerable<JsonValue> DetailCauses(JsonValue history) =>
        history.GetArray().SelectMany(e => e.GetObject().AsEnumerable().Where(m => m.Value.IsObject).Select(m => m.Value["cause"]));

    // GetExecutionHistory's events, shaped as the kernel's history prints them (timestamp, type, id, previousEventId, details).
    private static async Task<JsonValue> HistoryAsync(LocalStepFunctions sfn, string executionArn)
    {
        var items = new List<JsonValue>();
        string? next = null;
        do
        {
            var page = await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = executionArn, MaxResults = 1000, NextToken = next }).ConfigureAwait(false);
            foreach (var e in page.Events)
            {
                var wire = JsonValue.Parse(JsonSerializer.Serialize(e, EventJson));
                var builder = new JsonObjectBuilder(5)
                    .Set("timestamp", e.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture))
                    .Set("type", WireName.Of(e.Type))
                    .Set("id", e.Id)
                    .Set("previousEventId", e.PreviousEventId ?? 0);
                foreach (var member in wire.GetObject())
                {
                    if (member.Key is not ("timestamp" or "type" or "id" or "previousEventId"))
                    {
                        builder.Set(member.Key, member.Value);
                    }
                }

                items.Add(JsonValue.FromObject(builder.ToObject()));
            }

            next = page.NextToken;
        }
        while (next is not null);
        return JsonValue.CreateArray(items.ToArray());
    }

    /// <summary>
    /// Completes a task when the kernel reports that an execution ended (with null), or that its run stopped because the
    /// store could not be written (with the store's error; the execution stays RUNNING).
    /// </summary>
    private sealed class ExecutionEndWaiter : IExecutionObserver
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource<Exception?>> ends = new(StringComparer.Ordinal);

        public Task<Exception?> WaitFor(string executionArn) => Source(executionArn).Task;

        public void ExecutionStarted(ExecutionObservation execution)
        {
        }

        // Events are not read: an EXPRESS execution records no history for this observer.
        public bool ObservesHistory(ExecutionObservation execution) => false;

        public void HistoryEventRecorded(ExecutionObservation execution, AslCompiler.Runtime.Api.HistoryEvent historyEvent)
        {
        }

        public void ExecutionCompleted(ExecutionObservation execution, ExecutionStatus status, DateTimeOffset stopDate) =>
            Source(execution.ExecutionArn).TrySetResult(null);

        public void ExecutionInterrupted(ExecutionObservation execution, Exception exception) =>
            Source(execution.ExecutionArn).TrySetResult(exception);

        private TaskCompletionSource<Exception?> Source(string executionArn) =>
            ends.GetOrAdd(executionArn, static _ => new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
