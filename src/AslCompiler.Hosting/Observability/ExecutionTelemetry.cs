using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MsLogLevel = Microsoft.Extensions.Logging.LogLevel;
using StatesLogLevel = AslCompiler.Runtime.Api.LogLevel;

namespace AslCompiler.Hosting;

/// <summary>
/// Turns executions into logs, traces and metrics (names in <see cref="AslCompilerTelemetryNames"/>):
/// <list type="bullet">
/// <item>a structured log record per history event, as the state machine's <see cref="LoggingConfiguration"/> asks
/// (ALL: every event; ERROR: failed, timed out and aborted states, tasks and executions; FATAL: the execution failed,
/// timed out or was aborted; OFF or none: nothing), with input and output only when <c>includeExecutionData</c> is true.
/// Fatal events log at <see cref="MsLogLevel.Error"/>, error events at <see cref="MsLogLevel.Warning"/>, the rest at
/// <see cref="MsLogLevel.Information"/>;</item>
/// <item>a span per execution and a child span per state (from its Entered to its Exited event), when the state
/// machine's <see cref="TracingConfiguration"/> is enabled (or for all executions with <c>traceAllExecutions</c>) and a
/// listener samples them; the execution span continues the W3C <c>traceparent</c> (or X-Ray header) given to StartExecution,
/// else the caller's current activity;</item>
/// <item>counters of executions started, succeeded and failed and of state transitions, and a histogram of execution
/// durations, tagged with the state machine ARN and execution type.</item>
/// </list>
/// Thread-safe; never throws into the engine.
/// </summary>
public sealed partial class ExecutionTelemetry : IExecutionObserver, IDisposable
{
    /// <summary>The package's version (the runtime's informational version without the build metadata), for the source and the meter.</summary>
    private static readonly string Version = Runtime.RuntimeInfo.Version.Split('+')[0];

    private static readonly ActivitySource Source = new(AslCompilerTelemetryNames.ActivitySourceName, Version);

    // The history event's metadata is generated at build time (TelemetryJson): no reflection, trim and AOT safe.
    private static readonly JsonTypeInfo<HistoryEvent> DetailsJson = new TelemetryJson(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

        // Log records are not HTML: keep quotes in payloads readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }).HistoryEvent;

    // Fields of event details that carry execution data (dropped unless includeExecutionData).
    private static readonly string[] DataFields = ["input", "inputDetails", "output", "outputDetails", "parameters", "assignedVariables", "assignedVariablesDetails"];

    /// <summary>The duration histogram's bucket boundaries, in seconds: from 5 ms (an Express execution) to a day.</summary>
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400];

    private readonly ILogger _logger;
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly bool _traceAll;
    private readonly Counter<long> _started;
    private readonly Counter<long> _succeeded;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _transitions;
    private readonly Histogram<double> _duration;
    private readonly ConcurrentDictionary<string, ExecutionWatch> _running = new(StringComparer.Ordinal);

