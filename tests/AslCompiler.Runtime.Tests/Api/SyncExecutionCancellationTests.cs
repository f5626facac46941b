using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>
/// A StartSyncExecution call that is stopped before its execution ends (the caller's token, a shutdown) throws
/// <see cref="OperationCanceledException"/>: it used to answer FAILED with no error and no cause, which read as the
/// workflow's own failure (hosting trial: a client that went away became a 422 with a null title).
/// </summary>
public sealed class SyncExecutionCancellationTests
{
    private const string Slow = """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:slow","End":true}}}""";

    [Fact]
    public async Task The_callers_token_ends_the_call_with_OperationCanceledException()
    {
        var sfn = Create();
        var express = await sfn.CreateMachineAsync("Slow", Slow, type: StateMachineType.Express);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sfn.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = express, Input = "{}" }, cts.Token));

        Assert.Equal(cts.Token, error.CancellationToken);
    }

    [Fact]
    public async Task A_shutdown_during_the_call_ends_it_with_OperationCanceledException_that_says_so()
    {
        var sfn = Create();
        var express = await sfn.CreateMachineAsync("Slow", Slow, type: StateMachineType.Express);
        var call = sfn.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = express, Input = "{}" });
        await Task.Delay(200);

        await sfn.ShutdownAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Contains("was shut down (ShutdownAsync) while it ran", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_execution_that_ends_before_the_token_fires_answers_as_before()
    {
        var sfn = Create();
        var express = await sfn.CreateMachineAsync("Pass", ApiFixture.PassDefinition, type: StateMachineType.Express);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var result = await sfn.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = express, Input = "{}" }, cts.Token);

        Assert.Equal(SyncExecutionStatus.Succeeded, result.Status);
    }

    private static LocalStepFunctions Create() => new(new StepFunctionsOptions
    {
        AccountId = "111111111111",
        Region = "us-east-1",
        Execution = new ExecutionOptions
        {
            TaskHandlers = new TaskHandlerRegistry().Register("arn:aws:lambda:us-east-1:111111111111:function:slow", async invocation =>
            {
                await Task.Delay(TimeSpan.FromSeconds(30), invocation.CancellationToken);
                return JsonValue.EmptyObject;
            }),
        },
    });
}
