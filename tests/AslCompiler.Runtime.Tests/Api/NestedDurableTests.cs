using System.Collections.Concurrent;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;
using AslCompiler.Tests.Shared;
using ApiHistoryEvent = AslCompiler.Runtime.Api.HistoryEvent;
using ApiStatus = AslCompiler.Runtime.Api.ExecutionStatus;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>A parent with a nested <c>states:startExecution</c> task, a child with a task and a Wait, and the harness that runs them across restarts.</summary>
internal sealed class NestedWorkflow
{
    public VirtualTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));

    /// <summary>Side effects by idempotency key: how many times a handler was called with the key.</summary>
    public ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);

    /// <summary>The instance the callback handler answers through (the newest one).</summary>
    public LocalStepFunctions? Current { get; private set; }

    /// <summary>
    /// The handlers of one instance. Once its store has crashed, the instance stands for a dead process: its handlers
    /// have no effect and never return (the instance is shut down soon after).
    /// </summary>
    public TaskHandlerRegistry Handlers(IStepFunctionsStore? store)
    {
        bool Dead() => Crashed(store);
        var handlers = new TaskHandlerRegistry();
        handlers.Register(NestedDefinitions.Fn + "work", async invocation =>
        {
            if (Dead())
            {
                invocation.ReleaseClock();
                await Task.Delay(Timeout.Infinite, invocation.CancellationToken);
            }

            Calls.AddOrUpdate(invocation.IdempotencyKey, 1, (_, n) => n + 1);
            return JsonValue.CreateObject(
                new KeyValuePair<string, JsonValue>("did", invocation.Input["step"]),
                new KeyValuePair<string, JsonValue>("value", invocation.Input["value"]));
        });
        handlers.Register(NestedDefinitions.Fn + "notify", async invocation =>
        {
            if (Dead())
            {
                invocation.ReleaseClock();
                await Task.Delay(Timeout.Infinite, invocation.CancellationToken);
            }

            Calls.AddOrUpdate(invocation.IdempotencyKey, 1, (_, n) => n + 1);
            invocation.Input["token"].TryGetString(out var token);
            try
            {
                await Current!.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = token!, Output = """{"answer":42}""" });
            }
            catch (TaskDoesNotExistException)
            {
                // Called again after a restart for a callback the parent had already committed: delivered before.
            }

            return JsonValue.EmptyObject;
        });
        return handlers;
    }

    /// <summary>Whether the store of an instance has crashed (its process is "dead").</summary>
    public static bool Crashed(IStepFunctionsStore? store) => store switch
    {
        CrashingStore crashing => crashing.Crashed,
        CrashAtStore crashAt => crashAt.Crashed,
        HeldCommitStore held => Crashed(held.Inner),
        _ => false,
    };

    public LocalStepFunctions Create(IStepFunctionsStore? store)
    {
        Current = new LocalStepFunctions(new StepFunctionsOptions
        {
            AccountId = "111111111111",
            Region = "us-east-1",
            TimeProvider = Time,
            Store = store,
            Execution = new ExecutionOptions { TaskHandlers = Handlers(store) },
        });
        return Current;
    }

    /// <summary>
    /// Waits (up to 200 ms) until the runs look settled: no work queued on the thread pool, and no state entered for 2 ms. On a loaded machine a resumed run can still be arming its timers when
    /// time moves; a jump then reached an execution's own deadline (an Express child's five minutes) before its Wait,
    /// and the child timed out (seen once in a full CI run).
    /// </summary>
    private async Task SettleAsync()
    {
        await Task.Delay(1);
        for (var spins = 0; spins < 200 && (ThreadPool.PendingWorkItemCount > 0 || Environment.TickCount64 - Time.LastActivity < 2); spins++)
        {
            await Task.Delay(1);
        }
    }

    /// <summary>
    /// Moves the clock to the next timer until the execution ends; false when <paramref name="stop"/> says to stop (a
    /// crash) before it ended or at the moment it is seen to have ended.
    /// </summary>
    public async Task<bool> DriveAsync(LocalStepFunctions sfn, string arn, Func<bool>? stop = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (stop?.Invoke() == true)
            {
                return false;
            }

            var described = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn });
            if (described.Status != ApiStatus.Running)
            {
                // Ended in memory, and durably only if the store did not crash first (the end's commit was not lost).
                return stop?.Invoke() != true;
            }

            await SettleAsync();
            if (stop?.Invoke() == true)
            {
                return false;
            }

            Time.AdvanceToNextTimer();
        }

        var history = await DurableWorkflow.HistoryAsync(sfn, arn);
        var info = new List<string>();
        foreach (var m in (await sfn.ListStateMachinesAsync(new ListStateMachinesRequest())).StateMachines)
        {
            foreach (var e in (await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = m.StateMachineArn })).Executions)
            {
                var d = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = e.ExecutionArn });
                info.Add(e.ExecutionArn + " " + d.Status + " " + d.Error + " " + d.Cause + " :: " + string.Join(",", (await DurableWorkflow.HistoryAsync(sfn, e.ExecutionArn)).Select(h => h.Type)));
            }
        }

        throw new TimeoutException("The execution did not finish: " + string.Join(",", history.Select(e => e.Type)) + " || " + string.Join(" || ", info));
    }
}

