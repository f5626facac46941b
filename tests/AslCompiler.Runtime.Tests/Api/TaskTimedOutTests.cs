using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Runtime.Tests.Api;

public sealed class TaskTimedOutTests
{
    private static string Definition(string activityArn, string limits) =>
        "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\"" + activityArn + "\"," + limits + ",\"End\":true}}}";

    /// <summary>Starts an execution of an activity task, hands the task to a worker, then lets the clock run until the execution ends.</summary>
    private static async Task<(LocalStepFunctions Sfn, string Token, DescribeExecutionResponse Described)> TimeOutAsync(string limits)
    {
        var clock = new VirtualTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var sfn = ExecutionFixture.Create(clock);
        var activity = (await sfn.CreateActivityAsync(new CreateActivityRequest { Name = "work" })).ActivityArn;
        var machine = await sfn.CreateMachineAsync("M", Definition(activity, limits));
        var arn = await sfn.StartAsync(machine);
        var task = await sfn.GetActivityTaskAsync(new GetActivityTaskRequest { ActivityArn = activity, WorkerName = "w" });
        Assert.NotNull(task.TaskToken);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        DescribeExecutionResponse described;
        do
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1);
            described = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn });
        }
        while (described.Status == ExecutionStatus.Running && DateTime.UtcNow < deadline);
        return (sfn, task.TaskToken!, described);
    }

    [Theory]
    [InlineData("\"HeartbeatSeconds\":10,\"TimeoutSeconds\":100", "States.Timeout")] // AWS reports a heartbeat timeout as States.Timeout
    [InlineData("\"TimeoutSeconds\":30", "States.Timeout")]
    public async Task Callbacks_for_a_timed_out_task_answer_TaskTimedOut(string limits, string error)
    {
        var (sfn, token, described) = await TimeOutAsync(limits);
        Assert.Equal(ExecutionStatus.Failed, described.Status);
        Assert.Equal(error, described.Error);

        var success = await Assert.ThrowsAsync<TaskTimedOutException>(() => sfn.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = token, Output = "{}" }));
        Assert.Equal("TaskTimedOut", success.ErrorCode);
        Assert.Equal("Task Timed Out: 'Provided task does not exist anymore'", success.Message);
        await Assert.ThrowsAsync<TaskTimedOutException>(() => sfn.SendTaskFailureAsync(new SendTaskFailureRequest { TaskToken = token, Error = "E" }));
        await Assert.ThrowsAsync<TaskTimedOutException>(() => sfn.SendTaskHeartbeatAsync(new SendTaskHeartbeatRequest { TaskToken = token }));
    }

    [Fact]
    public async Task A_task_that_completed_answers_a_later_callback_TaskTimedOut()
    {
        // The reference: TaskTimedOut is "the task token has either expired or the task associated with the token has
        // already been closed"; AWS answers a token used twice so (a callbacks trial found TaskDoesNotExist here).
        var clock = new VirtualTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var sfn = ExecutionFixture.Create(clock);
        var activity = (await sfn.CreateActivityAsync(new CreateActivityRequest { Name = "work" })).ActivityArn;
        var machine = await sfn.CreateMachineAsync("M", Definition(activity, "\"TimeoutSeconds\":30"));
        var arn = await sfn.StartAsync(machine);
        var task = await sfn.GetActivityTaskAsync(new GetActivityTaskRequest { ActivityArn = activity });
        await sfn.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = task.TaskToken!, Output = "{}" });
        Assert.Equal(ExecutionStatus.Succeeded, (await sfn.WaitAsync(arn)).Status);
        clock.Advance(TimeSpan.FromSeconds(60));

        await Assert.ThrowsAsync<TaskTimedOutException>(() => sfn.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = task.TaskToken!, Output = "{}" }));
        await Assert.ThrowsAsync<TaskTimedOutException>(() => sfn.SendTaskHeartbeatAsync(new SendTaskHeartbeatRequest { TaskToken = task.TaskToken! }));

        // A token no task here had is another matter.
        await Assert.ThrowsAsync<TaskDoesNotExistException>(() => sfn.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = new string('a', 32), Output = "{}" }));
    }

    [Fact]
    public async Task A_stopped_executions_token_answers_TaskTimedOut()
    {
        var sfn = ExecutionFixture.Create();
        var activity = (await sfn.CreateActivityAsync(new CreateActivityRequest { Name = "work" })).ActivityArn;
        var machine = await sfn.CreateMachineAsync("M", Definition(activity, "\"TimeoutSeconds\":30"));
        var arn = await sfn.StartAsync(machine);
        var task = await sfn.GetActivityTaskAsync(new GetActivityTaskRequest { ActivityArn = activity });
        await sfn.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = arn });
        Assert.Equal(ExecutionStatus.Aborted, (await sfn.WaitAsync(arn)).Status);

        await Assert.ThrowsAsync<TaskTimedOutException>(() => sfn.SendTaskFailureAsync(new SendTaskFailureRequest { TaskToken = task.TaskToken! }));
    }
}

