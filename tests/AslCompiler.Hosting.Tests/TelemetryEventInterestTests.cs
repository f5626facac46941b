using System.Diagnostics.Metrics;
using AslCompiler.Runtime.Api;
using Microsoft.Extensions.Logging;
using StatesLogLevel = AslCompiler.Runtime.Api.LogLevel;

namespace AslCompiler.Hosting.Tests;

/// <summary>
/// ExecutionTelemetry wants an execution's history events only when something reads them, so an EXPRESS execution on a
/// host records no history for telemetry that logs and traces nothing (that cost a short execution 20 times its run).
/// </summary>
public sealed class TelemetryEventInterestTests
{
    private static readonly ExecutionObservation Express = new()
    {
        ExecutionArn = "arn:aws:states:us-east-1:123456789012:express:M:e:1",
        StateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:M",
        Name = "e",
        Type = StateMachineType.Express,
        StartDate = DateTimeOffset.UnixEpoch,
    };

    /// <summary>Meters of a name no other test's listener enables.</summary>
    private sealed class PrivateMeters : IMeterFactory
    {
        public string Name { get; } = "AslCompiler.Tests." + Guid.NewGuid().ToString("N");

        public Meter Create(MeterOptions options) => new(Name);

        public void Dispose()
        {
        }
    }

    [Fact]
    public void Nothing_reading_events_wants_none()
    {
        using var telemetry = new ExecutionTelemetry(meterFactory: new PrivateMeters());

        Assert.False(telemetry.ObservesHistory(Express));

        // Logging on, but no logger takes the records.
        Assert.False(telemetry.ObservesHistory(Express with { Logging = new LoggingConfiguration { Level = StatesLogLevel.All } }));
    }

    [Fact]
    public void A_logger_that_takes_records_of_a_logged_execution_wants_them()
    {
        using var logs = LoggerFactory.Create(b => b.AddProvider(new CapturingLoggerProvider()));
        using var telemetry = new ExecutionTelemetry(logs, new PrivateMeters());

        Assert.True(telemetry.ObservesHistory(Express with { Logging = new LoggingConfiguration { Level = StatesLogLevel.Error } }));
        Assert.False(telemetry.ObservesHistory(Express with { Logging = new LoggingConfiguration { Level = StatesLogLevel.Off } }));
    }

    [Fact]
    public void A_listener_of_the_transitions_counter_wants_a_standard_executions_events_only()
    {
        // An Express execution's states are counted by the kernel and added as it ends (ExecutionMetricsTests).
        var meters = new PrivateMeters();
        using var telemetry = new ExecutionTelemetry(meterFactory: meters);
        var standard = Express with { Type = StateMachineType.Standard };
        Assert.False(telemetry.ObservesHistory(Express));
        Assert.False(telemetry.ObservesHistory(standard));

        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == meters.Name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.Start();

        Assert.False(telemetry.ObservesHistory(Express));
        Assert.True(telemetry.ObservesHistory(standard));
    }
}
