using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Tests.Api;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Runtime.Tests.Timing;

/// <summary>
/// <see cref="VirtualClock.AdvanceAsync"/> moves a virtual clock as the runs on it see time pass: a test that starts an
/// execution and moves the clock finds the execution where that much time takes it (a test-author trial moved the
/// clock with <c>Advance</c> before the run had armed its Wait, 50 times in 50, and the Wait was never entered).
/// </summary>
[Collection(Collection)]
public sealed class VirtualClockAdvanceTests
{
    /// <summary>Alone: the clock moves when the thread pool is idle, which tests running beside it would rarely let it be.</summary>
    public const string Collection = "Virtual clock moves";

    private static readonly DateTimeOffset Start = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public async Task An_execution_started_then_moved_a_minute_is_in_its_hour_long_wait()
    {
        var clock = new VirtualTimeProvider(Start);
        var sfn = ExecutionFixture.Create(clock);
        var machine = await sfn.CreateMachineAsync("Waits", """{"StartAt":"P","States":{"P":{"Type":"Pass","Next":"W"},"W":{"Type":"Wait","Seconds":3600,"End":true}}}""");
        var arn = await sfn.StartAsync(machine, input: "{}");

        await VirtualClock.AdvanceAsync(clock, TimeSpan.FromMinutes(1));
        await sfn.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = arn });
        await sfn.WaitAsync(arn);

        var events = (await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn })).Events;
        Assert.Equal(
            [HistoryEventType.ExecutionStarted, HistoryEventType.PassStateEntered, HistoryEventType.PassStateExited, HistoryEventType.WaitStateEntered, HistoryEventType.ExecutionAborted],
            events.Select(e => e.Type));
        Assert.Equal(Start.AddMinutes(1), events[^1].Timestamp);
        Assert.Equal(Start.AddMinutes(1), clock.GetUtcNow());
    }

    [Fact]
    public async Task Timers_due_within_the_move_fire_in_order_and_the_runs_go_on_between_them()
    {
        var clock = new VirtualTimeProvider(Start);
        var sfn = ExecutionFixture.Create(clock);
        var machine = await sfn.CreateMachineAsync("TwoWaits", """{"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":30,"Next":"B"},"B":{"Type":"Wait","Seconds":20,"End":true}}}""");
        var arn = await sfn.StartAsync(machine, input: "{}");

        await VirtualClock.AdvanceAsync(clock, TimeSpan.FromSeconds(45));
        var running = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn });
        Assert.Equal(ExecutionStatus.Running, running.Status); // in B, armed at 30 s for 50 s

        await VirtualClock.AdvanceAsync(clock, TimeSpan.FromSeconds(5));
        var done = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn });
        Assert.Equal(ExecutionStatus.Succeeded, done.Status);
        Assert.Equal(Start.AddSeconds(50), done.StopDate);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => VirtualClock.AdvanceAsync(clock, TimeSpan.FromSeconds(-1)));
    }
}

/// <summary>The tests that move a virtual clock with <see cref="VirtualClock.AdvanceAsync"/>, which run alone.</summary>
[CollectionDefinition(VirtualClockAdvanceTests.Collection, DisableParallelization = true)]
public sealed class VirtualClockMoves
{
}
