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
using KernelStatus = AslCompiler.Runtime.Execution.ExecutionStatus;

namespace AslCompiler.Runtime.Api.Engine;

/// <summary>
/// The Map Runs the kernel's distributed Maps started and their child workflow executions (the kernel tells it through
/// <see cref="IMapRunMonitor"/>): DescribeMapRun, ListMapRuns and UpdateMapRun read and steer the runs; DescribeExecution,
/// GetExecutionHistory, DescribeStateMachineForExecution and ListExecutions (with <c>mapRunArn</c>) read the children,
/// EXPRESS ones included (AWS lets a Map Run's EXPRESS children be inspected). Runs and children stay listed after they
/// complete. Under a durable store, the Map Runs of journaled executions and their STANDARD children are persisted
/// (<see cref="IStepFunctionsStore.SaveMapRunAsync"/>, <see cref="IStepFunctionsStore.SaveMapRunExecutionAsync"/>) as
/// they change, loaded again by <see cref="LoadAsync"/>, and replaced by the live run when a resumed parent's replay
/// reaches its Map state again; a stored child's history is read from its root execution's journal.
/// </summary>
internal sealed class MapRunRegistry : IMapRunMonitor
{
    private const int DefaultPageSize = 100;

    private readonly ConcurrentDictionary<string, RunEntry> _runs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MapRunChild> _children = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _runsOfExecution = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _writes = new();
    private readonly IStepFunctionsStore? _store;
    private readonly CancellationToken _suspended;
    private long _sequence;
    private long _childSequence;

    /// <summary>A registry that persists to <paramref name="store"/> (none: memory only) until <paramref name="suspended"/> (the engine's shutdown).</summary>
    public MapRunRegistry(IStepFunctionsStore? store = null, CancellationToken suspended = default)
    {
        _store = store;
        _suspended = suspended;
    }

    /// <summary>How many Map Runs the registry holds.</summary>
    internal int RunCount => _runs.Count;

    /// <summary>How many Map Run children the registry holds.</summary>
    internal int ChildCount => _children.Count;

    /// <summary>The store runs and children are persisted to, if any.</summary>
    internal IStepFunctionsStore? Store => _store;

    public void Started(MapRunControl run)
    {
        var entry = _runs.AddOrUpdate(
            run.MapRunArn,
            _ => new RunEntry(this, Interlocked.Increment(ref _sequence), run.Journaled) { Live = run },
            (_, existing) => existing);
        lock (entry)
        {
            // A replay (resume or redrive) of a run the registry knows keeps its settings (UpdateMapRun may have changed them).
            var known = entry.Live is { } previous && !ReferenceEquals(previous, run) ? ToStored(entry, previous) : entry.Stored;
            if (known is not null)
            {
                run.Update(known.MaxConcurrency, known.ToleratedFailureCount, known.ToleratedFailurePercentage);
            }

            // A stored run that was RUNNING is shown as stored until the replay has caught up with its counts.
            entry.CatchingUp = entry.Live is null && entry.Stored is { Status: MapRunStatus.Running } stored ? stored : null;
            entry.Live = run;
            entry.Persisted |= run.Journaled;
        }

        IndexRun(run.ExecutionArn, run.MapRunArn);
        run.Changed = _ => Persist(entry);
        Persist(entry);
    }