public sealed class NestedDurableTests
{
    private const string Sync = "arn:aws:states:::states:startExecution.sync";
    private const string Sync2 = "arn:aws:states:::states:startExecution.sync:2";
    private const string RequestResponse = "arn:aws:states:::states:startExecution";
    private const string WaitForToken = "arn:aws:states:::states:startExecution.waitForTaskToken";

    private sealed record RunResult(
        string ParentArn,
        DescribeExecutionResponse Parent,
        List<ApiHistoryEvent> History,
        List<ExecutionListItem> Children,
        Dictionary<string, int> Calls,
        int Restarts);

    /// <summary>
    /// Runs the parent once over a fresh in-memory store. <paramref name="crash"/> makes the store for each instance
    /// (null: never crash); after a crash the instance is shut down and a new one recovers from the store.
    /// </summary>
    private static async Task<RunResult> RunAsync(
        string resource,
        Func<IStepFunctionsStore, IStepFunctionsStore>? crash,
        bool named = false,
        string childDefinition = NestedDefinitions.Child,
        StateMachineType? childType = null,
        Func<Task>? parentEnded = null,
        bool token = false)
    {
        var workflow = new NestedWorkflow();
        var store = new InMemoryStepFunctionsStore();
        var current = crash?.Invoke(store) ?? store;
        var sfn = workflow.Create(current);
        await sfn.RecoverAsync();
        var child = await sfn.CreateMachineAsync("Child", childDefinition, childType);
        var parent = await sfn.CreateMachineAsync("Parent", NestedDefinitions.Parent(resource, child, named, token));
        var arn = await sfn.StartAsync(parent, "p-1", """{"v":7}""");
        var restarts = 0;
        while (!await DriveToEndAsync(workflow, sfn, arn, childType == StateMachineType.Express ? null : child, () => NestedWorkflow.Crashed(current), parentEnded))
        {
            await sfn.ShutdownAsync();
            restarts++;
            Assert.True(restarts < 200, "no progress across restarts");
            current = crash!(store);
            sfn = workflow.Create(current);
            await sfn.RecoverAsync();
        }

        // Every execution ended in an instance whose store had not crashed: what it shows is what the store holds.
        var described = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn });
        var history = await DurableWorkflow.HistoryAsync(sfn, arn);
        List<ExecutionListItem> children = childType == StateMachineType.Express
            ? []
            : (await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = child })).Executions.ToList();
        await sfn.ShutdownAsync();
        return new RunResult(arn, described, history, children, new Dictionary<string, int>(workflow.Calls), restarts);
    }

    /// <summary>
    /// Drives the parent to its end, then every child of <paramref name="childMachine"/> still running (a
    /// request/response parent does not wait for its child; a callback's child may end just after its parent), all in
    /// this instance; false as soon as its store has crashed, so the next instance takes over what is left. A crash
    /// after the parent ended counts too: the child then cannot end in this (dead) instance.
    /// </summary>
    private static async Task<bool> DriveToEndAsync(NestedWorkflow workflow, LocalStepFunctions sfn, string arn, string? childMachine, Func<bool> crashed, Func<Task>? parentEnded)
    {
        if (!await workflow.DriveAsync(sfn, arn, crashed))
        {
            return false;
        }

        if (parentEnded is not null)
        {
            await parentEnded();
        }

        if (childMachine is not null)
        {
            foreach (var started in (await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = childMachine })).Executions)
            {
                if (started.Status == ApiStatus.Running && !await workflow.DriveAsync(sfn, started.ExecutionArn, crashed))
                {
                    return false;
                }
            }
        }

        return !crashed();
    }

    /// <summary>Text with the child's generated name replaced (so two runs that each generated one compare equal).</summary>
    private static string Normalized(string text, RunResult run) =>
        run.Children.Count == 1 ? text.Replace(run.Children[0].Name, "<child>", StringComparison.Ordinal) : text;

    private static void AssertLikeReference(RunResult reference, RunResult crashed)
    {
        Assert.Equal(ApiStatus.Succeeded, crashed.Parent.Status);
        Assert.Equal(Normalized(reference.Parent.Output!, reference), Normalized(crashed.Parent.Output!, crashed));
        DurableWorkflow.AssertWellFormed(crashed.History);
        Assert.Equal(DurableWorkflow.SortedTypes(reference.History), DurableWorkflow.SortedTypes(crashed.History));
        Assert.Equal(DurableWorkflow.Chain(reference.History), DurableWorkflow.Chain(crashed.History));

        // Exactly one child, and every side effect of the uninterrupted run (the child's included) under the same key.
        Assert.Single(crashed.Children);
        Assert.Equal(ApiStatus.Succeeded, crashed.Children[0].Status);
        Assert.Equal(
            reference.Calls.Keys.Select(k => Normalized(k, reference)).Order(StringComparer.Ordinal),
            crashed.Calls.Keys.Select(k => Normalized(k, crashed)).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(Sync, 1)]
    [InlineData(Sync, 2)]
    [InlineData(Sync, 3)]
    [InlineData(Sync, 5)]
    [InlineData(Sync2, 1)]
    [InlineData(Sync2, 4)]
    [InlineData(RequestResponse, 1)]
    [InlineData(RequestResponse, 3)]
    public async Task A_parent_crashed_every_few_commits_starts_one_child_and_ends_as_an_uninterrupted_run(string resource, int crashEvery)
    {
        var reference = await RunAsync(resource, crash: null);
        var crashed = await RunAsync(resource, store => new CrashingStore(store, crashEvery));

        Assert.True(crashed.Restarts > 0);
        Assert.Single(reference.Children);
        Assert.Equal(1, reference.Calls.Count(c => c.Key.Contains(":execution:Child:", StringComparison.Ordinal)));
        Assert.All(reference.Calls.Values, n => Assert.Equal(1, n));
        AssertLikeReference(reference, crashed);
    }

    [Fact]
    public async Task A_crash_after_a_request_response_parent_ended_leaves_its_child_to_the_next_instance()
    {
        var reference = await RunAsync(RequestResponse, crash: null);

        // The child's first commit (its start) is held until the parent has ended and been seen to end, and the
        // crash is at that commit: the child was created but has done nothing durable, in a process that is gone.
        static bool IsChildStart(string arn, IReadOnlyList<JournalRecord> staged) =>
            arn.Contains(":execution:Child:", StringComparison.Ordinal) && staged.Any(r => r.Kind == "seed");
        HeldCommitStore? held = null;
        var crashes = 0;
        var crashed = await RunAsync(
            RequestResponse,
            store => crashes++ == 0
                ? held = new HeldCommitStore(new CrashAtStore(store, IsChildStart), IsChildStart)
                : store,
            parentEnded: async () =>
            {
                held!.Release();
                await held.Landed.WaitAsync(TimeSpan.FromSeconds(10));
            });

        Assert.True(NestedWorkflow.Crashed(held));
        Assert.Equal(1, crashed.Restarts);
        AssertLikeReference(reference, crashed);
    }

    [Theory]
    [InlineData(Sync)]
    [InlineData(RequestResponse)]
    public async Task A_shutdown_while_the_parent_commits_its_childs_arn_returns_after_that_write_and_starts_no_child(string resource)
    {
        var workflow = new NestedWorkflow();
        var store = new InMemoryStepFunctionsStore();
        var held = new HeldCommitStore(store, (arn, staged) => arn.Contains(":execution:Parent:", StringComparison.Ordinal) && staged.Any(r => r.Kind == "child"));
        var sfn = workflow.Create(held);
        await sfn.RecoverAsync();
        var child = await sfn.CreateMachineAsync("Child", NestedDefinitions.Child);
        var parent = await sfn.CreateMachineAsync("Parent", NestedDefinitions.Parent(resource, child));
        var arn = await sfn.StartAsync(parent, "p-1", """{"v":7}""");
        await held.Holding.WaitAsync(TimeSpan.FromSeconds(10));

        // The parent's commit of its child's ARN is under way when the instance shuts down: the shutdown waits for it,
        // and the child is not started by an instance that is going (a resumed parent starts it under that ARN).
        var shutdown = sfn.ShutdownAsync();
        await Task.WhenAny(shutdown, Task.Delay(TimeSpan.FromMilliseconds(300)));
        var returnedWhileWriting = shutdown.IsCompleted;
        held.Release();
        await shutdown.WaitAsync(TimeSpan.FromSeconds(10));
        held.Closed = true;
        await Task.Delay(TimeSpan.FromMilliseconds(100));
        Assert.Empty(held.LateWrites);
        Assert.False(returnedWhileWriting, "ShutdownAsync returned while the parent's commit was under way");
        Assert.DoesNotContain((await store.LoadExecutionsAsync(CancellationToken.None)), e => e.ExecutionArn.Contains(":execution:Child:", StringComparison.Ordinal));

        await ResumeToOneSucceededChildAsync(workflow, store, arn, child);
    }

    /// <summary>A new instance over <paramref name="store"/> resumes the parent: it and exactly one child (the one its output names) succeed.</summary>
    private static async Task ResumeToOneSucceededChildAsync(NestedWorkflow workflow, IStepFunctionsStore store, string arn, string child)
    {
        var sfn = workflow.Create(store);
        await sfn.RecoverAsync();
        Assert.True(await workflow.DriveAsync(sfn, arn));
        var children = (await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = child })).Executions;
        foreach (var started in children)
        {
            Assert.True(await workflow.DriveAsync(sfn, started.ExecutionArn));
        }

        var described = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn });
        Assert.Equal(ApiStatus.Succeeded, described.Status);
        Assert.True(JsonValue.Parse(described.Output!)["nested"]["ExecutionArn"].TryGetString(out var childArn));
        Assert.Equal(childArn, Assert.Single(children).ExecutionArn);
        Assert.Equal(ApiStatus.Succeeded, (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = childArn })).Status);
        await sfn.ShutdownAsync();
    }

    [Theory]
    [InlineData(Sync)]
    [InlineData(RequestResponse)]
    public async Task A_shutdown_while_the_parent_creates_its_child_waits_for_the_childs_run_too(string resource)
    {
        static bool IsChild(string arn) => arn.Contains(":execution:Child:", StringComparison.Ordinal);
        var workflow = new NestedWorkflow();
        var store = new InMemoryStepFunctionsStore();
        var held = new HeldCommitStore(store, (arn, staged) => IsChild(arn) && staged.Any(r => r.Kind == "seed")) { HoldCreate = IsChild };
        var sfn = workflow.Create(held);
        await sfn.RecoverAsync();
        var child = await sfn.CreateMachineAsync("Child", NestedDefinitions.Child);
        var parent = await sfn.CreateMachineAsync("Parent", NestedDefinitions.Parent(resource, child));
        var arn = await sfn.StartAsync(parent, "p-1", """{"v":7}""");
        await held.CreateHolding.WaitAsync(TimeSpan.FromSeconds(10));

        // The shutdown comes while the child is being created: its run starts after the shutdown began, and its first
        // commit is under way when the parent's run has stopped.
        var shutdown = sfn.ShutdownAsync();
        held.ReleaseCreate();
        await Task.WhenAny(held.Holding, Task.Delay(TimeSpan.FromSeconds(2)));
        await Task.WhenAny(shutdown, Task.Delay(TimeSpan.FromMilliseconds(300)));
        var returnedWhileWriting = shutdown.IsCompleted && held.Holding.IsCompleted;
        held.Release();
        await shutdown.WaitAsync(TimeSpan.FromSeconds(10));
        held.Closed = true;
        await Task.Delay(TimeSpan.FromMilliseconds(100));
        Assert.Empty(held.LateWrites);
        Assert.False(returnedWhileWriting, "ShutdownAsync returned while the child's first commit was under way");

        await ResumeToOneSucceededChildAsync(workflow, store, arn, child);
    }

    [Theory]
    [InlineData(Sync)]
    [InlineData(Sync2)]
    public async Task A_parent_crashed_while_its_child_runs_waits_for_that_child_after_the_restart(string resource)
    {
        var reference = await RunAsync(resource, crash: null);

        // The crash drops the child's commit of its Wait: the child is RUNNING, the parent waits for it.
        var crashes = 0;
        var crashed = await RunAsync(resource, store => crashes++ == 0
            ? new CrashAtStore(store, (arn, staged) => arn.Contains(":execution:Child:", StringComparison.Ordinal) && staged.Any(r => r.Key.EndsWith(":wait", StringComparison.Ordinal)))
            : store);

        Assert.Equal(1, crashed.Restarts);
        AssertLikeReference(reference, crashed);
        var submitted = crashed.History.Where(e => e.Type == HistoryEventType.TaskSubmitted).ToList();
        Assert.Single(submitted);
        Assert.Contains(crashed.Children[0].ExecutionArn, submitted[0].TaskSubmittedEventDetails!.Output!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Sync, false)]
    [InlineData(Sync2, false)]
    [InlineData(Sync, true)]
    public async Task A_parent_crashed_after_its_child_ended_takes_the_childs_result_at_once(string resource, bool named)
    {
        var reference = await RunAsync(resource, crash: null, named);

        // The crash drops the parent's commit of the nested task's outcome: the child ended (durably), the parent did not move on.
        var crashes = 0;
        var crashed = await RunAsync(resource, store => crashes++ == 0
            ? new CrashAtStore(store, (arn, staged) => arn.Contains(":execution:Parent:", StringComparison.Ordinal)
                && staged.Any(r => r.Kind == "task" && r.Key.Contains(".Nested@", StringComparison.Ordinal)))
            : store, named);

        Assert.Equal(1, crashed.Restarts);
        AssertLikeReference(reference, crashed);
        if (named)
        {
            Assert.Equal("the-child", crashed.Children[0].Name);
        }

        var output = JsonValue.Parse(crashed.Parent.Output!)["nested"];
        Assert.True(output["ExecutionArn"].TryGetString(out var childArn));
        Assert.Equal(crashed.Children[0].ExecutionArn, childArn);
        Assert.Equal(resource == Sync2 ? JsonKind.Object : JsonKind.String, output["Output"].Kind);
    }

    [Fact]
    public async Task A_request_response_start_is_not_repeated_when_the_parent_crashed_before_committing_it()
    {
        var reference = await RunAsync(RequestResponse, crash: null);
        var crashes = 0;
        var crashed = await RunAsync(RequestResponse, store => crashes++ == 0
            ? new CrashAtStore(store, (arn, staged) => arn.Contains(":execution:Parent:", StringComparison.Ordinal)
                && staged.Any(r => r.Kind == "task" && r.Key.Contains(".Nested@", StringComparison.Ordinal)))
            : store);

        Assert.Equal(1, crashed.Restarts);
        AssertLikeReference(reference, crashed);

        // The resumed parent answers with the first start's ARN and date.
        var output = JsonValue.Parse(crashed.Parent.Output!)["nested"];
        Assert.True(output["ExecutionArn"].TryGetString(out var childArn));
        Assert.Equal(crashed.Children[0].ExecutionArn, childArn);
        Assert.True(output["StartDate"].TryGetString(out var startDate));
        Assert.Equal(crashed.Children[0].StartDate, DateTimeOffset.Parse(startDate, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_parent_crashed_before_its_child_was_created_starts_it_under_the_recorded_name()
    {
        var reference = await RunAsync(Sync, crash: null);

        // The parent's commit of the child's ARN survives, the child's first commit (its start) does not.
        var crashes = 0;
        var crashed = await RunAsync(Sync, store => crashes++ == 0
            ? new CrashAtStore(store, (arn, _) => arn.Contains(":execution:Child:", StringComparison.Ordinal))
            : store);

        Assert.Equal(1, crashed.Restarts);
        AssertLikeReference(reference, crashed);
    }

    [Theory]
    [InlineData("child-wait")]
    [InlineData("parent-start")]
    [InlineData("child-callback")]
    public async Task A_nested_callback_task_keeps_its_token_and_its_child_across_a_restart(string crashPoint)
    {
        var reference = await RunAsync(WaitForToken, crash: null, childDefinition: NestedDefinitions.CallbackChild);
        Assert.Contains("\"nested\":{\"answer\":42}", reference.Parent.Output, StringComparison.Ordinal);

        // While the child waits (its Wait's commit is lost); when the parent commits the child's start (the commit
        // with the token and the child's ARN is lost: both are made again, the same); or when the child commits its
        // callback (the resumed child calls back at once, possibly before the resumed parent waits for the token again).
        var crashAt = CallbackCrashAt(crashPoint);
        var crashes = 0;
        var crashed = await RunAsync(
            WaitForToken,
            store => crashes++ == 0 ? new CrashAtStore(store, crashAt) : store,
            childDefinition: NestedDefinitions.CallbackChild);

        // At the callback's commit the parent may already have committed the callback and ended: then nothing restarts.
        Assert.InRange(crashed.Restarts, crashPoint == "child-callback" ? 0 : 1, 1);
        AssertLikeReference(reference, crashed);
    }

    /// <summary>
    /// A <c>.sync</c> task has a token too: a child that answers its parent's token ends the parent's task with its
    /// answer (before the child itself ends), and the answer, committed before the child's call returns, survives a
    /// restart at the same points as a <c>.waitForTaskToken</c> task's.
    /// </summary>
    [Theory]
    [InlineData("child-wait")]
    [InlineData("parent-start")]
    [InlineData("child-callback")]
    public async Task A_nested_sync_task_answered_with_its_token_keeps_the_answer_across_a_restart(string crashPoint)
    {
        var reference = await RunAsync(Sync, crash: null, childDefinition: NestedDefinitions.CallbackChild, token: true);
        Assert.Contains("\"nested\":{\"answer\":42}", reference.Parent.Output, StringComparison.Ordinal);
        Assert.Single(reference.History, e => e.Type == HistoryEventType.TaskSubmitted);

        var crashAt = CallbackCrashAt(crashPoint);
        var crashes = 0;
        var crashed = await RunAsync(
            Sync,
            store => crashes++ == 0 ? new CrashAtStore(store, crashAt) : store,
            childDefinition: NestedDefinitions.CallbackChild,
            token: true);

        Assert.InRange(crashed.Restarts, crashPoint == "child-callback" ? 0 : 1, 1);
        AssertLikeReference(reference, crashed);
    }

    /// <summary>
    /// Where a callback child's run crashes: while it waits (its Wait's commit is lost), when its parent commits its
    /// start, or when it commits its callback.
    /// </summary>
    private static Func<string, IReadOnlyList<JournalRecord>, bool> CallbackCrashAt(string crashPoint) => crashPoint switch
    {
        "child-wait" => (arn, staged) => arn.Contains(":execution:Child:", StringComparison.Ordinal) && staged.Any(r => r.Key.EndsWith(":wait", StringComparison.Ordinal)),
        "parent-start" => (arn, staged) => arn.Contains(":execution:Parent:", StringComparison.Ordinal) && staged.Any(r => r.Kind == "child"),
        _ => (arn, staged) => arn.Contains(":execution:Child:", StringComparison.Ordinal) && staged.Any(r => r.Kind == "task" && r.Key.Contains(".Notify@", StringComparison.Ordinal)),
    };

    [Fact]
    public async Task An_express_child_is_restarted_under_its_recorded_arn_when_its_parent_resumes()
    {
        var workflow = new NestedWorkflow();
        var store = new InMemoryStepFunctionsStore();
        var sfn = workflow.Create(store);
        await sfn.RecoverAsync();
        var child = await sfn.CreateMachineAsync("Child", NestedDefinitions.Child, StateMachineType.Express);
        var parent = await sfn.CreateMachineAsync("Parent", NestedDefinitions.Parent(Sync, child));
        var arn = await sfn.StartAsync(parent, "p-1", """{"v":7}""");

        // Shut down while the Express child waits.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!workflow.Calls.Keys.Any(k => k.Contains(":express:Child:", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(2);
        }

        while (workflow.Time.PendingTimerCount == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(2);
        }

        await sfn.ShutdownAsync();
        var childKey = Assert.Single(workflow.Calls.Keys, k => k.Contains(":express:Child:", StringComparison.Ordinal));

        sfn = workflow.Create(store);
        await sfn.RecoverAsync();
        Assert.True(await workflow.DriveAsync(sfn, arn));
        var described = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn });
        Assert.True(described.Status == ApiStatus.Succeeded, described.Status + ": " + described.Error + ": " + described.Cause);

        // The child ran again from its start (an Express execution is not durable), under the same ARN, so its
        // handler saw the same idempotency key twice.
        Assert.Equal(2, workflow.Calls[childKey]);
        var nested = JsonValue.Parse(described.Output!)["nested"];
        Assert.True(nested["ExecutionArn"].TryGetString(out var childArn));
        Assert.StartsWith(childArn + "/", childKey, StringComparison.Ordinal);
        Assert.Equal("SUCCEEDED", nested["Status"].GetString());
        var history = await DurableWorkflow.HistoryAsync(sfn, arn);
        DurableWorkflow.AssertWellFormed(history);
        Assert.Contains(childArn, Assert.Single(history, e => e.Type == HistoryEventType.TaskSubmitted).TaskSubmittedEventDetails!.Output!, StringComparison.Ordinal);
        await sfn.ShutdownAsync();
    }

    [Fact]
    public async Task A_parent_shut_down_while_its_child_waits_keeps_its_history_and_waits_for_the_same_child()
    {
        var workflow = new NestedWorkflow();
        var store = new InMemoryStepFunctionsStore();
        var sfn = workflow.Create(store);
        await sfn.RecoverAsync();
        var child = await sfn.CreateMachineAsync("Child", NestedDefinitions.Child);
        var parent = await sfn.CreateMachineAsync("Parent", NestedDefinitions.Parent(Sync2, child));
        var start = workflow.Time.GetUtcNow();
        var arn = await sfn.StartAsync(parent, "p-1", """{"v":7}""");
        var children = await WaitForChildrenAsync(sfn, child, 1);
        await workflow.Time.WaitForTimerAsync();

        await sfn.ShutdownAsync();
        workflow.Time.Advance(TimeSpan.FromSeconds(10));

        sfn = workflow.Create(store);
        await sfn.RecoverAsync();
        Assert.True(await workflow.DriveAsync(sfn, arn));
        Assert.Equal(ApiStatus.Succeeded, (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn })).Status);
        Assert.Equal(children[0].ExecutionArn, Assert.Single((await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = child })).Executions).ExecutionArn);

        // Every event up to TaskSubmitted is the first run's; the child's Wait ended at its original due time.
        var history = await DurableWorkflow.HistoryAsync(sfn, arn);
        DurableWorkflow.AssertWellFormed(history);
        Assert.Equal(start, Assert.Single(history, e => e.Type == HistoryEventType.TaskSubmitted).Timestamp);
        Assert.Equal(start + TimeSpan.FromSeconds(30), Assert.Single(history, e => e.Type == HistoryEventType.TaskSucceeded && e.PreviousEventId == history.Single(s => s.Type == HistoryEventType.TaskSubmitted).Id).Timestamp);
        await sfn.ShutdownAsync();
    }

    [Fact]
    public async Task A_failed_child_fails_the_sync_task_with_the_childs_description_as_cause()
    {
        var workflow = new NestedWorkflow();
        var sfn = workflow.Create(new InMemoryStepFunctionsStore());
        await sfn.RecoverAsync();
        var child = await sfn.CreateMachineAsync("Child", """{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Boom","Cause":"bad"}}}""");
        var parent = await sfn.CreateMachineAsync("Parent", "{\"StartAt\":\"N\",\"States\":{\"N\":{\"Type\":\"Task\",\"Resource\":\"" + Sync2 + "\",\"Parameters\":{\"StateMachineArn\":\"" + child + "\",\"Name\":\"c\",\"Input\":{\"a\":1}},\"End\":true}}}");
        var described = await sfn.WaitAsync(await sfn.StartAsync(parent, "p"));

        Assert.Equal(ApiStatus.Failed, described.Status);
        Assert.Equal("States.TaskFailed", described.Error);
        var cause = JsonValue.Parse(described.Cause!);
        Assert.Equal(
            ["Cause", "Error", "ExecutionArn", "Input", "InputDetails", "Name", "StartDate", "StateMachineArn", "Status", "StopDate"],
            cause.GetObject().Select(m => m.Key).ToArray());
        Assert.Equal("Boom", cause["Error"].GetString());
        Assert.Equal("bad", cause["Cause"].GetString());
        Assert.Equal("FAILED", cause["Status"].GetString());
        Assert.True(cause["Input"]["a"].TryGetInt64(out var a) && a == 1);
        await sfn.ShutdownAsync();
    }

    [Fact]
    public async Task A_missing_state_machine_fails_the_task_as_AWS_does()
    {
        var workflow = new NestedWorkflow();
        var sfn = workflow.Create(null);
        var parent = await sfn.CreateMachineAsync("Parent", "{\"StartAt\":\"N\",\"States\":{\"N\":{\"Type\":\"Task\",\"Resource\":\"" + RequestResponse + "\",\"Parameters\":{\"StateMachineArn\":\"arn:aws:states:us-east-1:111111111111:stateMachine:Nope\"},\"End\":true}}}");
        var described = await sfn.WaitAsync(await sfn.StartAsync(parent, "p"));

        Assert.Equal(ApiStatus.Failed, described.Status);
        Assert.Equal("StepFunctions.StateMachineDoesNotExistException", described.Error);
        Assert.StartsWith("State Machine Does Not Exist: 'arn:aws:states:us-east-1:111111111111:stateMachine:Nope' (Service: AWSStepFunctions; Status Code: 400; Error Code: StateMachineDoesNotExist;", described.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redriven_parent_starts_a_new_child_instead_of_re_attaching_to_the_stopped_one()
    {
        var workflow = new NestedWorkflow();
        var sfn = workflow.Create(new InMemoryStepFunctionsStore());
        await sfn.RecoverAsync();
        var child = await sfn.CreateMachineAsync("Child", NestedDefinitions.Child);
        var parent = await sfn.CreateMachineAsync("Parent", NestedDefinitions.Parent(Sync, child));
        var arn = await sfn.StartAsync(parent, "p", """{"v":1}""");
        var first = await WaitForChildrenAsync(sfn, child, 1);
        await sfn.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = arn });
        Assert.Equal(ApiStatus.Aborted, (await sfn.WaitAsync(first[0].ExecutionArn)).Status);

        await sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = arn });
        var both = await WaitForChildrenAsync(sfn, child, 2);
        Assert.True(await workflow.DriveAsync(sfn, arn));
        var described = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn });
        Assert.Equal(ApiStatus.Succeeded, described.Status);
        var second = Assert.Single(both, c => c.ExecutionArn != first[0].ExecutionArn);
        Assert.True(JsonValue.Parse(described.Output!)["nested"]["ExecutionArn"].TryGetString(out var attached));
        Assert.Equal(second.ExecutionArn, attached);
        await sfn.ShutdownAsync();
    }

    private static async Task<List<ExecutionListItem>> WaitForChildrenAsync(LocalStepFunctions sfn, string child, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<ExecutionListItem> children = [];
        while (children.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(2);
            children = (await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = child })).Executions.ToList();
        }

        Assert.Equal(count, children.Count);
        return children;
    }

    [Fact]
    public async Task Stopping_the_parent_stops_its_sync_child()
    {
        var workflow = new NestedWorkflow();
        var sfn = workflow.Create(new InMemoryStepFunctionsStore());
        await sfn.RecoverAsync();
        var child = await sfn.CreateMachineAsync("Child", NestedDefinitions.Child);
        var parent = await sfn.CreateMachineAsync("Parent", NestedDefinitions.Parent(Sync, child));
        var arn = await sfn.StartAsync(parent, "p", """{"v":1}""");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<ExecutionListItem> children = [];
        while (children.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(2);
            children = (await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = child })).Executions.ToList();
        }

        await sfn.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = arn });
        var stopped = await sfn.WaitAsync(Assert.Single(children).ExecutionArn);
        Assert.Equal(ApiStatus.Aborted, stopped.Status);
        await sfn.ShutdownAsync();
    }
}

