using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using JournalRecord = AslCompiler.Runtime.Execution.JournalRecord;

namespace AslCompiler.Hosting.Tests;

/// <summary>
/// services.AddHealthChecks().AddAslCompiler(): unhealthy until the scheduler has recovered the store and once it
/// stops, healthy in between, and unhealthy (naming the execution and the store's error) once a run stopped because
/// the store could not be written.
/// </summary>
public class HealthCheckTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static IHost Build(IStepFunctionsStore? store = null, HealthStatus? failureStatus = null)
    {
        var builder = TestHosts.Builder();
        var aslCompiler = builder.Services.AddAslCompiler();
        if (store is not null)
        {
            aslCompiler.UseStore(_ => store);
        }

        builder.Services.AddHealthChecks().AddAslCompiler(failureStatus: failureStatus, tags: ["ready"]);
        return builder.Build();
    }

    private static async Task<HealthReportEntry> CheckAsync(IHost host)
    {
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return report.Entries[AslCompilerHealthChecksBuilderExtensions.DefaultName];
    }

    [Fact]
    public async Task Unhealthy_before_the_host_starts_healthy_while_it_runs_and_unhealthy_once_it_stops()
    {
        using var host = Build();

        var before = await CheckAsync(host);
        Assert.Equal(HealthStatus.Unhealthy, before.Status);
        Assert.Contains("not started", before.Description, StringComparison.Ordinal);
        Assert.Equal("NotStarted", before.Data["phase"]);
        Assert.Contains("ready", before.Tags);

        await host.StartAsync();
        var running = await CheckAsync(host);
        Assert.Equal(HealthStatus.Healthy, running.Status);
        Assert.Equal("Running", running.Data["phase"]);
        Assert.Equal(0, running.Data["interruptedExecutions"]);

        // Executions that end as they should leave it healthy.
        var stepFunctions = host.Services.GetRequiredService<IStepFunctions>();
        var machine = await Workflows.CreateAsync(stepFunctions, Workflows.Pass);
        Assert.Equal(ExecutionStatus.Succeeded, (await Workflows.RunAsync(stepFunctions, machine)).Status);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(host)).Status);

        await host.StopAsync();
        var stopped = await CheckAsync(host);
        Assert.Equal(HealthStatus.Unhealthy, stopped.Status);
        Assert.Equal("Stopping", stopped.Data["phase"]);
    }

    [Fact]
    public async Task A_run_the_store_could_not_record_makes_it_report_the_failure_status_naming_the_execution_and_the_error()
    {
        var store = new FullDiskStore(new InMemoryStepFunctionsStore());
        using var host = Build(store, HealthStatus.Degraded);
        await host.StartAsync();
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(host)).Status);
        var stepFunctions = host.Services.GetRequiredService<IStepFunctions>();
        var machine = await Workflows.CreateAsync(stepFunctions, Workflows.Pass);

        store.Full = true;
        var started = await stepFunctions.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machine });
        var entry = await CheckAsync(host);
        using (var timeout = new CancellationTokenSource(Bound))
        {
            while (entry.Status == HealthStatus.Healthy)
            {
                await Task.Delay(10, timeout.Token);
                entry = await CheckAsync(host);
            }
        }

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Contains("1 execution stopped", entry.Description, StringComparison.Ordinal);
        Assert.Contains(started.ExecutionArn, entry.Description, StringComparison.Ordinal);
        Assert.Contains("No space left on device", entry.Description, StringComparison.Ordinal);
        Assert.Same(store.Failure, entry.Exception);
        Assert.Equal(1, entry.Data["interruptedExecutions"]);
        Assert.Equal(started.ExecutionArn, entry.Data["lastInterruptedExecution"]);
        Assert.Equal("No space left on device", entry.Data["lastStoreError"]);

        // The execution stays RUNNING, and so does the report, until the store is recovered by the next start.
        store.Full = false;
        Assert.Equal(ExecutionStatus.Running, (await stepFunctions.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = started.ExecutionArn })).Status);
        Assert.Equal(HealthStatus.Degraded, (await CheckAsync(host)).Status);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_recovery_that_fails_is_reported_with_its_exception()
    {
        var store = new UnreadableStore(new InMemoryStepFunctionsStore());
        using var host = Build(store);

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
        var entry = await CheckAsync(host);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal("RecoveryFailed", entry.Data["phase"]);
        Assert.Contains("recovering the store failed", entry.Description, StringComparison.Ordinal);
        Assert.Contains(store.Failure.Message, entry.Description, StringComparison.Ordinal);
        Assert.NotNull(entry.Exception);
        Assert.Contains(store.Failure.Message, thrown.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_checks_share_one_observer()
    {
        var services = new ServiceCollection();
        services.AddAslCompiler();
        services.AddHealthChecks().AddAslCompiler().AddAslCompiler("aslcompiler-live", tags: ["live"]);
        using var provider = services.BuildServiceProvider();

        var observers = provider.GetServices<IExecutionObserver>().ToList();
        Assert.Single(observers, o => o.GetType().Name == "AslCompilerHealth");
        Assert.Contains(observers, o => o is ExecutionTelemetry);
    }

    [Fact]
    public void The_name_must_not_be_blank()
    {
        var services = new ServiceCollection();
        Assert.Throws<ArgumentException>(() => services.AddHealthChecks().AddAslCompiler(" "));
    }

    /// <summary>A store whose journal cannot be written while <see cref="Full"/> (a full disk).</summary>
    private sealed class FullDiskStore(IStepFunctionsStore inner) : ForwardingStore(inner)
    {
        public Exception Failure { get; } = new IOException("No space left on device");

        public volatile bool Full;

        protected override ValueTask CommitAsync(string executionArn, IReadOnlyList<JournalRecord> staged, Func<ValueTask> commit, CancellationToken cancellationToken) =>
            Full && staged.Count > 0 ? ValueTask.FromException(Failure) : commit();
    }

    /// <summary>A store whose executions cannot be read back (a corrupt file).</summary>
    private sealed class UnreadableStore(IStepFunctionsStore inner) : ForwardingStore(inner)
    {
        public Exception Failure { get; } = new InvalidDataException("The store's file is corrupt.");

        public override ValueTask<IReadOnlyList<StoredExecution>> LoadExecutionsAsync(CancellationToken cancellationToken) =>
            ValueTask.FromException<IReadOnlyList<StoredExecution>>(Failure);
    }
}
