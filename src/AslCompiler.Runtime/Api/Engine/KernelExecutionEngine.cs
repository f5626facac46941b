using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Api.Store;
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
internal sealed class KernelExecutionEngine : IExecutionEngine
{
    private const int DefaultPageSize = 100;
    private const string RunningReason = "Execution is RUNNING and cannot be redriven";
    private const string SucceededReason = "Execution is SUCCEEDED and cannot be redriven";

    private static readonly JsonSerializerOptions EventJson = new() { Converters = { new JsonStringEnumConverter() } };
    private static readonly TimeSpan ActivityPoll = TimeSpan.FromSeconds(60);

    private readonly LocalStepFunctions _api;
    private readonly StepFunctionsOptions _options;
    private readonly ExecutionKernel _kernel;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Lazy<StateMachineProgram>> _programs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ExecutionRecord> _executions = new(StringComparer.Ordinal);
    private readonly object _startLock = new();
    private long _sequence;
    private readonly MapRunRegistry _mapRuns = new();

    public KernelExecutionEngine(LocalStepFunctions api, StepFunctionsOptions options)
    {
        _api = api;
        _options = options;
        _time = options.TimeProvider ?? TimeProvider.System;
        var execution = options.Execution ?? new ExecutionOptions();
        _kernel = new ExecutionKernel(new ExecutionOptions
        {
            TimeProvider = _time,
            TaskHandlers = execution.TaskHandlers,
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
        });
    }

    /// <summary>The kernel the executions run on.</summary>
    public ExecutionKernel Kernel => _kernel;

    public Task<StartExecutionResponse> StartExecutionAsync(ExecutionTarget target, StartExecutionRequest request, CancellationToken cancellationToken)
    {
        var program = Compile(target);
        var name = request.Name ?? Guid.NewGuid().ToString();
        var input = request.Input ?? "{}";
        var express = target.Type == StateMachineType.Express;
        var arn = express
            ? _api.Arns.ExpressExecution(target.StateMachineName, name, Guid.NewGuid().ToString())
            : _api.Arns.Execution(target.StateMachineName, name);
        ExecutionRecord record;
        lock (_startLock)
        {
            if (_executions.TryGetValue(arn, out var existing))
            {
                // Idempotent while running with the same input (and state machine); otherwise the name is taken.
                if (existing.Status == ExecutionStatus.Running && existing.Input == input && existing.Target.StateMachineArn == target.StateMachineArn)
                {
                    return Task.FromResult(new StartExecutionResponse { ExecutionArn = existing.Arn, StartDate = existing.StartDate });
                }

                throw new ExecutionAlreadyExistsException("Execution Already Exists: '" + arn + "'");
            }

            record = new ExecutionRecord(arn, name, target, input, request.TraceHeader, _time.GetUtcNow(), Interlocked.Increment(ref _sequence));
            _executions[arn] = record;
        }

        record.Run = Task.Run(() => RunAsync(record, program), CancellationToken.None);
        return Task.FromResult(new StartExecutionResponse { ExecutionArn = arn, StartDate = record.StartDate });
    }

