using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AslCompiler.Hosting.Tests;

public class AddAslCompilerTests
{
    private sealed class NullWorker : IActivityWorker
    {
        public ValueTask<JsonValue> ExecuteAsync(ActivityWorkItem task, CancellationToken cancellationToken) => ValueTask.FromResult(JsonValue.Null);
    }

    [Fact]
    public async Task Registers_one_LocalStepFunctions_as_IStepFunctions_with_the_configured_place()
    {
        var builder = TestHosts.Builder();
        builder.Services.AddAslCompiler(o =>
        {
            o.Region = "eu-west-3";
            o.AccountId = "210987654321";
        });
        using var host = builder.Build();
        await host.StartAsync();

        var stepFunctions = host.Services.GetRequiredService<IStepFunctions>();
        Assert.Same(host.Services.GetRequiredService<LocalStepFunctions>(), stepFunctions);
        var arn = await Workflows.CreateAsync(stepFunctions, Workflows.Pass, "Hello");
        Assert.Equal("arn:aws:states:eu-west-3:210987654321:stateMachine:Hello", arn);
        var done = await Workflows.RunAsync(stepFunctions, arn);
        Assert.Equal(ExecutionStatus.Succeeded, done.Status);
        Assert.Equal("""{"ok":true}""", done.Output);
        await host.StopAsync();
    }

