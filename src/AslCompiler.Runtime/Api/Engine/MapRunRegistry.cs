using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Execution;

namespace AslCompiler.Runtime.Api.Engine;

/// <summary>
/// The Map Runs the kernel's distributed Maps started (the kernel tells it through <see cref="IMapRunMonitor"/>):
/// DescribeMapRun, ListMapRuns and UpdateMapRun read and steer them. Runs stay listed after they complete.
/// </summary>
internal sealed class MapRunRegistry : IMapRunMonitor
{
    private const int DefaultPageSize = 100;

    private readonly ConcurrentDictionary<string, Entry> _runs = new(StringComparer.Ordinal);
    private long _sequence;

    public void Started(MapRunControl run) => _runs[run.MapRunArn] = new Entry(run, Interlocked.Increment(ref _sequence));

    public DescribeMapRunResponse Describe(string mapRunArn)
    {
        var run = Find(mapRunArn);
        var (pending, running, succeeded, failed, aborted) = run.Children;
        var items = run.Items;
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
                TimedOut = 0,
                Total = run.TotalChildren,
                ResultsWritten = 0,
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
                TimedOut = 0,
                Total = run.TotalItems,
                ResultsWritten = 0,
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
