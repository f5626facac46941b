using AslCompiler.Language.Model;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Runtime.Tests.Tasks;

/// <summary>
/// TaskInvocation.HoldClock: a handler waiting on real work (the network) holds a virtual clock, which then follows real
/// time instead of jumping to the execution's next timer; a pending call keeps it still; ReleaseClock lets it jump.
/// </summary>
public sealed class HoldClockTests
{
    private const string Definition = """{"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"arn:aws:states:::x:call","End":true}}}""";

    [Theory]
    [InlineData("hold", ExecutionStatus.Succeeded)] // time follows the real clock during the call
    [InlineData("none", ExecutionStatus.Succeeded)] // time stays still while the call is pending
    [InlineData("release", ExecutionStatus.TimedOut)] // the EXPRESS limit's timer fired while the handler waited
    public async Task A_held_clock_does_not_jump_past_the_execution_limit_while_the_handler_waits(string mode, ExecutionStatus expected)
    {
        var clock = new VirtualTimeProvider();
        var registry = new TaskHandlerRegistry().Register("arn:aws:states:::x:call", async task =>
        {
            // Released, the handler waits long enough for the clock driver to jump (the limit's timeout cancels the
            // wait); otherwise 300 ms of real time is the whole call.
            using var held = mode == "hold" ? task.HoldClock() : null;
            if (mode == "release")
            {
                task.ReleaseClock();
            }

            await Task.Delay(mode == "release" ? TimeSpan.FromSeconds(10) : TimeSpan.FromMilliseconds(300), task.CancellationToken);
            return JsonValue.Parse("""{"done":true}""");
        });
        var kernel = new ExecutionKernel(new ExecutionOptions { TaskHandlers = registry, TimeProvider = clock });
        var run = kernel.RunAsync(AslInterpreter.Compile(Definition), JsonValue.EmptyObject, new ExecutionRequest { Type = ExecutionType.Express, RecordHistory = false }).AsTask();
        var result = await VirtualClock.RunAsync(clock, run, TimeSpan.FromSeconds(10));
        Assert.Equal(expected, result.Status);
    }

    [Fact]
    public async Task On_a_real_clock_holding_does_nothing()
    {
        IDisposable? held = null;
        var registry = new TaskHandlerRegistry().Register("arn:aws:states:::x:call", task =>
        {
            held = task.HoldClock();
            held.Dispose();
            held.Dispose(); // a second release changes nothing
            return ValueTask.FromResult(JsonValue.Parse("1"));
        });
        var result = await new ExecutionKernel(new ExecutionOptions { TaskHandlers = registry }).RunAsync(AslInterpreter.Compile(Definition), JsonValue.EmptyObject, new ExecutionRequest { RecordHistory = false });
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.NotNull(held);
    }
}