    /// <summary>Creates the observer.</summary>
    /// <param name="loggerFactory">Where log records go (category <see cref="AslCompilerTelemetryNames.LoggerCategory"/>); none: no logs.</param>
    /// <param name="meterFactory">Creates the meter (the host's, so its listeners see it); none: a meter of this instance's own.</param>
    /// <param name="traceAllExecutions">Records spans for every execution, not only those whose state machine enables tracing.</param>
    public ExecutionTelemetry(ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null, bool traceAllExecutions = false)
    {
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(AslCompilerTelemetryNames.LoggerCategory);
        if (meterFactory is null)
        {
            _meter = new Meter(AslCompilerTelemetryNames.MeterName, Version);
            _ownsMeter = true;
        }
        else
        {
            _meter = meterFactory.Create(new MeterOptions(AslCompilerTelemetryNames.MeterName) { Version = Version });
        }

        _traceAll = traceAllExecutions;
        _started = _meter.CreateCounter<long>(AslCompilerTelemetryNames.ExecutionsStarted, "{execution}", "Executions started.");
        _succeeded = _meter.CreateCounter<long>(AslCompilerTelemetryNames.ExecutionsSucceeded, "{execution}", "Executions that succeeded.");
        _failed = _meter.CreateCounter<long>(AslCompilerTelemetryNames.ExecutionsFailed, "{execution}", "Executions that failed, timed out or were aborted.");
        _transitions = _meter.CreateCounter<long>(AslCompilerTelemetryNames.StateTransitions, "{transition}", "States entered.");
        // Buckets in seconds (an SDK's default ones are made for milliseconds and would put every execution in the first).
        _duration = _meter.CreateHistogram(
            AslCompilerTelemetryNames.ExecutionDuration,
            "s",
            "How long executions ran, from start to end.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
    }

    /// <summary>
    /// Whether the execution's events are wanted: when its logging configuration logs events and the logger takes them,
    /// when it is traced and someone listens to the spans, or for a STANDARD execution when someone listens to the
    /// transitions counter (which then counts each state as it enters). Otherwise an EXPRESS execution records no history
    /// for telemetry (it would cost most of a short execution's time): the counter adds the states it entered as it ends
    /// (<see cref="ExecutionObservation.StatesEntered"/>).
    /// </summary>
    /// <param name="execution">The execution about to start.</param>
    /// <returns>Whether <see cref="HistoryEventRecorded"/> is wanted.</returns>
    public bool ObservesHistory(ExecutionObservation execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        return (_transitions.Enabled && execution.Type == StateMachineType.Standard)
            || ((execution.Logging?.Level ?? StatesLogLevel.Off) != StatesLogLevel.Off && _logger.IsEnabled(MsLogLevel.Error))
            || ((_traceAll || execution.Tracing?.Enabled == true) && Source.HasListeners());
    }

    /// <inheritdoc/>
    public void ExecutionStarted(ExecutionObservation execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var watch = new ExecutionWatch(execution);
        if (!execution.Resumed)
        {
            _started.Add(1, watch.Tags);
        }

        if (_traceAll || execution.Tracing?.Enabled == true)
        {
            StartExecutionSpan(watch);
        }

        if (_running.TryGetValue(execution.ExecutionArn, out var previous))
        {
            // Started again under the same ARN (redriven, or resumed in the same process): close what was open.
            EndSpans(previous, execution.StartDate, suspended: true);
        }

        _running[execution.ExecutionArn] = watch;
    }

    /// <inheritdoc/>
    public void HistoryEventRecorded(ExecutionObservation execution, HistoryEvent historyEvent)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(historyEvent);
        var watch = _running.GetOrAdd(execution.ExecutionArn, static (_, e) => new ExecutionWatch(e), execution);
        lock (watch)
        {
            watch.EventsSeen = true;
            var entered = HistoryEventCategories.IsStateEntered(historyEvent, out var stateName, out var stateType);
            if (entered)
            {
                _transitions.Add(1, watch.Tags);
            }

            // The span the event belongs to is ambient while it is logged, so the record carries its trace and span.
            var (span, ended) = watch.Span is null ? default : Trace(watch, historyEvent, entered, stateName, stateType);
            Log(watch, historyEvent, span);
            EndSpan(ended, historyEvent.Timestamp);
        }
    }

    /// <inheritdoc/>
    public void ExecutionCompleted(ExecutionObservation execution, ExecutionStatus status, DateTimeOffset stopDate)
    {
        ArgumentNullException.ThrowIfNull(execution);
        _running.TryRemove(execution.ExecutionArn, out var watch);
        watch ??= new ExecutionWatch(execution);
        var statusName = WireName.Of(status);
        var tags = watch.WithStatus(statusName);
        if (status == ExecutionStatus.Succeeded)
        {
            _succeeded.Add(1, tags);
        }
        else
        {
            _failed.Add(1, tags);
        }

        _duration.Record(Math.Max(0, (stopDate - execution.StartDate).TotalSeconds), tags);
        lock (watch)
        {
            if (!watch.EventsSeen && execution.StatesEntered is > 0 and var entered)
            {
                // Its events were not observed (an Express execution, say): the kernel counted its states.
                _transitions.Add(entered, watch.Tags);
            }

            if (watch.Span is { } span)
            {
                span.SetTag(AslCompilerTelemetryNames.ExecutionStatusTag, statusName);
                if (status != ExecutionStatus.Succeeded)
                {
                    span.SetStatus(ActivityStatusCode.Error, watch.Error ?? statusName);
                }
            }

            EndSpans(watch, stopDate, suspended: false);
        }
    }

