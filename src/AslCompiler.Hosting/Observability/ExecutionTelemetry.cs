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
    private static readonly ActivitySource Source = new(AslCompilerTelemetryNames.ActivitySourceName, typeof(ExecutionTelemetry).Assembly.GetName().Version?.ToString());

    // The history event's metadata is generated at build time (TelemetryJson): no reflection, trim and AOT safe.
    private static readonly JsonTypeInfo<HistoryEvent> DetailsJson = new TelemetryJson(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

        // Log records are not HTML: keep quotes in payloads readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }).HistoryEvent;

    // Fields of event details that carry execution data (dropped unless includeExecutionData).
    private static readonly string[] DataFields = ["input", "inputDetails", "output", "outputDetails", "parameters", "assignedVariables", "assignedVariablesDetails"];

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
        var version = typeof(ExecutionTelemetry).Assembly.GetName().Version?.ToString();
        if (meterFactory is null)
        {
            _meter = new Meter(AslCompilerTelemetryNames.MeterName, version);
            _ownsMeter = true;
        }
        else
        {
            _meter = meterFactory.Create(new MeterOptions(AslCompilerTelemetryNames.MeterName) { Version = version });
        }

        _traceAll = traceAllExecutions;
        _started = _meter.CreateCounter<long>(AslCompilerTelemetryNames.ExecutionsStarted, "{execution}", "Executions started.");
        _succeeded = _meter.CreateCounter<long>(AslCompilerTelemetryNames.ExecutionsSucceeded, "{execution}", "Executions that succeeded.");
        _failed = _meter.CreateCounter<long>(AslCompilerTelemetryNames.ExecutionsFailed, "{execution}", "Executions that failed, timed out or were aborted.");
        _transitions = _meter.CreateCounter<long>(AslCompilerTelemetryNames.StateTransitions, "{transition}", "States entered.");
        _duration = _meter.CreateHistogram<double>(AslCompilerTelemetryNames.ExecutionDuration, "s", "How long executions ran, from start to end.");
    }

    /// <summary>
    /// Whether the execution's events are wanted: when someone listens to the transitions counter, when its logging
    /// configuration logs events and the logger takes them, or when it is traced and someone listens to the spans.
    /// Otherwise an EXPRESS execution records no history for telemetry (it would cost most of a short execution's time).
    /// </summary>
    /// <param name="execution">The execution about to start.</param>
    /// <returns>Whether <see cref="HistoryEventRecorded"/> is wanted.</returns>
    public bool ObservesHistory(ExecutionObservation execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        return _transitions.Enabled
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
            var entered = HistoryEventCategories.IsStateEntered(historyEvent, out var stateName, out var stateType);
            if (entered)
            {
                _transitions.Add(1, watch.Tags);
            }

            Log(watch, historyEvent);
            if (watch.Span is not null)
            {
                Trace(watch, historyEvent, entered, stateName, stateType);
            }
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

    private void Log(ExecutionWatch watch, HistoryEvent historyEvent)
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
        LogHistoryEvent(_logger, level, eventType, historyEvent.Id, historyEvent.PreviousEventId ?? 0, watch.Execution.ExecutionArn, details);
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

    private static void Trace(ExecutionWatch watch, HistoryEvent historyEvent, bool entered, string stateName, string stateType)
    {
        // Each event belongs to the state span its previous event belongs to; an Exited event hands its successors to
        // the enclosing state (a Parallel or Map) or the execution. This keeps concurrent branches apart.
        var previous = historyEvent.PreviousEventId is { } id && watch.Owners.TryGetValue(id, out var owner) ? owner : null;
        if (entered)
        {
            var parent = previous?.Span?.Context ?? watch.Span!.Context;
            var tags = new ActivityTagsCollection
            {
                { AslCompilerTelemetryNames.StateNameTag, stateName },
                { AslCompilerTelemetryNames.StateTypeTag, stateType },
                { AslCompilerTelemetryNames.ExecutionArnTag, watch.Execution.ExecutionArn },
            };
            var node = new StateSpan(stateName, StartSpan(stateName, parent, tags, historyEvent.Timestamp), previous);
            if (historyEvent.Type == HistoryEventType.FailStateEntered)
            {
                // A Fail state has no Exited event: it ends where it starts.
                node.Span?.SetStatus(ActivityStatusCode.Error, "Fail state");
                EndSpan(node.Span, historyEvent.Timestamp);
                watch.Owners[historyEvent.Id] = previous;
                return;
            }

            watch.Open.Add(node);
            watch.Owners[historyEvent.Id] = node;
            return;
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
                EndSpan(node.Span, historyEvent.Timestamp);
                watch.Owners[historyEvent.Id] = node.Parent;
            }
            else
            {
                watch.Owners[historyEvent.Id] = previous;
            }

            return;
        }

        watch.Owners[historyEvent.Id] = previous;
        var error = ErrorOf(historyEvent);
        if (error is not null && HistoryEventCategories.Of(historyEvent.Type) == HistoryEventCategory.Fatal)
        {
            watch.Error = error;
        }

        if ((previous?.Span ?? watch.Span) is { } span)
        {
            var eventTags = error is null ? null : new ActivityTagsCollection { { "error.type", error } };
            span.AddEvent(new ActivityEvent(historyEvent.Type.ToString(), historyEvent.Timestamp, eventTags));
            if (previous is not null && error is not null)
            {
                previous.Error = error;
            }
        }
    }

    private static string? ErrorOf(HistoryEvent e) =>
        e.ExecutionFailedEventDetails?.Error ?? e.ExecutionTimedOutEventDetails?.Error ?? e.ExecutionAbortedEventDetails?.Error
        ?? e.TaskFailedEventDetails?.Error ?? e.TaskTimedOutEventDetails?.Error ?? e.TaskStartFailedEventDetails?.Error
        ?? e.TaskSubmitFailedEventDetails?.Error ?? e.ActivityFailedEventDetails?.Error ?? e.ActivityTimedOutEventDetails?.Error
        ?? e.ActivityScheduleFailedEventDetails?.Error ?? e.LambdaFunctionFailedEventDetails?.Error ?? e.LambdaFunctionTimedOutEventDetails?.Error
        ?? e.LambdaFunctionScheduleFailedEventDetails?.Error ?? e.LambdaFunctionStartFailedEventDetails?.Error
        ?? e.MapRunFailedEventDetails?.Error ?? e.EvaluationFailedEventDetails?.Error
        ?? (HistoryEventCategories.Of(e.Type) == HistoryEventCategory.Other ? null : e.Type.ToString());

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

        public Dictionary<long, StateSpan?> Owners { get; } = [];

        public List<StateSpan> Open { get; } = [];

        public KeyValuePair<string, object?>[] WithStatus(string status) =>
            [Tags[0], Tags[1], new(AslCompilerTelemetryNames.ExecutionStatusTag, status)];
    }

    /// <summary>A state's span and the state span it is nested in (a Parallel or Map state), or null for the execution.</summary>
    private sealed class StateSpan(string name, Activity? span, StateSpan? parent)
    {
        public string Name { get; } = name;

        public Activity? Span { get; } = span;

        public StateSpan? Parent { get; } = parent;

        public string? Error { get; set; }
    }
}

/// <summary>A history event's JSON for log records (its enums as their wire names), generated at compile time.</summary>
[JsonSerializable(typeof(HistoryEvent))]
internal sealed partial class TelemetryJson : JsonSerializerContext;
