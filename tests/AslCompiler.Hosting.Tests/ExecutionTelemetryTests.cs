using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using AslCompiler.Runtime.Api;

namespace AslCompiler.Hosting.Tests;

/// <summary>The observer on its own, fed by hand: resumed and suspended executions, and unknown executions.</summary>
public class ExecutionTelemetryTests
{
    private static ExecutionObservation Observation(string name, bool resumed) => new()
    {
        ExecutionArn = "arn:aws:states:us-east-1:123456789012:execution:Manual:" + name,
        StateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:Manual-" + name,
        Name = name,
        Type = StateMachineType.Standard,
        StartDate = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Tracing = new TracingConfiguration { Enabled = true },
        Resumed = resumed,
    };

    private static HistoryEvent Entered(long id, long previous, string state) => new()
    {
        Id = id,
        PreviousEventId = previous,
        Timestamp = new DateTimeOffset(2026, 1, 1, 0, 0, (int)id, TimeSpan.Zero),
        Type = HistoryEventType.WaitStateEntered,
        StateEnteredEventDetails = new StateEnteredEventDetails { Name = state },
    };

    [Fact]
    public void A_resumed_execution_is_not_counted_as_started_again_and_a_suspended_one_ends_its_spans_on_dispose()
    {
        var started = new ConcurrentQueue<string?>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == AslCompilerTelemetryNames.MeterName && instrument.Name == AslCompilerTelemetryNames.ExecutionsStarted)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == AslCompilerTelemetryNames.StateMachineTag)
                {
                    started.Enqueue(tag.Value as string);
                }
            }
        });
        listener.Start();
        using var spans = new SpanCollector();
        var telemetry = new ExecutionTelemetry();
        var fresh = Observation("fresh-" + Guid.NewGuid().ToString("N"), resumed: false);
        var resumed = Observation("resumed-" + Guid.NewGuid().ToString("N"), resumed: true);

        telemetry.ExecutionStarted(fresh);
        telemetry.ExecutionStarted(resumed);
        telemetry.HistoryEventRecorded(resumed, Entered(12, 11, "Hold"));
        telemetry.Dispose();

        Assert.Contains(fresh.StateMachineArn, started);
        Assert.DoesNotContain(resumed.StateMachineArn, started);
        var resumedSpans = spans.Of(resumed.ExecutionArn);
        Assert.Equal(2, resumedSpans.Count);
        var execution = Assert.Single(resumedSpans, s => s.GetTagItem(AslCompilerTelemetryNames.StateNameTag) is null);
        Assert.Equal(true, execution.GetTagItem(AslCompilerTelemetryNames.ExecutionResumedTag));
        Assert.Equal(true, execution.GetTagItem(AslCompilerTelemetryNames.ExecutionSuspendedTag));
        var hold = Assert.Single(resumedSpans, s => (string?)s.GetTagItem(AslCompilerTelemetryNames.StateNameTag) == "Hold");
        Assert.Equal(execution.SpanId, hold.ParentSpanId);
    }

    [Fact]
    public void Events_of_an_execution_it_never_saw_start_are_still_handled()
    {
        using var telemetry = new ExecutionTelemetry(traceAllExecutions: true);
        var unseen = Observation("unseen", resumed: false);

        telemetry.HistoryEventRecorded(unseen, Entered(1, 0, "Hold"));
        telemetry.ExecutionCompleted(unseen, ExecutionStatus.Succeeded, unseen.StartDate.AddSeconds(5));
    }

    [Theory]
    [InlineData(true, "{\"name\":\"S\",\"input\":\"{\\\"a\\\":1}\",\"inputDetails\":{\"truncated\":false}}")]
    [InlineData(false, "{\"name\":\"S\"}")]
    public void Details_are_the_event_details_object_without_data_unless_asked(bool includeData, string expected)
    {
        var historyEvent = new HistoryEvent
        {
            Id = 2,
            PreviousEventId = 1,
            Timestamp = DateTimeOffset.UnixEpoch,
            Type = HistoryEventType.PassStateEntered,
            StateEnteredEventDetails = new StateEnteredEventDetails { Name = "S", Input = "{\"a\":1}", InputDetails = new HistoryEventExecutionDataDetails { Truncated = false } },
        };

        Assert.Equal(expected, ExecutionTelemetry.Details(historyEvent, includeData));
    }
}