    /// <summary>
    /// The execution's run stopped without an end because the store could not be written (a full disk, say): logged at
    /// <see cref="MsLogLevel.Error"/> with the execution's ARN and the store's error, whatever the state machine's
    /// logging configuration (the failure is the host's, not the workflow's). The execution stays RUNNING and resumes
    /// on the next start: its spans end, marked suspended and in error, and no metric counts it as ended.
    /// </summary>
    /// <param name="execution">The execution.</param>
    /// <param name="exception">The store's error.</param>
    public void ExecutionInterrupted(ExecutionObservation execution, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(exception);
        LogExecutionInterrupted(_logger, exception, execution.ExecutionArn, execution.StateMachineArn, exception.Message);
        if (_running.TryRemove(execution.ExecutionArn, out var watch))
        {
            lock (watch)
            {
                watch.Span?.SetStatus(ActivityStatusCode.Error, exception.Message);
                EndSpans(watch, DateTimeOffset.UtcNow, suspended: true);
            }
        }
    }

    /// <summary>
    /// A span for one task handler call (or a nested execution's start) of a traced execution, made ambient for the call:
    /// the handler's own spans and its outgoing calls (an HttpClient's <c>traceparent</c>) nest under it, and a child
    /// execution continues its trace. Its parent is the task state's span when that is open, else the execution's (a
    /// durable execution's events, and so its state spans, come as they are committed, which may be after the call).
    /// Named <c>{state} call</c>, kind Client, tagged with the state's name and the resource; status Error with the
    /// error name of a failed call. The kernel's <c>ExecutionOptions.TaskHandlerCalling</c> (the host sets it).
    /// </summary>
    /// <param name="invocation">The call.</param>
    /// <returns>What ends the span with the call's error name (null: it answered); null when the execution is not traced.</returns>
    public Action<string?>? TaskCalling(TaskInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (!Source.HasListeners() || !_running.TryGetValue(invocation.ExecutionArn, out var watch))
        {
            return null;
        }

        ActivityContext parent;
        lock (watch)
        {
            if (watch.Span is not { } execution)
            {
                return null;
            }

            parent = watch.Open.FindLast(n => n.Name == invocation.StateName)?.Span?.Context ?? execution.Context;
        }

        var ambient = Activity.Current;
        var span = Source.StartActivity(invocation.StateName + " call", ActivityKind.Client, parent, new ActivityTagsCollection
        {
            { AslCompilerTelemetryNames.StateNameTag, invocation.StateName },
            { AslCompilerTelemetryNames.TaskResourceTag, invocation.Resource },
            { AslCompilerTelemetryNames.ExecutionArnTag, invocation.ExecutionArn },
        });
        if (span is null)
        {
            return null;
        }

        return error =>
        {
            if (error is not null)
            {
                span.SetStatus(ActivityStatusCode.Error, error);
            }

            span.Stop();
            Activity.Current = ambient;
        };
    }

