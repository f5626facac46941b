using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Threading;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Execution;
using KernelStatus = AslCompiler.Runtime.Execution.ExecutionStatus;

namespace AslCompiler.Runtime.Api.Engine;

/// <summary>
/// The Map Runs the kernel's distributed Maps started and their child workflow executions (the kernel tells it through
/// <see cref="IMapRunMonitor"/>): DescribeMapRun, ListMapRuns and UpdateMapRun read and steer the runs; DescribeExecution,
/// GetExecutionHistory, DescribeStateMachineForExecution and ListExecutions (with <c>mapRunArn</c>) read the children,
/// EXPRESS ones included (AWS lets a Map Run's EXPRESS children be inspected). Runs and children stay listed after they
/// complete; they live in memory, also under a durable store.
/// </summary>
internal sealed class MapRunRegistry : IMapRunMonitor
{
    private const int DefaultPageSize = 100;


    private readonly ConcurrentDictionary<string, Entry> _runs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MapRunExecution> _children = new(StringComparer.Ordinal);
    private long _sequence;

    public void Started(MapRunControl run) => _runs[run.MapRunArn] = new Entry(run, Interlocked.Increment(ref _sequence));

    public void ExecutionStarted(MapRunExecution execution) => _children[execution.ExecutionArn] = execution;

    /// <summary>A child workflow execution of some Map Run, by ARN.</summary>
    public bool TryGetExecution(string executionArn, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MapRunExecution? execution)
    {
        return _children.TryGetValue(executionArn, out execution);
    }

    /// <summary>The child workflow executions of a Map Run, newest first (ListExecutions with <c>mapRunArn</c>).</summary>
    public ListExecutionsResponse ListExecutions(ListExecutionsRequest request)
    {
        var run = Find(request.MapRunArn!);

        // The Map Run keeps its children in start order; newest first is that order reversed (position: minus the index).
        var started = run.Executions;
        IEnumerable<(MapRunExecution Execution, long Index)> children = started.Select((e, i) => (e, (long)i)).Reverse();
        if (request.StatusFilter is { } status)
        {
            // No child is ever PENDING_REDRIVE: Map Runs are not redriven here.
            children = children.Where(c => status != ExecutionStatus.PendingRedrive && KernelExecutionEngine.Map(c.Execution.Status) == status);
        }

        if (request.RedriveFilter == ExecutionRedriveFilter.Redriven)
        {
            children = [];
        }

        var scope = request.MapRunArn + "|" + request.StatusFilter + "|" + request.RedriveFilter;
        var pageSize = request.MaxResults is null or 0 ? DefaultPageSize : request.MaxResults.Value;
        var (page, next) = PageToken.Page(children, c => -c.Index, request.NextToken, "executions", scope, pageSize);
        return new ListExecutionsResponse
        {
            Executions = page.Select(c =>
            {
                var e = c.Execution;
                var (state, stopDate, _, _, _) = e.Snapshot;
                return new ExecutionListItem
                {
                    ExecutionArn = e.ExecutionArn,
                    Name = e.Name,
                    StateMachineArn = e.StateMachineArn,
                    Status = KernelExecutionEngine.Map(state),
                    StartDate = e.StartDate,
                    StopDate = stopDate,
                    MapRunArn = e.MapRunArn,
                    ItemCount = e.ItemCount,
                    RedriveCount = e.Type == Language.Model.ExecutionType.Standard ? 0 : null,
                };
            }).ToList(),
            NextToken = next,
        };
    }

    /// <summary>DescribeExecution of a child workflow execution.</summary>
    public static DescribeExecutionResponse DescribeExecution(MapRunExecution execution, bool metadataOnly)
    {
        var (state, stopDate, output, error, cause) = execution.Snapshot;
        var status = KernelExecutionEngine.Map(state);
        var succeeded = status == ExecutionStatus.Succeeded;
        var standard = execution.Type == Language.Model.ExecutionType.Standard;
        return new DescribeExecutionResponse
        {
            ExecutionArn = execution.ExecutionArn,
            StateMachineArn = execution.StateMachineArn,
            MapRunArn = execution.MapRunArn,
            Name = execution.Name,
            Status = status,
            StartDate = execution.StartDate,
            StopDate = stopDate,
            Input = metadataOnly ? null : execution.Input.ToJsonString(),
            InputDetails = new CloudWatchEventsExecutionDataDetails { Included = !metadataOnly },
            Output = succeeded && !metadataOnly ? output.ToJsonString() : null,
            OutputDetails = succeeded ? new CloudWatchEventsExecutionDataDetails { Included = !metadataOnly } : null,
            Error = error,
            Cause = cause,
            RedriveCount = standard ? 0 : null,
            RedriveStatus = !standard ? null : status is ExecutionStatus.Running or ExecutionStatus.Succeeded ? ExecutionRedriveStatus.NotRedrivable : ExecutionRedriveStatus.RedrivableByMapRun,
            RedriveStatusReason = !standard ? null : status switch
            {
                ExecutionStatus.Running => "Execution is RUNNING and cannot be redriven",
                ExecutionStatus.Succeeded => "Execution is SUCCEEDED and cannot be redriven",
                _ => null,
            },
        };
    }