    [Fact]
    public void Registers_the_scheduler_the_registry_and_the_telemetry_observer_once_when_called_twice()
    {
        var services = new ServiceCollection();
        services.AddAslCompiler();
        services.AddAslCompiler(o => o.Region = "us-west-2");
        using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<IHostedService>());
        Assert.Single(provider.GetServices<IExecutionObserver>());
        Assert.IsType<ExecutionTelemetry>(provider.GetServices<IExecutionObserver>().Single());
        Assert.NotNull(provider.GetService<TaskHandlerRegistry>());
        Assert.Equal("us-west-2", provider.GetRequiredService<LocalStepFunctions>().Arns.Region);
    }

    [Fact]
    public void Works_without_a_host_or_logging()
    {
        var services = new ServiceCollection();
        services.AddAslCompiler();
        using var provider = services.BuildServiceProvider();
        Assert.NotNull(provider.GetRequiredService<IStepFunctions>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_store_the_host_creates_ends_leases_by_the_registered_clock(bool onDisk)
    {
        var path = Path.Combine(Path.GetTempPath(), "aslcompiler-claims-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            // A virtual clock a year ahead: a store that read the real clock would see no lease end.
            var clock = new AslCompiler.Runtime.Timing.VirtualTimeProvider(DateTimeOffset.UtcNow.AddYears(1));
            var services = new ServiceCollection();
            services.AddSingleton<TimeProvider>(clock);
            services.AddAslCompiler(o => o.StorePath = onDisk ? path : null);
            await using var provider = services.BuildServiceProvider();
            var store = provider.GetRequiredService<AslCompiler.Runtime.Api.Store.IStepFunctionsStore>();

            Assert.True(await store.TryClaimAsync("arn:x", "node-a", clock.GetUtcNow().AddMinutes(1), CancellationToken.None));
            Assert.False(await store.TryClaimAsync("arn:x", "node-b", clock.GetUtcNow().AddMinutes(1), CancellationToken.None));
            clock.Advance(TimeSpan.FromMinutes(2));
            Assert.True(await store.TryClaimAsync("arn:x", "node-b", clock.GetUtcNow().AddMinutes(1), CancellationToken.None));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-lock" })
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public async Task An_ended_Standard_execution_is_removed_once_the_configured_retention_has_passed()
    {
        var clock = new AslCompiler.Runtime.Timing.VirtualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var builder = TestHosts.Builder();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddAslCompiler(o => o.StandardExecutionRetention = TimeSpan.FromDays(2));
        using var host = builder.Build();
        await host.StartAsync();

        var stepFunctions = host.Services.GetRequiredService<IStepFunctions>();
        var done = await Workflows.RunAsync(stepFunctions, await Workflows.CreateAsync(stepFunctions, Workflows.Pass));
        clock.Advance(TimeSpan.FromDays(2) - TimeSpan.FromSeconds(1));
        Assert.Equal(ExecutionStatus.Succeeded, (await stepFunctions.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = done.ExecutionArn })).Status);
        clock.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => stepFunctions.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = done.ExecutionArn }));
        await host.StopAsync();
    }

    [Theory]
    [InlineData("Region", "useast1", "AslCompilerOptions.Region 'useast1' is not a region name")]
    [InlineData("Region", "US-EAST-1", "AslCompilerOptions.Region 'US-EAST-1'")]
    [InlineData("AccountId", "12345", "AslCompilerOptions.AccountId '12345' is not a twelve-digit account id")]
    [InlineData("Partition", "azure", "AslCompilerOptions.Partition 'azure' is not an AWS partition")]
    [InlineData("RoleArn", "arn:aws:iam::123456789012:user/me", "AslCompilerOptions.RoleArn 'arn:aws:iam::123456789012:user/me' is not an IAM role ARN")]
    [InlineData("ClaimLease", "00:00:00", "AslCompilerOptions.ClaimLease must be positive")]
    [InlineData("Owner", "", "AslCompilerOptions.Owner is empty")]
    [InlineData("StandardExecutionRetention", "00:00:00", "AslCompilerOptions.StandardExecutionRetention must be positive")]
    [InlineData("StandardExecutionRetention", "-00:00:00.002", "AslCompilerOptions.StandardExecutionRetention must be positive")]
    public async Task Bad_options_fail_the_start_with_a_clear_message(string option, string value, string expected)
    {
        var builder = TestHosts.Builder();
        builder.Services.AddAslCompiler(o =>
        {
            switch (option)
            {
                case "Region": o.Region = value; break;
                case "AccountId": o.AccountId = value; break;
                case "Partition": o.Partition = value; break;
                case "RoleArn": o.RoleArn = value; break;
                case "StorePath": o.StorePath = value; break;
                case "ClaimLease": o.ClaimLease = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                case "Owner": o.Owner = value; break;
                case "StandardExecutionRetention": o.StandardExecutionRetention = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            }
        });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task An_empty_StorePath_from_configuration_keeps_everything_in_memory(string cleared)
    {
        // appsettings.json names a file; an environment variable (AslCompiler__StorePath=) clears it for a test run.
        var builder = TestHosts.Builder();
        var file = Path.Combine(Path.GetTempPath(), "asl-store-" + Guid.NewGuid().ToString("N") + ".db");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["AslCompiler:StorePath"] = file });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["AslCompiler:StorePath"] = cleared });
        builder.Services.Configure<AslCompilerOptions>(builder.Configuration.GetSection("AslCompiler"));
        builder.Services.AddAslCompiler();
        using var host = builder.Build();
        await host.StartAsync();
        Assert.IsType<AslCompiler.Runtime.Api.Store.InMemoryStepFunctionsStore>(host.Services.GetRequiredService<AslCompiler.Runtime.Api.Store.IStepFunctionsStore>());
        Assert.False(File.Exists(file));
        await host.StopAsync();
    }

    [Theory]
    [InlineData("us-gov-west-1")]
    [InlineData("cn-north-1")]
    [InlineData("ap-southeast-5")]
    [InlineData("us-isob-east-1")]
    public async Task Real_region_names_are_accepted(string region)
    {
        var builder = TestHosts.Builder();
        builder.Services.AddAslCompiler(o => o.Region = region);
        using var host = builder.Build();
        await host.StartAsync();
        await host.StopAsync();
    }

    [Fact]
    public async Task Every_problem_is_named_at_once()
    {
        var builder = TestHosts.Builder();
        builder.Services.AddAslCompiler(o =>
            {
                o.Region = "nowhere";
                o.AccountId = "x";
            })
            .AddTaskHandler("not an arn", _ => ValueTask.FromResult(JsonValue.Null))
            .AddTaskHandler(Workflows.GreetArn, _ => ValueTask.FromResult(JsonValue.Null))
            .AddTaskHandler(Workflows.GreetArn, _ => ValueTask.FromResult(JsonValue.Null));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Equal(4, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.Contains("resource 'not an arn' is neither an ARN", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("resource '" + Workflows.GreetArn + "' has more than one handler", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Notify")]
    [InlineData("Notify:live")]
    [InlineData("123456789012:function:Notify")]
    public async Task A_handler_may_be_registered_under_a_Lambda_function_name(string functionName)
    {
        // lambda:invoke with a FunctionName that is not an ARN calls the handler registered under exactly that text.
        var builder = TestHosts.Builder();
        builder.Services.AddAslCompiler()
            .AddTaskHandler(functionName, invocation => ValueTask.FromResult(JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("got", invocation.Input["n"]))));
        using var host = builder.Build();
        await host.StartAsync();
        var stepFunctions = host.Services.GetRequiredService<IStepFunctions>();
        var definition = "{\"StartAt\":\"Call\",\"States\":{\"Call\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
            + "\"Parameters\":{\"FunctionName\":\"" + functionName + "\",\"Payload\":{\"n.$\":\"$.n\"}},\"OutputPath\":\"$.Payload\",\"End\":true}}}";
        var arn = await Workflows.CreateAsync(stepFunctions, definition);
        var done = await Workflows.RunAsync(stepFunctions, arn, """{"n":5}""");
        await host.StopAsync();

        Assert.Equal(ExecutionStatus.Succeeded, done.Status);
        Assert.Equal("""{"got":5}""", done.Output);
    }

    [Theory]
    [InlineData("arn:aws:states:us-east-1:123456789012:stateMachine:Nope", "not an activity ARN")]
    [InlineData("activity:Nope", "Invalid Arn")]
    [InlineData("arn:aws:states:eu-west-1:123456789012:activity:Elsewhere", "are not this host's (aws, us-east-1, 123456789012)")]
    public async Task Bad_activity_ARNs_fail_the_start(string activityArn, string expected)
    {
        var builder = TestHosts.Builder();
        builder.Services.AddAslCompiler().AddActivityWorker<NullWorker>(activityArn);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Activity worker NullWorker for '" + activityArn + "'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_worker_options_fail_the_start()
    {
        var builder = TestHosts.Builder();
        builder.Services.AddAslCompiler().AddActivityWorker<NullWorker>("arn:aws:states:us-east-1:123456789012:activity:Work", o =>
        {
            o.MaxConcurrency = 0;
            o.WorkerName = new string('w', 81);
            o.HeartbeatInterval = TimeSpan.Zero;
        });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("MaxConcurrency is 0; it must be between 1 and 100", error.Message, StringComparison.Ordinal);
        Assert.Contains("WorkerName must be 1 to 80 characters long", error.Message, StringComparison.Ordinal);
        Assert.Contains("HeartbeatInterval must be positive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_path_and_a_store_factory_together_are_refused()
    {
        var builder = TestHosts.Builder();
        builder.Services.AddAslCompiler(o => o.StorePath = "states.db")
            .UsePathStore(_ => throw new InvalidOperationException("not opened"))
            .UseStore(_ => throw new InvalidOperationException("not made"));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("StorePath is set to 'states.db' but UseStore(...) also chose a store", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_resources_are_refused_at_registration()
    {
        var builder = new ServiceCollection().AddAslCompiler();
        Assert.Throws<ArgumentException>(() => builder.AddTaskHandler(" ", _ => ValueTask.FromResult(JsonValue.Null)));
        Assert.Throws<ArgumentNullException>(() => builder.AddActivityWorker<NullWorker>(null!));
    }
}
