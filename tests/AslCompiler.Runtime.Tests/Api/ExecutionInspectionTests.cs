using System.Collections.Concurrent;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Api.Engine;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;
using ExecutionOptions = AslCompiler.Runtime.Execution.ExecutionOptions;
using JsonValue = AslCompiler.Runtime.Json.JsonValue;

namespace AslCompiler.Runtime.Tests.Api;

public sealed class GetExecutionHistoryTests
{
    private static async Task<(LocalStepFunctions Sfn, string Arn)> RunAsync()
    {
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.ResultDefinition);
        var arn = await sfn.StartAsync(machine, "h", """{"in":true}""");
        await sfn.WaitAsync(arn);
        return (sfn, arn);
    }

    [Theory]
    [InlineData(StateMachineType.Standard)]
    [InlineData(StateMachineType.Express)]
    public async Task The_execution_role_is_the_state_machines(StateMachineType type)
    {
        const string Role = "arn:aws:iam::111111111111:role/Special";
        var sfn = ExecutionFixture.Create(inspectExpress: true);
        const string definition = """{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"role.$":"$$.Execution.RoleArn","items.$":"$.items"},"Next":"M"},"M":{"Type":"Map","ItemsPath":"$.items","ItemProcessor":{"ProcessorConfig":MODE,"StartAt":"C","States":{"C":{"Type":"Pass","Parameters":{"role.$":"$$.Execution.RoleArn"},"End":true}}},"ResultPath":"$.children","End":true}}}""";
        var machine = (await sfn.CreateStateMachineAsync(new CreateStateMachineRequest { Name = "R", Definition = definition.Replace("MODE", type == StateMachineType.Standard ? "{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"EXPRESS\"}" : "{\"Mode\":\"INLINE\"}", StringComparison.Ordinal), RoleArn = Role, Type = type })).StateMachineArn;
        var arn = await sfn.StartAsync(machine, "role", """{"items":[1]}""");
        var described = await sfn.WaitAsync(arn);
        Assert.Equal(ExecutionStatus.Succeeded, described.Status);
        var output = JsonValue.Parse(described.Output!);
        Assert.Equal(Role, output["role"].GetString());
        Assert.Equal(Role, output["children"][0]["role"].GetString()); // a distributed Map's child execution's too
        var started = (await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn })).Events[0];
        Assert.Equal(Role, started.ExecutionStartedEventDetails!.RoleArn);
    }

    [Fact]
    public async Task A_running_execution_shows_its_history_so_far()
    {
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("W", """{"StartAt":"P","States":{"P":{"Type":"Pass","Next":"W"},"W":{"Type":"Wait","Seconds":3600,"End":true}}}""");
        var arn = await sfn.StartAsync(machine, "running");
        HistoryEventType[] soFar = [HistoryEventType.ExecutionStarted, HistoryEventType.PassStateEntered, HistoryEventType.PassStateExited, HistoryEventType.WaitStateEntered];
        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<HistoryEventType> types;
        do
        {
            types = (await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn })).Events.Select(e => e.Type).ToList();
        }
        while (!types.SequenceEqual(soFar) && DateTime.UtcNow < deadline && await Task.Delay(10).ContinueWith(_ => true));

        Assert.Equal(soFar, types);
        Assert.Equal(ExecutionStatus.Running, (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn })).Status);
    }

    [Fact]
    public async Task History_lists_the_events_in_order()
    {
        var (sfn, arn) = await RunAsync();
        var history = await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn });
        Assert.Equal(
            [HistoryEventType.ExecutionStarted, HistoryEventType.PassStateEntered, HistoryEventType.PassStateExited, HistoryEventType.ExecutionSucceeded],
            history.Events.Select(e => e.Type));
        Assert.Equal([1L, 2, 3, 4], history.Events.Select(e => e.Id));
        Assert.Equal("""{"in":true}""", history.Events[0].ExecutionStartedEventDetails!.Input);
        Assert.Equal(ApiFixture.RoleArn, history.Events[0].ExecutionStartedEventDetails!.RoleArn);
        Assert.Equal("A", history.Events[1].StateEnteredEventDetails!.Name);
        Assert.Equal("""{"in":true,"r":{"x":1}}""", history.Events[3].ExecutionSucceededEventDetails!.Output);
        Assert.Null(history.NextToken);
    }

    [Fact]
    public async Task Pages_and_reverse_order()
    {
        var (sfn, arn) = await RunAsync();
        var ids = new List<long>();
        string? token = null;
        do
        {
            var page = await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn, MaxResults = 3, ReverseOrder = true, NextToken = token });
            ids.AddRange(page.Events.Select(e => e.Id));
            token = page.NextToken;
        }
        while (token is not null);
        Assert.Equal([4L, 3, 2, 1], ids);
        var first = await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn, MaxResults = 3 });
        var reversedToken = (await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn, MaxResults = 1, ReverseOrder = true })).NextToken;
        await Assert.ThrowsAsync<InvalidTokenException>(() => sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn, NextToken = reversedToken }));
        Assert.Equal(4, Assert.Single((await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn, NextToken = first.NextToken })).Events).Id);
    }

    [Fact]
    public async Task Without_execution_data_inputs_and_outputs_are_left_out()
    {
        var (sfn, arn) = await RunAsync();
        var history = await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn, IncludeExecutionData = false });
        Assert.Null(history.Events[0].ExecutionStartedEventDetails!.Input);
        Assert.Null(history.Events[^1].ExecutionSucceededEventDetails!.Output);
        Assert.Equal("A", history.Events[1].StateEnteredEventDetails!.Name);
    }

    [Fact]
    public async Task Update_date_of_a_revision_survives_a_restart_over_the_store()
    {
        var time = new VirtualTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var store = new InMemoryStepFunctionsStore();
        var sfn = new LocalStepFunctions(new StepFunctionsOptions { Store = store, TimeProvider = time });
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.ResultDefinition);
        time.Advance(TimeSpan.FromMinutes(5));
        var updated = await sfn.UpdateStateMachineAsync(new UpdateStateMachineRequest { StateMachineArn = machine, Definition = ExecutionFixture.FailDefinition });
        var execution = await sfn.StartAsync(machine);
        await sfn.WaitAsync(execution);

        var again = new LocalStepFunctions(new StepFunctionsOptions { Store = store, TimeProvider = time });
        await again.RecoverAsync();
        var described = await again.DescribeStateMachineForExecutionAsync(new DescribeStateMachineForExecutionRequest { ExecutionArn = execution });
        Assert.Equal(updated.RevisionId, described.RevisionId);
        Assert.Equal(updated.UpdateDate, described.UpdateDate);
    }

    [Fact]
    public async Task Documented_errors()
    {
        var sfn = ExecutionFixture.Create();
        await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = sfn.Arns.Execution("M", "x") }));
        await Assert.ThrowsAsync<InvalidArnException>(() => sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = sfn.Arns.StateMachine("M") }));
        var (other, arn) = await RunAsync();
        await Assert.ThrowsAsync<InvalidTokenException>(() => other.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn, NextToken = "x" }));
        var express = await sfn.CreateMachineAsync("E", type: StateMachineType.Express);
        var expressArn = await sfn.StartAsync(express);
        await Assert.ThrowsAsync<InvalidArnException>(() => sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = expressArn }));
    }

    [Fact]
    public async Task History_read_as_a_run_begins_is_never_empty_nor_shorter_than_before_a_redrive()
    {
        // The observer hears of each run's start after the run's history is visible and before the kernel runs it.
        var observer = new HistoryAtStart();
        var sfn = new LocalStepFunctions(new StepFunctionsOptions
        {
            AccountId = "111111111111",
            Region = "us-east-1",
            TimeProvider = new VirtualTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero)),
            Observers = [observer],
        });
        observer.Sfn = sfn;
        var activity = (await sfn.CreateActivityAsync(new CreateActivityRequest { Name = "work" })).ActivityArn;
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.ActivityDefinition(activity));
        var arn = await sfn.StartAsync(machine);
        var atStart = await observer.Next();
        Assert.Equal([HistoryEventType.ExecutionStarted], atStart.Select(e => e.Type));

        var task = await sfn.GetActivityTaskAsync(new GetActivityTaskRequest { ActivityArn = activity });
        await sfn.SendTaskFailureAsync(new SendTaskFailureRequest { TaskToken = task.TaskToken!, Error = "Worker.Err" });
        Assert.Equal(ExecutionStatus.Failed, (await sfn.WaitAsync(arn)).Status);
        var failed = (await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn })).Events;

        await sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = arn });
        var atRedrive = await observer.Next();
        Assert.Equal(failed.Select(e => (e.Id, e.Type)), atRedrive.Select(e => (e.Id, e.Type)));
        await sfn.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = arn });
    }

    private sealed class HistoryAtStart : IExecutionObserver
    {
        private TaskCompletionSource<List<HistoryEvent>> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LocalStepFunctions? Sfn { get; set; }

        public async Task<List<HistoryEvent>> Next()
        {
            var seen = await _next.Task.WaitAsync(TimeSpan.FromSeconds(30));
            _next = new TaskCompletionSource<List<HistoryEvent>>(TaskCreationOptions.RunContinuationsAsynchronously);
            return seen;
        }

        public void ExecutionStarted(ExecutionObservation execution)
        {
            // Without a store the history is read synchronously.
            var history = Sfn!.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = execution.ExecutionArn }).GetAwaiter().GetResult();
            _next.TrySetResult(history.Events.ToList());
        }

        public void HistoryEventRecorded(ExecutionObservation execution, HistoryEvent historyEvent)
        {
        }

        public void ExecutionCompleted(ExecutionObservation execution, ExecutionStatus status, DateTimeOffset stopDate)
        {
        }
    }
}