/// <summary>
/// A store that holds the first journal commit <c>hold</c> picks (by the execution and the records staged for it) until
/// <see cref="Release"/>, whatever the caller's cancellation (a write under way is not called back), so that commit, and a
/// crash the inner store makes of it, lands when a test says. Writes made once <see cref="Closed"/> is set are noted.
/// </summary>
internal sealed class HeldCommitStore(IStepFunctionsStore inner, Func<string, IReadOnlyList<JournalRecord>, bool> hold) : ForwardingStore(inner)
{
    private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _landed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _createHolding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _releaseCreate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<string, IReadOnlyList<JournalRecord>, bool> _hold = hold;
    private int _held;

    /// <summary>Completes once the picked commit is being held.</summary>
    public Task Holding => _holding.Task;

    /// <summary>Completes once the held commit has reached the inner store.</summary>
    public Task Landed => _landed.Task;

    /// <summary>Set when the instance over this store is gone: any write from then on is noted in <see cref="LateWrites"/>.</summary>
    public bool Closed { get; set; }

    public ConcurrentQueue<string> LateWrites { get; } = new();

    /// <summary>Picks an execution whose creation is held until <see cref="ReleaseCreate"/> (the first one picked; null: none).</summary>
    public Func<string, bool>? HoldCreate { get; init; }

