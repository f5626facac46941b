using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>LocalStepFunctions.WaitForExecutionAsync: an in-process wait for an execution's end, without polling.</summary>
public sealed class WaitForExecutionTests
{
    [Fact]
    public async Task It_returns_when_the_execution_ends_and_describes_it()
    {
        var clock = new VirtualTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var sfn = ExecutionFixture.Create(clock);
        var machine = await sfn.CreateMachineAsync("W", """{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"Next":"P"},"P":{"Type":"Pass","Result":{"done":true},"End":true}}}""");
        var arn = await sfn.StartAsync(machine);

        var waiting = sfn.WaitForExecutionAsync(arn);
        await clock.WaitForTimerAsync();
        await Task.Delay(20);
        Assert.False(waiting.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(60));
        var ended = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ExecutionStatus.Succeeded, ended.Status);
        Assert.Equal("""{"done":true}""", ended.Output);

        // An ended execution is described at once.
        Assert.Equal(ExecutionStatus.Succeeded, (await sfn.WaitForExecutionAsync(arn).WaitAsync(TimeSpan.FromSeconds(10))).Status);
    }

    [Fact]
    public async Task A_redriven_execution_is_waited_for_until_its_new_run_ends()
    {
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("F", ExecutionFixture.FailDefinition);
        var arn = await sfn.StartAsync(machine);
        Assert.Equal(ExecutionStatus.Failed, (await sfn.WaitForExecutionAsync(arn).WaitAsync(TimeSpan.FromSeconds(10))).Status);

        await sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = arn });
        var again = await sfn.WaitForExecutionAsync(arn).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ExecutionStatus.Failed, again.Status);
        Assert.Equal(1, again.RedriveCount);
    }

    [Fact]
    public async Task A_wait_can_be_cancelled_and_an_unknown_execution_is_refused()
    {
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("L", ExecutionFixture.WaitDefinition);
        var arn = await sfn.StartAsync(machine);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sfn.WaitForExecutionAsync(arn, cancel.Token));
        Assert.Equal(ExecutionStatus.Running, (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn })).Status);

        await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => sfn.WaitForExecutionAsync(arn + "-nope"));
        await Assert.ThrowsAsync<InvalidArnException>(() => sfn.WaitForExecutionAsync("not-an-arn"));
    }
}
