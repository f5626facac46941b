using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Api.Engine;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;
using ExecutionOptions = AslCompiler.Runtime.Execution.ExecutionOptions;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>
/// <see cref="StepFunctionsOptions.StandardExecutionRetention"/>: an ended STANDARD execution is kept for 90 days after it
/// closed (AWS's retention), then it is gone — from every action, from ListExecutions, with its Map Runs and children,
/// from memory and from the store — and its name is free again. Running and redriven executions are never removed.
/// </summary>
public sealed class StandardExecutionRetentionTests
{
    private const string Flaky = "arn:aws:lambda:us-east-1:111111111111:function:flaky";
    private const string FlakyDefinition = """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:flaky","End":true}}}""";

    // A distributed Map whose STANDARD children fail when their item says so.
    private const string MapDefinition = """
        {"StartAt":"M","States":{"M":{"Type":"Map","Label":"Work","ItemsPath":"$.items","ToleratedFailurePercentage":100,
         "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"C",
          "States":{"C":{"Type":"Choice","Choices":[{"Variable":"$","NumericEquals":0,"Next":"Bad"}],"Default":"Good"},
           "Good":{"Type":"Pass","End":true},"Bad":{"Type":"Fail","Error":"Zero"}}},"Next":"End"},
         "End":{"Type":"Fail","Error":"Parent"}}}
        """;

    private static readonly DateTimeOffset Start = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly TimeSpan Retention = TimeSpan.FromDays(90);

    private static LocalStepFunctions Create(VirtualTimeProvider time, IStepFunctionsStore? store = null, TimeSpan? retention = null, Func<int>? flakyCall = null)
    {
        var calls = 0;
        var handlers = new TaskHandlerRegistry().Register(
            Flaky,
            invocation => (flakyCall?.Invoke() ?? Interlocked.Increment(ref calls)) == 1
                ? throw new Runtime.Execution.TaskFailedException("Boom", "first call")
                : ValueTask.FromResult(invocation.Input));
        return new LocalStepFunctions(new StepFunctionsOptions
        {
            AccountId = "111111111111",
            TimeProvider = time,
            Store = store,
            StandardExecutionRetention = retention ?? Retention,
            Execution = new ExecutionOptions { TaskHandlers = handlers },
        });
    }

    private static async Task<DateTimeOffset> EndedAsync(LocalStepFunctions sfn, string arn)
    {
        var described = await sfn.WaitAsync(arn);
        Assert.NotEqual(ExecutionStatus.Running, described.Status);
        await sfn.RunsEndedAsync(arn);
        return described.StopDate!.Value;
    }

