using AslCompiler.Runtime.Api;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>
/// Once ShutdownAsync has run, an in-memory instance refuses new starts and ends the waits for executions it left
/// RUNNING with an error (a throughput trial saw FAILED answers with no error, starts that never ran, and waits that
/// never ended).
/// </summary>
public sealed class AfterShutdownTests
{
    private const string Definition = """{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"ok":true},"End":true}}}""";
    private const string Waiting = """{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}""";

    private static async Task<string> CreateAsync(LocalStepFunctions sfn, string name, string definition, StateMachineType type) =>
        (await sfn.CreateStateMachineAsync(new CreateStateMachineRequest { Name = name, Definition = definition, RoleArn = "arn:aws:iam::123456789012:role/r", Type = type })).StateMachineArn;

    [Fact]
    public async Task Starts_after_shutdown_are_refused_and_waits_on_left_executions_end_with_an_error()
    {
        var sfn = new LocalStepFunctions();
        var express = await CreateAsync(sfn, "X", Definition, StateMachineType.Express);
        var standard = await CreateAsync(sfn, "S", Definition, StateMachineType.Standard);
        var waiting = await CreateAsync(sfn, "W", Waiting, StateMachineType.Standard);
        var left = await sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = waiting, Input = "{}" });
        var waiter = sfn.WaitForExecutionAsync(left.ExecutionArn);

        await sfn.ShutdownAsync();

        var sync = await Assert.ThrowsAsync<ObjectDisposedException>(() => sfn.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = express, Input = "{}" }));
        Assert.Contains("it starts no more executions", sync.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = standard, Input = "{}" }));
        var wait = await Assert.ThrowsAsync<ObjectDisposedException>(() => waiter.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("with no store, it can no longer end", wait.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => sfn.WaitForExecutionAsync(left.ExecutionArn).WaitAsync(TimeSpan.FromSeconds(10)));
        await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = left.ExecutionArn + "x" }));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = left.ExecutionArn }));
    }
}