public sealed class DescribeStateMachineForExecutionTests
{
    [Fact]
    public async Task Returns_the_definition_the_execution_ran()
    {
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.ResultDefinition);
        var arn = await sfn.StartAsync(machine);
        await sfn.UpdateStateMachineAsync(new UpdateStateMachineRequest { StateMachineArn = machine, Definition = ExecutionFixture.FailDefinition });
        var described = await sfn.DescribeStateMachineForExecutionAsync(new DescribeStateMachineForExecutionRequest { ExecutionArn = arn });
        Assert.Equal(ExecutionFixture.ResultDefinition, described.Definition);
        Assert.Equal(machine, described.StateMachineArn);
        Assert.Equal("M", described.Name);
        Assert.Equal(ApiFixture.RoleArn, described.RoleArn);
        Assert.Null(described.RevisionId);

        var later = await sfn.StartAsync(machine);
        var current = await sfn.DescribeStateMachineForExecutionAsync(new DescribeStateMachineForExecutionRequest { ExecutionArn = later });
        Assert.Equal(ExecutionFixture.FailDefinition, current.Definition);
        Assert.NotNull(current.RevisionId);
    }

    [Fact]
    public async Task Describe_with_METADATA_ONLY_returns_the_definition_as_an_empty_object()
    {
        // The reference (includedData): "call the API with includedData = METADATA_ONLY to get a successful response
        // without the encrypted definition"; the definition is a required member, so it is {} as DescribeStateMachine's.
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.ResultDefinition);
        var arn = await sfn.StartAsync(machine);
        await sfn.WaitAsync(arn);
        var full = await sfn.DescribeStateMachineForExecutionAsync(new DescribeStateMachineForExecutionRequest { ExecutionArn = arn });
        var all = await sfn.DescribeStateMachineForExecutionAsync(new DescribeStateMachineForExecutionRequest { ExecutionArn = arn, IncludedData = IncludedData.AllData });
        var metadata = await sfn.DescribeStateMachineForExecutionAsync(new DescribeStateMachineForExecutionRequest { ExecutionArn = arn, IncludedData = IncludedData.MetadataOnly });
        Assert.Equal(ExecutionFixture.ResultDefinition, full.Definition);
        Assert.Equal(full, all);
        Assert.Equal(full with { Definition = "{}" }, metadata);
    }

    [Fact]
    public async Task An_execution_started_through_a_version_or_an_alias_names_the_unqualified_state_machine()
    {
        // As AWS recorded it (LocalStack's test_describe_state_machine_for_execution_of_version[_with_revision]): the
        // state machine ARN without the version or alias, with the definition and revision of the version that ran.
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.ResultDefinition);
        var published = await sfn.UpdateStateMachineAsync(new UpdateStateMachineRequest { StateMachineArn = machine, Definition = ExecutionFixture.FailDefinition, Publish = true });
        var version = published.StateMachineVersionArn!;
        Assert.Equal(machine + ":1", version);
        await sfn.UpdateStateMachineAsync(new UpdateStateMachineRequest { StateMachineArn = machine, Definition = ExecutionFixture.ResultDefinition });
        var alias = (await sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasRequest
        {
            Name = "PROD", RoutingConfiguration = [new RoutingConfigurationListItem { StateMachineVersionArn = version, Weight = 100 }],
        })).StateMachineAliasArn;

        foreach (var started in new[] { version, alias })
        {
            var arn = await sfn.StartAsync(started);
            await sfn.WaitAsync(arn);
            var described = await sfn.DescribeStateMachineForExecutionAsync(new DescribeStateMachineForExecutionRequest { ExecutionArn = arn });
            Assert.Equal(machine, described.StateMachineArn);
            Assert.Equal("M", described.Name);
            Assert.Equal(ExecutionFixture.FailDefinition, described.Definition);
            Assert.Equal(published.RevisionId, described.RevisionId);
        }
    }

    [Fact]
    public async Task Update_date_is_the_date_of_the_revision_the_execution_started_on()
    {
        var time = new VirtualTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var sfn = ExecutionFixture.Create(time);
        var created = time.GetUtcNow();
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.ResultDefinition);
        var first = await sfn.StartAsync(machine);

        time.Advance(TimeSpan.FromHours(1));
        var updated = await sfn.UpdateStateMachineAsync(new UpdateStateMachineRequest { StateMachineArn = machine, Definition = ExecutionFixture.FailDefinition });
        var second = await sfn.StartAsync(machine);

        // An update that changes nothing makes no revision: the date stays the last revision's.
        time.Advance(TimeSpan.FromHours(1));
        await sfn.UpdateStateMachineAsync(new UpdateStateMachineRequest { StateMachineArn = machine, Definition = ExecutionFixture.FailDefinition });
        var third = await sfn.StartAsync(machine);

        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(created, (await sfn.DescribeStateMachineForExecutionAsync(new DescribeStateMachineForExecutionRequest { ExecutionArn = first })).UpdateDate);
        Assert.Equal(updated.UpdateDate, (await sfn.DescribeStateMachineForExecutionAsync(new DescribeStateMachineForExecutionRequest { ExecutionArn = second })).UpdateDate);
        Assert.Equal(updated.UpdateDate, (await sfn.DescribeStateMachineForExecutionAsync(new DescribeStateMachineForExecutionRequest { ExecutionArn = third })).UpdateDate);
        Assert.Equal(created.AddHours(1), updated.UpdateDate);
    }

    [Fact]
    public async Task Documented_errors()
    {
        var sfn = ExecutionFixture.Create();
        await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => sfn.DescribeStateMachineForExecutionAsync(new DescribeStateMachineForExecutionRequest { ExecutionArn = sfn.Arns.Execution("M", "x") }));
        await Assert.ThrowsAsync<InvalidArnException>(() => sfn.DescribeStateMachineForExecutionAsync(new DescribeStateMachineForExecutionRequest { ExecutionArn = "arn:aws:states:us-east-1:111111111111:express:E:x:1" }));
    }
}