    /// <summary>GetExecutionHistory of a child workflow execution (its own events, ids from 1).</summary>
    public static GetExecutionHistoryResponse History(MapRunExecution execution, GetExecutionHistoryRequest request)
    {
        var includeData = request.IncludeExecutionData ?? true;
        var events = new List<HistoryEvent>();
        if (execution.History is { } history)
        {
            foreach (var e in history.Events)
            {
                events.Add(KernelExecutionEngine.ToApiEvent(e, includeData, adjust: null));
            }
        }
        else
        {
            // Recorded without history (history off): only the start is known.
            events.Add(new HistoryEvent
            {
                Id = 1,
                PreviousEventId = 0,
                Timestamp = execution.StartDate,
                Type = HistoryEventType.ExecutionStarted,
                ExecutionStartedEventDetails = new ExecutionStartedEventDetails
                {
                    Input = includeData ? execution.Input.ToJsonString() : null,
                    InputDetails = new HistoryEventExecutionDataDetails { Truncated = false },
                    RoleArn = execution.RoleArn,
                },
            });
        }

        var reverse = request.ReverseOrder == true;
        IEnumerable<HistoryEvent> ordered = reverse ? events.AsEnumerable().Reverse() : events;
        var pageSize = request.MaxResults is null or 0 ? DefaultPageSize : request.MaxResults.Value;
        var (page, next) = PageToken.Page(ordered, e => reverse ? -e.Id : e.Id, request.NextToken, "history", execution.ExecutionArn + "|" + reverse, pageSize);
        return new GetExecutionHistoryResponse { Events = page, NextToken = next };
    }

    /// <summary>
    /// DescribeStateMachineForExecution of a child workflow execution: the labelled state machine
    /// (<c>Machine/Label</c>), its definition (the Map state's ItemProcessor, found by label in the parent's
    /// root execution's definition), the Map Run and label.
    /// </summary>
    public static DescribeStateMachineForExecutionResponse DescribeStateMachine(MapRunExecution execution, ExecutionTarget root, DateTimeOffset updateDate, LoggingConfiguration? logging, TracingConfiguration? tracing, EncryptionConfiguration? encryption)
    {
        var labels = execution.StateMachineName.Split('/').Skip(1).ToArray();
        return new DescribeStateMachineForExecutionResponse
        {
            StateMachineArn = execution.StateMachineArn,
            Name = execution.StateMachineName,
            Definition = ProcessorDefinition(root.Definition, labels) ?? root.Definition,
            RoleArn = root.RoleArn,
            UpdateDate = updateDate,
            RevisionId = root.RevisionId,
            MapRunArn = execution.MapRunArn,
            Label = labels.Length > 0 ? labels[^1] : execution.MapRun.Label,
            LoggingConfiguration = logging ?? new LoggingConfiguration { Level = LogLevel.Off, IncludeExecutionData = false },
            TracingConfiguration = tracing ?? new TracingConfiguration { Enabled = false },
            EncryptionConfiguration = encryption,
        };
    }

    /// <summary>The ItemProcessor of the Map state reached by following <paramref name="labels"/> down nested processors, as JSON text.</summary>
    private static string? ProcessorDefinition(string definition, IReadOnlyList<string> labels)
    {
        JsonNode? graph;
        try
        {
            graph = JsonNode.Parse(definition);
        }
        catch (JsonException)
        {
            return null;
        }

        foreach (var label in labels)
        {
            graph = graph is JsonObject g ? FindProcessor(g, label) : null;
            if (graph is null)
            {
                return null;
            }
        }

        return graph?.ToJsonString();
    }

