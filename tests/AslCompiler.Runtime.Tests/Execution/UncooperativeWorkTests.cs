using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Runtime.Tests.Execution;

/// <summary>
/// The kernel alone (<see cref="ExecutionKernel.RunAsync"/>) with user code that ignores its cancellation token: the
/// run never waits for it once it has given up on it. A task's TimeoutSeconds and HeartbeatSeconds fail the state at
/// their time (Retry and Catch go on), the execution's TimeoutSeconds ends it TIMED_OUT at its time, a stop ends it
/// ABORTED and a Parallel branch's failure ends the Parallel, whatever the handler does; what the handler returns later
/// is dropped.
/// </summary>
public sealed class UncooperativeWorkTests
{
    private const string Queue = "arn:aws:states:::sqs:sendMessage";
    private const string Lambda = "arn:aws:lambda:us-east-1:123456789012:function:f";

    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static (ExecutionKernel Kernel, VirtualTimeProvider Clock) Create(TaskHandlerRegistry handlers)
    {
        var clock = new VirtualTimeProvider(Start);
        return (new ExecutionKernel(new ExecutionOptions { TimeProvider = clock, TaskHandlers = handlers, Random = new Random(1) }), clock);
    }

    /// <summary>Runs on the virtual clock, which jumps to the next timer whenever the run is idle (a stuck handler is idle).</summary>
    private static Task<ExecutionResult> Run(ExecutionKernel kernel, VirtualTimeProvider clock, string definition, ExecutionRequest? request = null) =>
        VirtualClock.RunAsync(clock, kernel.RunAsync(AslInterpreter.Compile(definition), JsonValue.EmptyObject, request ?? new ExecutionRequest { RecordHistory = true }).AsTask(), TimeSpan.FromSeconds(2));

    private static string[] Types(ExecutionResult result) => [.. result.History!.Events.Select(e => e.Type)];

    [Fact]
    public async Task The_execution_times_out_at_its_TimeoutSeconds_while_a_waitForTaskToken_handler_ignores_cancellation()
    {
        var stuck = new StuckHandler();
        var (kernel, clock) = Create(new TaskHandlerRegistry().Register(Queue + ".waitForTaskToken", stuck.InvokeAsync));

        var result = await Run(kernel, clock, """
            {"TimeoutSeconds":30,"StartAt":"Send","States":{"Send":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
              "Parameters":{"token.$":"$$.Task.Token"},"End":true}}}
            """);

        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.Equal(Start.AddSeconds(30), result.StopDate);
        Assert.Equal("ExecutionTimedOut", Types(result)[^1]);
        Assert.Equal(Start.AddSeconds(30), result.History!.Events[^1].Timestamp);
        Assert.DoesNotContain("TaskSubmitted", Types(result));

        // The handler's late answer is dropped: the history ended with the execution.
        var events = Types(result);
        await stuck.ReleaseAsync(JsonValue.Parse("""{"MessageId":"late"}"""));
        Assert.Equal(events, Types(result));
    }

    [Fact]
    public async Task The_execution_times_out_at_its_TimeoutSeconds_while_a_task_handler_ignores_cancellation()
    {
        var stuck = new StuckHandler();
        var (kernel, clock) = Create(new TaskHandlerRegistry().Register(Lambda, stuck.InvokeAsync));

        var result = await Run(kernel, clock, """
            {"TimeoutSeconds":30,"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","End":true}}}
            """);

        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.Equal(Start.AddSeconds(30), result.StopDate);
        Assert.Equal("ExecutionTimedOut", Types(result)[^1]);
        await stuck.ReleaseAsync(JsonValue.Parse("{}"));
        Assert.DoesNotContain("LambdaFunctionSucceeded", Types(result));
    }