public sealed class StartSyncExecutionTests
{
    [Fact]
    public async Task Runs_an_express_execution_to_its_end()
    {
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("E", ExecutionFixture.ResultDefinition, StateMachineType.Express);
        var result = await sfn.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = machine, Name = "s", Input = """{"a":1}""" });
        Assert.Equal(SyncExecutionStatus.Succeeded, result.Status);
        Assert.Equal("""{"a":1,"r":{"x":1}}""", result.Output);
        Assert.Equal("""{"a":1}""", result.Input);
        Assert.Equal("s", result.Name);
        Assert.Equal(machine, result.StateMachineArn);
        Assert.StartsWith(sfn.Arns.StateMachine("E").Replace(":stateMachine:", ":express:", StringComparison.Ordinal) + ":s:", result.ExecutionArn, StringComparison.Ordinal);
        Assert.Equal(100, result.BillingDetails!.BilledDurationInMilliseconds);
        Assert.Equal(64, result.BillingDetails.BilledMemoryUsedInMB);
        Assert.True(result.StopDate >= result.StartDate);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_metadata_only_run_answers_without_its_output_and_a_kept_one_still_has_it(bool inspect)
    {
        // METADATA_ONLY: the answer leaves the output out (and the output's text is not even written, unless the
        // execution is kept for inspection, where DescribeExecution gives it).
        var sfn = ExecutionFixture.Create(inspectExpress: inspect);
        var machine = await sfn.CreateMachineAsync("E", ExecutionFixture.ResultDefinition, StateMachineType.Express);
        var result = await sfn.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = machine, Input = """{"a":1}""", IncludedData = IncludedData.MetadataOnly });
        Assert.Equal(SyncExecutionStatus.Succeeded, result.Status);
        Assert.Null(result.Output);
        Assert.False(result.OutputDetails!.Included);
        if (inspect)
        {
            var described = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = result.ExecutionArn });
            Assert.Equal("""{"a":1,"r":{"x":1}}""", described.Output);
        }
    }

    [Fact]
    public async Task A_failing_execution_reports_error_and_cause()
    {
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("E", ExecutionFixture.FailDefinition, StateMachineType.Express);
        var result = await sfn.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = machine, IncludedData = IncludedData.MetadataOnly });
        Assert.Equal(SyncExecutionStatus.Failed, result.Status);
        Assert.Equal("Boom", result.Error);
        Assert.Equal("bad thing", result.Cause);
        Assert.Null(result.Input);
        Assert.Null(result.Output);
    }

    [Fact]
    public async Task Documented_errors()
    {
        var sfn = ExecutionFixture.Create();
        var standard = await sfn.CreateMachineAsync("S");
        await Assert.ThrowsAsync<StateMachineTypeNotSupportedException>(() => sfn.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = standard }));
        await Assert.ThrowsAsync<StateMachineDoesNotExistException>(() => sfn.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = sfn.Arns.StateMachine("none") }));
        var express = await sfn.CreateMachineAsync("E", type: StateMachineType.Express);
        await Assert.ThrowsAsync<InvalidExecutionInputException>(() => sfn.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = express, Input = "[" }));
        await Assert.ThrowsAsync<InvalidNameException>(() => sfn.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = express, Name = "a/b" }));
    }

    /// <summary>
    /// A handler that holds its thread (here: it moves the virtual clock before it returns) holds the caller's call too
    /// (the run is not moved to another thread); once it returns, the execution has timed out if the time limit passed
    /// meanwhile: the Express limit (5 minutes) or the definition's TimeoutSeconds.
    /// </summary>
    [Theory]
    [InlineData("", 300)]
    [InlineData("\"TimeoutSeconds\":30,", 30)]
    public async Task A_handler_that_holds_the_callers_thread_past_the_time_limit_ends_the_execution_TIMED_OUT(string timeout, int limitSeconds)
    {
        var start = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var clock = new VirtualTimeProvider(start);
        var caller = Environment.CurrentManagedThreadId;
        int? handlerThread = null;
        var sfn = Holding(clock, TimeSpan.FromSeconds(limitSeconds + 5), """{"late":true}""", () => handlerThread = Environment.CurrentManagedThreadId);
        var machine = await sfn.CreateMachineAsync("E", "{" + timeout + """
            "StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:f",
              "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}],"End":true},"Caught":{"Type":"Pass","End":true}}}
            """, StateMachineType.Express);

        var result = await sfn.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = machine, Name = "held" });

        Assert.Equal(caller, handlerThread);
        Assert.Equal(SyncExecutionStatus.TimedOut, result.Status);
        Assert.Equal(start.AddSeconds(limitSeconds), result.StopDate);
        Assert.Null(result.Output);
        Assert.Null(result.Error);
        Assert.Equal(limitSeconds * 1000L, result.BillingDetails!.BilledDurationInMilliseconds);
    }

    [Fact]
    public async Task A_handler_that_holds_the_callers_thread_within_the_time_limit_succeeds()
    {
        var clock = new VirtualTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var sfn = Holding(clock, TimeSpan.FromSeconds(299), """{"done":true}""");
        var machine = await sfn.CreateMachineAsync("E", """
            {"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:f","End":true}}}
            """, StateMachineType.Express);

        var result = await sfn.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = machine });

        Assert.Equal(SyncExecutionStatus.Succeeded, result.Status);
        Assert.Equal("""{"done":true}""", result.Output);
    }

    /// <summary>An engine whose Lambda handler holds its thread for <paramref name="held"/> of the clock, then returns <paramref name="output"/>.</summary>
    private static LocalStepFunctions Holding(VirtualTimeProvider clock, TimeSpan held, string output, Action? called = null) => new(new StepFunctionsOptions
    {
        AccountId = "111111111111",
        Region = "us-east-1",
        TimeProvider = clock,
        Execution = new ExecutionOptions
        {
            TaskHandlers = new TaskHandlerRegistry().Register("arn:aws:lambda:*", _ =>
            {
                called?.Invoke();
                clock.Advance(held);
                return new ValueTask<JsonValue>(JsonValue.Parse(output));
            }),
        },
    });
}

