using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Execution;
using ApiHistoryEvent = AslCompiler.Runtime.Api.HistoryEvent;
using ApiStatus = AslCompiler.Runtime.Api.ExecutionStatus;

namespace AslCompiler.Runtime.Tests.Api;

public sealed class DurableExecutionTests
{
    private sealed record RunResult(string Output, List<ApiHistoryEvent> History, Dictionary<string, int> Calls, int Restarts);

    /// <summary>Runs the workflow once, crashing after every <paramref name="crashEvery"/> commits (0: never), restarting each time.</summary>
    private static async Task<RunResult> RunAsync(int crashEvery)
    {
        var workflow = new DurableWorkflow();
        var store = new InMemoryStepFunctionsStore();
        IStepFunctionsStore Wrap() => crashEvery == 0 ? store : new CrashingStore(store, crashEvery);
        var current = Wrap();
        var sfn = workflow.Create(current);
        Assert.Equal(0, await sfn.RecoverAsync()); // an empty store: nothing to resume
        var machine = await sfn.CreateMachineAsync("Durable", DurableWorkflow.Definition);
        var arn = await sfn.StartAsync(machine, "run-1", DurableWorkflow.Input);
        var restarts = 0;
        while (!await workflow.DriveAsync(sfn, [arn], () => current is CrashingStore { Crashed: true }))
        {
            await sfn.ShutdownAsync();
            restarts++;
            Assert.True(restarts < 500, "no progress across restarts");
            current = Wrap();
            sfn = workflow.Create(current);
            await sfn.RecoverAsync();
        }

        var described = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn });
        Assert.Equal(ApiStatus.Succeeded, described.Status);
        var history = await DurableWorkflow.HistoryAsync(sfn, arn);
        await sfn.ShutdownAsync();
        return new RunResult(described.Output!, history, new Dictionary<string, int>(workflow.Calls), restarts);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(13)]
    public async Task A_run_crashed_every_few_commits_ends_as_an_uninterrupted_run(int crashEvery)
    {
        var reference = await RunAsync(0);
        var crashed = await RunAsync(crashEvery);

        Assert.True(crashed.Restarts > 0);
        Assert.Equal(reference.Output, crashed.Output);
        DurableWorkflow.AssertWellFormed(crashed.History);
        Assert.Equal(DurableWorkflow.SortedTypes(reference.History), DurableWorkflow.SortedTypes(crashed.History));
        Assert.Equal(DurableWorkflow.Chain(reference.History), DurableWorkflow.Chain(crashed.History));

        // Every side effect of the uninterrupted run happened, under the same keys, and no other.
        Assert.Equal(reference.Calls.Keys.Order(StringComparer.Ordinal), crashed.Calls.Keys.Order(StringComparer.Ordinal));
        Assert.All(reference.Calls.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task The_uninterrupted_reference_run_has_the_expected_shape()
    {
        var reference = await RunAsync(0);
        DurableWorkflow.AssertWellFormed(reference.History);
        Assert.Contains("\"callback\":{\"answer\":42}", reference.Output, StringComparison.Ordinal);
        Assert.Contains("\"each\":[{\"did\":\"item\",\"value\":1}", reference.Output, StringComparison.Ordinal);

        // prepare, 3 flaky attempts, 2 branches, 4 items, 1 callback submission.
        Assert.Equal(11, reference.Calls.Count);
        Assert.Contains(reference.Calls.Keys, k => k.EndsWith("/3.Flaky@2", StringComparison.Ordinal));
        Assert.Contains(reference.Calls.Keys, k => k.Contains("/4.Fan@0/b1/2.B2@0", StringComparison.Ordinal));
        Assert.Contains(reference.Calls.Keys, k => k.Contains("/5.Each@0/i3/1.Item@0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_deletion_left_DELETING_by_a_stop_between_its_last_execution_ending_and_its_removal_ends_on_recovery()
    {
        // The store kept the state machine DELETING and its last execution ended (written as the process stopped before
        // the removal): nothing would ever remove it, and its name stayed taken.
        var workflow = new DurableWorkflow();
        var store = new InMemoryStepFunctionsStore();
        var sfn = workflow.Create(store);
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("D", ExecutionFixture.WaitDefinition);
        var arn = await sfn.StartAsync(machine, "d");
        await sfn.DeleteStateMachineAsync(new DeleteStateMachineRequest { StateMachineArn = machine });
        await sfn.ShutdownAsync();
        var stored = (await store.LoadExecutionsAsync(CancellationToken.None)).Single(e => e.ExecutionArn == arn);
        await store.UpdateExecutionAsync(stored with { Status = ApiStatus.Aborted, StopDate = workflow.Time.GetUtcNow() }, CancellationToken.None);

        var again = workflow.Create(store);
        await again.RecoverAsync();
        await Assert.ThrowsAsync<StateMachineDoesNotExistException>(() => again.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = machine }));
        await again.CreateMachineAsync("D", ExecutionFixture.WaitDefinition);
    }

    [Fact]
    public async Task A_wait_resumes_at_its_original_due_time()
    {
        var workflow = new DurableWorkflow();
        var store = new InMemoryStepFunctionsStore();
        var sfn = workflow.Create(store);
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("W", """{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"Next":"P"},"P":{"Type":"Pass","End":true}}}""");
        var start = workflow.Time.GetUtcNow();
        var arn = await sfn.StartAsync(machine, "w");
        await workflow.Time.WaitForTimerAsync();
        workflow.Time.Advance(TimeSpan.FromSeconds(20));
        await sfn.ShutdownAsync();

        var again = workflow.Create(store);
        await again.RecoverAsync();
        await workflow.Time.WaitForTimerAsync();
        workflow.Time.Advance(TimeSpan.FromSeconds(39));
        await Task.Delay(20);
        Assert.Equal(ApiStatus.Running, (await again.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn })).Status);

        workflow.Time.Advance(TimeSpan.FromSeconds(1));
        var described = await again.WaitAsync(arn);
        Assert.Equal(ApiStatus.Succeeded, described.Status);
        var history = await DurableWorkflow.HistoryAsync(again, arn);
        DurableWorkflow.AssertWellFormed(history);
        var exited = history.Single(e => e.Type == HistoryEventType.WaitStateExited);
        Assert.Equal(start + TimeSpan.FromSeconds(60), exited.Timestamp);
        Assert.Equal(1, history.Count(e => e.Type == HistoryEventType.WaitStateEntered));
    }

    [Fact]
    public async Task JSONata_now_and_millis_replay_the_first_runs_reading()
    {
        var workflow = new DurableWorkflow();
        var store = new InMemoryStepFunctionsStore();
        var sfn = workflow.Create(store);
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("N", """
            {"QueryLanguage":"JSONata","StartAt":"Stamp","States":{
              "Stamp":{"Type":"Pass","Output":{"at":"{% $now() %}","ms":"{% $millis() %}"},"Next":"W"},
              "W":{"Type":"Wait","Seconds":60,"Next":"Again"},
              "Again":{"Type":"Pass","Output":{"stamp":"{% $states.input %}","later":"{% $millis() %}"},"End":true}}}
            """);
        var start = workflow.Time.GetUtcNow();
        var arn = await sfn.StartAsync(machine, "n");
        await workflow.Time.WaitForTimerAsync();
        workflow.Time.Advance(TimeSpan.FromSeconds(20));
        await sfn.ShutdownAsync();

        // The resumed run replays Stamp at start + 20 s: its reading must still be the first run's.
        var again = workflow.Create(store);
        await again.RecoverAsync();
        await workflow.Time.WaitForTimerAsync();
        workflow.Time.Advance(TimeSpan.FromSeconds(40));
        var described = await again.WaitAsync(arn);
        Assert.Equal(ApiStatus.Succeeded, described.Status);
        var output = AslCompiler.Runtime.Json.JsonValue.Parse(described.Output!);
        Assert.True(output["stamp"]["ms"].TryGetInt64(out var ms));
        Assert.Equal(start.ToUnixTimeMilliseconds(), ms);
        Assert.True(output["stamp"]["at"].TryGetString(out var at));
        Assert.Equal(start, DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(output["later"].TryGetInt64(out var later));
        Assert.Equal((start + TimeSpan.FromSeconds(60)).ToUnixTimeMilliseconds(), later);

        // The committed Stamp output (first run) and the replayed one agree.
        var history = await DurableWorkflow.HistoryAsync(again, arn);
        DurableWorkflow.AssertWellFormed(history);
        var exited = history.Single(e => e.Type == HistoryEventType.PassStateExited && e.StateExitedEventDetails!.Name == "Stamp");
        Assert.Equal(output["stamp"].ToJsonString(), AslCompiler.Runtime.Json.JsonValue.Parse(exited.StateExitedEventDetails!.Output!).ToJsonString());
    }

    [Fact]
    public async Task A_task_resumed_after_a_restart_times_out_at_its_original_deadline()
    {
        var workflow = new DurableWorkflow();
        var store = new InMemoryStepFunctionsStore();
        var sfn = workflow.Create(store);
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("TO", """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","TimeoutSeconds":100,"Parameters":{"t.$":"$$.Task.Token"},"End":true}}}""");
        var start = workflow.Time.GetUtcNow();
        var arn = await sfn.StartAsync(machine, "to");
        await workflow.Time.WaitForTimerAsync();
        workflow.Time.Advance(TimeSpan.FromSeconds(30));
        await sfn.ShutdownAsync();
        workflow.Time.Advance(TimeSpan.FromSeconds(50));

        // Resumed at start + 80 s: 20 s are left of the task's 100, not 100 again.
        var again = workflow.Create(store);
        await again.RecoverAsync();
        await workflow.Time.WaitForTimerAsync();
        workflow.Time.Advance(TimeSpan.FromSeconds(19));
        await Task.Delay(20);
        Assert.Equal(ApiStatus.Running, (await again.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn })).Status);

        workflow.Time.Advance(TimeSpan.FromSeconds(1));
        var described = await again.WaitAsync(arn);
        Assert.Equal(ApiStatus.Failed, described.Status);
        Assert.Equal("States.Timeout", described.Error);
        var history = await DurableWorkflow.HistoryAsync(again, arn);
        DurableWorkflow.AssertWellFormed(history);
        Assert.Equal(1, history.Count(e => e.Type == HistoryEventType.TaskScheduled));
        Assert.Equal(start + TimeSpan.FromSeconds(100), history.Single(e => e.Type == HistoryEventType.TaskTimedOut).Timestamp);
    }

    [Fact]
    public async Task A_callback_token_issued_before_a_restart_completes_the_task_after_it()
    {
        var workflow = new DurableWorkflow();
        var store = new InMemoryStepFunctionsStore();
        var sfn = workflow.Create(store);
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("C", """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","Parameters":{"t.$":"$$.Task.Token"},"End":true}}}""");
        var arn = await sfn.StartAsync(machine, "c");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!workflow.Tokens.ContainsKey(arn) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(2);
        }

        var token = workflow.Tokens[arn];
        await sfn.ShutdownAsync();
        await Assert.ThrowsAsync<TaskDoesNotExistException>(() => sfn.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = token, Output = "{}" }));

        var again = workflow.Create(store);
        await again.RecoverAsync();
        await again.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = token, Output = """{"done":true}""" });
        var described = await again.WaitAsync(arn);
        Assert.Equal(ApiStatus.Succeeded, described.Status);
        Assert.Equal("""{"done":true}""", described.Output);
        var history = await DurableWorkflow.HistoryAsync(again, arn);
        DurableWorkflow.AssertWellFormed(history);
        Assert.Equal(1, history.Count(e => e.Type == HistoryEventType.TaskScheduled));
        Assert.Equal(1, history.Count(e => e.Type == HistoryEventType.TaskSubmitted));
        Assert.Equal(1, history.Count(e => e.Type == HistoryEventType.TaskSucceeded));
    }

    [Fact]
    public async Task An_activity_task_handed_out_before_a_restart_completes_after_it()
    {
        var workflow = new DurableWorkflow();
        var store = new InMemoryStepFunctionsStore();
        var sfn = workflow.Create(store);
        await sfn.RecoverAsync();
        var activity = (await sfn.CreateActivityAsync(new CreateActivityRequest { Name = "worker" })).ActivityArn;
        var machine = await sfn.CreateMachineAsync("Act", ExecutionFixture.ActivityDefinition(activity));
        var arn = await sfn.StartAsync(machine, "a", """{"job":1}""");
        var task = await sfn.GetActivityTaskAsync(new GetActivityTaskRequest { ActivityArn = activity, WorkerName = "w1" });
        Assert.NotNull(task.TaskToken);
        await sfn.ShutdownAsync();

        var again = workflow.Create(store);
        await again.RecoverAsync();
        await again.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = task.TaskToken!, Output = """{"worked":true}""" });
        var described = await again.WaitAsync(arn);
        Assert.Equal(ApiStatus.Succeeded, described.Status);
        Assert.Equal("""{"worked":true}""", described.Output);
        var history = await DurableWorkflow.HistoryAsync(again, arn);
        DurableWorkflow.AssertWellFormed(history);
        Assert.Equal(1, history.Count(e => e.Type == HistoryEventType.ActivityScheduled));
        Assert.Equal(1, history.Count(e => e.Type == HistoryEventType.ActivitySucceeded));
    }

    [Fact]
    public async Task State_machines_and_finished_executions_survive_a_restart()
    {
        var workflow = new DurableWorkflow();
        var store = new InMemoryStepFunctionsStore();
        var sfn = workflow.Create(store);
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("Kept", ExecutionFixture.ResultDefinition, publish: true);
        await sfn.CreateActivityAsync(new CreateActivityRequest { Name = "act" });
        var arn = await sfn.StartAsync(machine, "done", """{"a":1}""");
        await sfn.WaitAsync(arn);
        var before = await DurableWorkflow.HistoryAsync(sfn, arn);
        await sfn.ShutdownAsync();

        var again = workflow.Create(store);
        await again.RecoverAsync();
        var described = await again.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = machine });
        Assert.Equal(ExecutionFixture.ResultDefinition, described.Definition);
        Assert.Single((await again.ListStateMachineVersionsAsync(new ListStateMachineVersionsRequest { StateMachineArn = machine })).StateMachineVersions);
        Assert.Single((await again.ListActivitiesAsync(new ListActivitiesRequest())).Activities);
        var execution = await again.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn });
        Assert.Equal(ApiStatus.Succeeded, execution.Status);
        Assert.Equal("""{"a":1,"r":{"x":1}}""", execution.Output);
        var after = await DurableWorkflow.HistoryAsync(again, arn);
        Assert.Equal(before.Select(e => (e.Id, e.Type, e.Timestamp)), after.Select(e => (e.Id, e.Type, e.Timestamp)));
        Assert.Single((await again.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = machine })).Executions);

        // The name stays taken after the restart.
        await Assert.ThrowsAsync<ExecutionAlreadyExistsException>(() => again.StartAsync(machine, "done", """{"a":2}"""));
    }

    [Fact]
    public async Task History_is_visible_while_an_execution_waits()
    {
        var workflow = new DurableWorkflow();
        var sfn = workflow.Create(null);
        var machine = await sfn.CreateMachineAsync("Live", ExecutionFixture.WaitDefinition);
        var arn = await sfn.StartAsync(machine, "live");
        await workflow.Time.WaitForTimerAsync();
        var history = await DurableWorkflow.HistoryAsync(sfn, arn);
        Assert.Equal([HistoryEventType.ExecutionStarted, HistoryEventType.WaitStateEntered], history.Select(e => e.Type));
    }

    [Fact]
    public async Task Observers_hear_start_each_event_and_end_and_their_exceptions_are_swallowed()
    {
        var workflow = new DurableWorkflow();
        var recorder = new RecordingObserver();
        var sfn = workflow.Create(new InMemoryStepFunctionsStore(), [new ThrowingObserver(), recorder]);
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("Obs", ExecutionFixture.ResultDefinition);
        var arn = await sfn.StartAsync(machine, "o");
        Assert.Equal(ApiStatus.Succeeded, (await sfn.WaitAsync(arn)).Status);
        await Task.Delay(20);
        var history = await DurableWorkflow.HistoryAsync(sfn, arn);
        lock (recorder)
        {
            Assert.Equal(["start:False", .. history.Select(e => "event:" + e.Id + ":" + e.Type), "end:Succeeded"], recorder.Calls);
        }
    }

    [Fact]
    public async Task A_resumed_execution_is_announced_as_resumed()
    {
        var workflow = new DurableWorkflow();
        var store = new InMemoryStepFunctionsStore();
        var sfn = workflow.Create(store);
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("R", ExecutionFixture.WaitDefinition);
        await sfn.StartAsync(machine, "r");
        await workflow.Time.WaitForTimerAsync();
        await sfn.ShutdownAsync();

        var recorder = new RecordingObserver();
        var again = workflow.Create(store, [recorder]);
        await again.RecoverAsync();
        lock (recorder)
        {
            Assert.Equal(["start:True"], recorder.Calls);
        }
    }

    [Fact]
    public async Task Express_executions_never_touch_the_store()
    {
        var workflow = new DurableWorkflow();
        var store = new InMemoryStepFunctionsStore();
        var sfn = workflow.Create(store);
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("E", ApiFixture.PassDefinition, StateMachineType.Express);
        var commits = store.CommitCount;
        await sfn.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = machine });
        await sfn.StartAsync(machine);
        await Task.Delay(20);
        Assert.Equal(commits, store.CommitCount);
        Assert.Empty(await store.LoadExecutionsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Every_transition_is_committed_before_the_next_state_starts()
    {
        var workflow = new DurableWorkflow();
        var store = new InMemoryStepFunctionsStore();
        var sfn = workflow.Create(store);
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("T", """{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Next":"W"},"W":{"Type":"Wait","Seconds":5,"End":true}}}""");
        var arn = await sfn.StartAsync(machine, "t");
        await workflow.Time.WaitForTimerAsync();

        // While W waits, everything up to its entry (and its due time) is durable.
        var records = store.GetCommittedRecords(arn);
        var types = records.Where(r => r.Kind == "event").Select(r => JsonValueType(r.Data)).ToList();
        Assert.Equal(["ExecutionStarted", "PassStateEntered", "PassStateExited", "PassStateEntered", "PassStateExited", "WaitStateEntered"], types);
        Assert.Contains(records, r => r.Kind == "timer");
        await sfn.ShutdownAsync();
    }

    [Fact]
    public async Task A_tasks_due_time_is_committed_before_its_handler_runs()
    {
        // Found by a crash trial: TaskStateEntered, TaskScheduled and the due time stayed staged while the handler ran, so
        // a crash during the attempt restarted the task's TimeoutSeconds (and re-dated its events) at the resume.
        var workflow = new DurableWorkflow();
        var store = new InMemoryStepFunctionsStore();
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handlers = new AslCompiler.Runtime.Tasks.TaskHandlerRegistry().Register(DurableWorkflow.Fn + "slow", async invocation =>
        {
            running.TrySetResult();
            await Task.Delay(Timeout.Infinite, invocation.CancellationToken);
            return AslCompiler.Runtime.Json.JsonValue.EmptyObject;
        });
        var sfn = workflow.Create(store, handlers: handlers);
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("S", """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:slow","TimeoutSeconds":100,"End":true}}}""");
        var arn = await sfn.StartAsync(machine, "s");
        await running.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var records = store.GetCommittedRecords(arn);
        Assert.Equal(["ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled"], records.Where(r => r.Kind == "event").Select(r => JsonValueType(r.Data)));
        Assert.Contains(records, r => r.Kind == "timer");
        await sfn.ShutdownAsync();
    }

    [Fact]
    public async Task A_finished_Map_iteration_or_Parallel_branch_is_committed_when_it_ends()
    {
        // Found by a crash trial: an iteration (or branch) whose states were one Task committed nothing until the Map (or
        // Parallel) ended, so a crash ran every finished one again.
        var workflow = new DurableWorkflow();
        var store = new InMemoryStepFunctionsStore();
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handlers = new AslCompiler.Runtime.Tasks.TaskHandlerRegistry().Register(DurableWorkflow.Fn + "step", async invocation =>
        {
            if (invocation.Input["block"].IsTrue)
            {
                blocked.TrySetResult();
                await Task.Delay(Timeout.Infinite, invocation.CancellationToken);
            }

            return AslCompiler.Runtime.Json.JsonValue.EmptyObject;
        });
        var sfn = workflow.Create(store, handlers: handlers);
        await sfn.RecoverAsync();
        const string Definition = """
            {"StartAt":"Fan","States":{
              "Fan":{"Type":"Parallel","ResultPath":null,"Next":"Each","Branches":[{"StartAt":"B","States":{"B":STEP}}]},
              "Each":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":1,"End":true,"ItemProcessor":{"StartAt":"I","States":{"I":STEP}}}}}
            """;
        const string Step = """{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:step","End":true}""";
        var machine = await sfn.CreateMachineAsync("M", Definition.Replace("STEP", Step, StringComparison.Ordinal));
        var arn = await sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machine, Name = "m", Input = """{"items":[{},{},{"block":true}]}""" });
        await blocked.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var events = store.GetCommittedRecords(arn.ExecutionArn).Where(r => r.Kind == "event").Select(r => JsonValueType(r.Data)).ToList();
        Assert.Contains("ParallelStateExited", events);
        Assert.Equal(2, events.Count(t => t == "MapIterationSucceeded"));
        await sfn.ShutdownAsync();
    }

    [Fact]
    public async Task ExecutionStarted_is_dated_at_the_executions_start_in_a_durable_run()
    {
        // Found by a durability trial: a durable run recorded ExecutionStarted 20 to 90 ms after the startDate (and
        // $$.Execution.StartTime) the API gave, once the store had taken the execution; AWS dates both the same.
        var workflow = new DurableWorkflow();
        var sfn = workflow.Create(new SlowStore(new InMemoryStepFunctionsStore(), workflow.Time));
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("D", """{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"t.$":"$$.Execution.StartTime"},"End":true}}}""");
        var arn = await sfn.StartAsync(machine, "d");
        var described = await sfn.WaitAsync(arn);
        var started = (await DurableWorkflow.HistoryAsync(sfn, arn))[0];
        Assert.Equal(HistoryEventType.ExecutionStarted, started.Type);
        Assert.Equal(described.StartDate, started.Timestamp);
        Assert.Contains(described.StartDate.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture), described.Output, StringComparison.Ordinal);
        await sfn.ShutdownAsync();
    }

    /// <summary>A store whose writes take 50 ms of the virtual clock.</summary>
    private sealed class SlowStore(IStepFunctionsStore inner, AslCompiler.Runtime.Timing.VirtualTimeProvider time) : AslCompiler.Tests.Shared.CrashableStore(inner)
    {
        public override bool Crashed => false;

        public override ValueTask<bool> CreateExecutionAsync(StoredExecution execution, CancellationToken cancellationToken)
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            return base.CreateExecutionAsync(execution, cancellationToken);
        }

        protected override bool Survives(string executionArn, IReadOnlyList<JournalRecord> staged)
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            return true;
        }
    }

    private static string JsonValueType(string data) => AslCompiler.Runtime.Json.JsonValue.Parse(data)["type"].TryGetString(out var type) ? type : string.Empty;

    private sealed class RecordingObserver : IExecutionObserver
    {
        public List<string> Calls { get; } = [];

        public void ExecutionStarted(ExecutionObservation execution)
        {
            lock (this)
            {
                Calls.Add("start:" + execution.Resumed);
            }
        }

        public void HistoryEventRecorded(ExecutionObservation execution, ApiHistoryEvent historyEvent)
        {
            lock (this)
            {
                Calls.Add("event:" + historyEvent.Id + ":" + historyEvent.Type);
            }
        }

        public void ExecutionCompleted(ExecutionObservation execution, ApiStatus status, DateTimeOffset stopDate)
        {
            lock (this)
            {
                Calls.Add("end:" + status);
            }
        }
    }

    private sealed class ThrowingObserver : IExecutionObserver
    {
        public void ExecutionStarted(ExecutionObservation execution) => throw new InvalidOperationException("observer bug");

        public void HistoryEventRecorded(ExecutionObservation execution, ApiHistoryEvent historyEvent) => throw new InvalidOperationException("observer bug");

        public void ExecutionCompleted(ExecutionObservation execution, ApiStatus status, DateTimeOffset stopDate) => throw new InvalidOperationException("observer bug");
    }
}
