using AslCompiler.Language.Model;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Runtime.Tests.Execution;

public class ExecutionKernelTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static (ExecutionKernel Kernel, VirtualTimeProvider Clock) Create(TaskHandlerRegistry? handlers = null, Random? random = null)
    {
        var clock = new VirtualTimeProvider(Start);
        return (new ExecutionKernel(new ExecutionOptions { TimeProvider = clock, TaskHandlers = handlers ?? new(), Random = random ?? new Random(1) }), clock);
    }

    private static Task<ExecutionResult> Run(ExecutionKernel kernel, VirtualTimeProvider clock, string definition, string input = "{}") =>
        VirtualClock.RunAsync(clock, kernel.RunAsync(AslInterpreter.Compile(definition), JsonValue.Parse(input)).AsTask(), TimeSpan.FromSeconds(2));

    private static string TaskWithRetry(string retrier) =>
        """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","Retry":[""" + retrier + """],"End":true}}}""";

    [Theory]
    [InlineData("""{"ErrorEquals":["States.ALL"],"IntervalSeconds":2,"MaxAttempts":3,"BackoffRate":2}""", new double[] { 2, 4, 8 })]
    [InlineData("""{"ErrorEquals":["States.ALL"],"IntervalSeconds":1,"MaxAttempts":4,"BackoffRate":3,"MaxDelaySeconds":5}""", new double[] { 1, 3, 5, 5 })]
    [InlineData("""{"ErrorEquals":["States.ALL"]}""", new double[] { 1, 2, 4 })]
    public async Task Retry_waits_interval_times_backoff_capped_by_MaxDelaySeconds(string retrier, double[] expectedGaps)
    {
        var calls = new List<DateTimeOffset>();
        var (kernel, clock) = Create();
        kernel.Options.TaskHandlers.RegisterFunction("*", _ =>
        {
            calls.Add(clock.GetUtcNow());
            throw new TaskFailedException("Oops", "again");
        });
        var result = await Run(kernel, clock, TaskWithRetry(retrier));
        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("Oops", result.Error);
        var gaps = calls.Zip(calls.Skip(1), (a, b) => (b - a).TotalSeconds).ToArray();
        Assert.Equal(expectedGaps, gaps);
    }

    [Fact]
    public async Task MaxAttempts_zero_never_retries()
    {
        var count = 0;
        var (kernel, clock) = Create();
        kernel.Options.TaskHandlers.RegisterFunction("*", _ =>
        {
            count++;
            throw new TaskFailedException("Oops", "no");
        });
        await Run(kernel, clock, TaskWithRetry("""{"ErrorEquals":["Oops"],"MaxAttempts":0}"""));
        Assert.Equal(1, count);
    }

    [Fact]
    public void Full_jitter_waits_between_zero_and_the_backoff_delay()
    {
        var policy = new RetryPolicy(["States.ALL"], 10, 3, 2, null, JitterStrategy.Full);
        var random = new Random(7);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var delay = ExecutionRun.RetryDelay(policy, attempt, random).TotalSeconds;
            Assert.InRange(delay, 0, 10 * Math.Pow(2, attempt));
        }

        Assert.NotEqual(ExecutionRun.RetryDelay(policy, 2, new Random(1)), ExecutionRun.RetryDelay(policy, 2, new Random(2)));
    }

    [Fact]
    public async Task States_Runtime_is_neither_retried_nor_caught_by_States_ALL()
    {
        var (kernel, clock) = Create();
        kernel.Options.TaskHandlers.RegisterFunction("*", _ => JsonValue.Parse("{}"));
        var result = await Run(kernel, clock, """
            {"StartAt":"T","States":{
              "T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","OutputPath":"$.missing",
                   "Retry":[{"ErrorEquals":["States.ALL"]}],"Catch":[{"ErrorEquals":["States.ALL"],"Next":"C"}],"End":true},
              "C":{"Type":"Succeed"}}}
            """);
        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("States.Runtime", result.Error);
        Assert.StartsWith("An error occurred while executing the state 'T'", result.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catch_puts_the_error_output_at_ResultPath_and_goes_to_Next()
    {
        var (kernel, clock) = Create();
        kernel.Options.TaskHandlers.RegisterFunction("*", _ => throw new TaskFailedException("Custom", "why"));
        var result = await Run(kernel, clock, """
            {"StartAt":"T","States":{
              "T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","Catch":[{"ErrorEquals":["Other"],"Next":"X"},{"ErrorEquals":["States.TaskFailed"],"ResultPath":"$.err","Next":"C"}],"End":true},
              "X":{"Type":"Fail"},"C":{"Type":"Pass","End":true}}}
            """, """{"a":1}""");
        Assert.Equal(JsonValue.Parse("""{"a":1,"err":{"Error":"Custom","Cause":"why"}}"""), result.Output);
    }

    [Theory]
    [InlineData("""{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"charge-card"},"End":true}""",
        "No task handler or mock is registered for the resource 'arn:aws:states:::lambda:invoke'. The state 'Charge' calls it with the function name 'charge-card': register a handler under that name or under the resource.")]
    [InlineData("""{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","End":true}""",
        "No task handler or mock is registered for the resource 'arn:aws:states:::sqs:sendMessage'. The state 'Charge' calls it.")]
    public async Task A_task_with_no_handler_names_its_state_and_the_function_name(string state, string cause)
    {
        var (kernel, clock) = Create();
        var result = await Run(kernel, clock, """{"StartAt":"Charge","States":{"Charge":STATE}}""".Replace("STATE", state, StringComparison.Ordinal));
        Assert.Equal("States.TaskFailed", result.Error);
        Assert.Equal(cause, result.Cause);
    }

    [Fact]
    public async Task Task_TimeoutSeconds_fails_with_States_Timeout_on_the_fake_clock()
    {
        var (kernel, clock) = Create();
        kernel.Options.TaskHandlers.Register("*", async invocation =>
        {
            invocation.ReleaseClock();
            await Task.Delay(Timeout.InfiniteTimeSpan, invocation.CancellationToken);
            return default;
        });
        var result = await Run(kernel, clock, """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","TimeoutSeconds":30,"End":true}}}""");
        Assert.Equal("States.Timeout", result.Error);
        Assert.Equal(Start.AddSeconds(30), result.StopDate);
        Assert.Contains(result.History!.Events, e => e.Type == "TaskTimedOut");
    }

    [Fact]
    public async Task Heartbeats_keep_a_task_alive_and_silence_fails_it_with_States_Timeout()
    {
        var (kernel, clock) = Create();
        kernel.Options.TaskHandlers.Register("*", async invocation =>
        {
            invocation.ReleaseClock(); // it waits on the virtual clock's own timers
            for (var i = 0; i < 3; i++)
            {
                await Task.Delay(TimeSpan.FromSeconds(8), clock, invocation.CancellationToken);
                invocation.Heartbeat();
            }

            await Task.Delay(Timeout.InfiniteTimeSpan, invocation.CancellationToken);
            return default;
        });
        var result = await Run(kernel, clock, """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","HeartbeatSeconds":10,"End":true}}}""");
        Assert.Equal("States.Timeout", result.Error); // as AWS reports it (localstack test_heartbeats recordings)
        Assert.Equal(Start.AddSeconds(34), result.StopDate);
        Assert.Equal("States.Timeout", result.History!.Events.Single(e => e.Type == "TaskTimedOut").Details["error"].GetString());
    }

    [Theory]
    [InlineData("States.HeartbeatTimeout", "\"HeartbeatSeconds\":10,\"TimeoutSeconds\":100", true)]
    [InlineData("States.Timeout", "\"HeartbeatSeconds\":10,\"TimeoutSeconds\":100", true)] // both name a heartbeat timeout
    [InlineData("States.HeartbeatTimeout", "\"HeartbeatSeconds\":100,\"TimeoutSeconds\":10", false)] // not a TimeoutSeconds one
    [InlineData("States.TaskFailed", "\"HeartbeatSeconds\":10,\"TimeoutSeconds\":100", false)] // a timeout is not a task failure
    public async Task A_heartbeat_timeout_is_States_Timeout_which_States_HeartbeatTimeout_also_matches(string errorEquals, string limits, bool caught)
    {
        var (kernel, clock) = Create();
        kernel.Options.TaskHandlers.Register("*", async invocation =>
        {
            invocation.ReleaseClock();
            await Task.Delay(Timeout.InfiniteTimeSpan, invocation.CancellationToken);
            return default;
        });
        var definition = """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage",LIMITS,"Catch":[{"ErrorEquals":["ERROR"],"ResultPath":"$.error","Next":"Caught"}],"End":true},"Caught":{"Type":"Pass","End":true}}}""";
        var result = await Run(kernel, clock, definition
            .Replace("LIMITS", limits, StringComparison.Ordinal).Replace("ERROR", errorEquals, StringComparison.Ordinal));
        Assert.Equal(caught ? ExecutionStatus.Succeeded : ExecutionStatus.Failed, result.Status);
        if (caught)
        {
            Assert.Equal("States.Timeout", result.Output["error"]["Error"].GetString());
        }
        else
        {
            Assert.Equal("States.Timeout", result.Error);
        }
    }

    [Fact]
    public async Task WaitForTaskToken_completes_through_SendTaskSuccess()
    {
        string? token = null;
        var (kernel, clock) = Create();
        kernel.Options.TaskHandlers.Register("arn:aws:states:::sqs:sendMessage.waitForTaskToken", invocation =>
        {
            token = invocation.Input["token"].GetString();
            return new ValueTask<JsonValue>(JsonValue.Parse("""{"MessageId":"m"}"""));
        });
        var run = kernel.RunAsync(AslInterpreter.Compile("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","Parameters":{"token.$":"$$.Task.Token"},"End":true}}}
            """), JsonValue.EmptyObject).AsTask();
        while (token is null || !kernel.IsTaskPending(token))
        {
            await Task.Delay(1);
        }

        Assert.True(kernel.SendTaskSuccess(token, JsonValue.Parse("""{"done":true}""")));
        var result = await run;
        Assert.Equal(JsonValue.Parse("""{"done":true}"""), result.Output);
        Assert.Contains(result.History!.Events, e => e.Type == "TaskSubmitted");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SendTaskFailure_with_no_error_fails_the_task_with_none(bool caught)
    {
        // As AWS records it (localstack test_sqs_failure_in_wait_for_task_tok_no_error_field): TaskFailed has no error or
        // cause, States.ALL catches it, and the Catch's error output has null for both.
        var (kernel, clock) = Create();
        kernel.Options.TaskHandlers.Register("arn:aws:states:::sqs:sendMessage.waitForTaskToken", invocation =>
        {
            Assert.True(kernel.SendTaskFailure(invocation.TaskToken!, null, null));
            return new ValueTask<JsonValue>(JsonValue.Parse("""{"MessageId":"m"}"""));
        });
        var catcher = caught ? ""","Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"Caught"}]""" : string.Empty;
        var result = await Run(kernel, clock, """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","Parameters":{"token.$":"$$.Task.Token"}CATCH,"End":true},"Caught":{"Type":"Pass","End":true}}}""".Replace("CATCH", catcher, StringComparison.Ordinal));

        Assert.False(result.History!.Events.Single(e => e.Type == "TaskFailed").Details.GetObject().ContainsKey("error"));
        if (caught)
        {
            Assert.Equal(ExecutionStatus.Succeeded, result.Status);
            Assert.Equal(JsonValue.Parse("""{"Error":null,"Cause":null}"""), result.Output["error"]);
        }
        else
        {
            Assert.Equal((ExecutionStatus.Failed, (string?)null, (string?)null), (result.Status, result.Error, result.Cause));
        }
    }

    [Fact]
    public async Task A_task_ended_as_a_worker_takes_it_is_started_first_or_not_handed_out()
    {
        const string Arn = "arn:aws:states:us-east-1:123456789012:activity:work";
        var (kernel, _) = Create();
        var pending = kernel.RegisterPending("token", () => { });
        var starts = 0;
        Task? removal = null;
        var removedWhileStarting = true;
        pending.OnActivityStarted = _ =>
        {
            // The run ends the task (a stop, a timeout) as the worker takes it: the run goes on (to record what follows
            // the task) only once the start is recorded, or ActivityStarted would come after the execution's end.
            Interlocked.Increment(ref starts);
            removal = Task.Run(() => kernel.RemovePending("token"));
            removedWhileStarting = removal.Wait(TimeSpan.FromMilliseconds(500));
        };
        kernel.ActivityQueueOf(Arn).Enqueue(new ActivityTask("token", JsonValue.EmptyObject));
        Assert.NotNull(await kernel.GetActivityTaskAsync(Arn, "w"));
        await removal!;
        Assert.False(removedWhileStarting);

        // A worker that found the task just before it ended does not start it.
        Assert.False(pending.TryStart("late"));
        Assert.Equal(1, starts);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    public async Task Children_that_end_in_any_order_each_report_once_under_the_concurrency_limit(int maxConcurrency)
    {
        // 3,000 children that end in a scrambled order: each outcome is handed on once with its own index, and no more
        // than the limit run at once.
        const int Count = 3_000;
        var seen = new int[Count];
        var inFlight = 0;
        var peak = 0;
        var children = await ExecutionRun.RunChildrenAsync(
            Count,
            async (i, token) =>
            {
                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref peak, now);
                if (i % 50 == 0)
                {
                    await Task.Delay(i * 7919 % 3 + 1, token); // a few end late, so the order is not the start order
                }
                else
                {
                    await Task.Yield();
                }

                Interlocked.Decrement(ref inFlight);
                return StepOutcome.Success(i, -1);
            },
            (i, outcome) => Interlocked.Add(ref seen[i], outcome.Output.GetDouble() == i ? 1 : 1000),
            maxConcurrency,
            tolerated: 0,
            CancellationToken.None);

        Assert.Null(children);
        Assert.All(seen, n => Assert.Equal(1, n));
        if (maxConcurrency > 0)
        {
            Assert.InRange(peak, 1, maxConcurrency);
        }
    }

    [Fact]
    public async Task A_failure_among_many_waiting_children_ends_the_rest_before_it_is_returned()
    {
        // Every child started (the failure may stop the starts before the last) has ended when the failure is returned.
        var started = 0;
        var ended = 0;
        var outcome = await ExecutionRun.RunChildrenAsync(
            500,
            async (i, token) =>
            {
                Interlocked.Increment(ref started);
                try
                {
                    if (i == 250)
                    {
                        await Task.Yield();
                        return StepOutcome.Failure("Boom", "child 250");
                    }

                    await Task.Delay(Timeout.Infinite, token);
                    return StepOutcome.Success(JsonValue.Null, -1);
                }
                finally
                {
                    Interlocked.Increment(ref ended);
                }
            },
            (_, _) => { },
            maxConcurrency: 0,
            tolerated: 0,
            CancellationToken.None);

        Assert.Equal("Boom", outcome!.Value.Error);
        Assert.InRange(Volatile.Read(ref started), 251, 500);
        Assert.Equal(Volatile.Read(ref started), Volatile.Read(ref ended));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var current = Volatile.Read(ref target); value > current; current = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current)
            {
                return;
            }
        }
    }

    [Fact]
    public async Task Stopped_branches_all_end_before_their_state_does()
    {
        using var stop = new CancellationTokenSource();
        var yielded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lingering = new TaskCompletionSource<StepOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var children = ExecutionRun.RunChildrenAsync(
            2,
            async (i, token) =>
            {
                if (i == 1)
                {
                    return await lingering.Task; // still unwinding after the stop (an activity task being handed out, say)
                }

                await Task.Delay(Timeout.Infinite, token).ContinueWith(_ => yielded.TrySetResult(), TaskScheduler.Default);
                token.ThrowIfCancellationRequested();
                return StepOutcome.Success(JsonValue.EmptyObject, -1);
            },
            (_, _) => { },
            maxConcurrency: 0,
            tolerated: 0,
            stop.Token).AsTask();
        await stop.CancelAsync();
        await yielded.Task;

        // The state must not end (and the execution record its end) while a branch may still record events: a bounded
        // wait for what must not happen.
        Assert.NotSame(children, await Task.WhenAny(children, Task.Delay(TimeSpan.FromMilliseconds(500))));
        lingering.SetCanceled();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => children);
    }

    [Fact]
    public async Task Activity_tasks_are_polled_and_completed_by_workers()
    {
        const string Arn = "arn:aws:states:us-east-1:123456789012:activity:work";
        var (kernel, _) = Create();
        var run = kernel.RunAsync(AslInterpreter.Compile("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":\"" + Arn + "\",\"End\":true}}}"), JsonValue.Parse("""{"n":1}""")).AsTask();
        var task = await kernel.GetActivityTaskAsync(Arn, "worker-1");
        Assert.NotNull(task);
        Assert.Equal(JsonValue.Parse("""{"n":1}"""), task.Input);
        kernel.SendTaskFailure(task.TaskToken, "WorkerError", "no");
        var result = await run;
        Assert.Equal("WorkerError", result.Error);
        Assert.Equal(["ExecutionStarted", "TaskStateEntered", "ActivityScheduled", "ActivityStarted", "ActivityFailed", "ExecutionFailed"], result.History!.Events.Select(e => e.Type));
    }

    [Fact]
    public async Task An_activity_task_that_ends_before_a_worker_takes_it_leaves_the_queue()
    {
        // Found by a soak trial: ended tasks stayed queued, inputs and all, until some worker polled (1.2 GB after
        // 30,000 timed-out executions whose worker was offline).
        const string Arn = "arn:aws:states:us-east-1:123456789012:activity:offline";
        var (kernel, clock) = Create();
        var timesOut = AslInterpreter.Compile("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":\"" + Arn + "\",\"TimeoutSeconds\":5,\"End\":true}}}");
        var runs = Enumerable.Range(0, 20).Select(_ => kernel.RunAsync(timesOut, JsonValue.Parse("""{"big":"x"}""")).AsTask()).ToArray();
        Assert.Equal(20, kernel.ActivityQueueOf(Arn).Count);

        var results = await VirtualClock.RunAsync(clock, Task.WhenAll(runs), TimeSpan.FromSeconds(10));
        Assert.All(results, r => Assert.Equal("States.Timeout", r.Error));
        Assert.Equal(0, kernel.ActivityQueueOf(Arn).Count);

        // Stopped executions' tasks leave it too; a task still scheduled is the next worker's.
        using var stop = new CancellationTokenSource();
        var stopped = kernel.RunAsync(timesOut, JsonValue.EmptyObject, cancellationToken: stop.Token).AsTask();
        var kept = kernel.RunAsync(timesOut, JsonValue.Parse("""{"n":2}""")).AsTask();
        Assert.Equal(2, kernel.ActivityQueueOf(Arn).Count);
        await stop.CancelAsync();
        Assert.Equal(ExecutionStatus.Aborted, (await stopped).Status);
        Assert.Equal(1, kernel.ActivityQueueOf(Arn).Count);
        var task = await kernel.GetActivityTaskAsync(Arn, "w");
        Assert.Equal(JsonValue.Parse("""{"n":2}"""), task!.Input);
        kernel.SendTaskSuccess(task.TaskToken, JsonValue.EmptyObject);
        Assert.Equal(ExecutionStatus.Succeeded, (await kept).Status);
    }

    [Fact]
    public async Task Ten_thousand_executions_waiting_an_hour_finish_when_the_clock_advances()
    {
        var (kernel, clock) = Create();
        var program = AslInterpreter.Compile("""{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}""");
        var threads = System.Diagnostics.Process.GetCurrentProcess().Threads.Count;
        var runs = new Task<ExecutionResult>[10_000];
        for (var i = 0; i < runs.Length; i++)
        {
            runs[i] = kernel.RunAsync(program, JsonValue.EmptyObject, new ExecutionRequest { RecordHistory = false }).AsTask();
        }

        Assert.Equal(10_000, clock.PendingTimerCount);
        Assert.DoesNotContain(runs, r => r.IsCompleted);
        clock.Advance(TimeSpan.FromHours(1));
        var results = await Task.WhenAll(runs);
        Assert.All(results, r => Assert.Equal(ExecutionStatus.Succeeded, r.Status));
        Assert.True(System.Diagnostics.Process.GetCurrentProcess().Threads.Count < threads + 50);
    }

    [Fact]
    public async Task Parallel_branches_read_outer_variables_and_their_assignments_stay_inside()
    {
        var (kernel, clock) = Create();
        var result = await Run(kernel, clock, """
            {"StartAt":"A","States":{
              "A":{"Type":"Pass","Assign":{"x":1},"Next":"P"},
              "P":{"Type":"Parallel","Branches":[
                {"StartAt":"B","States":{"B":{"Type":"Pass","Assign":{"y":2},"Next":"B2"},"B2":{"Type":"Pass","Parameters":{"x.$":"$x","y.$":"$y"},"End":true}}}],
               "Next":"Q"},
              "Q":{"Type":"Pass","Parameters":{"branch.$":"$[0]","x.$":"$x"},"End":true}}}
            """);
        Assert.Equal(JsonValue.Parse("""{"branch":{"x":1,"y":2},"x":1}"""), result.Output);
    }

    [Fact]
    public async Task Context_object_exposes_execution_state_and_map_item()
    {
        var (kernel, clock) = Create();
        var result = await Run(kernel, clock, """
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.xs",
              "ItemSelector":{"i.$":"$$.Map.Item.Index","v.$":"$$.Map.Item.Value","s.$":"$$.State.Name"},
              "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}
            """, """{"xs":["a","b"]}""");
        Assert.Equal(JsonValue.Parse("""[{"i":0,"v":"a","s":"M"},{"i":1,"v":"b","s":"M"}]"""), result.Output);
    }

    [Fact]
    public async Task Payloads_over_256_KiB_fail_with_States_DataLimitExceeded()
    {
        var (kernel, clock) = Create();
        kernel.Options.TaskHandlers.RegisterFunction("*", _ => JsonValue.FromString(new string('x', 300_000)));
        var result = await Run(kernel, clock, """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","End":true}}}""");
        Assert.Equal("States.DataLimitExceeded", result.Error);
    }

    [Fact]
    public async Task An_endless_loop_fails_at_the_history_limit()
    {
        var clock = new VirtualTimeProvider(Start);
        var kernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = clock, MaxHistoryEvents = 100 });
        var result = await Run(kernel, clock, """{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"A"}}}""");
        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.True(result.History!.Count <= 102);
    }

    [Fact]
    public async Task Lambda_invoke_calls_the_handler_of_its_function_before_the_handler_of_the_resource()
    {
        // One state names its function, the next computes it: the first must reach the function's own handler (with
        // its Payload, the result in Lambda's shape) although a handler for every lambda:invoke call is registered.
        var calls = new List<string>();
        var handlers = new TaskHandlerRegistry()
            .RegisterFunction("arn:aws:states:::lambda:invoke", input =>
            {
                calls.Add("any " + input.ToJsonString());
                return JsonValue.Parse("""{"Payload":"dynamic"}""");
            })
            .RegisterFunction("price", input =>
            {
                calls.Add("price " + input.ToJsonString());
                return JsonValue.Parse("""{"total":3}""");
            })
            .RegisterFunction("arn:aws:lambda:*", input =>
            {
                calls.Add("pattern " + input.ToJsonString());
                return JsonValue.Parse("{}");
            });
        var (kernel, clock) = Create(handlers);
        var result = await Run(kernel, clock, """
            {"StartAt":"Literal","States":{
              "Literal":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"price","Payload":{"n.$":"$.n"}},"ResultSelector":{"total.$":"$.Payload.total"},"ResultPath":"$.price","Next":"Computed"},
              "Computed":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName.$":"$.fn","Payload":{}},"ResultSelector":{"p.$":"$.Payload"},"ResultPath":"$.computed","Next":"Pattern"},
              "Pattern":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:other","Payload":{}},"ResultPath":null,"End":true}}}
            """, """{"n":2,"fn":"other"}""");

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("""{"n":2,"fn":"other","price":{"total":3},"computed":{"p":"dynamic"}}""", result.Output.ToJsonString());

        // A pattern matching the function does not beat the resource's own handler: only an exact registration does.
        Assert.Equal(
            ["price {\"n\":2}", "any {\"Payload\":{},\"FunctionName\":\"other\"}", "any {\"FunctionName\":\"arn:aws:lambda:us-east-1:123456789012:function:other\",\"Payload\":{}}"],
            calls);
    }

    [Theory]
    [InlineData(ExecutionType.Standard, "Id,Input,StartTime,Name,RoleArn,RedriveCount")]
    [InlineData(ExecutionType.Express, "Id,Input,Name,RoleArn,StartTime,RedriveCount")]
    public async Task The_context_objects_members_are_in_AWSs_order_which_shows_in_text(ExecutionType type, string executionOrder)
    {
        // Found by a user trial: $$.State began with EnteredTime; every recorded one is {Name, EnteredTime[, RetryCount]},
        // and recorded $$.Execution objects order their members by the execution's type. JSON equality hides the order,
        // States.JsonToString and States.Format show it.
        const string Definition = """
            {"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{
              "state.$":"States.JsonToString($$.State)","execution.$":"$$.Execution","top.$":"$$"},"Next":"T"},
             "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"s.$":"States.Format('{}', $$.State)"},"End":true}}}
            """;
        var handlers = new TaskHandlerRegistry().RegisterFunction("arn:aws:states:::lambda:invoke", input => input);
        var (kernel, clock) = Create(handlers);
        var run = kernel.RunAsync(AslInterpreter.Compile(Definition), JsonValue.Parse("{}"), new ExecutionRequest { Type = type }).AsTask();
        var result = await VirtualClock.RunAsync(clock, run, TimeSpan.FromSeconds(2));

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        var first = JsonValue.Parse(result.History!.Events.Single(e => e.Type == "PassStateExited").Details["output"].GetString());
        Assert.StartsWith("{\"Name\":\"P\",\"EnteredTime\":", first["state"].GetString(), StringComparison.Ordinal);
        Assert.Equal(executionOrder, string.Join(",", first["execution"].GetObject().Select(m => m.Key)));
        Assert.Equal("Execution,StateMachine,State", string.Join(",", first["top"].GetObject().Select(m => m.Key)));
        Assert.StartsWith("{Name=T, EnteredTime=", result.Output["s"].GetString(), StringComparison.Ordinal);
        Assert.EndsWith(", RetryCount=0}", result.Output["s"].GetString(), StringComparison.Ordinal);
    }
}