    private static async Task<List<string>> ListedAsync(LocalStepFunctions sfn, string scope) =>
        (await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = scope })).Executions.Select(e => e.ExecutionArn).ToList();

    private static async Task AssertGoneAsync(LocalStepFunctions sfn, string arn)
    {
        await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn }));
        await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn }));
        await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => sfn.DescribeStateMachineForExecutionAsync(new DescribeStateMachineForExecutionRequest { ExecutionArn = arn }));
        await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => sfn.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = arn }));
        await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = arn }));
        await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => sfn.ListMapRunsAsync(new ListMapRunsRequest { ExecutionArn = arn }));
    }

    [Fact]
    public async Task An_ended_execution_is_kept_90_days_after_it_closed_then_it_is_gone_and_its_name_is_free()
    {
        var time = new VirtualTimeProvider(Start);
        var sfn = Create(time);
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.ResultDefinition);
        var failing = await sfn.CreateMachineAsync("F", ExecutionFixture.FailDefinition);
        var arn = await sfn.StartAsync(machine, "old", """{"first":true}""");
        var failed = await sfn.StartAsync(failing, "failed");
        var stop = await EndedAsync(sfn, arn);
        await EndedAsync(sfn, failed);

        // Redrivable for 14 days after it closed, as before; kept, not redrivable, after that.
        time.Advance(TimeSpan.FromDays(15));
        var late = await Assert.ThrowsAsync<ExecutionNotRedrivableException>(() => sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = failed }));
        Assert.Equal("Execution redrivable period exceeded.", late.Message);

        time.Advance(stop + Retention - time.GetUtcNow() - TimeSpan.FromTicks(1));
        Assert.Equal(ExecutionStatus.Succeeded, (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn })).Status);
        Assert.NotEmpty((await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn })).Events);
        Assert.Equal([arn], await ListedAsync(sfn, machine));
        await Assert.ThrowsAsync<ExecutionAlreadyExistsException>(() => sfn.StartAsync(machine, "old", """{"first":true}"""));

        time.Advance(TimeSpan.FromTicks(1));
        await AssertGoneAsync(sfn, arn);
        await AssertGoneAsync(sfn, failed);
        Assert.Empty(await ListedAsync(sfn, machine));
        Assert.Empty(await ListedAsync(sfn, failing));
        Assert.Equal(new KeptRecords(0, 0, 0, 0, 0), sfn.KeptRecords());

        // The name can be used again: a new execution with its own history.
        Assert.Equal(arn, await sfn.StartAsync(machine, "old", """{"second":true}"""));
        await EndedAsync(sfn, arn);
        var history = (await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn })).Events;
        Assert.Equal("""{"second":true}""", history[0].ExecutionStartedEventDetails!.Input);
        Assert.Single(history, e => e.Type == HistoryEventType.ExecutionStarted);
        Assert.Equal([arn], await ListedAsync(sfn, machine));
    }

    [Fact]
    public async Task An_idle_instance_removes_an_execution_when_its_retention_ends_with_no_action_asking()
    {
        // 90 days is longer than one timer's delay (30 days): the timer sets itself again until the expiry.
        var time = new VirtualTimeProvider(Start);
        var store = new InMemoryStepFunctionsStore(time);
        var sfn = Create(time, store);
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.ResultDefinition);
        var arn = await sfn.StartAsync(machine, "idle");
        var stop = await EndedAsync(sfn, arn);

        time.Advance(stop + Retention - time.GetUtcNow() - TimeSpan.FromTicks(1));
        Assert.Equal(1, sfn.KeptRecords().Executions);
        Assert.Single(await store.LoadExecutionsAsync(default));

        time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(0, sfn.KeptRecords().Executions); // no action since the start: the instance's timer swept
        await sfn.RemovalsEndedAsync();
        Assert.Empty(await store.LoadExecutionsAsync(default));
        await AssertGoneAsync(sfn, arn);
    }

    [Fact]
    public async Task The_expiry_timer_never_moves_a_virtual_clock_nor_counts_as_work_waiting()
    {
        // VirtualClock.RunAsync jumps to the next timer of work in progress; the sweep's timer is not one. An instance
        // holding an ended execution adds no pending timer, and a wait with nothing else armed still ends idle.
        var time = new VirtualTimeProvider(Start);
        var sfn = Create(time);
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.ResultDefinition);
        await EndedAsync(sfn, await sfn.StartAsync(machine, "ended"));
        var now = time.GetUtcNow();

        Assert.Equal(0, time.PendingTimerCount);
        Assert.False(time.AdvanceToNextTimer());
        var never = new TaskCompletionSource<int>();
        await Assert.ThrowsAsync<TimeoutException>(() => VirtualClock.RunAsync(time, never.Task, TimeSpan.FromMilliseconds(200)));
        Assert.Equal(now, time.GetUtcNow());
        Assert.Equal(1, sfn.KeptRecords().Executions);
    }

    [Fact]
    public async Task After_a_shutdown_the_instance_sweeps_only_when_asked()
    {
        var time = new VirtualTimeProvider(Start);
        var sfn = Create(time);
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.ResultDefinition);
        var arn = await sfn.StartAsync(machine, "ended");
        await EndedAsync(sfn, arn);
        await sfn.ShutdownAsync();

        time.Advance(Retention);
        Assert.Equal(1, sfn.KeptRecords().Executions); // the timer was stopped with the instance
        await AssertGoneAsync(sfn, arn); // still answered as gone from the instant it expired
        Assert.Equal(0, sfn.KeptRecords().Executions);
    }

    [Fact]
    public void An_armed_expiry_timer_does_not_keep_an_instance_its_user_let_go_of()
    {
        // On the system clock: the timer holds the instance weakly, so an instance dropped with ended executions in it
        // (the timer armed for their expiry, days ahead) is collected.
        var instance = StartAndDrop();
        for (var i = 0; i < 10 && instance.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(instance.IsAlive);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference StartAndDrop()
    {
        var sfn = new LocalStepFunctions(new StepFunctionsOptions { AccountId = "111111111111", StandardExecutionRetention = TimeSpan.FromDays(1) });
        var machine = sfn.CreateMachineAsync("M", ExecutionFixture.ResultDefinition).GetAwaiter().GetResult();
        var arn = sfn.StartAsync(machine, "ended").GetAwaiter().GetResult();
        Assert.Equal(ExecutionStatus.Succeeded, sfn.WaitAsync(arn).GetAwaiter().GetResult().Status);
        sfn.RunsEndedAsync(arn).GetAwaiter().GetResult();
        return new WeakReference(sfn);
    }

    [Fact]
    public async Task A_running_execution_is_never_removed_and_a_redriven_one_counts_from_its_last_close()
    {
        var time = new VirtualTimeProvider(Start);
        var sfn = Create(time);
        var waiting = await sfn.CreateMachineAsync("W", """{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":8640000,"End":true}}}""");
        var flaky = await sfn.CreateMachineAsync("F", FlakyDefinition);
        var running = await sfn.StartAsync(waiting, "long");
        var redriven = await sfn.StartAsync(flaky, "flaky");
        await EndedAsync(sfn, redriven);
        Assert.Equal(ExecutionStatus.Failed, (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = redriven })).Status);

        time.Advance(TimeSpan.FromDays(10));
        await sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = redriven });
        var closed = await EndedAsync(sfn, redriven);
        Assert.Equal(Start + TimeSpan.FromDays(10), closed);

        // 95 days after both started: the Wait (100 days) still runs; the redriven one closed 85 days ago.
        time.Advance(TimeSpan.FromDays(85));
        Assert.Equal(ExecutionStatus.Running, (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = running })).Status);
        Assert.Equal([running], await ListedAsync(sfn, waiting));
        Assert.Equal(ExecutionStatus.Succeeded, (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = redriven })).Status);

        time.Advance(TimeSpan.FromDays(5));
        await EndedAsync(sfn, running);
        Assert.Equal(ExecutionStatus.Succeeded, (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = running })).Status);
        await AssertGoneAsync(sfn, redriven);
        Assert.Equal([running], await ListedAsync(sfn, waiting));

        time.Advance(Retention);
        await AssertGoneAsync(sfn, running);
        Assert.Equal(new KeptRecords(0, 0, 0, 0, 0), sfn.KeptRecords());
    }

    [Fact]
    public async Task A_redrive_started_before_the_retention_ended_keeps_the_execution()
    {
        // A retention shorter than the redrivable period: a redrive just before it ends makes the execution RUNNING,
        // which is never removed, however long it runs.
        var time = new VirtualTimeProvider(Start);
        var sfn = Create(time, retention: TimeSpan.FromDays(1));
        var machine = await sfn.CreateMachineAsync("R", """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:flaky","Next":"W"},"W":{"Type":"Wait","Seconds":259200,"End":true}}}""");
        var arn = await sfn.StartAsync(machine, "r");
        var stop = await EndedAsync(sfn, arn);
        time.Advance(stop + TimeSpan.FromDays(1) - time.GetUtcNow() - TimeSpan.FromTicks(1));
        await sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = arn });
        await WaitForAsync(sfn, arn, HistoryEventType.WaitStateEntered);

        await TimerArmedAsync(time);

        time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(ExecutionStatus.Running, (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn })).Status);
        Assert.Equal([arn], await ListedAsync(sfn, machine));
        time.Advance(TimeSpan.FromDays(1));
        var closed = await EndedAsync(sfn, arn);
        Assert.Equal(ExecutionStatus.Succeeded, (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn })).Status);
        time.Advance(closed + TimeSpan.FromDays(1) - time.GetUtcNow());
        await AssertGoneAsync(sfn, arn);
    }

    [Fact]
    public async Task An_expired_execution_takes_its_map_runs_and_their_children_with_it()
    {
        var time = new VirtualTimeProvider(Start);
        var sfn = Create(time);
        var machine = await sfn.CreateMachineAsync("P", MapDefinition);
        var arn = await sfn.StartAsync(machine, "p", """{"items":[0,1,2]}""");
        await EndedAsync(sfn, arn);
        var mapRun = Assert.Single((await sfn.ListMapRunsAsync(new ListMapRunsRequest { ExecutionArn = arn })).MapRuns).MapRunArn;
        var children = (await sfn.ListExecutionsAsync(new ListExecutionsRequest { MapRunArn = mapRun })).Executions.Select(c => c.ExecutionArn).ToList();
        Assert.Equal(3, children.Count);
        Assert.Equal(new KeptRecords(1, 1, 3, 0, 1), sfn.KeptRecords()); // FAILED: its journal stays for a redrive

        time.Advance(Retention);
        await AssertGoneAsync(sfn, arn);
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => sfn.DescribeMapRunAsync(new DescribeMapRunRequest { MapRunArn = mapRun }));
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => sfn.ListExecutionsAsync(new ListExecutionsRequest { MapRunArn = mapRun }));
        foreach (var child in children)
        {
            await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = child }));
            await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = child }));
            await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => sfn.DescribeStateMachineForExecutionAsync(new DescribeStateMachineForExecutionRequest { ExecutionArn = child }));
        }

        Assert.Equal(new KeptRecords(0, 0, 0, 0, 0), sfn.KeptRecords());
    }

    [Fact]
    public async Task An_expired_execution_is_deleted_from_the_store_and_a_restart_does_not_bring_it_back()
    {
        var time = new VirtualTimeProvider(Start);
        var store = new InMemoryStepFunctionsStore(time);
        var sfn = Create(time, store);
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("P", MapDefinition);
        var expiring = await sfn.StartAsync(machine, "expiring", """{"items":[0,1]}""");
        await EndedAsync(sfn, expiring);
        time.Advance(TimeSpan.FromDays(30));
        var kept = await sfn.StartAsync(machine, "kept", """{"items":[1]}""");
        await EndedAsync(sfn, kept);
        Assert.Equal(2, (await store.LoadExecutionsAsync(default)).Count);
        Assert.Equal(2, (await store.LoadMapRunsAsync(default)).Count);
        Assert.Equal(3, (await store.LoadMapRunExecutionsAsync(default)).Count);

        time.Advance(TimeSpan.FromDays(60));
        await AssertGoneAsync(sfn, expiring);
        await sfn.RemovalsEndedAsync();
        Assert.Equal(kept, Assert.Single(await store.LoadExecutionsAsync(default)).ExecutionArn);
        Assert.Equal(kept, Assert.Single(await store.LoadMapRunsAsync(default)).ExecutionArn);
        Assert.Equal(kept, Assert.Single(await store.LoadMapRunExecutionsAsync(default)).RootExecutionArn);
        Assert.Empty(store.GetCommittedRecords(expiring));
        Assert.Equal(1, store.JournalCount);
        await sfn.ShutdownAsync();

        var again = Create(time, store);
        await again.RecoverAsync();
        await AssertGoneAsync(again, expiring);
        Assert.Equal([kept], await ListedAsync(again, machine));
        Assert.Single((await again.ListMapRunsAsync(new ListMapRunsRequest { ExecutionArn = kept })).MapRuns);
        Assert.Equal(new KeptRecords(1, 1, 1, 0, -1), again.KeptRecords());

        // Its name is free: a new execution under the ARN is not touched by the removal of the old one.
        Assert.Equal(expiring, await again.StartAsync(machine, "expiring", """{"items":[1]}"""));
        await EndedAsync(again, expiring);
        await again.RemovalsEndedAsync();
        Assert.Equal(2, (await store.LoadExecutionsAsync(default)).Count);
        Assert.Single((await again.ListMapRunsAsync(new ListMapRunsRequest { ExecutionArn = expiring })).MapRuns);
        await again.ShutdownAsync();
    }

    [Fact]
    public async Task A_start_under_the_name_of_an_expired_execution_waits_for_its_removal_from_the_store()
    {
        // The store's delete is held: the start under the same name waits for it. Without the wait the old row would
        // refuse the new execution (or a delete landing after its create would delete it).
        var time = new VirtualTimeProvider(Start);
        var inner = new InMemoryStepFunctionsStore(time);
        var store = new HeldDeleteStore(inner);
        var sfn = Create(time, store);
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("P", MapDefinition);
        var arn = await sfn.StartAsync(machine, "same", """{"items":[0]}""");
        await EndedAsync(sfn, arn);
        time.Advance(Retention);

        var start = sfn.StartAsync(machine, "same", """{"items":[1]}""");
        await store.DeleteRequested.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(start.IsCompleted);
        store.Release.SetResult();
        Assert.Equal(arn, await start);
        var described = await sfn.WaitAsync(arn);
        await sfn.RunsEndedAsync(arn);
        Assert.Equal("""{"items":[1]}""", described.Input);
        var stored = Assert.Single(await inner.LoadExecutionsAsync(default));
        Assert.Equal(("""{"items":[1]}""", described.Status), (stored.Input, stored.Status));
        Assert.Equal("1", Assert.Single(await inner.LoadMapRunExecutionsAsync(default)).Input);
        Assert.Single(await inner.LoadMapRunsAsync(default));
        Assert.NotEmpty(inner.GetCommittedRecords(arn));
        await sfn.ShutdownAsync();
    }

    private sealed class HeldDeleteStore(IStepFunctionsStore inner) : AslCompiler.Tests.Shared.ForwardingStore(inner)
    {
        public TaskCompletionSource DeleteRequested { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask DeleteExecutionAsync(string executionArn, CancellationToken cancellationToken)
        {
            DeleteRequested.TrySetResult();
            await Release.Task;
            await base.DeleteExecutionAsync(executionArn, cancellationToken);
        }
    }

    [Fact]
    public async Task A_history_read_overtaken_by_the_expiry_leaves_no_journal_in_the_store()
    {
        // GetExecutionHistory of an execution recovered from the store reads its journal; the read is held until the
        // execution has expired and its rows are deleted. The read then finds nothing, makes nothing (it once recreated
        // an empty journal that nothing would delete), and answers ExecutionDoesNotExist.
        var time = new VirtualTimeProvider(Start);
        var inner = new InMemoryStepFunctionsStore(time);
        var first = Create(time, inner);
        await first.RecoverAsync();
        var machine = await first.CreateMachineAsync("M", ExecutionFixture.ResultDefinition);
        var arn = await first.StartAsync(machine, "read");
        await EndedAsync(first, arn);
        await first.ShutdownAsync();
        Assert.Equal(1, inner.JournalCount);

        var store = new HeldJournalReadStore(inner, arn);
        var sfn = Create(time, store);
        await sfn.RecoverAsync();
        var read = sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn });
        await store.OpenRequested.Task.WaitAsync(TimeSpan.FromSeconds(10));

        time.Advance(Retention);
        await AssertGoneAsync(sfn, arn);
        await sfn.RemovalsEndedAsync();
        Assert.Equal(0, inner.JournalCount);
        Assert.Empty(await inner.LoadExecutionsAsync(default));

        store.Release.SetResult();
        await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => read);
        Assert.Equal(0, inner.JournalCount);
        await sfn.ShutdownAsync();
    }

    [Fact]
    public async Task The_in_memory_store_keeps_a_journal_from_its_first_commit_not_from_its_opening()
    {
        var store = new InMemoryStepFunctionsStore();
        var read = await store.OpenJournalAsync("arn:none", default);
        Assert.Empty(read.Committed);
        Assert.Equal(0, store.JournalCount);

        var journal = await store.OpenJournalAsync("arn:x", default);
        await journal.CommitAsync(default); // nothing staged: nothing kept
        Assert.Equal(0, store.JournalCount);
        journal.Stage(new Runtime.Execution.JournalRecord("a", "task", "1"));
        var other = await store.OpenJournalAsync("arn:x", default); // opened before the first commit
        await journal.CommitAsync(default);
        other.Stage(new Runtime.Execution.JournalRecord("b", "task", "2"));
        await other.CommitAsync(default);
        Assert.Equal(["a", "b"], store.GetCommittedRecords("arn:x").Select(r => r.Key));
        Assert.Equal(["a", "b"], (await store.OpenJournalAsync("arn:x", default)).Committed.Select(r => r.Key));

        await store.DeleteExecutionAsync("arn:x", default);
        Assert.Empty((await store.OpenJournalAsync("arn:x", default)).Committed);
        Assert.Equal(0, store.JournalCount);
    }

    /// <summary>Holds the first journal opening of one execution until released (the store's other calls pass through).</summary>
    private sealed class HeldJournalReadStore(IStepFunctionsStore inner, string heldArn) : AslCompiler.Tests.Shared.ForwardingStore(inner), IStepFunctionsStore
    {
        private int _held;

        public TaskCompletionSource OpenRequested { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public new async ValueTask<Runtime.Execution.IExecutionJournal> OpenJournalAsync(string executionArn, CancellationToken cancellationToken)
        {
            if (executionArn == heldArn && Interlocked.Exchange(ref _held, 1) == 0)
            {
                OpenRequested.TrySetResult();
                await Release.Task;
            }

            return await base.OpenJournalAsync(executionArn, cancellationToken);
        }
    }

    [Fact]
    public async Task Executions_that_expired_while_the_store_was_not_open_are_deleted_at_recovery()
    {
        var time = new VirtualTimeProvider(Start);
        var store = new InMemoryStepFunctionsStore(time);
        var keeping = Create(time, store, Timeout.InfiniteTimeSpan);
        await keeping.RecoverAsync();
        var machine = await keeping.CreateMachineAsync("P", MapDefinition);
        var old = await keeping.StartAsync(machine, "old", """{"items":[0]}""");
        await EndedAsync(keeping, old);
        time.Advance(TimeSpan.FromDays(100));
        Assert.Equal(ExecutionStatus.Failed, (await keeping.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = old })).Status);
        var recent = await keeping.StartAsync(machine, "recent", """{"items":[1]}""");
        await EndedAsync(keeping, recent);
        await keeping.ShutdownAsync();

        var sfn = Create(time, store);
        await sfn.RecoverAsync();
        await AssertGoneAsync(sfn, old);
        Assert.Equal([recent], await ListedAsync(sfn, machine));
        Assert.Equal(recent, Assert.Single(await store.LoadExecutionsAsync(default)).ExecutionArn);
        Assert.Equal(recent, Assert.Single(await store.LoadMapRunsAsync(default)).ExecutionArn);
        Assert.Equal(recent, Assert.Single(await store.LoadMapRunExecutionsAsync(default)).RootExecutionArn);
        Assert.Empty(store.GetCommittedRecords(old));
        await sfn.ShutdownAsync();
    }

    [Fact]
    public async Task A_parent_whose_child_execution_expired_is_still_redriven_from_its_journal()
    {
        var time = new VirtualTimeProvider(Start);
        var sfn = Create(time, retention: TimeSpan.FromDays(2));
        var child = await sfn.CreateMachineAsync("Child", ExecutionFixture.ResultDefinition);
        var parent = await sfn.CreateMachineAsync("Parent", """
            {"StartAt":"Child","States":{
             "Child":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution.sync:2","Parameters":{"StateMachineArn":"CHILD","Name":"kid","Input":{}},"ResultPath":"$.child","Next":"Pause"},
             "Pause":{"Type":"Wait","Seconds":259200,"Next":"T"},
             "T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:flaky","End":true}}}
            """.Replace("CHILD", child, StringComparison.Ordinal));
        var arn = await sfn.StartAsync(parent, "parent");
        await WaitForAsync(sfn, arn, HistoryEventType.WaitStateEntered);
        await TimerArmedAsync(time);
        var kid = Assert.Single(await ListedAsync(sfn, child));

        time.Advance(TimeSpan.FromDays(3));
        Assert.Equal(ExecutionStatus.Failed, (await sfn.WaitAsync(arn)).Status);
        await sfn.RunsEndedAsync();
        await AssertGoneAsync(sfn, kid);

        await sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = arn });
        Assert.Equal(ExecutionStatus.Succeeded, (await sfn.WaitAsync(arn)).Status);
        await sfn.RunsEndedAsync();
        var history = (await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn, MaxResults = 1000 })).Events;
        Assert.Contains(history, e => e.Type == HistoryEventType.ExecutionRedriven);
        Assert.Single(history, e => e.Type == HistoryEventType.TaskScheduled && e.TaskScheduledEventDetails!.ResourceType == "states");
        Assert.Empty(await ListedAsync(sfn, child)); // the child was not started again
    }

    [Fact]
    public async Task Pages_continue_where_they_left_off_when_executions_expire_between_them()
    {
        var time = new VirtualTimeProvider(Start);
        var sfn = Create(time);
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.ResultDefinition);
        var arns = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            arns.Add(await sfn.StartAsync(machine, "e" + i));
            await EndedAsync(sfn, arns[^1]);
            time.Advance(TimeSpan.FromDays(1));
        }

        var first = await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = machine, MaxResults = 2 });
        Assert.Equal([arns[4], arns[3]], first.Executions.Select(e => e.ExecutionArn));
        time.Advance(TimeSpan.FromDays(86)); // the first two (closed 91 and 90 days ago) expire
        var second = await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = machine, MaxResults = 2, NextToken = first.NextToken });
        Assert.Equal([arns[2]], second.Executions.Select(e => e.ExecutionArn));
        Assert.Null(second.NextToken);
    }

    [Fact]
    public async Task Concurrent_starts_reads_and_expiries_keep_every_index_consistent()
    {
        // Six rounds 13 hours apart, a one-day retention: in each, 8 callers start executions under 20 names (a name is
        // refused while its execution is kept), describe and list them, so every other round the previous executions
        // expire under concurrent starts of their names. No call fails otherwise; every name starts again once its
        // execution expired; in the end the listed executions are exactly the kept ones, until they all expire.
        var time = new VirtualTimeProvider(Start);
        var store = new InMemoryStepFunctionsStore(time);
        var sfn = Create(time, store, TimeSpan.FromDays(1));
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.ResultDefinition);
        var started = 0;
        for (var round = 0; round < 6; round++)
        {
            var callers = Enumerable.Range(0, 8).Select(caller => Task.Run(async () =>
            {
                for (var i = 0; i < 20; i++)
                {
                    var name = "n" + ((caller * 7 + i) % 20);
                    try
                    {
                        var arn = await sfn.StartAsync(machine, name, "{\"i\":" + i + "}");
                        Interlocked.Increment(ref started);
                        await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn });
                    }
                    catch (ExecutionAlreadyExistsException)
                    {
                    }

                    await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = machine, MaxResults = 5 });
                }
            })).ToArray();
            await Task.WhenAll(callers);
            await sfn.RunsEndedAsync();
            if (round < 5)
            {
                time.Advance(TimeSpan.FromHours(13));
            }
        }

        Assert.Equal(60, started); // rounds 0, 2 and 4
        var listed = new List<string>();
        string? token = null;
        do
        {
            var page = await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = machine, MaxResults = 7, NextToken = token });
            listed.AddRange(page.Executions.Select(e => e.ExecutionArn));
            token = page.NextToken;
        }
        while (token is not null);
        Assert.Equal(20, listed.Distinct().Count()); // round 4's, each once
        Assert.Equal(20, listed.Count);
        Assert.Equal(20, sfn.KeptRecords().Executions);
        foreach (var arn in listed)
        {
            Assert.Equal(ExecutionStatus.Succeeded, (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn })).Status);
        }

        time.Advance(TimeSpan.FromDays(1));
        Assert.Empty(await ListedAsync(sfn, machine));
        Assert.Equal(0, sfn.KeptRecords().Executions);
        await sfn.RemovalsEndedAsync();
        Assert.Empty(await store.LoadExecutionsAsync(default));
        Assert.Equal(0, store.JournalCount);
        await sfn.ShutdownAsync();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void The_retention_must_be_positive_or_infinite(long ticks)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new LocalStepFunctions(new StepFunctionsOptions { StandardExecutionRetention = TimeSpan.FromTicks(ticks) }));
        Assert.Contains("StandardExecutionRetention", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_infinite_retention_keeps_every_execution()
    {
        var time = new VirtualTimeProvider(Start);
        var sfn = Create(time, retention: Timeout.InfiniteTimeSpan);
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.ResultDefinition);
        var arn = await sfn.StartAsync(machine, "forever");
        await EndedAsync(sfn, arn);
        time.Advance(TimeSpan.FromDays(10_000));
        Assert.Equal(ExecutionStatus.Succeeded, (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn })).Status);
        Assert.Equal([arn], await ListedAsync(sfn, machine));
    }

    /// <summary>
    /// Waits (in real time, bounded) until a Wait state's timer is armed: it is armed just after the state's entered
    /// event, and time moved before that would put the Wait's end later than the test expects.
    /// </summary>
    private static async Task TimerArmedAsync(VirtualTimeProvider time)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (time.PendingTimerCount == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "no timer was armed");
            await Task.Delay(1);
        }
    }

    private static async Task WaitForAsync(LocalStepFunctions sfn, string arn, HistoryEventType type)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!(await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn, ReverseOrder = true, MaxResults = 1 })).Events.Any(e => e.Type == type))
        {
            Assert.True(DateTime.UtcNow < deadline, "the execution did not reach " + type);
            await Task.Delay(2);
        }
    }
}