    [Theory]
    [InlineData(Queue + ".waitForTaskToken", "TaskTimedOut")]
    [InlineData(Lambda, "LambdaFunctionTimedOut")]
    public async Task A_task_TimeoutSeconds_fails_the_state_on_time_while_its_handler_ignores_cancellation_and_Catch_goes_on(string resource, string timedOut)
    {
        var stuck = new StuckHandler();
        var (kernel, clock) = Create(new TaskHandlerRegistry().Register(resource, stuck.InvokeAsync));

        var parameters = resource == Lambda ? string.Empty : "\"Parameters\":{\"token.$\":\"$$.Task.Token\"},";
        var result = await Run(kernel, clock, """
            {"StartAt":"Call","States":{
              "Call":{"Type":"Task","Resource":"RESOURCE",PARAMETERS"TimeoutSeconds":10,
                "Catch":[{"ErrorEquals":["States.Timeout"],"ResultPath":"$.error","Next":"After"}],"End":true},
              "After":{"Type":"Wait","Seconds":5,"Next":"Done"},
              "Done":{"Type":"Succeed"}}}
            """.Replace("RESOURCE", resource, StringComparison.Ordinal).Replace("PARAMETERS", parameters, StringComparison.Ordinal));

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("States.Timeout", result.Output["error"]["Error"].GetString());
        Assert.Equal(Start.AddSeconds(15), result.StopDate);
        var timeout = result.History!.Events.Single(e => e.Type == timedOut);
        Assert.Equal(Start.AddSeconds(10), timeout.Timestamp);
        Assert.DoesNotContain("TaskSubmitted", Types(result));
        Assert.Equal(1, stuck.Calls);
        await stuck.ReleaseAsync(JsonValue.Parse("{}"));
    }