public sealed class TimedOutTokenMemoryTests
{
    [Fact]
    public void The_kernel_remembers_a_bounded_number_of_timed_out_tokens_oldest_forgotten_first()
    {
        var kernel = new AslCompiler.Runtime.Execution.ExecutionKernel();
        var count = AslCompiler.Runtime.Execution.ExecutionKernel.TimedOutTokenCapacity + 5;
        for (var i = 0; i < count; i++)
        {
            var token = "t" + i;
            Assert.True(kernel.ExpirePending(token, kernel.RegisterPending(token, () => { })));
            Assert.False(kernel.IsTaskPending(token));
        }

        Assert.Equal(Enumerable.Range(0, 5).Select(_ => false), Enumerable.Range(0, 5).Select(i => kernel.IsTaskTimedOut("t" + i)));
        Assert.True(kernel.IsTaskTimedOut("t5"));
        Assert.True(kernel.IsTaskTimedOut("t" + (count - 1)));
    }

    [Fact]
    public void A_callback_that_closed_the_task_first_wins_over_its_timeout()
    {
        var kernel = new AslCompiler.Runtime.Execution.ExecutionKernel();
        var pending = kernel.RegisterPending("tok", () => { });
        Assert.True(kernel.SendTaskSuccess("tok", AslCompiler.Runtime.Json.JsonValue.EmptyObject));
        Assert.False(kernel.ExpirePending("tok", pending));
        Assert.False(kernel.IsTaskTimedOut("tok"));

        var late = kernel.RegisterPending("late", () => { });
        Assert.True(kernel.ExpirePending("late", late));
        Assert.False(kernel.SendTaskFailure("late", "E", null));
        Assert.True(kernel.IsTaskTimedOut("late"));
    }
}

public sealed class TimedOutTokenRestartTests
{
    // Well formed (32 base64url characters) but never handed out.
    private const string UnknownToken = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    private static LocalStepFunctions Create(IStepFunctionsStore store, TimeProvider clock) => new(new StepFunctionsOptions
    {
        AccountId = "111111111111",
        Region = "us-east-1",
        TimeProvider = clock,
        Store = store,
    });

    /// <summary>Runs an activity task of a Standard execution until its limit ends it; returns the token.</summary>
    private static async Task<string> TimeOutAsync(LocalStepFunctions sfn, VirtualTimeProvider clock, string limits)
    {
        var activity = (await sfn.CreateActivityAsync(new CreateActivityRequest { Name = "work" })).ActivityArn;
        var definition = "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\"" + activity + "\"," + limits + ",\"End\":true}}}";
        var machine = await sfn.CreateMachineAsync("M", definition);
        var started = await sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machine });
        var task = await sfn.GetActivityTaskAsync(new GetActivityTaskRequest { ActivityArn = activity });
        Assert.NotNull(task.TaskToken);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline
            && (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = started.ExecutionArn })).Status == ExecutionStatus.Running)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1);
        }

        Assert.Equal(ExecutionStatus.Failed, (await sfn.WaitAsync(started.ExecutionArn)).Status);

        return task.TaskToken!;
    }

    [Theory]
    [InlineData("\"HeartbeatSeconds\":10,\"TimeoutSeconds\":100")]
    [InlineData("\"TimeoutSeconds\":30")]
    public async Task A_timed_out_token_answers_TaskTimedOut_after_a_restart(string limits)
    {
        var store = new InMemoryStepFunctionsStore();
        var clock = new VirtualTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var first = Create(store, clock);
        await first.RecoverAsync();
        var token = await TimeOutAsync(first, clock, limits);
        await first.ShutdownAsync();

        var second = Create(store, clock);
        await second.RecoverAsync();
        var success = await Assert.ThrowsAsync<TaskTimedOutException>(() => second.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = token, Output = "{}" }));
        Assert.Equal("Task Timed Out: 'Provided task does not exist anymore'", success.Message);
        await Assert.ThrowsAsync<TaskTimedOutException>(() => second.SendTaskFailureAsync(new SendTaskFailureRequest { TaskToken = token, Error = "E" }));
        await Assert.ThrowsAsync<TaskTimedOutException>(() => second.SendTaskHeartbeatAsync(new SendTaskHeartbeatRequest { TaskToken = token }));
        await Assert.ThrowsAsync<TaskDoesNotExistException>(() => second.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = UnknownToken, Output = "{}" }));
        Assert.True(await store.IsTaskTokenTimedOutAsync(token, CancellationToken.None));
    }

    [Fact]
    public async Task The_in_memory_store_forgets_tokens_that_timed_out_before_the_cutoff()
    {
        var store = new InMemoryStepFunctionsStore();
        var t0 = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await store.AddTimedOutTaskTokenAsync("old", t0, t0.AddDays(-455), CancellationToken.None);
        await store.AddTimedOutTaskTokenAsync("mid", t0.AddDays(100), t0.AddDays(-355), CancellationToken.None);
        Assert.True(await store.IsTaskTokenTimedOutAsync("old", CancellationToken.None));

        await store.AddTimedOutTaskTokenAsync("new", t0.AddDays(456), t0.AddDays(1), CancellationToken.None);
        Assert.False(await store.IsTaskTokenTimedOutAsync("old", CancellationToken.None));
        Assert.True(await store.IsTaskTokenTimedOutAsync("mid", CancellationToken.None));
        Assert.True(await store.IsTaskTokenTimedOutAsync("new", CancellationToken.None));
        Assert.False(await store.IsTaskTokenTimedOutAsync("never", CancellationToken.None));
    }
}