public sealed class ActivityTaskTests
{
    private static async Task<(LocalStepFunctions Sfn, string Activity, string Machine)> SetUpAsync(VirtualTimeProvider? clock = null)
    {
        var sfn = ExecutionFixture.Create(clock);
        var activity = (await sfn.CreateActivityAsync(new CreateActivityRequest { Name = "work" })).ActivityArn;
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.ActivityDefinition(activity));
        return (sfn, activity, machine);
    }

    [Fact]
    public async Task A_worker_gets_the_task_and_its_success_completes_the_execution()
    {
        var (sfn, activity, machine) = await SetUpAsync();
        var arn = await sfn.StartAsync(machine, input: """{"job":7}""");
        var task = await sfn.GetActivityTaskAsync(new GetActivityTaskRequest { ActivityArn = activity, WorkerName = "w1" });
        Assert.Equal("""{"job":7}""", task.Input);
        await sfn.SendTaskHeartbeatAsync(new SendTaskHeartbeatRequest { TaskToken = task.TaskToken! });
        await sfn.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = task.TaskToken!, Output = """{"done":true}""" });
        var described = await sfn.WaitAsync(arn);
        Assert.Equal(ExecutionStatus.Succeeded, described.Status);
        Assert.Equal("""{"done":true}""", described.Output);
        // A token whose task has closed: TaskTimedOut, as the reference and AWS answer a token used twice.
        var again = await Assert.ThrowsAsync<TaskTimedOutException>(() => sfn.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = task.TaskToken!, Output = "{}" }));
        Assert.Equal("TaskTimedOut", again.ErrorCode);
    }

    [Fact]
    public async Task Task_failure_fails_the_execution()
    {
        var (sfn, activity, machine) = await SetUpAsync();
        var arn = await sfn.StartAsync(machine);
        var task = await sfn.GetActivityTaskAsync(new GetActivityTaskRequest { ActivityArn = activity });
        await sfn.SendTaskFailureAsync(new SendTaskFailureRequest { TaskToken = task.TaskToken!, Error = "Worker.Err", Cause = "oops" });
        var described = await sfn.WaitAsync(arn);
        Assert.Equal(ExecutionStatus.Failed, described.Status);
        Assert.Equal("Worker.Err", described.Error);
        Assert.Equal("oops", described.Cause);
    }

    [Fact]
    public async Task The_long_poll_returns_no_token_after_60_seconds_on_the_clock()
    {
        var clock = new VirtualTimeProvider();
        var (sfn, activity, _) = await SetUpAsync(clock);
        var poll = sfn.GetActivityTaskAsync(new GetActivityTaskRequest { ActivityArn = activity });
        await clock.WaitForTimerAsync();

        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False(poll.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        var response = await poll.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Null(response.TaskToken);
        Assert.Null(response.Input);
    }

    [Fact]
    public async Task Documented_errors()
    {
        var (sfn, _, _) = await SetUpAsync();
        await Assert.ThrowsAsync<ActivityDoesNotExistException>(() => sfn.GetActivityTaskAsync(new GetActivityTaskRequest { ActivityArn = sfn.Arns.Activity("none") }));
        var invalid = await Assert.ThrowsAsync<InvalidTokenException>(() => sfn.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = "not a token", Output = "{}" }));
        Assert.Equal("Invalid Token: 'Invalid token'", invalid.Message);
        var wellFormed = new string('A', 32);
        await Assert.ThrowsAsync<TaskDoesNotExistException>(() => sfn.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = wellFormed, Output = "{}" }));
        await Assert.ThrowsAsync<TaskDoesNotExistException>(() => sfn.SendTaskFailureAsync(new SendTaskFailureRequest { TaskToken = wellFormed }));
        await Assert.ThrowsAsync<TaskDoesNotExistException>(() => sfn.SendTaskHeartbeatAsync(new SendTaskHeartbeatRequest { TaskToken = wellFormed }));
        await Assert.ThrowsAsync<InvalidTokenException>(() => sfn.SendTaskHeartbeatAsync(new SendTaskHeartbeatRequest { TaskToken = "x" }));
        await Assert.ThrowsAsync<InvalidOutputException>(() => sfn.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = wellFormed, Output = "{" }));
    }
}