    [Fact]
    public async Task A_task_HeartbeatSeconds_fails_the_state_on_time_while_a_waitForTaskToken_handler_ignores_cancellation_and_Retry_goes_on()
    {
        var stuck = new StuckHandler();
        ExecutionKernel? kernel = null;
        var calls = 0;
        var handlers = new TaskHandlerRegistry().Register(Queue + ".waitForTaskToken", invocation =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                return stuck.InvokeAsync(invocation);
            }

            // The second attempt answers its own token at once.
            kernel!.SendTaskSuccess(invocation.TaskToken!, JsonValue.Parse("""{"ok":true}"""));
            return new ValueTask<JsonValue>(JsonValue.Parse("""{"MessageId":"m-2"}"""));
        });
        (kernel, var clock) = Create(handlers);

        var result = await Run(kernel, clock, """
            {"StartAt":"Send","States":{"Send":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
              "Parameters":{"token.$":"$$.Task.Token"},"HeartbeatSeconds":20,"TimeoutSeconds":600,
              "Retry":[{"ErrorEquals":["States.HeartbeatTimeout"],"IntervalSeconds":3,"MaxAttempts":1}],"End":true}}}
            """);

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(JsonValue.Parse("""{"ok":true}"""), result.Output);
        var timedOut = result.History!.Events.Single(e => e.Type == "TaskTimedOut");
        Assert.Equal(Start.AddSeconds(20), timedOut.Timestamp);
        Assert.Equal("States.Timeout", timedOut.Details["error"].GetString()); // reported as AWS does; the Retry's HeartbeatTimeout matched it
        Assert.Equal(Start.AddSeconds(23), result.StopDate);
        Assert.Single(result.History!.Events, e => e.Type == "TaskSubmitted");
        Assert.Equal(2, calls);
        await stuck.ReleaseAsync(JsonValue.Parse("""{"MessageId":"late"}"""));
        Assert.Single(result.History!.Events, e => e.Type == "TaskSubmitted");
    }

    [Fact]
    public async Task A_failing_Parallel_branch_ends_the_Parallel_while_a_sibling_handler_ignores_cancellation()
    {
        var stuck = new StuckHandler();
        var (kernel, clock) = Create(new TaskHandlerRegistry().Register(Queue + ".waitForTaskToken", stuck.InvokeAsync));

        var result = await Run(kernel, clock, """
            {"StartAt":"Both","States":{"Both":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"Send","States":{"Send":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "Parameters":{"token.$":"$$.Task.Token"},"End":true}}},
              {"StartAt":"Pause","States":{"Pause":{"Type":"Wait","Seconds":5,"Next":"Fail"},"Fail":{"Type":"Fail","Error":"Broken","Cause":"b"}}}]}}}
            """);

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("Broken", result.Error);
        Assert.Equal(Start.AddSeconds(5), result.StopDate);
        Assert.Contains("TaskStateAborted", Types(result));
        await stuck.ReleaseAsync(JsonValue.Parse("{}"));
        Assert.DoesNotContain("TaskSubmitted", Types(result));
    }

    [Fact]
    public async Task A_stopped_run_ends_at_once_while_a_waitForTaskToken_handler_ignores_cancellation()
    {
        var stuck = new StuckHandler();
        var (kernel, _) = Create(new TaskHandlerRegistry().Register(Queue + ".waitForTaskToken", stuck.InvokeAsync));
        using var stop = new CancellationTokenSource();
        var run = kernel.RunAsync(
            AslInterpreter.Compile("""
                {"StartAt":"Send","States":{"Send":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                  "Parameters":{"token.$":"$$.Task.Token"},"End":true}}}
                """),
            JsonValue.EmptyObject,
            new ExecutionRequest { RecordHistory = true },
            stop.Token).AsTask();
        await stuck.Entered.WaitAsync(Bound);

        await stop.CancelAsync();
        var result = await run.WaitAsync(Bound);

        Assert.Equal(ExecutionStatus.Aborted, result.Status);
        Assert.Equal(Start, result.StopDate);
        Assert.Equal("ExecutionAborted", Types(result)[^1]);
        await stuck.ReleaseAsync(JsonValue.Parse("{}"));
        Assert.DoesNotContain("TaskSubmitted", Types(result));
    }

    /// <summary>A ResultWriter that ignores its cancellation token: its writes never end.</summary>
    private sealed class StuckWriter : IMapResultWriter
    {
        private readonly TaskCompletionSource _never = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask WriteAsync(MapResultObject result, CancellationToken cancellationToken) => await _never.Task;
    }

    [Fact]
    public async Task The_execution_times_out_at_its_TimeoutSeconds_while_a_ResultWriter_ignores_cancellation()
    {
        var clock = new VirtualTimeProvider(Start);
        var kernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = clock, Random = new Random(1), ResultWriter = new StuckWriter() });

        var result = await Run(kernel, clock, """
            {"TimeoutSeconds":30,"StartAt":"Seed","States":{"Seed":{"Type":"Pass","Result":[1,2],"Next":"Each"},"Each":{"Type":"Map","End":true,
              "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"b","Prefix":"p"}},
              "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                "StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}}}}
            """);

        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.Equal(Start.AddSeconds(30), result.StopDate);
        Assert.Equal("ExecutionTimedOut", Types(result)[^1]);
        Assert.DoesNotContain("MapRunFailed", Types(result));
    }

    [Fact]
    public async Task The_execution_times_out_at_its_TimeoutSeconds_while_an_ItemReader_ignores_cancellation()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource<JsonValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = new VirtualTimeProvider(Start);
        var kernel = new ExecutionKernel(new ExecutionOptions
        {
            TimeProvider = clock,
            Random = new Random(1),
            ItemReader = async (_, _) =>
            {
                entered.TrySetResult();
                return await release.Task;
            },
        });

        var result = await Run(kernel, clock, """
            {"TimeoutSeconds":30,"StartAt":"Each","States":{"Each":{"Type":"Map","End":true,
              "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSON"},"Parameters":{"Bucket":"b","Key":"k"}},
              "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                "StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}}}}
            """);

        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.Equal(Start.AddSeconds(30), result.StopDate);
        Assert.Equal("ExecutionTimedOut", Types(result)[^1]);
        release.TrySetResult(JsonValue.Parse("[1,2]"));
    }
}
