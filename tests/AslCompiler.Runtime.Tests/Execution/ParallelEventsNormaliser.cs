using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Tests.Execution;

/// <summary>
/// What LocalStack's snapshot recorder did to the history of a test that ran a Parallel state with its
/// order-independence normalisation: the events after each <c>ParallelStateStarted</c> get the id <c>[0]</c> and are
/// sorted, and at each closing Parallel event (<c>ParallelStateSucceeded</c>, <c>Failed</c>, <c>Aborted</c>,
/// <c>Exited</c>) the run of events since the last <c>ParallelStateStarted</c> is replaced by that sorted run. A second
/// closing event (<c>ParallelStateExited</c> after <c>ParallelStateSucceeded</c>) replaces a longer run with the same
/// events, so the events in between are lost from the recording (every <c>ParallelStateSucceeded</c>, a
/// <c>ParallelStateFailed</c> followed by <c>ParallelStateExited</c>, inner Parallel events of nested Parallels), and the
/// scan, running on over the shortened list, then skips as many events. A recorded history with <c>[0]</c> ids went
/// through this; applying the same steps to a local history makes the two comparable. Order within a sorted run is not
/// reproduced (the recorder sorted whole events, timestamps included): compare such histories as multisets.
/// </summary>
internal static class ParallelEventsNormaliser
{
    private static readonly HashSet<string> Closing = new(StringComparer.Ordinal)
    {
        "ParallelStateSucceeded", "ParallelStateAborted", "ParallelStateExited", "ParallelStateFailed",
    };

    /// <summary>Whether the recorded history went through the normalisation (it holds <c>[0]</c> ids).</summary>
    public static bool Applies(JsonValue recordedHistory) =>
        recordedHistory.TryGetArray(out var events) && events.Any(e => e["id"].Kind == JsonKind.Array);

    /// <summary>The event types the recorder would have kept of <paramref name="types"/>.</summary>
    public static List<string> Apply(IEnumerable<string> types)
    {
        var events = types.ToList();
        var start = 0;
        var run = new List<string>();
        var inRun = false;
        for (var i = 0; i < events.Count; i++)
        {
            var type = events[i];
            if (Closing.Contains(type))
            {
                // Replace events[start..i) by the run (which may be shorter: the events in between are dropped).
                events.RemoveRange(start, i - start);
                events.InsertRange(start, run);
                inRun = false;
            }
            else if (type == "ParallelStateStarted")
            {
                inRun = true;
                run = [];
                start = i + 1;
            }
            else if (inRun)
            {
                run.Add(type);
            }
        }

        return events;
    }
}
