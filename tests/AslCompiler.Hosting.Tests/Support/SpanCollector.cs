using System.Collections.Concurrent;
using System.Diagnostics;

namespace AslCompiler.Hosting.Tests;

/// <summary>Listens to the AslCompiler activity source, samples everything and keeps the stopped spans.</summary>
internal sealed class SpanCollector : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public SpanCollector()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AslCompilerTelemetryNames.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The spans of one execution (tagged with its ARN).</summary>
    public IReadOnlyList<Activity> Of(string executionArn) =>
        _stopped.Where(a => (a.GetTagItem(AslCompilerTelemetryNames.ExecutionArnTag) as string) == executionArn).ToList();

    /// <summary>Every stopped span.</summary>
    public IReadOnlyList<Activity> All => _stopped.ToList();

    public void Dispose() => _listener.Dispose();
}
