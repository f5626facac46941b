using AslCompiler.Language.Model;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Runtime.Tests.Execution;

/// <summary>
/// Task handlers that hold their thread (synchronous work, <c>Thread.Sleep</c>) and so cannot be interrupted: the run
/// learns of their limits only when they return. A handler that returns after its task's TimeoutSeconds, its
/// HeartbeatSeconds without a heartbeat, or the execution's deadline has timed out, exactly as a handler that awaits and
/// is timed out by the timer: the same events, error and cause (dated when the limit passed), the same Retry and Catch,
/// and its result dropped. The handlers here advance a virtual clock before they return, which is what a blocking
/// handler does to the run's clock, deterministically.
/// </summary>
public sealed class BlockingHandlerTests
{
    private const string Lambda = "arn:aws:lambda:us-east-1:123456789012:function:f";
    private const string Queue = "arn:aws:states:::sqs:sendMessage";
    private const string LambdaInvoke = "arn:aws:states:::lambda:invoke";

    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly JsonValue Late = JsonValue.Parse("""{"late":true}""");

    private static (ExecutionKernel Kernel, VirtualTimeProvider Clock) Create(Func<VirtualTimeProvider, TaskHandler> handler, string resource = "*")
    {
        var clock = new VirtualTimeProvider(Start);
        var handlers = new TaskHandlerRegistry().Register(resource, handler(clock));
        return (new ExecutionKernel(new ExecutionOptions { TimeProvider = clock, TaskHandlers = handlers, Random = new Random(1) }), clock);
    }

    /// <summary>Runs on the virtual clock, which jumps to the next timer whenever the run is idle.</summary>
    private static Task<ExecutionResult> Run(ExecutionKernel kernel, VirtualTimeProvider clock, string definition, ExecutionRequest? request = null) =>
        VirtualClock.RunAsync(clock, kernel.RunAsync(AslInterpreter.Compile(definition), JsonValue.EmptyObject, request ?? new ExecutionRequest { RecordHistory = true }).AsTask(), TimeSpan.FromSeconds(2));

    /// <summary>A handler that holds its thread for <paramref name="held"/> of the run's clock, then returns a result.</summary>
    private static Func<VirtualTimeProvider, TaskHandler> Holding(TimeSpan held) => clock => _ =>
    {
        clock.Advance(held);
        return new ValueTask<JsonValue>(Late);
    };

    /// <summary>A handler that awaits, and never returns: the run's timers end it.</summary>
    private static Func<VirtualTimeProvider, TaskHandler> Awaiting() => _ => async invocation =>
    {
        invocation.ReleaseClock();
        await Task.Delay(Timeout.InfiniteTimeSpan, invocation.CancellationToken);
        return Late;
    };

    /// <summary>The events as GetExecutionHistory compares them, without their times.</summary>
    private static (string Type, string? Details)[] Shape(ExecutionResult result) =>
        [.. result.History!.Events.Select(e => (e.Type, e.Details.IsUndefined ? null : e.Details.ToJsonString()))];

    private static string TaskDefinition(string resource, string fields, string after = "\"End\":true") => """
        {"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"RESOURCE",FIELDS,AFTER}CAUGHT}}
        """.Replace("RESOURCE", resource, StringComparison.Ordinal)
        .Replace("FIELDS", fields, StringComparison.Ordinal)
        .Replace("AFTER", after, StringComparison.Ordinal)
        .Replace("CAUGHT", after.Contains("Caught", StringComparison.Ordinal) ? ""","Caught":{"Type":"Pass","End":true}""" : string.Empty, StringComparison.Ordinal);

    private const string CatchTimeout = """
        "Catch":[{"ErrorEquals":["States.Timeout","States.HeartbeatTimeout"],"ResultPath":"$.error","Next":"Caught"}],"End":true
        """;