    /// <summary>Notes that <paramref name="executionArn"/> started <paramref name="mapRunArn"/> (see <see cref="Forget"/>).</summary>
    private void IndexRun(string executionArn, string mapRunArn) =>
        _runsOfExecution.GetOrAdd(executionArn, static _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal)).TryAdd(mapRunArn, 0);

    /// <summary>
    /// Forgets the Map Runs an execution started, their children and the Map Runs those started in turn (the engine
    /// drops an ended EXPRESS execution that nothing can ask about any more, and a STANDARD one whose retention has
    /// passed). <paramref name="writes"/>, when given, gets the writes of their rows to the store still in flight (the
    /// store's delete of the execution waits for them).
    /// </summary>
    public void Forget(string executionArn, List<Task>? writes = null)
    {
        if (!_runsOfExecution.TryRemove(executionArn, out var runs))
        {
            return;
        }

        foreach (var mapRunArn in runs.Keys)
        {
            if (_runs.TryRemove(mapRunArn, out var entry))
            {
                writes?.Add(entry.Writer.Idle);
                foreach (var child in entry.Children)
                {
                    var childArn = child.View().ExecutionArn;
                    _children.TryRemove(childArn, out _);
                    writes?.Add(child.Writer.Idle);
                    Forget(childArn, writes);
                }
            }
        }
    }

    public void ExecutionStarted(MapRunExecution execution)
    {
        if (!_runs.TryGetValue(execution.MapRunArn, out var run))
        {
            return;
        }

        var child = _children.GetOrAdd(execution.ExecutionArn, _ => run.AddChild(new MapRunChild(this, run, Interlocked.Increment(ref _childSequence)) { Live = execution }));
        lock (child)
        {
            child.Live = execution;
            child.CachedEvents = null;
            child.Persisted = execution.Journaled && execution.Type == Language.Model.ExecutionType.Standard;
        }

        execution.Changed = _ => Persist(child);
        Persist(child);
    }

    public Task FlushAsync(MapRunControl run)
    {
        if (!_runs.TryGetValue(run.MapRunArn, out var entry))
        {
            return Task.CompletedTask;
        }

        var pending = new List<Task> { entry.Writer.Idle };
        foreach (var child in entry.Children)
        {
            pending.Add(child.Writer.Idle);
        }

        return Task.WhenAll(pending);
    }

    /// <summary>Completes when every write started so far has ended (the engine's shutdown waits for it).</summary>
    public Task IdleAsync() => Task.WhenAll(_writes.Keys.ToArray());

    /// <summary>
    /// Loads the Map Runs and children the store kept (recovery, before executions resume). A run or child still RUNNING
    /// whose execution is known to have ended (<paramref name="ended"/> gives its stop date) ended with it: ABORTED.
    /// </summary>
    public async Task LoadAsync(Func<string, DateTimeOffset?> ended, CancellationToken cancellationToken)
    {
        if (_store is null)
        {
            return;
        }

        var runs = await _store.LoadMapRunsAsync(cancellationToken).ConfigureAwait(false);
        var children = await _store.LoadMapRunExecutionsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var stored in runs)
        {
            var entry = _runs.GetOrAdd(stored.MapRunArn, _ => new RunEntry(this, stored.Sequence, persisted: true) { Stored = stored });
            IndexRun(stored.ExecutionArn, stored.MapRunArn);
            lock (entry)
            {
                if (entry.Live is not null)
                {
                    continue;
                }

                entry.Stored = stored;
                entry.Writer.Written = stored;
                if (stored.Status == MapRunStatus.Running && ended(stored.ExecutionArn) is { } stopDate)
                {
                    entry.Stored = stored with { Status = MapRunStatus.Aborted, StopDate = stopDate };
                }
            }

            InterlockedMax(ref _sequence, stored.Sequence);
        }

        foreach (var stored in children)
        {
            if (!_runs.TryGetValue(stored.MapRunArn, out var run))
            {
                continue;
            }

            var child = _children.GetOrAdd(stored.ExecutionArn, _ => run.AddChild(new MapRunChild(this, run, stored.Sequence) { Stored = stored }));
            lock (child)
            {
                if (child.Live is not null)
                {
                    continue;
                }

                child.Persisted = true;
                child.Stored = stored;
                child.Writer.Written = stored;
                if (stored.Status == ExecutionStatus.Running && ended(stored.RootExecutionArn) is { } stopDate)
                {
                    child.Stored = stored with { Status = ExecutionStatus.Aborted, StopDate = stopDate };
                }
            }

            InterlockedMax(ref _childSequence, stored.Sequence);
        }

        // Corrections of runs and children whose execution ended without them are written back.
        foreach (var entry in _runs.Values)
        {
            Persist(entry);
        }

        foreach (var child in _children.Values)
        {
            Persist(child);
        }
    }

    /// <summary>A child workflow execution of some Map Run, by ARN.</summary>
    public bool TryGetExecution(string executionArn, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MapRunChild? execution)
    {
        return _children.TryGetValue(executionArn, out execution);
    }

    /// <summary>The child workflow executions of a Map Run, newest first (ListExecutions with <c>mapRunArn</c>).</summary>
    public ListExecutionsResponse ListExecutions(ListExecutionsRequest request)
    {
        var run = Find(request.MapRunArn!);
        IEnumerable<StoredMapRunExecution> children = run.Children.Select(c => c.View()).OrderByDescending(c => c.Sequence);
        if (request.StatusFilter == ExecutionStatus.PendingRedrive)
        {
            // The unsuccessful children a redrive of the run has yet to rerun; they keep their own status.
            var view = run.View()!;
            children = children.Where(c => PendingRedrive(view, c));
        }
        else if (request.StatusFilter is { } status)
        {
            children = children.Where(c => c.Status == status);
        }

        if (request.RedriveFilter == ExecutionRedriveFilter.Redriven)
        {
            children = children.Where(c => c.RedriveCount > 0);
        }
        else if (request.RedriveFilter == ExecutionRedriveFilter.NotRedriven)
        {
            children = children.Where(c => c.RedriveCount == 0);
        }

        var scope = request.MapRunArn + "|" + request.StatusFilter + "|" + request.RedriveFilter;
        var pageSize = request.MaxResults is null or 0 ? DefaultPageSize : request.MaxResults.Value;
        var (page, next) = PageToken.Page(children, c => -c.Sequence, request.NextToken, "executions", scope, pageSize);
        return new ListExecutionsResponse
        {
            Executions = page.Select(e => new ExecutionListItem
            {
                ExecutionArn = e.ExecutionArn,
                Name = e.Name,
                StateMachineArn = e.StateMachineArn,
                Status = e.Status,
                StartDate = e.StartDate,
                StopDate = e.StopDate,
                MapRunArn = e.MapRunArn,
                ItemCount = e.ItemCount,
                RedriveCount = e.Type == StateMachineType.Standard ? e.RedriveCount : null,
                RedriveDate = e.Type == StateMachineType.Standard ? e.RedriveDate : null,
            }).ToList(),
            NextToken = next,
        };
    }

    /// <summary>DescribeExecution of a child workflow execution.</summary>
    public static DescribeExecutionResponse DescribeExecution(MapRunChild child, bool metadataOnly)
    {
        var execution = child.View();
        var status = execution.Status;
        var succeeded = status == ExecutionStatus.Succeeded;
        var standard = execution.Type == StateMachineType.Standard;
        var redrivable = standard && Unsuccessful(execution) && !(child.Run.View() is { } run && NoRedrive(run));
        return new DescribeExecutionResponse
        {
            ExecutionArn = execution.ExecutionArn,
            StateMachineArn = execution.StateMachineArn,
            MapRunArn = execution.MapRunArn,
            Name = execution.Name,
            Status = status,
            StartDate = execution.StartDate,
            StopDate = execution.StopDate,
            Input = metadataOnly ? null : execution.Input,
            InputDetails = new CloudWatchEventsExecutionDataDetails { Included = !metadataOnly },
            Output = succeeded && !metadataOnly ? execution.Output : null,
            OutputDetails = succeeded ? new CloudWatchEventsExecutionDataDetails { Included = !metadataOnly } : null,
            Error = execution.Error,
            Cause = execution.Cause,
            RedriveCount = standard ? execution.RedriveCount : null,
            RedriveDate = standard ? execution.RedriveDate : null,
            // A failure its Map Run can no longer redrive (the run succeeded within its tolerated failures) is counted in
            // the run's failuresNotRedrivable, which the reference defines as children that are NOT_REDRIVABLE.
            RedriveStatus = !standard ? null : redrivable ? ExecutionRedriveStatus.RedrivableByMapRun : ExecutionRedriveStatus.NotRedrivable,
            RedriveStatusReason = !standard ? null : status switch
            {
                ExecutionStatus.Running => "Execution is RUNNING and cannot be redriven",
                ExecutionStatus.Succeeded => "Execution is SUCCEEDED and cannot be redriven",
                _ => null,
            },
        };
    }

    /// <summary>GetExecutionHistory of a child workflow execution (its own events, ids from 1).</summary>
    public async Task<GetExecutionHistoryResponse> HistoryAsync(MapRunChild child, GetExecutionHistoryRequest request, CancellationToken cancellationToken)
    {
        var includeData = request.IncludeExecutionData ?? true;
        var view = child.View();
        var recorded = child.Live is { } live ? live.History?.Events : await StoredEventsAsync(child, cancellationToken).ConfigureAwait(false);

        // None recorded (the child ran without history): only the start is known.
        return KernelExecutionEngine.HistoryPage(
            recorded,
            () => KernelExecutionEngine.StartedEvent(view.StartDate, includeData ? view.Input : null, view.RoleArn, null, null),
            e => ApiHistoryEvents.From(e, includeData),
            view.ExecutionArn,
            request);
    }

    /// <summary>
    /// The events of a stored child, read from its root execution's journal. One read serves every ended stored child of
    /// that root (their events cannot change until a redrive makes them live again).
    /// </summary>
    private async Task<IReadOnlyList<Execution.HistoryEvent>?> StoredEventsAsync(MapRunChild child, CancellationToken cancellationToken)
    {
        if (child.CachedEvents is { } cached)
        {
            return cached;
        }

        if (_store is null || child.Stored is not { } stored)
        {
            return null;
        }

        var journal = await _store.OpenJournalAsync(stored.RootExecutionArn, cancellationToken).ConfigureAwait(false);
        var byName = new Dictionary<string, List<Execution.HistoryEvent>>(StringComparer.Ordinal);
        foreach (var record in journal.Committed)
        {
            if (record.Kind != JournalReplay.ChildEventKind)
            {
                continue;
            }

            var name = JournalReplay.ChildName(record.Key);
            if (!byName.TryGetValue(name, out var list))
            {
                list = [];
                byName[name] = list;
            }

            list.Add(JournalReplay.ParseEvent(record.Data));
        }

        foreach (var list in byName.Values)
        {
            list.Sort((a, b) => a.Id.CompareTo(b.Id));
        }

        foreach (var other in _children.Values)
        {
            lock (other)
            {
                if (other.Live is null && other.Stored is { } s && s.RootExecutionArn == stored.RootExecutionArn && s.Status != ExecutionStatus.Running
                    && byName.TryGetValue(s.Name, out var events))
                {
                    other.CachedEvents = events;
                }
            }
        }

        return byName.TryGetValue(stored.Name, out var found) ? found : null;
    }

    /// <summary>
    /// DescribeStateMachineForExecution of a child workflow execution: the labelled state machine
    /// (<c>Machine/Label</c>), its definition (the Map state's ItemProcessor, found by label in the parent's
    /// root execution's definition), the Map Run and label.
    /// </summary>
    public static DescribeStateMachineForExecutionResponse DescribeStateMachine(MapRunChild child, ExecutionTarget root, DateTimeOffset updateDate, LoggingConfiguration? logging, TracingConfiguration? tracing, EncryptionConfiguration? encryption)
    {
        var execution = child.View();
        var labels = execution.StateMachineName.Split('/').Skip(1).ToArray();
        var definition = ProcessorDefinition(root.Definition, labels) ?? root.Definition;
        return new DescribeStateMachineForExecutionResponse
        {
            StateMachineArn = execution.StateMachineArn,
            Name = execution.StateMachineName,
            Definition = definition,
            VariableReferences = VariableReferenceCache.Of(definition),
            RoleArn = root.RoleArn,
            UpdateDate = updateDate,
            RevisionId = root.RevisionId,
            MapRunArn = execution.MapRunArn,
            Label = labels.Length > 0 ? labels[^1] : child.Run.View()?.Label,
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
        var entry = Find(mapRunArn);
        var run = entry.View() ?? throw NotFound(mapRunArn);
        var children = run.ExecutionCounts;
        var items = run.ItemCounts;
        var (pendingRedrive, notRedrivable) = RedriveCounts(run, entry.Children);
        return new DescribeMapRunResponse
        {
            MapRunArn = run.MapRunArn,
            ExecutionArn = run.ExecutionArn,
            Status = run.Status,
            StartDate = run.StartDate,
            StopDate = run.StopDate,
            MaxConcurrency = run.MaxConcurrency,
            ToleratedFailureCount = run.ToleratedFailureCount ?? 0,
            ToleratedFailurePercentage = (float)(run.ToleratedFailurePercentage ?? 0),
            ExecutionCounts = new MapRunExecutionCounts
            {
                Pending = children.Pending,
                Running = children.Running,
                Succeeded = children.Succeeded,
                Failed = children.Failed,
                Aborted = children.Aborted,
                TimedOut = children.TimedOut,
                Total = children.Total,
                ResultsWritten = children.ResultsWritten,
                FailuresNotRedrivable = notRedrivable.Executions,
                PendingRedrive = pendingRedrive.Executions,
            },
            ItemCounts = new MapRunItemCounts
            {
                Pending = items.Pending,
                Running = items.Running,
                Succeeded = items.Succeeded,
                Failed = items.Failed,
                Aborted = items.Aborted,
                TimedOut = items.TimedOut,
                Total = items.Total,
                ResultsWritten = items.ResultsWritten,
                FailuresNotRedrivable = notRedrivable.Items,
                PendingRedrive = pendingRedrive.Items,
            },
            RedriveCount = run.RedriveCount,
            RedriveDate = run.RedriveDate,
        };
    }

    /// <summary>
    /// The unsuccessful (FAILED, ABORTED, TIMED_OUT) children of a Map Run, and their items, that a redrive in progress
    /// has yet to rerun (<c>pendingRedrive</c>: the run is running again after a redrive, and the child's last attempt
    /// ended before it), and those no redrive will rerun (<c>failuresNotRedrivable</c>: the run succeeded within its
    /// tolerated failures, so its Map state is done, or its parent is an Express execution, which cannot be redriven).
    /// </summary>
    private static ((long Executions, long Items) Pending, (long Executions, long Items) NotRedrivable) RedriveCounts(StoredMapRun run, IReadOnlyList<MapRunChild> children)
    {
        var final = NoRedrive(run);
        (long Executions, long Items) pending = default, notRedrivable = default;
        foreach (var child in children)
        {
            var view = child.View();
            if (final && Unsuccessful(view))
            {
                notRedrivable = (notRedrivable.Executions + 1, notRedrivable.Items + view.ItemCount);
            }
            else if (PendingRedrive(run, view))
            {
                pending = (pending.Executions + 1, pending.Items + view.ItemCount);
            }
        }

        return (pending, notRedrivable);
    }

    /// <summary>Whether no redrive will rerun <paramref name="run"/>'s children: it succeeded, or its parent is an Express execution.</summary>
    private static bool NoRedrive(StoredMapRun run) =>
        run.Status == MapRunStatus.Succeeded
        || (StepFunctionsArn.TryParse(run.ExecutionArn, out var parent, out _) && parent.ResourceType == StepFunctionsResourceType.ExpressExecution);

    /// <summary>
    /// Whether a redrive of <paramref name="run"/> in progress has yet to rerun the unsuccessful STANDARD
    /// <paramref name="child"/> (an EXPRESS child is not redriven: its item runs in a new child).
    /// </summary>
    private static bool PendingRedrive(StoredMapRun run, StoredMapRunExecution child) =>
        run.Status == MapRunStatus.Running && run.RedriveCount > 0 && child.Type == StateMachineType.Standard && Unsuccessful(child)
        && child.RedriveCount < run.RedriveCount;

    private static bool Unsuccessful(StoredMapRunExecution child) =>
        child.Status is ExecutionStatus.Failed or ExecutionStatus.Aborted or ExecutionStatus.TimedOut;

    /// <summary>The Map Runs of one execution, oldest first.</summary>
    public ListMapRunsResponse List(ListMapRunsRequest request)
    {
        var runs = _runs.Values.Select(e => e.View()).OfType<StoredMapRun>().Where(r => r.ExecutionArn == request.ExecutionArn).OrderBy(r => r.Sequence);
        var pageSize = request.MaxResults is null or 0 ? DefaultPageSize : request.MaxResults.Value;
        var (page, next) = PageToken.Page(runs, r => r.Sequence, request.NextToken, "mapRuns", request.ExecutionArn, pageSize);
        return new ListMapRunsResponse
        {
            MapRuns = page.Select(r => new MapRunListItem
            {
                ExecutionArn = r.ExecutionArn,
                MapRunArn = r.MapRunArn,
                StateMachineArn = r.StateMachineArn,
                StartDate = r.StartDate,
                StopDate = r.StopDate,
            }).ToList(),
            NextToken = next,
        };
    }

    /// <summary>
    /// Changes a running Map Run's concurrency and tolerated failures; they take effect at once. A stored run whose
    /// execution has not resumed yet keeps them in its record, and the resumed run takes them over.
    /// </summary>
    public UpdateMapRunResponse Update(UpdateMapRunRequest request)
    {
        var entry = Find(request.MapRunArn);
        bool updated;
        lock (entry)
        {
            if (entry.Live is { } live)
            {
                updated = live.Update(request.MaxConcurrency, request.ToleratedFailureCount, request.ToleratedFailurePercentage);
            }
            else if (entry.Stored is { Status: MapRunStatus.Running } stored)
            {
                entry.Stored = stored with
                {
                    MaxConcurrency = request.MaxConcurrency ?? stored.MaxConcurrency,
                    ToleratedFailureCount = request.ToleratedFailureCount ?? stored.ToleratedFailureCount,
                    ToleratedFailurePercentage = request.ToleratedFailurePercentage ?? stored.ToleratedFailurePercentage,
                };
                updated = true;
            }
            else
            {
                updated = false;
            }
        }

        if (!updated)
        {
            throw new ValidationException("Map Run " + request.MapRunArn + " is not in RUNNING status: it cannot be updated", ValidationExceptionReason.CannotUpdateCompletedMapRun);
        }

        Persist(entry);
        return new UpdateMapRunResponse();
    }

    private RunEntry Find(string mapRunArn) =>
        _runs.TryGetValue(mapRunArn, out var entry) && entry.View() is not null ? entry : throw NotFound(mapRunArn);

    private static ResourceNotFoundException NotFound(string mapRunArn) => new("Resource not found: '" + mapRunArn + "'", mapRunArn);

    private static StoredMapRun ToStored(RunEntry entry, MapRunControl run)
    {
        var snapshot = run.Snapshot();
        return new StoredMapRun
        {
            MapRunArn = run.MapRunArn,
            ExecutionArn = run.ExecutionArn,
            StateMachineArn = run.StateMachineArn,
            ChildStateMachineName = run.ChildStateMachineName,
            Label = run.Label,
            ExecutionType = TypeOf(run.ExecutionType),
            Sequence = entry.Sequence,
            StartDate = run.StartDate,
            StopDate = snapshot.StopDate,
            Status = snapshot.State switch
            {
                MapRunState.Running => MapRunStatus.Running,
                MapRunState.Succeeded => MapRunStatus.Succeeded,
                MapRunState.Failed => MapRunStatus.Failed,
                _ => MapRunStatus.Aborted,
            },
            MaxConcurrency = snapshot.MaxConcurrency,
            ToleratedFailureCount = snapshot.ToleratedFailureCount,
            ToleratedFailurePercentage = snapshot.ToleratedFailurePercentage,
            ExecutionCounts = Counts(snapshot.Children, run.TotalChildren),
            ItemCounts = Counts(snapshot.Items, run.TotalItems),
            RedriveCount = run.RedriveCount,
            RedriveDate = run.RedriveDate,
        };
    }

    private static StateMachineType TypeOf(Language.Model.ExecutionType type) =>
        type == Language.Model.ExecutionType.Express ? StateMachineType.Express : StateMachineType.Standard;

    private static StoredMapRunCounts Counts(long[] c, long total) => new(c[0], c[1], c[2], c[3], c[4], c[5], c[6], total);

    internal static StoredMapRunExecution ToStoredChild(MapRunChild child, MapRunExecution execution)
    {
        var (state, stopDate, output, error, cause) = execution.Snapshot;
        return new StoredMapRunExecution
        {
            ExecutionArn = execution.ExecutionArn,
            MapRunArn = execution.MapRunArn,
            RootExecutionArn = execution.RootExecutionArn,
            Sequence = child.Sequence,
            Name = execution.Name,
            Type = TypeOf(execution.Type),
            StateMachineArn = execution.StateMachineArn,
            StateMachineName = execution.StateMachineName,
            RoleArn = execution.RoleArn,
            Input = execution.Input.ToJsonString(),
            ItemCount = execution.ItemCount,
            StartDate = execution.StartDate,
            Status = KernelExecutionEngine.Map(state),
            StopDate = stopDate,
            Output = state == KernelStatus.Succeeded ? output.ToJsonString() : null,
            Error = error,
            Cause = cause,
            RedriveCount = execution.RedriveCount,
            RedriveDate = execution.RedriveDate,
        };
    }

    private void Persist(RunEntry entry)
    {
        if (_store is not null && entry.Persisted)
        {
            entry.Writer.Touch();
        }
    }

    private void Persist(MapRunChild child)
    {
        if (_store is not null && child.Persisted)
        {
            child.Writer.Touch();
        }
    }

    private void Track(Task write)
    {
        if (write.IsCompleted)
        {
            return;
        }

        _writes.TryAdd(write, 0);
        _ = write.ContinueWith(
            static (done, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(done, out _),
            _writes,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static void InterlockedMax(ref long location, long value)
    {
        var current = Interlocked.Read(ref location);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref location, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>One Map Run: live (its control, while this process runs it or after it ended here) or as stored.</summary>
    internal sealed class RunEntry
    {
        private readonly List<MapRunChild> _children = [];

        public RunEntry(MapRunRegistry registry, long sequence, bool persisted)
        {
            Sequence = sequence;
            Persisted = persisted;
            Writer = new RowWriter<StoredMapRun>(registry, View, (row, token) => registry.Store!.SaveMapRunAsync(row, token));
        }

        public long Sequence { get; }

        public MapRunControl? Live { get; set; }

        public StoredMapRun? Stored { get; set; }

        /// <summary>The stored record of a run whose resumed replay has not yet reached the counts it had.</summary>
        public StoredMapRun? CatchingUp { get; set; }

        public bool Persisted { get; set; }

        public RowWriter<StoredMapRun> Writer { get; }

        public IReadOnlyList<MapRunChild> Children
        {
            get
            {
                lock (_children)
                {
                    return _children.ToArray();
                }
            }
        }

        public MapRunChild AddChild(MapRunChild child)
        {
            lock (_children)
            {
                _children.Add(child);
            }

            return child;
        }

        public StoredMapRun? View()
        {
            lock (this)
            {
                if (Live is not { } live)
                {
                    return Stored;
                }

                var view = ToStored(this, live);
                if (CatchingUp is { } stored)
                {
                    // Children that ended before the restart replay at once; until they have, the stored counts are the truth.
                    if (view.Status == MapRunStatus.Running && Ended(view.ExecutionCounts) < Ended(stored.ExecutionCounts))
                    {
                        return stored with
                        {
                            MaxConcurrency = view.MaxConcurrency,
                            ToleratedFailureCount = view.ToleratedFailureCount,
                            ToleratedFailurePercentage = view.ToleratedFailurePercentage,
                        };
                    }

                    CatchingUp = null;
                }

                return view;
            }
        }

        private static long Ended(StoredMapRunCounts counts) => counts.Succeeded + counts.Failed + counts.Aborted + counts.TimedOut;
    }

    /// <summary>
    /// Persists the latest state of one row: one write at a time, in order; changes made while a write is in flight
    /// coalesce into the next write; a row equal to the last one written is not written again.
    /// </summary>
    internal sealed class RowWriter<T>(MapRunRegistry registry, Func<T?> snapshot, Func<T, CancellationToken, ValueTask> save)
        where T : class
    {
        private readonly object _gate = new();
        private bool _writing;
        private bool _dirty;
        private TaskCompletionSource? _idle;

        /// <summary>The last row written (or loaded).</summary>
        public T? Written { get; set; }

        /// <summary>Completes when no write is in flight or pending.</summary>
        public Task Idle
        {
            get
            {
                lock (_gate)
                {
                    return _idle?.Task ?? Task.CompletedTask;
                }
            }
        }

        public void Touch()
        {
            lock (_gate)
            {
                if (_writing)
                {
                    _dirty = true;
                    return;
                }

                _writing = true;
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            registry.Track(WriteAsync());
        }

        private async Task WriteAsync()
        {
            while (true)
            {
                var row = snapshot();
                if (row is not null && !Equals(row, Written) && !registry._suspended.IsCancellationRequested)
                {
                    try
                    {
                        await save(row, CancellationToken.None).ConfigureAwait(false);
                        Written = row;
                    }
#pragma warning disable CA1031 // a failed write is repaired by the next change, or by the replay of the execution after a restart
                    catch (Exception)
#pragma warning restore CA1031
                    {
                    }
                }

                TaskCompletionSource? idle;
                lock (_gate)
                {
                    if (_dirty)
                    {
                        _dirty = false;
                        continue;
                    }

                    _writing = false;
                    idle = _idle;
                    _idle = null;
                }

                idle?.TrySetResult();
                return;
            }
        }
    }
}

/// <summary>A child workflow execution of a Map Run in the registry: live while its parent runs in this process, else as stored.</summary>
internal sealed class MapRunChild
{
    private readonly MapRunRegistry.RowWriter<StoredMapRunExecution> _writer;

    internal MapRunChild(MapRunRegistry registry, MapRunRegistry.RunEntry run, long sequence)
    {
        Run = run;
        Sequence = sequence;
        _writer = new MapRunRegistry.RowWriter<StoredMapRunExecution>(registry, View, (row, token) => registry.Store!.SaveMapRunExecutionAsync(row, token));
    }

    /// <summary>The Map Run it belongs to.</summary>
    internal MapRunRegistry.RunEntry Run { get; }

    /// <summary>Its place in the start order of all children.</summary>
    public long Sequence { get; }

    /// <summary>The running (or finished) child of a run in this process.</summary>
    public MapRunExecution? Live { get; set; }

    /// <summary>The child as the store kept it (before its parent's replay reached it again).</summary>
    public StoredMapRunExecution? Stored { get; set; }

    /// <summary>Whether it is persisted (a STANDARD child of a journaled execution, under a store).</summary>
    public bool Persisted { get; set; }

    /// <summary>A stored child's events, once read from its root execution's journal.</summary>
    public IReadOnlyList<Execution.HistoryEvent>? CachedEvents { get; set; }

    internal MapRunRegistry.RowWriter<StoredMapRunExecution> Writer => _writer;

    /// <summary>The execution that started its Map Run.</summary>
    public string ParentExecutionArn => Run.View()?.ExecutionArn ?? string.Empty;

    /// <summary>
    /// What DescribeExecution and ListExecutions show of it (and what is written to the store): the live child, except
    /// while a resumed parent's replay has not yet brought it back to the end the store already holds (the same attempt,
    /// still running in the replay). A redriven child is a new attempt and shows live.
    /// </summary>
    public StoredMapRunExecution View()
    {
        lock (this)
        {
            if (Live is not { } live)
            {
                return Stored!;
            }

            if (Stored is { } stored && stored.Status != ExecutionStatus.Running && live.RedriveCount == stored.RedriveCount
                && live.Snapshot.Status == KernelStatus.Running)
            {
                return stored;
            }

            return MapRunRegistry.ToStoredChild(this, live);
        }
    }
}
