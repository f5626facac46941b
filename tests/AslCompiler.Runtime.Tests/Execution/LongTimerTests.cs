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