/// <summary>The per-scope start-order index behind ListExecutions paging.</summary>
public sealed class StartOrderIndexTests
{
    private sealed record Item(long Sequence);

    [Fact]
    public void Pages_are_newest_first_below_a_position_with_holes_skipped_and_compacted_away()
    {
        var index = new StartOrderIndex<Item>(i => i.Sequence);
        var items = Enumerable.Range(1, 300).Select(i => new Item(i * 2)).ToList();
        foreach (var item in items)
        {
            index.Add(item, "a", item.Sequence % 4 == 0 ? "b" : null, null);
        }

        // One out of order (recovered from a store): inserted at its place.
        var late = new Item(101);
        index.Add(late, "a", null, null);
        Assert.Equal([new Item(102), late, new Item(100)], index.Page("a", 103, _ => true, 3));
        Assert.Equal([new Item(600), new Item(596)], index.Page("b", long.MaxValue, _ => true, 2));

        // Remove the oldest 200 (past the compaction threshold) and one in the middle.
        foreach (var item in items.Take(200))
        {
            index.Remove(item, "a", item.Sequence % 4 == 0 ? "b" : null, null);
        }

        index.Remove(new Item(402), "a", null, null); // not the same item: nothing removed
        index.Remove(items[250], "a", null, null);
        Assert.Equal(100, index.Count("a"));
        Assert.Equal(50, index.Count("b"));
        var all = index.Page("a", long.MaxValue, _ => true, 1000);
        Assert.Equal(items.Skip(200).Where(i => i != items[250]).Reverse().Append(late).ToList(), all);
        Assert.Equal([new Item(408), new Item(404)], index.Page("a", 410, i => i.Sequence % 4 == 0, 2));
        Assert.Equal([late], index.Page("a", 402, _ => true, 10));
        Assert.Empty(index.Page("none", long.MaxValue, _ => true, 10));
    }
}
