using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using AslCompiler.Runtime.Api;
using Microsoft.Extensions.DependencyInjection;

namespace AslCompiler.Hosting.Tests;

public class ExecutionMetricsTests
{
    private sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);

    [Fact]
    public async Task Executions_started_succeeded_failed_transitions_and_durations_are_measured_per_state_machine()
    {
        var measurements = new ConcurrentQueue<Measurement>();
        using var listener = Listen(measurements);
        using var host = await StartHostAsync();
        var stepFunctions = host.Services.GetRequiredService<IStepFunctions>();
        var parallel = await Workflows.CreateAsync(stepFunctions, Workflows.ParallelOfPasses);
        var fails = await Workflows.CreateAsync(stepFunctions, Workflows.Fails);
        await Workflows.RunAsync(stepFunctions, parallel);
        await Workflows.RunAsync(stepFunctions, parallel);
        await Workflows.RunAsync(stepFunctions, fails);
        await host.StopAsync();

        double Sum(string instrument, string stateMachine, string? status = null) => measurements
            .Where(m => m.Instrument == instrument && (string?)m.Tags[AslCompilerTelemetryNames.StateMachineTag] == stateMachine)
            .Where(m => status is null || (string?)m.Tags[AslCompilerTelemetryNames.ExecutionStatusTag] == status)
            .Sum(m => m.Value);

        Assert.Equal(2, Sum(AslCompilerTelemetryNames.ExecutionsStarted, parallel));
        Assert.Equal(2, Sum(AslCompilerTelemetryNames.ExecutionsSucceeded, parallel));
        Assert.Equal(0, Sum(AslCompilerTelemetryNames.ExecutionsFailed, parallel));
        Assert.Equal(2 * 5, Sum(AslCompilerTelemetryNames.StateTransitions, parallel)); // Fork, A1, A2, B1, Done
        Assert.Equal(1, Sum(AslCompilerTelemetryNames.ExecutionsStarted, fails));
        Assert.Equal(1, Sum(AslCompilerTelemetryNames.ExecutionsFailed, fails, "FAILED"));
        Assert.Equal(1, Sum(AslCompilerTelemetryNames.StateTransitions, fails));

        var durations = measurements.Where(m => m.Instrument == AslCompilerTelemetryNames.ExecutionDuration
            && ((string?)m.Tags[AslCompilerTelemetryNames.StateMachineTag] == parallel || (string?)m.Tags[AslCompilerTelemetryNames.StateMachineTag] == fails)).ToList();
        Assert.Equal(3, durations.Count);
        Assert.All(durations, d => Assert.InRange(d.Value, 0, 10));
        Assert.All(durations, d => Assert.Equal("STANDARD", d.Tags[AslCompilerTelemetryNames.ExecutionTypeTag]));
    }

    [Fact]
    public async Task Express_executions_count_their_transitions_without_their_history_as_standard_ones_do_from_it()
    {
        // A Standard execution's states are counted from its events; an Express one's, which records no history for the
        // counter, by the kernel as it ends. Both count Map iterations' and Parallel branches' states.
        const string definition = """
            {"StartAt":"Init","States":{
              "Init":{"Type":"Pass","Result":[1,2,3],"ResultPath":"$.items","Next":"Each"},
              "Each":{"Type":"Map","ItemsPath":"$.items","ResultPath":"$.mapped","Next":"Fork","ItemProcessor":{"StartAt":"A","States":{
                "A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","End":true}}}},
              "Fork":{"Type":"Parallel","ResultPath":"$.forked","Next":"Check","Branches":[
                {"StartAt":"A1","States":{"A1":{"Type":"Pass","Next":"A2"},"A2":{"Type":"Pass","End":true}}},
                {"StartAt":"B1","States":{"B1":{"Type":"Pass","End":true}}}]},
              "Check":{"Type":"Choice","Choices":[{"Variable":"$.fail","IsPresent":true,"Next":"Boom"}],"Default":"Done"},
              "Boom":{"Type":"Fail","Error":"Custom.Boom"},
              "Done":{"Type":"Succeed"}}}
            """;
        const int Entered = 1 + (1 + (3 * 2)) + (1 + 3) + 2; // Init, Each and its 3 x 2, Fork and its 3, Check, Done (or Boom)
        const string Fail = """{"fail":true}""";
        var measurements = new ConcurrentQueue<Measurement>();
        using var listener = Listen(measurements);
        using var host = await StartHostAsync();
        var stepFunctions = host.Services.GetRequiredService<IStepFunctions>();
        var telemetry = host.Services.GetRequiredService<ExecutionTelemetry>();
        var standard = await Workflows.CreateAsync(stepFunctions, definition);
        var express = (await stepFunctions.CreateStateMachineAsync(new CreateStateMachineRequest
        {
            Name = Workflows.UniqueName("express"),
            Definition = definition,
            RoleArn = Workflows.Role,
            Type = StateMachineType.Express,
        })).StateMachineArn;

        List<Measurement> Of(string instrument, string stateMachine) => measurements
            .Where(m => m.Instrument == instrument && (string?)m.Tags[AslCompilerTelemetryNames.StateMachineTag] == stateMachine)
            .ToList();

        Assert.Equal(ExecutionStatus.Succeeded, (await Workflows.RunAsync(stepFunctions, standard)).Status);
        Assert.Equal(ExecutionStatus.Failed, (await Workflows.RunAsync(stepFunctions, standard, Fail)).Status);
        var standardTransitions = Of(AslCompilerTelemetryNames.StateTransitions, standard);
        Assert.Equal(2 * Entered, standardTransitions.Sum(m => m.Value));
        Assert.Equal(2 * Entered, standardTransitions.Count); // one by one, as each state entered

        var observed = new ExecutionObservation
        {
            ExecutionArn = express + ":e",
            StateMachineArn = express,
            Name = "e",
            Type = StateMachineType.Express,
            StartDate = DateTimeOffset.UnixEpoch,
        };
        Assert.False(telemetry.ObservesHistory(observed)); // the counter listened to does not make it record its history
        var succeeded = await stepFunctions.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = express, Input = "{}" });
        var failed = await stepFunctions.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = express, Input = Fail });
        Assert.Equal(SyncExecutionStatus.Succeeded, succeeded.Status);
        Assert.Equal(SyncExecutionStatus.Failed, failed.Status);
        await stepFunctions.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = express, Input = "{}" });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Of(AslCompilerTelemetryNames.ExecutionsSucceeded, express).Count + Of(AslCompilerTelemetryNames.ExecutionsFailed, express).Count < 3 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(5);
        }

        await host.StopAsync();
        var expressTransitions = Of(AslCompilerTelemetryNames.StateTransitions, express);
        Assert.Equal(3 * Entered, expressTransitions.Sum(m => m.Value));
        Assert.Equal(3, expressTransitions.Count); // each execution's, as it ended
    }

    [Fact]
    public void The_meter_and_the_source_carry_the_packages_version_not_the_assemblys()
    {
        string? version = null;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == AslCompilerTelemetryNames.MeterName)
                {
                    version = instrument.Meter.Version;
                }
            },
        };
        listener.Start();

        using var telemetry = new ExecutionTelemetry();

        var informational = typeof(ExecutionTelemetry).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion;
        Assert.Equal(informational.Split('+')[0], version);
        Assert.DoesNotContain('+', version!);
    }

    [Fact]
    public void The_duration_histogram_advises_buckets_in_seconds()
    {
        // An SDK's default buckets (0, 5, 10, 25 ...) are made for milliseconds: every execution fell in the first.
        IReadOnlyList<double>? buckets = null;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument is Histogram<double> { Name: AslCompilerTelemetryNames.ExecutionDuration } histogram && histogram.Meter.Name == AslCompilerTelemetryNames.MeterName)
                {
                    buckets = histogram.Advice?.HistogramBucketBoundaries;
                }
            },
        };
        listener.Start();

        using var telemetry = new ExecutionTelemetry();

        Assert.NotNull(buckets);
        Assert.Equal(0.005, buckets[0]);
        Assert.Contains(1.0, buckets);
        Assert.Equal(86400, buckets[^1]);
        Assert.Equal(buckets.Order(), buckets);
    }

    /// <summary>Takes every measurement of the AslCompiler meter.</summary>
    private static MeterListener Listen(ConcurrentQueue<Measurement> measurements)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == AslCompilerTelemetryNames.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue(new(i.Name, v, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue(new(i.Name, v, ToDictionary(tags))));
        listener.Start();
        return listener;
    }

    private static async Task<Microsoft.Extensions.Hosting.IHost> StartHostAsync()
    {
        var builder = TestHosts.Builder();
        builder.Services.AddAslCompiler();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            result[tag.Key] = tag.Value;
        }

        return result;
    }
}
