using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>LocalStepFunctions.WaitForHistoryEventAsync: a test's wait for an execution to reach a point of its history.</summary>
public sealed class WaitForHistoryEventTests
{
    private const string WaitThenPass = """
        {"StartAt":"Prepare","States":{
          "Prepare":{"Type":"Pass","Next":"Hold"},
          "Hold":{"Type":"Wait","Seconds":3600,"Next":"Done"},
          "Done":{"Type":"Pass","Result":{"done":true},"End":true}}}
        """;

    [Fact]
    public async Task It_returns_the_event_once_the_execution_reaches_it_so_time_can_move_after()
    {
        var clock = new VirtualTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var sfn = ExecutionFixture.Create(clock);
        var arn = await sfn.StartAsync(await sfn.CreateMachineAsync("W", WaitThenPass));

        var entered = await sfn.WaitForHistoryEventAsync(arn, e => e.StateEnteredEventDetails?.Name == "Hold").WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HistoryEventType.WaitStateEntered, entered.Type);

        // An event still to come: the wait reads on, only the new events, until the clock lets the execution get there.
        var done = sfn.WaitForHistoryEventAsync(arn, e => e.StateEnteredEventDetails?.Name == "Done");
        await Task.Delay(50);
        Assert.False(done.IsCompleted);
        await VirtualClock.AdvanceAsync(clock, TimeSpan.FromHours(1));
        Assert.Equal(entered.Id + 2, (await done.WaitAsync(TimeSpan.FromSeconds(10))).Id);
        var ended = await sfn.WaitForExecutionAsync(arn).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ExecutionStatus.Succeeded, ended.Status);

        // An event already in the history is returned at once, the first that matches.
        var exited = await sfn.WaitForHistoryEventAsync(arn, e => e.Type == HistoryEventType.PassStateExited).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("Prepare", exited.StateExitedEventDetails!.Name);
    }

    [Fact]
    public async Task It_reads_past_the_first_page_of_a_long_history()
    {
        // A Choice loop of 400 rounds: about 1,600 events, more than one page of 1,000.
        var sfn = ExecutionFixture.Create();
        var arn = await sfn.StartAsync(
            await sfn.CreateMachineAsync("Loop", """
                {"StartAt":"Count","States":{
                  "Count":{"Type":"Pass","Parameters":{"i.$":"States.MathAdd($.i, 1)"},"Next":"More"},
                  "More":{"Type":"Choice","Choices":[{"Variable":"$.i","NumericLessThan":400,"Next":"Count"}],"Default":"End"},
                  "End":{"Type":"Succeed"}}}
                """),
            input: """{"i":0}""");

        var last = await sfn.WaitForHistoryEventAsync(arn, e => e.Type == HistoryEventType.ExecutionSucceeded).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(last.Id > 1000, "the event is on the second page: " + last.Id);
        Assert.Equal("""{"i":400}""", last.ExecutionSucceededEventDetails!.Output);
    }

    [Fact]
    public async Task An_execution_that_ended_without_the_event_is_an_error_naming_how_it_ended()
    {
        var sfn = ExecutionFixture.Create();
        var arn = await sfn.StartAsync(await sfn.CreateMachineAsync("F", ExecutionFixture.FailDefinition));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => sfn.WaitForHistoryEventAsync(arn, e => e.Type == HistoryEventType.WaitStateEntered).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal("The execution '" + arn + "' ended (FAILED) and its history has no event that matches.", error.Message);
    }

    [Fact]
    public async Task A_wait_can_be_cancelled_and_bad_arguments_are_refused()
    {
        var sfn = ExecutionFixture.Create();
        var arn = await sfn.StartAsync(await sfn.CreateMachineAsync("L", ExecutionFixture.WaitDefinition));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sfn.WaitForHistoryEventAsync(arn, e => e.Type == HistoryEventType.ExecutionSucceeded, cancel.Token));

        Assert.Equal(ExecutionStatus.Running, (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn })).Status);
        await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => sfn.WaitForHistoryEventAsync(arn + "-nope", _ => true));
        await Assert.ThrowsAsync<InvalidArnException>(() => sfn.WaitForHistoryEventAsync("not-an-arn", _ => true));
        await Assert.ThrowsAsync<ArgumentNullException>(() => sfn.WaitForHistoryEventAsync(arn, null!));
    }
}