    private static JsonObject? FindProcessor(JsonObject graph, string label)
    {
        if (graph["States"] is not JsonObject states)
        {
            return null;
        }

        foreach (var (name, node) in states)
        {
            if (node is not JsonObject state)
            {
                continue;
            }

            var processor = (state["ItemProcessor"] ?? state["Iterator"]) as JsonObject;
            if (state["Type"]?.GetValueKind() == JsonValueKind.String && (string?)state["Type"] == "Map" && processor is not null)
            {
                var stateLabel = state["Label"]?.GetValueKind() == JsonValueKind.String ? (string?)state["Label"] : null;
                if ((stateLabel ?? name) == label)
                {
                    return processor;
                }
            }

            // A distributed Map inside an inline Map or a Parallel branch belongs to the same child state machine.
            if (processor is not null && (processor["ProcessorConfig"]?["Mode"]?.GetValueKind() != JsonValueKind.String || (string?)processor["ProcessorConfig"]?["Mode"] != "DISTRIBUTED")
                && FindProcessor(processor, label) is { } nested)
            {
                return nested;
            }

            if (state["Branches"] is JsonArray branches)
            {
                foreach (var branch in branches)
                {
                    if (branch is JsonObject b && FindProcessor(b, label) is { } inBranch)
                    {
                        return inBranch;
                    }
                }
            }
        }

        return null;
    }

    public DescribeMapRunResponse Describe(string mapRunArn)
    {
        var run = Find(mapRunArn);
        var (pending, running, succeeded, failed, aborted) = run.Children;
        var items = run.Items;
        var (timedOut, resultsWritten) = run.ChildEnds;
        var (itemsTimedOut, itemResultsWritten) = run.ItemEnds;
        return new DescribeMapRunResponse
        {
            MapRunArn = run.MapRunArn,
            ExecutionArn = run.ExecutionArn,
            Status = run.State switch
            {
                MapRunState.Running => MapRunStatus.Running,
                MapRunState.Succeeded => MapRunStatus.Succeeded,
                MapRunState.Failed => MapRunStatus.Failed,
                _ => MapRunStatus.Aborted,
            },
            StartDate = run.StartDate,
            StopDate = run.StopDate,
            MaxConcurrency = run.MaxConcurrency,
            ToleratedFailureCount = run.ToleratedFailureCount ?? 0,
            ToleratedFailurePercentage = (float)(run.ToleratedFailurePercentage ?? 0),
            ExecutionCounts = new MapRunExecutionCounts
            {
                Pending = pending,
                Running = running,
                Succeeded = succeeded,
                Failed = failed,
                Aborted = aborted,
                TimedOut = timedOut,
                Total = run.TotalChildren,
                ResultsWritten = resultsWritten,
                FailuresNotRedrivable = 0,
                PendingRedrive = 0,
            },
            ItemCounts = new MapRunItemCounts
            {
                Pending = items.Pending,
                Running = items.Running,
                Succeeded = items.Succeeded,
                Failed = items.Failed,
                Aborted = items.Aborted,
                TimedOut = itemsTimedOut,
                Total = run.TotalItems,
                ResultsWritten = itemResultsWritten,
                FailuresNotRedrivable = 0,
                PendingRedrive = 0,
            },
            RedriveCount = 0,
        };
    }

    /// <summary>The Map Runs of one execution, oldest first.</summary>
    public ListMapRunsResponse List(ListMapRunsRequest request)
    {
        var runs = _runs.Values.Where(e => e.Run.ExecutionArn == request.ExecutionArn).OrderBy(e => e.Sequence);
        var pageSize = request.MaxResults is null or 0 ? DefaultPageSize : request.MaxResults.Value;
        var (page, next) = PageToken.Page(runs, e => e.Sequence, request.NextToken, "mapRuns", request.ExecutionArn, pageSize);
        return new ListMapRunsResponse
        {
            MapRuns = page.Select(e => new MapRunListItem
            {
                ExecutionArn = e.Run.ExecutionArn,
                MapRunArn = e.Run.MapRunArn,
                StateMachineArn = e.Run.StateMachineArn,
                StartDate = e.Run.StartDate,
                StopDate = e.Run.StopDate,
            }).ToList(),
            NextToken = next,
        };
    }

    /// <summary>Changes a running Map Run's concurrency and tolerated failures; they take effect at once.</summary>
    public UpdateMapRunResponse Update(UpdateMapRunRequest request)
    {
        var run = Find(request.MapRunArn);
        if (!run.Update(request.MaxConcurrency, request.ToleratedFailureCount, request.ToleratedFailurePercentage))
        {
            throw new ValidationException("Map Run " + request.MapRunArn + " is not in RUNNING status: it cannot be updated", ValidationExceptionReason.CannotUpdateCompletedMapRun);
        }

        return new UpdateMapRunResponse();
    }

    private MapRunControl Find(string mapRunArn) =>
        _runs.TryGetValue(mapRunArn, out var entry) ? entry.Run : throw new ResourceNotFoundException("Resource not found: '" + mapRunArn + "'", mapRunArn);

    private sealed record Entry(MapRunControl Run, long Sequence);
}
