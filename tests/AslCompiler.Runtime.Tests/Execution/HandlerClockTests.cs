using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Runtime.Tests.Execution;

/// <summary>
/// On a virtual clock, time stays still while a handler's call is pending: a handler that awaits real work (an in-memory
/// fake, a test server) is not timed out by a jump to its TimeoutSeconds and the history keeps the clock's times; one
/// that waits on purpose says so with <see cref="TaskInvocation.ReleaseClock"/> (a user trial's test failed at random
/// before). A run that waits with no timer armed names what it waits for.
/// </summary>
public sealed class HandlerClockTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const string TimedTask = """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","TimeoutSeconds":30,"Next":"W"},"W":{"Type":"Wait","Seconds":3600,"End":true}}}""";

    private static (ExecutionKernel Kernel, VirtualTimeProvider Clock) Create(TaskHandler handler)
    {
        var clock = new VirtualTimeProvider(Start);
        var handlers = new TaskHandlerRegistry().Register("*", handler);
        return (new ExecutionKernel(new ExecutionOptions { TimeProvider = clock, TaskHandlers = handlers }), clock);
    }

    private static Task<ExecutionResult> Run(ExecutionKernel kernel, VirtualTimeProvider clock, string definition, double idleSeconds = 5) =>
        VirtualClock.RunAsync(clock, kernel.RunAsync(AslInterpreter.Compile(definition), JsonValue.EmptyObject).AsTask(), TimeSpan.FromSeconds(idleSeconds));

    [Fact]
    public async Task A_handler_awaiting_real_work_is_not_timed_out_by_the_virtual_clock()
    {
        // The pool is idle while the handler awaits a real timer: before, the clock jumped to the task's timeout.
        var (kernel, clock) = Create(async invocation =>
        {
            await Task.Delay(200);
            return JsonValue.Parse("""{"ok":true}""");
        });

        var result = await Run(kernel, clock, TimedTask);

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(JsonValue.Parse("""{"ok":true}"""), result.Output);
        Assert.Equal(Start, result.History!.Events.Single(e => e.Type == "LambdaFunctionSucceeded").Timestamp); // time stood still
        Assert.Equal(Start.AddSeconds(3600), result.StopDate); // and the Wait after it jumps
        Assert.False(clock.HasPendingCalls);
    }

    [Fact]
    public async Task A_handler_that_releases_the_clock_is_timed_out_at_once()
    {
        var (kernel, clock) = Create(async invocation =>
        {
            invocation.ReleaseClock();
            await Task.Delay(Timeout.InfiniteTimeSpan, invocation.CancellationToken);
            return default;
        });

        var result = await Run(kernel, clock, TimedTask);

        Assert.Equal("States.Timeout", result.Error);
        Assert.Equal(Start.AddSeconds(30), result.StopDate);
        Assert.False(clock.HasPendingCalls);
    }

    [Fact]
    public async Task A_handler_that_releases_the_clock_after_its_first_await_waits_on_virtual_time()
    {
        VirtualTimeProvider? virtualClock = null;
        var (kernel, clock) = Create(async invocation =>
        {
            await Task.Yield();
            invocation.ReleaseClock();
            await Task.Delay(TimeSpan.FromSeconds(10), virtualClock!, invocation.CancellationToken);
            return JsonValue.True;
        });
        virtualClock = clock;

        var result = await Run(kernel, clock, TimedTask);

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(Start.AddSeconds(10), result.History!.Events.Single(e => e.Type == "LambdaFunctionSucceeded").Timestamp);
    }

    [Fact]
    public async Task A_call_pending_past_the_idle_limit_lets_time_jump_and_the_run_that_gave_up_on_it_no_longer_waits_for_it()
    {
        // The handler ignores its cancellation and never ends: after the driver's idle limit time jumps to the task's
        // timeout, and the hour's Wait after the catch then jumps at once.
        var never = new TaskCompletionSource<JsonValue>();
        var (kernel, clock) = Create(_ => new ValueTask<JsonValue>(never.Task));
        const string definition = """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","TimeoutSeconds":1,"Catch":[{"ErrorEquals":["States.Timeout"],"Next":"W"}],"End":true},"W":{"Type":"Wait","Seconds":3600,"End":true}}}""";

        var result = await Run(kernel, clock, definition, idleSeconds: 0.5);

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(Start.AddSeconds(3601), result.StopDate);
        Assert.False(clock.HasPendingCalls);
        never.SetResult(JsonValue.Null);
    }

    [Fact]
    public async Task A_callback_task_keeps_the_clock_still_only_while_its_handler_submits()
    {
        // The submission awaits real work; the wait for the token after it does not, so its heartbeat timer jumps.
        var (kernel, clock) = Create(async invocation =>
        {
            await Task.Delay(100);
            return JsonValue.EmptyObject;
        });
        const string definition = """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","HeartbeatSeconds":600,"Parameters":{"t.$":"$$.Task.Token"},"End":true}}}""";

        var result = await Run(kernel, clock, definition);

        Assert.Equal("States.Timeout", result.Error);
        Assert.Equal(Start, result.History!.Events.Single(e => e.Type == "TaskSubmitted").Timestamp);
        Assert.Equal(Start.AddSeconds(600), result.StopDate);
    }

    [Fact]
    public async Task Releasing_outside_a_pending_call_does_nothing()
    {
        // A handler that completes at once takes no hold; releasing in it is harmless (and so on a real clock).
        var (kernel, clock) = Create(invocation =>
        {
            invocation.ReleaseClock();
            invocation.ReleaseClock();
            return new ValueTask<JsonValue>(JsonValue.True);
        });

        var result = await Run(kernel, clock, TimedTask);

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(Start.AddSeconds(3600), result.StopDate);
        Assert.False(clock.HasPendingCalls);
    }

    [Fact]
    public async Task A_run_waiting_for_a_callback_with_no_timer_armed_names_the_state()
    {
        var (kernel, clock) = Create(_ => new ValueTask<JsonValue>(JsonValue.EmptyObject));
        const string definition = """{"StartAt":"Approve","States":{"Approve":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","Parameters":{"t.$":"$$.Task.Token"},"End":true}}}""";

        var e = await Assert.ThrowsAsync<TimeoutException>(() => Run(kernel, clock, definition, idleSeconds: 0.3));

        Assert.Equal("The execution is waiting with no timer armed: the state 'Approve' waits for a callback with its task token (SendTaskSuccess or SendTaskFailure).", e.Message);
    }

    [Fact]
    public async Task A_run_waiting_for_a_handler_with_no_timer_armed_names_the_state()
    {
        var never = new TaskCompletionSource<JsonValue>();
        var (kernel, clock) = Create(_ => new ValueTask<JsonValue>(never.Task));
        const string definition = """{"StartAt":"Charge","States":{"Charge":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","End":true}}}""";

        var e = await Assert.ThrowsAsync<TimeoutException>(() => Run(kernel, clock, definition, idleSeconds: 0.3));

        Assert.Equal("The execution is waiting with no timer armed: the task handler of the state 'Charge' (arn:aws:lambda:us-east-1:1:function:f) has not answered.", e.Message);
        never.SetResult(JsonValue.Null);
    }

    [Fact]
    public async Task RunAsync_takes_a_ValueTask_and_has_a_default_idle_limit()
    {
        var (kernel, clock) = Create(_ => new ValueTask<JsonValue>(JsonValue.True));

        var result = await VirtualClock.RunAsync(clock, kernel.RunAsync(AslInterpreter.Compile(TimedTask), JsonValue.EmptyObject));

        Assert.Equal(Start.AddSeconds(3600), result.StopDate);
        Assert.Equal(TimeSpan.FromSeconds(10), VirtualClock.DefaultIdleLimit);
    }

    [Fact]
    public async Task AdvanceAsync_lets_a_pending_call_answer_before_time_moves()
    {
        var (kernel, clock) = Create(async invocation =>
        {
            await Task.Delay(150);
            return JsonValue.True;
        });
        var run = kernel.RunAsync(AslInterpreter.Compile(TimedTask), JsonValue.EmptyObject).AsTask();

        await VirtualClock.AdvanceAsync(clock, TimeSpan.FromSeconds(3600));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(Start.AddSeconds(3600), result.StopDate);
    }
}
