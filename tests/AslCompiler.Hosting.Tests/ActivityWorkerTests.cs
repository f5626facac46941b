using AslCompiler.Runtime.Api;
using TaskFailedException = AslCompiler.Runtime.Execution.TaskFailedException;
using AslCompiler.Runtime.Json;
using Microsoft.Extensions.DependencyInjection;

namespace AslCompiler.Hosting.Tests;

public class ActivityWorkerTests
{
    private const string ActivityArn = "arn:aws:states:us-east-1:123456789012:activity:Review";

    private sealed class Reviewer(Seen seen) : IActivityWorker
    {
        public ValueTask<JsonValue> ExecuteAsync(ActivityWorkItem task, CancellationToken cancellationToken)
        {
            seen.Workers.Add(task.WorkerName);
            var score = task.Input["score"].GetDouble();
            if (score < 0)
            {
                throw new TaskFailedException("Review.Rejected", "negative score " + score.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            if (score > 100)
            {
                throw new InvalidOperationException("score out of range");
            }

            return ValueTask.FromResult<JsonValue>(score >= 50 ? "approved" : "declined");
        }
    }

    private sealed class Seen
    {
        public System.Collections.Concurrent.ConcurrentBag<string> Workers { get; } = [];
    }

    private static async Task<(Microsoft.Extensions.Hosting.IHost Host, IStepFunctions StepFunctions, string StateMachineArn)> StartAsync(Action<ActivityWorkerOptions>? configure = null)
    {
        var builder = TestHosts.Builder();
        builder.Services.AddSingleton<Seen>();
        builder.Services.AddAslCompiler().AddActivityWorker<Reviewer>(ActivityArn, configure);
        var host = builder.Build();
        await host.StartAsync();
        var stepFunctions = host.Services.GetRequiredService<IStepFunctions>();
        return (host, stepFunctions, await Workflows.CreateAsync(stepFunctions, Workflows.Task(ActivityArn)));
    }

    [Fact]
    public async Task The_worker_creates_the_activity_and_answers_its_tasks_with_SendTaskSuccess()
    {
        var (host, stepFunctions, arn) = await StartAsync(o => o.WorkerName = "reviewer-1");
        using (host)
        {
            var done = await Workflows.RunAsync(stepFunctions, arn, """{"score":72}""");

            Assert.Equal(ExecutionStatus.Succeeded, done.Status);
            Assert.Equal("\"approved\"", done.Output);
            var history = await Workflows.HistoryAsync(stepFunctions, done.ExecutionArn);
            var started = Assert.Single(history, e => e.Type == HistoryEventType.ActivityStarted);
            Assert.Equal("reviewer-1", started.ActivityStartedEventDetails?.WorkerName);
            Assert.Equal(["reviewer-1"], host.Services.GetRequiredService<Seen>().Workers);
            await host.StopAsync();
        }
    }

    [Theory]
    [InlineData("""{"score":-1}""", "Review.Rejected", "negative score -1")]
    [InlineData("""{"score":101}""", "InvalidOperationException", "score out of range")]
    public async Task A_failing_worker_answers_with_SendTaskFailure(string input, string error, string cause)
    {
        var (host, stepFunctions, arn) = await StartAsync();
        using (host)
        {
            var done = await Workflows.RunAsync(stepFunctions, arn, input);

            Assert.Equal(ExecutionStatus.Failed, done.Status);
            Assert.Equal(error, done.Error);
            Assert.Equal(cause, done.Cause);
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Concurrent_polls_serve_several_executions()
    {
        var (host, stepFunctions, arn) = await StartAsync(o => o.MaxConcurrency = 3);
        using (host)
        {
            var runs = Enumerable.Range(0, 6).Select(i => Workflows.RunAsync(stepFunctions, arn, "{\"score\":" + (i * 20) + "}")).ToArray();
            var done = await Task.WhenAll(runs);

            Assert.All(done, d => Assert.Equal(ExecutionStatus.Succeeded, d.Status));
            Assert.Equal(3, done.Count(d => d.Output == "\"approved\""));
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task A_delegate_worker_can_heartbeat()
    {
        var builder = TestHosts.Builder();
        builder.Services.AddAslCompiler().AddActivityWorker(ActivityArn, async (services, task, cancellationToken) =>
        {
            await task.HeartbeatAsync(cancellationToken);
            return task.Input;
        });
        using var host = builder.Build();
        await host.StartAsync();
        var stepFunctions = host.Services.GetRequiredService<IStepFunctions>();
        var definition = "{\"StartAt\":\"Call\",\"States\":{\"Call\":{\"Type\":\"Task\",\"Resource\":\"" + ActivityArn + "\",\"HeartbeatSeconds\":30,\"End\":true}}}";

        var done = await Workflows.RunAsync(stepFunctions, await Workflows.CreateAsync(stepFunctions, definition), """{"echo":1}""");

        Assert.Equal(ExecutionStatus.Succeeded, done.Status);
        Assert.Equal("""{"echo":1}""", done.Output);
        await host.StopAsync();
    }

    [Fact]
    public async Task Stopping_the_host_ends_the_polls()
    {
        var (host, _, _) = await StartAsync(o => o.MaxConcurrency = 2);
        using (host)
        {
            var stopping = host.StopAsync();
            Assert.Same(stopping, await Task.WhenAny(stopping, Task.Delay(TimeSpan.FromSeconds(5))));
        }
    }
}
