using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Runtime.Tests.Execution;

/// <summary>Timers past the 30-day step: task timeouts and heartbeats of any length, on a fake clock.</summary>
public class LongTimerTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_timer_of_a_year_fires_once_when_the_year_has_passed_and_not_before()
    {
        var clock = new VirtualTimeProvider(Start);
        var fired = 0;
        using var timer = LongTimer.Start(clock, TimeSpan.FromDays(365), () => fired++);
        for (var day = 0; day < 364; day += 7)
        {
            clock.Advance(TimeSpan.FromDays(7));
        }

        Assert.Equal(0, fired);
        clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, fired);
        clock.Advance(TimeSpan.FromDays(100));
        Assert.Equal(1, fired);
    }

    [Fact]
    public void Change_moves_the_due_time_and_Dispose_cancels_it()
    {
        var clock = new VirtualTimeProvider(Start);
        var fired = 0;
        var timer = LongTimer.Start(clock, TimeSpan.FromDays(40), () => fired++);
        clock.Advance(TimeSpan.FromDays(35));
        timer.Change(TimeSpan.FromDays(40));
        clock.Advance(TimeSpan.FromDays(39));
        Assert.Equal(0, fired);
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, fired);

        var cancelled = LongTimer.Start(clock, TimeSpan.FromDays(45), () => fired++);
        clock.Advance(TimeSpan.FromDays(31));
        cancelled.Dispose();
        clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(1, fired);
    }

    [Fact]
    public void A_timer_started_at_a_due_time_fires_then_even_when_the_clock_moved_after_the_due_time_was_read()
    {
        // A task's timeout is due a fixed time after its call: armed at that time, a move of the clock by hand between
        // the run's reading and the arming does not push it later (Start from the reading would be due at 100 days).
        var clock = new VirtualTimeProvider(Start);
        var fired = 0;
        var due = clock.GetUtcNow().AddDays(60); // read
        clock.Advance(TimeSpan.FromDays(40)); // moved before the timer is armed
        using var timer = LongTimer.StartAt(clock, due, () => fired++);
        clock.Advance(TimeSpan.FromDays(19));
        Assert.Equal(0, fired);
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, fired);
        Assert.Equal(due, clock.GetUtcNow());

        // A due time already passed fires at the next move of the clock; a disposed one never.
        using var late = LongTimer.StartAt(clock, Start, () => fired++);
        var disposed = LongTimer.StartAt(clock, clock.GetUtcNow().AddDays(1), () => fired += 100);
        disposed.Dispose();
        clock.Advance(TimeSpan.Zero);
        Assert.Equal(2, fired);
        clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(2, fired);
        Assert.Equal(0, clock.PendingTimerCount);
    }

    [Fact]
    public async Task A_timer_started_at_a_due_time_on_the_system_clock_fires_then()
    {
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var past = LongTimer.StartAt(TimeProvider.System, DateTimeOffset.UtcNow.AddDays(-1), () => fired.TrySetResult());
        await fired.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("\"TimeoutSeconds\": 3456000", 40, "States.Timeout")] // 40 days
    [InlineData("\"HeartbeatSeconds\": 3024000", 35, "States.Timeout")] // 35 days (a heartbeat timeout is reported as States.Timeout)
    public async Task A_callback_task_times_out_after_more_than_30_days(string field, int days, string error)
    {
        var clock = new VirtualTimeProvider(Start);
        var kernel = new ExecutionKernel(new ExecutionOptions
        {
            TimeProvider = clock,
            TaskHandlers = new TaskHandlerRegistry().Register("arn:aws:states:::sqs:sendMessage.waitForTaskToken", _ => ValueTask.FromResult(JsonValue.EmptyObject)),
        });
        var definition = """
            {"StartAt":"Wait for approval","States":{"Wait for approval":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
             "Parameters":{"QueueUrl":"q","MessageBody":{"token.$":"$$.Task.Token"}},%FIELD%,"End":true}}}
            """.Replace("%FIELD%", field, StringComparison.Ordinal);

        var result = await VirtualClock.RunAsync(clock, kernel.RunAsync(AslInterpreter.Compile(definition), JsonValue.EmptyObject).AsTask(), TimeSpan.FromSeconds(5));

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal(error, result.Error);
        Assert.Equal(TimeSpan.FromDays(days), result.StopDate - result.StartDate);
    }
}