    [Theory]
    [InlineData(Lambda, "\"TimeoutSeconds\":10", "LambdaFunctionTimedOut")]
    [InlineData(Queue, "\"Parameters\":{\"QueueUrl\":\"q\"},\"TimeoutSeconds\":10", "TaskTimedOut")]
    [InlineData(LambdaInvoke, "\"Parameters\":{\"FunctionName\":\"f\"},\"TimeoutSeconds\":10", "TaskTimedOut")]
    public async Task A_handler_returning_after_the_task_TimeoutSeconds_times_the_task_out_as_the_timer_does(string resource, string fields, string timedOut)
    {
        var definition = TaskDefinition(resource, fields, CatchTimeout);
        var (awaitingKernel, awaitingClock) = Create(Awaiting());
        var awaited = await Run(awaitingKernel, awaitingClock, definition);
        var (kernel, clock) = Create(Holding(TimeSpan.FromSeconds(15)));

        var result = await Run(kernel, clock, definition);

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(JsonValue.Parse("""{"error":{"Error":"States.Timeout","Cause":null}}"""), result.Output);
        Assert.Equal(awaited.Output, result.Output);
        Assert.Equal(Shape(awaited), Shape(result));
        var timeout = result.History!.Events.Single(e => e.Type == timedOut);
        Assert.Equal("States.Timeout", timeout.Details["error"].GetString());
        Assert.True(timeout.Details["cause"].IsUndefined);
        Assert.Equal(Start.AddSeconds(10), timeout.Timestamp); // when the timer would have fired
        Assert.DoesNotContain(result.History.Events, e => e.Type.EndsWith("Succeeded", StringComparison.Ordinal) && e.Type != "ExecutionSucceeded");
        Assert.Equal(Start.AddSeconds(15), result.StopDate);
    }

    [Fact]
    public async Task A_handler_returning_in_time_succeeds()
    {
        var (kernel, clock) = Create(Holding(TimeSpan.FromSeconds(8)));

        var result = await Run(kernel, clock, TaskDefinition(Lambda, "\"TimeoutSeconds\":10,\"HeartbeatSeconds\":9", CatchTimeout));

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(Late, result.Output);
        Assert.Contains(result.History!.Events, e => e.Type == "LambdaFunctionSucceeded");
    }

    [Fact]
    public async Task A_handler_returning_after_HeartbeatSeconds_without_a_heartbeat_times_out_as_the_heartbeat_timer_does()
    {
        var definition = TaskDefinition(Queue, "\"Parameters\":{\"QueueUrl\":\"q\"},\"HeartbeatSeconds\":5,\"TimeoutSeconds\":60", CatchTimeout);
        var (awaitingKernel, awaitingClock) = Create(Awaiting());
        var awaited = await Run(awaitingKernel, awaitingClock, definition);
        var (kernel, clock) = Create(Holding(TimeSpan.FromSeconds(8)));

        var result = await Run(kernel, clock, definition);

        Assert.Equal(JsonValue.Parse("""{"error":{"Error":"States.Timeout","Cause":null}}"""), result.Output);
        Assert.Equal(Shape(awaited), Shape(result));
        Assert.Equal(Start.AddSeconds(5), result.History!.Events.Single(e => e.Type == "TaskTimedOut").Timestamp);
    }

    [Fact]
    public async Task Heartbeats_sent_while_the_handler_holds_its_thread_keep_the_task_alive()
    {
        var (kernel, clock) = Create(clock => invocation =>
        {
            for (var i = 0; i < 5; i++)
            {
                clock.Advance(TimeSpan.FromSeconds(4));
                invocation.Heartbeat();
            }

            clock.Advance(TimeSpan.FromSeconds(4));
            return new ValueTask<JsonValue>(Late);
        });

        var result = await Run(kernel, clock, TaskDefinition(Queue, "\"Parameters\":{\"QueueUrl\":\"q\"},\"HeartbeatSeconds\":5,\"TimeoutSeconds\":60", CatchTimeout));

        Assert.Equal(Late, result.Output);
        Assert.Equal(Start.AddSeconds(24), result.StopDate);
    }