    /// <summary>Ends the spans of executions still running (the host is stopping; they resume on the next start) and releases the meter.</summary>
    public void Dispose()
    {
        foreach (var watch in _running.Values)
        {
            lock (watch)
            {
                EndSpans(watch, DateTimeOffset.UtcNow, suspended: true);
            }
        }

        _running.Clear();
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private void Log(ExecutionWatch watch, HistoryEvent historyEvent, Activity? span)
    {
        var category = HistoryEventCategories.Of(historyEvent.Type);
        if (!HistoryEventCategories.IsLogged(watch.LogLevel, category))
        {
            return;
        }

        var level = category switch
        {
            HistoryEventCategory.Fatal => MsLogLevel.Error,
            HistoryEventCategory.Error => MsLogLevel.Warning,
            _ => MsLogLevel.Information,
        };
        if (!_logger.IsEnabled(level))
        {
            return;
        }

        var details = Details(historyEvent, watch.IncludeExecutionData);
        var eventType = historyEvent.Type.ToString();
        var ambient = Activity.Current;
        if (span is not null)
        {
            Activity.Current = span;
        }

        try
        {
            LogHistoryEvent(_logger, level, eventType, historyEvent.Id, historyEvent.PreviousEventId ?? 0, watch.Execution.ExecutionArn, details);
        }
        finally
        {
            Activity.Current = ambient;
        }
    }

    /// <summary>The event's details object as JSON (the record AWS writes to CloudWatch Logs as <c>details</c>).</summary>
    internal static string Details(HistoryEvent historyEvent, bool includeExecutionData)
    {
        if (JsonSerializer.SerializeToNode(historyEvent, DetailsJson) is not JsonObject all)
        {
            return "{}";
        }

        foreach (var (name, value) in all)
        {
            if (name.EndsWith("EventDetails", StringComparison.Ordinal) && value is JsonObject details)
            {
                if (!includeExecutionData)
                {
                    foreach (var field in DataFields)
                    {
                        details.Remove(field);
                    }
                }

                return details.ToJsonString(DetailsJson.Options);
            }
        }

        return "{}";
    }

    private static void StartExecutionSpan(ExecutionWatch watch)
    {
        var execution = watch.Execution;
        var parent = TraceHeader.TryParse(execution.TraceHeader, out var header) ? header : default;
        var tags = new ActivityTagsCollection
        {
            { AslCompilerTelemetryNames.ExecutionArnTag, execution.ExecutionArn },
            { AslCompilerTelemetryNames.ExecutionNameTag, execution.Name },
            { AslCompilerTelemetryNames.StateMachineTag, execution.StateMachineArn },
            { AslCompilerTelemetryNames.ExecutionTypeTag, WireName.Of(execution.Type) },
        };
        if (execution.Resumed)
        {
            tags.Add(AslCompilerTelemetryNames.ExecutionResumedTag, true);
        }

        watch.Span = StartSpan(StateMachineName(execution.StateMachineArn), parent, tags, execution.StartDate);
    }

    /// <summary>
    /// Places the event in the execution's spans: the span it belongs to, and a state span its event ends (to end once
    /// the event is logged: a stopped span cannot be made ambient).
    /// </summary>
    private static (Activity? Span, Activity? Ends) Trace(ExecutionWatch watch, HistoryEvent historyEvent, bool entered, string stateName, string stateType)
    {
        // Each event belongs to the state span its previous event belongs to; an Exited event hands its successors to
        // the enclosing state (a Parallel or Map) or the execution. This keeps concurrent branches apart. The end of a
        // Parallel or Map state (or of a Map iteration) belongs to that state, whichever branch's event came before it,
        // and the execution's end to the execution.
        var previous = historyEvent.PreviousEventId is { } id && watch.Owners.TryGetValue(id, out var owner) ? owner : null;
        previous = OwnerOf(historyEvent.Type, previous);

        // The Map iteration an event is in: its iteration's start gives it, its successors inherit it.
        int? iteration = historyEvent.MapIterationStartedEventDetails?.Index
            ?? (historyEvent.PreviousEventId is { } before && watch.Iterations.TryGetValue(before, out var inherited) ? inherited : null);
        if (iteration is { } index)
        {
            watch.Iterations[historyEvent.Id] = index;
        }

        if (entered)
        {
            var parent = previous?.Span?.Context ?? watch.Span!.Context;
            var tags = new ActivityTagsCollection
            {
                { AslCompilerTelemetryNames.StateNameTag, stateName },
                { AslCompilerTelemetryNames.StateTypeTag, stateType },
                { AslCompilerTelemetryNames.ExecutionArnTag, watch.Execution.ExecutionArn },
            };
            if (iteration is { } inIteration && previous?.Type == "Map")
            {
                // A state of a Map iteration (its spans would be alike but for their times): which item it ran for.
                tags.Add(AslCompilerTelemetryNames.MapIterationTag, inIteration);
            }

            var node = new StateSpan(stateName, stateType, StartSpan(stateName, parent, tags, historyEvent.Timestamp), previous);
            if (historyEvent.Type == HistoryEventType.FailStateEntered)
            {
                // A Fail state has no Exited event: it ends where it starts.
                node.Span?.SetStatus(ActivityStatusCode.Error, "Fail state");
                watch.Owners[historyEvent.Id] = previous;
                return (node.Span, node.Span);
            }

            watch.Open.Add(node);
            watch.Owners[historyEvent.Id] = node;
            return (node.Span, null);
        }

        var exited = historyEvent.StateExitedEventDetails?.Name;
        if (exited is not null)
        {
            var node = previous is not null && previous.Name == exited && watch.Open.Contains(previous)
                ? previous
                : watch.Open.FindLast(n => n.Name == exited);
            if (node is not null)
            {
                watch.Open.Remove(node);
                watch.Owners[historyEvent.Id] = node.Parent;
                return (node.Span, node.Span);
            }

            watch.Owners[historyEvent.Id] = previous;
            return (previous?.Span ?? watch.Span, null);
        }

        watch.Owners[historyEvent.Id] = previous;
        var error = ErrorOf(historyEvent);
        if (error is not null && HistoryEventCategories.Of(historyEvent.Type) == HistoryEventCategory.Fatal)
        {
            watch.Error = error;
        }

        var span = previous?.Span ?? watch.Span;
        if (span is not null)
        {
            // error.type is an error's name: an event of the error category without one (an abort) has none.
            var errorName = HistoryEventCategories.Of(historyEvent.Type) == HistoryEventCategory.Other ? null : ErrorInDetails(historyEvent);
            var eventTags = errorName is null ? null : new ActivityTagsCollection { { "error.type", errorName } };
            span.AddEvent(new ActivityEvent(historyEvent.Type.ToString(), historyEvent.Timestamp, eventTags));
            if (previous is not null && error is not null)
            {
                previous.Error = error;
            }
        }

        return (span, null);
    }

    /// <summary>
    /// The state span an event that is not a state's entry or exit belongs to, from the one its previous event belongs
    /// to: a Parallel's or Map's own events (its start, end, an iteration's end) go up to that state, the execution's
    /// end to the execution (null).
    /// </summary>
    private static StateSpan? OwnerOf(HistoryEventType type, StateSpan? previous)
    {
        var of = type switch
        {
            HistoryEventType.ParallelStateStarted or HistoryEventType.ParallelStateSucceeded or HistoryEventType.ParallelStateFailed
                or HistoryEventType.ParallelStateAborted => "Parallel",
            HistoryEventType.MapStateStarted or HistoryEventType.MapStateSucceeded or HistoryEventType.MapStateFailed or HistoryEventType.MapStateAborted
                or HistoryEventType.MapIterationStarted or HistoryEventType.MapIterationSucceeded or HistoryEventType.MapIterationFailed
                or HistoryEventType.MapIterationAborted or HistoryEventType.MapRunStarted or HistoryEventType.MapRunSucceeded
                or HistoryEventType.MapRunFailed or HistoryEventType.MapRunAborted => "Map",
            HistoryEventType.ExecutionSucceeded or HistoryEventType.ExecutionFailed or HistoryEventType.ExecutionAborted
                or HistoryEventType.ExecutionTimedOut => string.Empty,
            _ => null,
        };
        if (of is null)
        {
            return previous;
        }

        for (var node = previous; node is not null; node = node.Parent)
        {
            if (node.Type == of)
            {
                return node;
            }
        }

        return of.Length == 0 ? null : previous;
    }

    /// <summary>The error an event names: the one in its details, else for an error or fatal event its type.</summary>
    private static string? ErrorOf(HistoryEvent e) =>
        ErrorInDetails(e) ?? (HistoryEventCategories.Of(e.Type) == HistoryEventCategory.Other ? null : e.Type.ToString());

    /// <summary>The error name an event carries in its details (an abort carries none), or null.</summary>
    private static string? ErrorInDetails(HistoryEvent e) =>
        e.ExecutionFailedEventDetails?.Error ?? e.ExecutionTimedOutEventDetails?.Error ?? e.ExecutionAbortedEventDetails?.Error
        ?? e.TaskFailedEventDetails?.Error ?? e.TaskTimedOutEventDetails?.Error ?? e.TaskStartFailedEventDetails?.Error
        ?? e.TaskSubmitFailedEventDetails?.Error ?? e.ActivityFailedEventDetails?.Error ?? e.ActivityTimedOutEventDetails?.Error
        ?? e.ActivityScheduleFailedEventDetails?.Error ?? e.LambdaFunctionFailedEventDetails?.Error ?? e.LambdaFunctionTimedOutEventDetails?.Error
        ?? e.LambdaFunctionScheduleFailedEventDetails?.Error ?? e.LambdaFunctionStartFailedEventDetails?.Error
        ?? e.MapRunFailedEventDetails?.Error ?? e.EvaluationFailedEventDetails?.Error;

    private static void EndSpans(ExecutionWatch watch, DateTimeOffset end, bool suspended)
    {
        for (var i = watch.Open.Count - 1; i >= 0; i--)
        {
            var node = watch.Open[i];
            if (node.Error is not null && !suspended)
            {
                node.Span?.SetStatus(ActivityStatusCode.Error, node.Error);
            }

            EndSpan(node.Span, end);
        }

        watch.Open.Clear();
        watch.Owners.Clear();
        watch.Iterations.Clear();
        if (suspended)
        {
            watch.Span?.SetTag(AslCompilerTelemetryNames.ExecutionSuspendedTag, true);
        }

        EndSpan(watch.Span, end);
        watch.Span = null;
    }

    private static Activity? StartSpan(string name, ActivityContext parent, ActivityTagsCollection tags, DateTimeOffset start)
    {
        // Spans are recorded, not made ambient: the engine's thread keeps its own Activity.Current.
        var ambient = Activity.Current;
        var span = Source.StartActivity(name, ActivityKind.Internal, parent, tags, links: null, startTime: start);
        Activity.Current = ambient;
        return span;
    }

    private static void EndSpan(Activity? span, DateTimeOffset end)
    {
        if (span is null || span.IsStopped)
        {
            return;
        }

        var ambient = Activity.Current;
        span.SetEndTime(end.UtcDateTime < span.StartTimeUtc ? span.StartTimeUtc : end.UtcDateTime);
        span.Stop();
        Activity.Current = ambient;
    }

    private static string StateMachineName(string stateMachineArn)
    {
        var colon = stateMachineArn.LastIndexOf(':');
        return colon < 0 ? stateMachineArn : stateMachineArn[(colon + 1)..];
    }

    [LoggerMessage(EventId = 100, EventName = "HistoryEvent", Message = "{EventType} {HistoryEventId} (after {PreviousEventId}) in {ExecutionArn}: {Details}")]
    private static partial void LogHistoryEvent(ILogger logger, MsLogLevel level, string eventType, long historyEventId, long previousEventId, string executionArn, string details);

    [LoggerMessage(EventId = 101, EventName = "ExecutionInterrupted", Level = MsLogLevel.Error, Message = "Execution {ExecutionArn} of {StateMachineArn} stopped without an end: its store could not be written ({Reason}); it stays RUNNING and resumes from its last commit on the next start")]
    private static partial void LogExecutionInterrupted(ILogger logger, Exception exception, string executionArn, string stateMachineArn, string reason);

    /// <summary>What is known about one running execution.</summary>
    private sealed class ExecutionWatch
    {
        public ExecutionWatch(ExecutionObservation execution)
        {
            Execution = execution;
            LogLevel = execution.Logging?.Level ?? StatesLogLevel.Off;
            IncludeExecutionData = execution.Logging?.IncludeExecutionData ?? false;
            Tags =
            [
                new(AslCompilerTelemetryNames.StateMachineTag, execution.StateMachineArn),
                new(AslCompilerTelemetryNames.ExecutionTypeTag, WireName.Of(execution.Type)),
            ];
        }

        public ExecutionObservation Execution { get; }

        public StatesLogLevel LogLevel { get; }

        public bool IncludeExecutionData { get; }

        public KeyValuePair<string, object?>[] Tags { get; }

        public Activity? Span { get; set; }

        public string? Error { get; set; }

        /// <summary>Whether any of its history events arrived (then the transitions counter counted its states from them).</summary>
        public bool EventsSeen { get; set; }

        public Dictionary<long, StateSpan?> Owners { get; } = [];

        /// <summary>The Map iteration (item index) of the events inside one, by event id.</summary>
        public Dictionary<long, int> Iterations { get; } = [];

        public List<StateSpan> Open { get; } = [];

        public KeyValuePair<string, object?>[] WithStatus(string status) =>
            [Tags[0], Tags[1], new(AslCompilerTelemetryNames.ExecutionStatusTag, status)];
    }

    /// <summary>A state's span and the state span it is nested in (a Parallel or Map state), or null for the execution.</summary>
    private sealed class StateSpan(string name, string type, Activity? span, StateSpan? parent)
    {
        public string Name { get; } = name;

        /// <summary>The state's type (Task, Parallel, Map ...).</summary>
        public string Type { get; } = type;

        public Activity? Span { get; } = span;

        public StateSpan? Parent { get; } = parent;

        public string? Error { get; set; }
    }
}

/// <summary>A history event's JSON for log records (its enums as their wire names), generated at compile time.</summary>
[JsonSerializable(typeof(HistoryEvent))]
internal sealed partial class TelemetryJson : JsonSerializerContext;
