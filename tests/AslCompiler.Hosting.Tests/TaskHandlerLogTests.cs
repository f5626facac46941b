using AslCompiler.Hosting.Tasks;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace AslCompiler.Hosting.Tests;

/// <summary>
/// A task handler that throws fails its task with the exception's type name, which the workflow may catch: the host
/// logs the exception at Warning whatever the state machine's logging level (hosting trial: "database exploded" showed
/// only in the execution's cause), and not a <see cref="AslCompiler.Runtime.Execution.TaskFailedException"/>, which is the handler's answer.
/// </summary>
public sealed class TaskHandlerLogTests
{
    [Fact]
    public async Task A_handlers_unexpected_exception_is_logged_with_the_state_and_execution()
    {
        var logs = new CapturingLoggerProvider();
        var builder = TestHosts.Builder(logs);
        builder.Services.AddAslCompiler()
            .AddTaskHandler(Workflows.GreetArn, _ => throw new InvalidOperationException("database exploded"));
        using var host = builder.Build();
        await host.StartAsync();
        var stepFunctions = host.Services.GetRequiredService<IStepFunctions>();

        var done = await Workflows.RunAsync(stepFunctions, await Workflows.CreateAsync(stepFunctions, Workflows.Task(Workflows.GreetArn)));

        Assert.Equal(ExecutionStatus.Failed, done.Status);
        Assert.Equal("InvalidOperationException", done.Error);
        var record = Assert.Single(logs.InCategory(TaskHandlerLog.Category));
        Assert.Equal(LogLevel.Warning, record.Level);
        Assert.Equal(400, record.EventId.Id);
        Assert.Equal(done.ExecutionArn, record.Value("ExecutionArn"));
        Assert.Equal("InvalidOperationException", record.Value("Error"));
        Assert.Equal("database exploded", record.Exception!.Message);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_TaskFailedException_is_the_handlers_answer_and_is_not_logged()
    {
        var logs = new CapturingLoggerProvider();
        var builder = TestHosts.Builder(logs);
        builder.Services.AddAslCompiler()
            .AddTaskHandler(Workflows.GreetArn, _ => throw new AslCompiler.Runtime.Execution.TaskFailedException("Customer.NotFound", "no such customer"));
        using var host = builder.Build();
        await host.StartAsync();
        var stepFunctions = host.Services.GetRequiredService<IStepFunctions>();

        var done = await Workflows.RunAsync(stepFunctions, await Workflows.CreateAsync(stepFunctions, Workflows.Task(Workflows.GreetArn)));

        Assert.Equal("Customer.NotFound", done.Error);
        Assert.Empty(logs.InCategory(TaskHandlerLog.Category));
        await host.StopAsync();
    }
}