    [Fact]
    public async Task A_late_attempt_is_retried_as_a_timed_out_one_and_its_result_is_dropped()
    {
        var calls = 0;
        var (kernel, clock) = Create(clock => _ =>
        {
            if (++calls == 1)
            {
                clock.Advance(TimeSpan.FromSeconds(30));
                return new ValueTask<JsonValue>(Late);
            }

            return new ValueTask<JsonValue>(JsonValue.Parse("""{"second":true}"""));
        });

        var result = await Run(kernel, clock, TaskDefinition(Lambda, "\"TimeoutSeconds\":10,\"Retry\":[{\"ErrorEquals\":[\"States.Timeout\"],\"IntervalSeconds\":2,\"MaxAttempts\":1}]"));

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(JsonValue.Parse("""{"second":true}"""), result.Output);
        Assert.Equal(2, calls);
        Assert.Equal(
            ["LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionTimedOut", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded"],
            result.History!.Events.Select(e => e.Type).Where(t => t.StartsWith("Lambda", StringComparison.Ordinal)));

        // The attempt timed out at 10 s; its retry was due 2 s later, long past when the handler returned at 30 s: the
        // retry starts then, rather than 2 s after the return.
        var lambda = result.History.Events.Where(e => e.Type.StartsWith("Lambda", StringComparison.Ordinal)).ToArray();
        Assert.Equal(Start + TimeSpan.FromSeconds(10), lambda[2].Timestamp);
        Assert.Equal(Start + TimeSpan.FromSeconds(30), lambda[3].Timestamp);
    }

    [Fact]
    public async Task A_later_states_retry_waits_from_its_own_failure_not_an_earlier_late_one()
    {
        var calls = 0;
        var (kernel, clock) = Create(clock => _ =>
        {
            if (++calls == 1)
            {
                clock.Advance(TimeSpan.FromSeconds(30)); // A: late, caught
                return new ValueTask<JsonValue>(Late);
            }

            return calls == 2 ? throw new TaskFailedException("Boom", "once") : new ValueTask<JsonValue>(Late);
        });

        const string definition = """
            {"StartAt":"A","States":{
              "A":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","TimeoutSeconds":10,"Catch":[{"ErrorEquals":["States.ALL"],"Next":"B"}],"Next":"B"},
              "B":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","Retry":[{"ErrorEquals":["Boom"],"IntervalSeconds":5,"MaxAttempts":1}],"End":true}}}
            """;
        var result = await Run(kernel, clock, definition);

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        var scheduled = result.History!.Events.Where(e => e.Type == "LambdaFunctionScheduled").ToArray();
        Assert.Equal(3, scheduled.Length);
        Assert.Equal(scheduled[1].Timestamp + TimeSpan.FromSeconds(5), scheduled[2].Timestamp);
    }

    [Fact]
    public async Task A_late_attempts_retry_waits_out_what_is_left_of_its_interval()
    {
        var calls = 0;
        var (kernel, clock) = Create(clock => _ =>
        {
            if (++calls == 1)
            {
                clock.Advance(TimeSpan.FromSeconds(12));
            }

            return new ValueTask<JsonValue>(Late);
        });

        var result = await Run(kernel, clock, TaskDefinition(Lambda, "\"TimeoutSeconds\":10,\"Retry\":[{\"ErrorEquals\":[\"States.Timeout\"],\"IntervalSeconds\":5,\"MaxAttempts\":1}]"));

        // Timed out at 10 s, returned at 12 s: the retry comes at 15 s, the interval counted from the timeout.
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        var scheduled = result.History!.Events.Where(e => e.Type == "LambdaFunctionScheduled").ToArray();
        Assert.Equal(Start + TimeSpan.FromSeconds(15), scheduled[1].Timestamp);
    }

    [Theory]
    [InlineData("\"End\":true")]
    [InlineData("\"Next\":\"After\"},\"After\":{\"Type\":\"Pass\",\"End\":true")]
    [InlineData("\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"After\"}],\"Next\":\"After\"},\"After\":{\"Type\":\"Pass\",\"End\":true")]
    public async Task A_handler_returning_after_the_execution_TimeoutSeconds_ends_the_execution_TIMED_OUT_at_its_deadline(string after)
    {
        var definition = "{\"TimeoutSeconds\":30," + TaskDefinition(Lambda, "\"Comment\":\"c\"", after)[1..];
        var (awaitingKernel, awaitingClock) = Create(Awaiting());
        var awaited = await Run(awaitingKernel, awaitingClock, definition);
        var (kernel, clock) = Create(Holding(TimeSpan.FromSeconds(40)));

        var result = await Run(kernel, clock, definition);

        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.Null(result.Error);
        Assert.Equal(Start.AddSeconds(30), result.StopDate);
        Assert.Equal(Shape(awaited), Shape(result));
        var timedOut = result.History!.Events.Single(e => e.Type == "LambdaFunctionTimedOut");
        Assert.Equal("The execution timed out.", timedOut.Details["cause"].GetString());
        Assert.Equal(Start.AddSeconds(30), timedOut.Timestamp);
        Assert.Equal(("ExecutionTimedOut", Start.AddSeconds(30)), (result.History.Events[^1].Type, result.History.Events[^1].Timestamp));
    }

    [Theory]
    [InlineData(ExecutionType.Standard, 30)]
    [InlineData(ExecutionType.Express, 300)]
    public async Task Without_history_a_handler_returning_after_the_execution_deadline_ends_it_TIMED_OUT(ExecutionType type, int deadlineSeconds)
    {
        var (kernel, clock) = Create(Holding(TimeSpan.FromSeconds(deadlineSeconds + 1)));
        var timeout = type == ExecutionType.Standard ? "\"TimeoutSeconds\":30," : string.Empty;

        var result = await Run(kernel, clock, "{" + timeout + TaskDefinition(Lambda, "\"Comment\":\"c\"")[1..], new ExecutionRequest { Type = type });

        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.Equal(Start.AddSeconds(deadlineSeconds), result.StopDate);
    }

    [Fact]
    public async Task A_waitForTaskToken_handler_returning_after_TimeoutSeconds_times_the_task_out_and_its_token_with_it()
    {
        var definition = TaskDefinition(Queue + ".waitForTaskToken", "\"Parameters\":{\"token.$\":\"$$.Task.Token\"},\"TimeoutSeconds\":10", CatchTimeout);
        var (awaitingKernel, awaitingClock) = Create(Awaiting());
        var awaited = await Run(awaitingKernel, awaitingClock, definition);
        string? token = null;
        var (kernel, clock) = Create(clock => invocation =>
        {
            token = invocation.TaskToken;
            clock.Advance(TimeSpan.FromSeconds(15));
            return new ValueTask<JsonValue>(JsonValue.Parse("""{"MessageId":"m"}"""));
        });

        var result = await Run(kernel, clock, definition);

        Assert.Equal(JsonValue.Parse("""{"error":{"Error":"States.Timeout","Cause":null}}"""), result.Output);
        Assert.Equal(Shape(awaited), Shape(result));
        Assert.DoesNotContain(result.History!.Events, e => e.Type == "TaskSubmitted");
        Assert.Equal(Start.AddSeconds(10), result.History.Events.Single(e => e.Type == "TaskTimedOut").Timestamp);
        Assert.True(kernel.IsTaskTimedOut(token!));
        Assert.False(kernel.SendTaskSuccess(token!, JsonValue.EmptyObject));
    }

    [Fact]
    public async Task A_waitForTaskToken_handler_returning_in_time_leaves_the_task_the_rest_of_its_TimeoutSeconds()
    {
        var (kernel, clock) = Create(Holding(TimeSpan.FromSeconds(6)));

        var result = await Run(kernel, clock, TaskDefinition(Queue + ".waitForTaskToken", "\"Parameters\":{\"token.$\":\"$$.Task.Token\"},\"TimeoutSeconds\":10", CatchTimeout));

        Assert.Equal(JsonValue.Parse("""{"error":{"Error":"States.Timeout","Cause":null}}"""), result.Output);
        Assert.Contains(result.History!.Events, e => e.Type == "TaskSubmitted");
        Assert.Equal(Start.AddSeconds(10), result.History.Events.Single(e => e.Type == "TaskTimedOut").Timestamp);
    }

    [Fact]
    public async Task A_handler_that_holds_its_thread_then_awaits_is_timed_out_counting_from_its_call()
    {
        var (kernel, clock) = Create(clock => async invocation =>
        {
            clock.Advance(TimeSpan.FromSeconds(8));
            invocation.ReleaseClock();
            await Task.Delay(Timeout.InfiniteTimeSpan, invocation.CancellationToken);
            return Late;
        });

        var result = await Run(kernel, clock, TaskDefinition(Lambda, "\"TimeoutSeconds\":10", CatchTimeout));

        Assert.Equal(JsonValue.Parse("""{"error":{"Error":"States.Timeout","Cause":null}}"""), result.Output);
        Assert.Equal(Start.AddSeconds(10), result.History!.Events.Single(e => e.Type == "LambdaFunctionTimedOut").Timestamp);
        Assert.Equal(Start.AddSeconds(10), result.StopDate);
    }

    [Fact]
    public async Task An_ItemReader_returning_after_the_execution_deadline_ends_it_TIMED_OUT_as_when_it_awaits()
    {
        const string Definition = """
            {"TimeoutSeconds":30,"StartAt":"Each","States":{"Each":{"Type":"Map","End":true,
              "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSON"},"Parameters":{"Bucket":"b","Key":"k"}},
              "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                "StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}}}}
            """;
        var awaitingClock = new VirtualTimeProvider(Start);
        var never = new TaskCompletionSource<JsonValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        var awaitingKernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = awaitingClock, Random = new Random(1), ItemReader = async (_, _) => await never.Task });
        var awaited = await Run(awaitingKernel, awaitingClock, Definition);
        var clock = new VirtualTimeProvider(Start);
        var kernel = new ExecutionKernel(new ExecutionOptions
        {
            TimeProvider = clock,
            Random = new Random(1),
            ItemReader = (_, _) =>
            {
                clock.Advance(TimeSpan.FromSeconds(40));
                return new ValueTask<JsonValue>(JsonValue.Parse("[1,2]"));
            },
        });

        var result = await Run(kernel, clock, Definition);

        Assert.Equal(ExecutionStatus.TimedOut, awaited.Status);
        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.Equal(Start.AddSeconds(30), result.StopDate);
        Assert.Equal(Shape(awaited), Shape(result));
    }

    [Fact]
    public async Task A_stop_while_a_handler_holds_the_thread_aborts_the_execution_and_drops_the_result()
    {
        using var stop = new CancellationTokenSource();
        var clock = new VirtualTimeProvider(Start);
        var handlers = new TaskHandlerRegistry().Register("*", _ =>
        {
            stop.Cancel(); // the stop comes while the handler works; the handler does not look at its token
            return new ValueTask<JsonValue>(Late);
        });
        var kernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = clock, TaskHandlers = handlers });

        var result = await kernel.RunAsync(AslInterpreter.Compile(TaskDefinition(Lambda, "\"TimeoutSeconds\":10")), JsonValue.EmptyObject, new ExecutionRequest { RecordHistory = true }, stop.Token);

        Assert.Equal(ExecutionStatus.Aborted, result.Status);
        Assert.DoesNotContain(result.History!.Events, e => e.Type == "LambdaFunctionSucceeded");
    }
}