/// <summary>
/// What the engine keeps of an ended execution: nothing of an EXPRESS one, which no action can read, so a process running
/// millions stays its size; of a STANDARD one its record and history, but not its run, nor its journal once no redrive
/// can replay it.
/// </summary>
public sealed class ExecutionRetentionTests
{
    // An Express parent with a distributed Map of Express children: its Map Run and children are dropped with it.
    private const string Definition = """
        {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items",
         "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},
         "End":true}}}
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Ended_express_executions_and_their_map_runs_are_dropped_unless_kept_for_inspection(bool inspect)
    {
        var sfn = ExecutionFixture.Create(inspectExpress: inspect);
        var machine = await sfn.CreateMachineAsync("E", Definition, StateMachineType.Express);
        var started = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var sync = await sfn.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = machine, Input = """{"items":[1,2]}""" });
            Assert.Equal(SyncExecutionStatus.Succeeded, sync.Status);
            Assert.Equal("[1,2]", sync.Output);
            started.Add(await sfn.StartAsync(machine, input: """{"items":[3]}"""));
        }

        await sfn.RunsEndedAsync();
        var (executions, mapRuns, children, _, _) = sfn.KeptRecords();
        if (inspect)
        {
            Assert.Equal((10, 10, 15), (executions, mapRuns, children));
            Assert.Equal(ExecutionStatus.Succeeded, (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = started[0] })).Status);
        }
        else
        {
            Assert.Equal((0, 0, 0), (executions, mapRuns, children));
            await Assert.ThrowsAsync<InvalidArnException>(() => sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = started[0] }));
        }
    }

    [Fact]
    public async Task Observers_are_still_told_every_event_of_an_express_execution_that_is_not_kept()
    {
        var observer = new EventTypes();
        var sfn = new LocalStepFunctions(new StepFunctionsOptions
        {
            TimeProvider = new VirtualTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero)),
            Observers = [observer],
        });
        var machine = await sfn.CreateMachineAsync("E", ExecutionFixture.ResultDefinition, StateMachineType.Express);
        var result = await sfn.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = machine, Input = "{}" });
        Assert.Equal(SyncExecutionStatus.Succeeded, result.Status);
        Assert.Equal(HistoryEventType.ExecutionStarted, observer.Types.First());
        Assert.Equal(HistoryEventType.ExecutionSucceeded, observer.Types.Last());
        Assert.Equal(0, sfn.KeptRecords().Executions);
    }

    private sealed class EventTypes(bool wantsEvents = true) : IExecutionObserver
    {
        public ConcurrentQueue<HistoryEventType> Types { get; } = new();

        public int Started;

        public int Completed;

        public bool ObservesHistory(ExecutionObservation execution) => wantsEvents;

        public void ExecutionStarted(ExecutionObservation execution) => Interlocked.Increment(ref Started);

        public void HistoryEventRecorded(ExecutionObservation execution, HistoryEvent historyEvent) => Types.Enqueue(historyEvent.Type);

        public void ExecutionCompleted(ExecutionObservation execution, ExecutionStatus status, DateTimeOffset stopDate) => Interlocked.Increment(ref Completed);
    }

    [Theory]
    [InlineData(StateMachineType.Express)]
    [InlineData(StateMachineType.Standard)]
    public async Task Only_observers_that_want_events_are_told_of_them(StateMachineType type)
    {
        // An observer that reads no events (ObservesHistory false) hears of starts and ends only, and costs an EXPRESS
        // execution no history; one that wants them, beside it, hears every event.
        var quiet = new EventTypes(wantsEvents: false);
        var listening = new EventTypes();
        var sfn = new LocalStepFunctions(new StepFunctionsOptions
        {
            TimeProvider = new VirtualTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero)),
            Observers = [quiet, listening],
        });
        var machine = await sfn.CreateMachineAsync("E", ExecutionFixture.ResultDefinition, type);
        if (type == StateMachineType.Express)
        {
            Assert.Equal(SyncExecutionStatus.Succeeded, (await sfn.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = machine, Input = "{}" })).Status);
        }
        else
        {
            Assert.Equal(ExecutionStatus.Succeeded, (await sfn.WaitAsync(await sfn.StartAsync(machine))).Status);
        }

        Assert.Empty(quiet.Types);
        Assert.Equal((1, 1), (quiet.Started, quiet.Completed));
        Assert.Equal([HistoryEventType.ExecutionStarted, HistoryEventType.PassStateEntered, HistoryEventType.PassStateExited, HistoryEventType.ExecutionSucceeded], listening.Types);
    }

    [Fact]
    public async Task An_express_execution_with_only_observers_that_want_no_events_records_no_history()
    {
        var quiet = new EventTypes(wantsEvents: false);
        var sfn = new LocalStepFunctions(new StepFunctionsOptions { Observers = [quiet] });
        var machine = await sfn.CreateMachineAsync("E", ExecutionFixture.ResultDefinition, StateMachineType.Express);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            await sfn.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = machine, Input = "{}" });
        }

        var quietBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        var listening = new LocalStepFunctions(new StepFunctionsOptions { Observers = [new EventTypes()] });
        var listened = await listening.CreateMachineAsync("E", ExecutionFixture.ResultDefinition, StateMachineType.Express);
        before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            await listening.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = listened, Input = "{}" });
        }

        var listeningBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(100, quiet.Completed);
        Assert.True(quietBytes * 2 < listeningBytes, quietBytes + " B without events, " + listeningBytes + " B with them");
    }

    [Fact]
    public async Task Standard_executions_are_kept_without_their_runs_and_with_a_journal_only_while_a_redrive_can_replay_it()
    {
        // The task fails on its first call and succeeds after: a redrive of the failed execution succeeds.
        var calls = 0;
        var handlers = new TaskHandlerRegistry().Register(
            "arn:aws:lambda:us-east-1:111111111111:function:flaky",
            invocation => Interlocked.Increment(ref calls) == 1 ? throw new Runtime.Execution.TaskFailedException("Boom", "first call") : ValueTask.FromResult(invocation.Input));
        var sfn = new LocalStepFunctions(new StepFunctionsOptions
        {
            TimeProvider = new VirtualTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero)),
            Execution = new ExecutionOptions { TaskHandlers = handlers },
        });
        var succeeding = await sfn.CreateMachineAsync("S", ExecutionFixture.ResultDefinition);
        var flaky = await sfn.CreateMachineAsync("F", """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:flaky","End":true}}}""");
        var first = await sfn.StartAsync(succeeding);
        var second = await sfn.StartAsync(succeeding);
        var failing = await sfn.StartAsync(flaky);
        Assert.Equal(ExecutionStatus.Succeeded, (await sfn.WaitAsync(first)).Status);
        Assert.Equal(ExecutionStatus.Succeeded, (await sfn.WaitAsync(second)).Status);
        Assert.Equal(ExecutionStatus.Failed, (await sfn.WaitAsync(failing)).Status);
        await sfn.RunsEndedAsync();

        // Every record stays (AWS keeps a closed execution for 90 days) with its history, but none holds its run, and
        // only the failed one keeps the journal its redrive replays.
        Assert.Equal(new KeptRecords(3, 0, 0, 0, 1), sfn.KeptRecords());
        Assert.NotEmpty((await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = first })).Events);

        await sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = failing });
        Assert.Equal(ExecutionStatus.Succeeded, (await sfn.WaitAsync(failing)).Status);
        await sfn.RunsEndedAsync();
        Assert.Equal(new KeptRecords(3, 0, 0, 0, 0), sfn.KeptRecords());
        var history = (await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = failing })).Events;
        Assert.Contains(history, e => e.Type == HistoryEventType.ExecutionRedriven);
        Assert.Equal(HistoryEventType.ExecutionSucceeded, history[^1].Type);
    }
}