    public async Task<StartSyncExecutionResponse> StartSyncExecutionAsync(ExecutionTarget target, StartSyncExecutionRequest request, CancellationToken cancellationToken)
    {
        var program = Compile(target);
        var name = request.Name ?? Guid.NewGuid().ToString();
        var input = request.Input ?? "{}";
        var arn = _api.Arns.ExpressExecution(target.StateMachineName, name, Guid.NewGuid().ToString());
        var record = new ExecutionRecord(arn, name, target, input, request.TraceHeader, _time.GetUtcNow(), Interlocked.Increment(ref _sequence)) { Synchronous = true };
        _executions[arn] = record;
        using (cancellationToken.Register(record.Cancellation.Cancel))
        {
            await RunAsync(record, program).ConfigureAwait(false);
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
            Input = metadataOnly ? null : input,
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
        lock (record)
        {
            if (record.Status == ExecutionStatus.Running && !record.StopRequested)
            {
                record.StopRequested = true;
                record.StopError = request.Error;
                record.StopCause = request.Cause;
            }
        }

        record.Cancellation.Cancel();
        if (record.Run is { } run)
        {
            try
            {
                await run.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // A handler that ignores cancellation: the record is marked ABORTED below anyway.
            }
        }

        lock (record)
        {
            if (record.Status == ExecutionStatus.Running)
            {
                Complete(record, ExecutionStatus.Aborted, null, record.StopError, record.StopCause, _time.GetUtcNow(), null);
            }

            return new StopExecutionResponse { StopDate = record.StopDate!.Value };
        }
    }

    public Task<DescribeExecutionResponse> DescribeExecutionAsync(DescribeExecutionRequest request, CancellationToken cancellationToken)
    {
        var record = Find(request.ExecutionArn, allowExpress: false);
        var metadataOnly = request.IncludedData == IncludedData.MetadataOnly;
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
                RedriveCount = standard ? 0 : null,
                RedriveStatus = standard ? RedriveStatus(record.Status) : null,
                RedriveStatusReason = standard ? RedriveReason(record.Status) : null,
            });
        }
    }

    public Task<DescribeStateMachineForExecutionResponse> DescribeStateMachineForExecutionAsync(DescribeStateMachineForExecutionRequest request, CancellationToken cancellationToken)
    {
        var record = Find(request.ExecutionArn, allowExpress: false);
        var target = record.Target;
        LoggingConfiguration? logging = null;
        TracingConfiguration? tracing = null;
        EncryptionConfiguration? encryption = null;
        var updateDate = record.StartDate;
        if (_api.CurrentState.StateMachines.TryGetValue(target.StateMachineArn, out var machine))
        {
            updateDate = machine.CreationDate;
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

        return Task.FromResult(new DescribeStateMachineForExecutionResponse
        {
            StateMachineArn = target.StateMachineVersionArn ?? target.StateMachineArn,
            Name = target.StateMachineName,
            Definition = target.Definition,
            RoleArn = target.RoleArn,
            UpdateDate = updateDate,
            RevisionId = target.RevisionId,
            LoggingConfiguration = logging ?? new LoggingConfiguration { Level = LogLevel.Off, IncludeExecutionData = false },
            TracingConfiguration = tracing ?? new TracingConfiguration { Enabled = false },
            EncryptionConfiguration = encryption,
            VariableReferences = null,
        });
    }

    public Task<ListExecutionsResponse> ListExecutionsAsync(ListExecutionsRequest request, CancellationToken cancellationToken)
    {
        if (request.MapRunArn is not null)
        {
            throw new ResourceNotFoundException("Resource not found: '" + request.MapRunArn + "'", request.MapRunArn);
        }

        var scope = request.StateMachineArn!;
        var parsed = StepFunctionsArn.Parse(scope);
        IEnumerable<ExecutionRecord> executions = _executions.Values.Where(e => !e.Synchronous && e.Target.Type == StateMachineType.Standard);
        executions = parsed.ResourceType switch
        {
            StepFunctionsResourceType.StateMachineVersion => executions.Where(e => e.Target.StateMachineVersionArn == scope),
            StepFunctionsResourceType.StateMachineAlias => executions.Where(e => e.Target.StateMachineAliasArn == scope),
            _ => executions.Where(e => e.Target.StateMachineArn == scope),
        };
        if (request.StatusFilter is { } status)
        {
            executions = executions.Where(e => e.Status == status);
        }

        if (request.RedriveFilter == ExecutionRedriveFilter.Redriven)
        {
            executions = []; // nothing is redriven yet
        }

        var scopeKey = scope + "|" + request.StatusFilter + "|" + request.RedriveFilter;
        var (page, next) = PageToken.Page(
            executions.OrderByDescending(e => e.Sequence).ToList(), e => -e.Sequence, request.NextToken, "executions", scopeKey, PageSize(request.MaxResults));
        return Task.FromResult(new ListExecutionsResponse
        {
            Executions = page.Select(ListItem).ToList(),
            NextToken = next,
        });
    }

    public Task<GetExecutionHistoryResponse> GetExecutionHistoryAsync(GetExecutionHistoryRequest request, CancellationToken cancellationToken)
    {
        var record = Find(request.ExecutionArn, allowExpress: false);
        var events = Events(record, request.IncludeExecutionData ?? true);
        var reverse = request.ReverseOrder == true;
        IEnumerable<HistoryEvent> ordered = reverse ? events.AsEnumerable().Reverse() : events;
        var (page, next) = PageToken.Page(
            ordered, e => reverse ? -e.Id : e.Id, request.NextToken, "history", record.Arn + "|" + reverse, PageSize(request.MaxResults));
        return Task.FromResult(new GetExecutionHistoryResponse { Events = page, NextToken = next });
    }

    public Task<RedriveExecutionResponse> RedriveExecutionAsync(RedriveExecutionRequest request, CancellationToken cancellationToken) =>
        Task.FromException<RedriveExecutionResponse>(new NotSupportedException(
            "RedriveExecution is not available yet: the execution kernel cannot restart an execution from its failed states."));

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

    public Task<SendTaskSuccessResponse> SendTaskSuccessAsync(SendTaskSuccessRequest request, CancellationToken cancellationToken)
    {
        CheckToken(request.TaskToken);
        if (!_kernel.SendTaskSuccess(request.TaskToken, JsonValue.Parse(request.Output)))
        {
            throw TaskMissing();
        }

        return Task.FromResult(new SendTaskSuccessResponse());
    }

    public Task<SendTaskFailureResponse> SendTaskFailureAsync(SendTaskFailureRequest request, CancellationToken cancellationToken)
    {
        CheckToken(request.TaskToken);
        if (!_kernel.SendTaskFailure(request.TaskToken, request.Error, request.Cause))
        {
            throw TaskMissing();
        }

        return Task.FromResult(new SendTaskFailureResponse());
    }

    public Task<SendTaskHeartbeatResponse> SendTaskHeartbeatAsync(SendTaskHeartbeatRequest request, CancellationToken cancellationToken)
    {
        CheckToken(request.TaskToken);
        if (!_kernel.SendTaskHeartbeat(request.TaskToken))
        {
            throw TaskMissing();
        }

        return Task.FromResult(new SendTaskHeartbeatResponse());
    }

    public Task<DescribeMapRunResponse> DescribeMapRunAsync(DescribeMapRunRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(_mapRuns.Describe(request.MapRunArn));

    public Task<ListMapRunsResponse> ListMapRunsAsync(ListMapRunsRequest request, CancellationToken cancellationToken)
    {
        Find(request.ExecutionArn, allowExpress: false);
        return Task.FromResult(_mapRuns.List(request));
    }

    public Task<UpdateMapRunResponse> UpdateMapRunAsync(UpdateMapRunRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(_mapRuns.Update(request));

    public Task<TestStateResponse> TestStateAsync(TestStateRequest request, CancellationToken cancellationToken) =>
        StateTester.RunAsync(request, _options, cancellationToken);

    public bool HasRunningExecutions(string stateMachineArn) =>
        _executions.Values.Any(e => e.Status == ExecutionStatus.Running && e.Target.StateMachineArn == stateMachineArn);

    private StateMachineProgram Compile(ExecutionTarget target)
    {
        // A version never changes; a state machine's definition changes only with a new revisionId.
        var key = (target.StateMachineVersionArn ?? target.StateMachineArn) + "|" + target.RevisionId;
        var lazy = _programs.GetOrAdd(key, _ => new Lazy<StateMachineProgram>(() => AslInterpreter.Compile(target.Definition)));
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

    private async Task RunAsync(ExecutionRecord record, StateMachineProgram program)
    {
        ExecutionResult result;
        try
        {
            result = await _kernel.RunAsync(
                program,
                JsonValue.Parse(record.Input),
                new ExecutionRequest
                {
                    Name = record.Name,
                    StateMachineName = record.Target.StateMachineName,
                    Type = record.Target.Type == StateMachineType.Express ? Language.Model.ExecutionType.Express : Language.Model.ExecutionType.Standard,
                },
                record.Cancellation.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // an execution that crashes the kernel fails; it must not take the API down
        catch (Exception e)
#pragma warning restore CA1031
        {
            lock (record)
            {
                if (record.Status == ExecutionStatus.Running)
                {
                    Complete(record, ExecutionStatus.Failed, null, "States.Runtime", e.Message, _time.GetUtcNow(), null);
                }
            }

            return;
        }

        lock (record)
        {
            if (record.Status == ExecutionStatus.Running)
            {
                var status = Map(result.Status);
                var (error, cause) = status == ExecutionStatus.Aborted ? (record.StopError, record.StopCause) : (result.Error, result.Cause);
                Complete(record, status, status == ExecutionStatus.Succeeded ? result.Output.ToJsonString() : null, error, cause, result.StopDate, result.History);
            }
        }
    }

    private void Complete(ExecutionRecord record, ExecutionStatus status, string? output, string? error, string? cause, DateTimeOffset stopDate, ExecutionHistory? history)
    {
        record.Status = status;
        record.Output = output;
        record.Error = error;
        record.Cause = cause;
        record.StopDate = stopDate;
        record.History = history;
        if (_api.CurrentState.StateMachines.TryGetValue(record.Target.StateMachineArn, out var machine)
            && machine.Status == StateMachineStatus.Deleting
            && !HasRunningExecutions(machine.Arn))
        {
            _api.CompleteDeletion(machine.Arn);
        }
    }

    private ExecutionRecord Find(string executionArn, bool allowExpress)
    {
        if (!_executions.TryGetValue(executionArn, out var record))
        {
            // An execution ARN naming an EXPRESS state machine can only mean an express execution (as AWS answers).
            if (StepFunctionsArn.TryParse(executionArn, out var parsed, out _)
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

    private static List<HistoryEvent> Events(ExecutionRecord record, bool includeData)
    {
        ExecutionHistory? history;
        string? stopError;
        string? stopCause;
        lock (record)
        {
            history = record.History;
            stopError = record.StopError;
            stopCause = record.StopCause;
        }

        var events = new List<HistoryEvent>();
        if (history is null)
        {
            // The kernel hands the history over when the execution ends; until then only its start is known.
            events.Add(new HistoryEvent
            {
                Id = 1,
                PreviousEventId = 0,
                Timestamp = record.StartDate,
                Type = HistoryEventType.ExecutionStarted,
                ExecutionStartedEventDetails = new ExecutionStartedEventDetails
                {
                    Input = includeData ? record.Input : null,
                    InputDetails = new HistoryEventExecutionDataDetails { Truncated = false },
                    RoleArn = record.Target.RoleArn,
                    StateMachineAliasArn = record.Target.StateMachineAliasArn,
                    StateMachineVersionArn = record.Target.StateMachineVersionArn,
                },
            });
            return events;
        }

        foreach (var kernelEvent in history.Events)
        {
            var node = JsonNode.Parse(kernelEvent.ToJson().ToJsonString())!.AsObject();
            if (node[kernelEvent.DetailsName ?? string.Empty] is JsonObject details)
            {
                switch (kernelEvent.Type)
                {
                    case "ExecutionStarted":
                        details["roleArn"] = record.Target.RoleArn;
                        if (record.Target.StateMachineAliasArn is { } alias)
                        {
                            details["stateMachineAliasArn"] = alias;
                        }

                        if (record.Target.StateMachineVersionArn is { } version)
                        {
                            details["stateMachineVersionArn"] = version;
                        }

                        break;
                    case "ExecutionAborted":
                        if (stopError is not null)
                        {
                            details["error"] = stopError;
                        }

                        if (stopCause is not null)
                        {
                            details["cause"] = stopCause;
                        }

                        break;
                }

                if (!includeData)
                {
                    details.Remove("input");
                    details.Remove("output");
                }
            }

            try
            {
                events.Add(node.Deserialize<HistoryEvent>(EventJson)!);
            }
            catch (JsonException)
            {
                // An event type this API version does not name: kept without details so ids stay contiguous.
                events.Add(new HistoryEvent
                {
                    Id = kernelEvent.Id,
                    PreviousEventId = kernelEvent.PreviousEventId,
                    Timestamp = kernelEvent.Timestamp,
                    Type = WireName.TryParse<HistoryEventType>(kernelEvent.Type, out var type) ? type : HistoryEventType.PassStateEntered,
                });
            }
        }

        return events;
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
                RedriveCount = 0,
            };
        }
    }

    private static ExecutionRedriveStatus RedriveStatus(ExecutionStatus status) =>
        status is ExecutionStatus.Running or ExecutionStatus.Succeeded ? ExecutionRedriveStatus.NotRedrivable : ExecutionRedriveStatus.Redrivable;

    private static string? RedriveReason(ExecutionStatus status) => status switch
    {
        ExecutionStatus.Running => RunningReason,
        ExecutionStatus.Succeeded => SucceededReason,
        _ => null,
    };

    private static ExecutionStatus Map(KernelStatus status) => status switch
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

    private static TaskDoesNotExistException TaskMissing() => new("Task Does Not Exist: the task token is not waiting for a callback (it completed, failed, timed out or was stopped).");

    /// <summary>One execution as the API shows it; mutable fields change under the record's lock.</summary>
    private sealed class ExecutionRecord(string arn, string name, ExecutionTarget target, string input, string? traceHeader, DateTimeOffset startDate, long sequence)
    {
        public string Arn { get; } = arn;

        public string Name { get; } = name;

        public ExecutionTarget Target { get; } = target;

        public string Input { get; } = input;

        public string? TraceHeader { get; } = traceHeader;

        public DateTimeOffset StartDate { get; } = startDate;

        public long Sequence { get; } = sequence;

        public bool Synchronous { get; init; }

        public CancellationTokenSource Cancellation { get; } = new();

        public Task? Run { get; set; }

        public ExecutionStatus Status { get; set; } = ExecutionStatus.Running;

        public DateTimeOffset? StopDate { get; set; }

        public string? Output { get; set; }

        public string? Error { get; set; }

        public string? Cause { get; set; }

        public ExecutionHistory? History { get; set; }

        public bool StopRequested { get; set; }

        public string? StopError { get; set; }

        public string? StopCause { get; set; }
    }
}