    /// <summary>Completes once the picked creation is being held.</summary>
    public Task CreateHolding => _createHolding.Task;

    public void Release() => _release.TrySetResult();

    public void ReleaseCreate() => _releaseCreate.TrySetResult();

    private void Wrote(string what)
    {
        if (Closed)
        {
            LateWrites.Enqueue(what);
        }
    }

    public override ValueTask SaveResourcesAsync(string resourcesJson, CancellationToken cancellationToken)
    {
        Wrote("resources");
        return base.SaveResourcesAsync(resourcesJson, cancellationToken);
    }

    public override async ValueTask<bool> CreateExecutionAsync(StoredExecution execution, CancellationToken cancellationToken)
    {
        if (HoldCreate is { } pick && pick(execution.ExecutionArn) && _createHolding.TrySetResult())
        {
            await _releaseCreate.Task;
        }

        Wrote("create " + execution.ExecutionArn);
        return await base.CreateExecutionAsync(execution, cancellationToken);
    }

    public override ValueTask UpdateExecutionAsync(StoredExecution execution, CancellationToken cancellationToken)
    {
        Wrote("update " + execution.ExecutionArn);
        return base.UpdateExecutionAsync(execution, cancellationToken);
    }

    protected override async ValueTask CommitAsync(string executionArn, IReadOnlyList<JournalRecord> staged, Func<ValueTask> commit, CancellationToken cancellationToken)
    {
        if (staged.Count == 0 || Volatile.Read(ref _held) != 0 || !_hold(executionArn, staged) || Interlocked.Exchange(ref _held, 1) != 0)
        {
            Wrote("commit " + executionArn);
            await commit();
            return;
        }

        _holding.TrySetResult();
        await _release.Task;
        try
        {
            Wrote("commit " + executionArn);
            await commit();
        }
        finally
        {
            _landed.TrySetResult();
        }
    }
}
