using System.Collections.Concurrent;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;
using AslCompiler.Tests.Shared;
using ExecutionStatus = AslCompiler.Runtime.Api.ExecutionStatus;
using HistoryEvent = AslCompiler.Runtime.Api.HistoryEvent;

namespace AslCompiler.Sqlite.Tests;

/// <summary>
/// A parent Standard execution with a nested <c>states:startExecution</c> task, over a SQLite file, "crashes" at a
/// chosen journal commit (that commit and every later write are lost), and a new instance over the reopened file
/// resumes it: the parent re-attaches to the child it started, exactly one child exists, and output, history and side
/// effects match an uninterrupted run.
/// </summary>
public sealed class NestedExecutionRestartTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private sealed record RunResult(string Output, List<HistoryEvent> History, List<ExecutionListItem> Children, List<string> Keys, int Restarts);

    /// <summary>Runs the parent on a new SQLite file; <paramref name="crashAt"/> (null: none) picks the commit the first instance dies at.</summary>
    private async Task<RunResult> RunAsync(string resource, string childDefinition, Func<string, IReadOnlyList<JournalRecord>, bool>? crashAt)
    {
        var path = _dir.File(Guid.NewGuid().ToString("N") + ".db");
        var time = new VirtualTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var calls = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var restarts = 0;
        var sqlite = SqliteStepFunctionsStore.Open(path);
        IStepFunctionsStore store = crashAt is null ? sqlite : new CrashAtStore(sqlite, crashAt);
        LocalStepFunctions? current = null;
        LocalStepFunctions Create(IStepFunctionsStore s) => current = new LocalStepFunctions(new StepFunctionsOptions
        {
            AccountId = "111111111111",
            Region = "us-east-1",
            TimeProvider = time,
            Store = s,
            Execution = new ExecutionOptions { TaskHandlers = Handlers(s, calls, () => current!) },
        });

        var sfn = Create(store);
        await sfn.RecoverAsync();
        var child = (await sfn.CreateStateMachineAsync(new CreateStateMachineRequest { Name = "Child", Definition = childDefinition, RoleArn = "arn:aws:iam::111111111111:role/r" })).StateMachineArn;
        var parent = (await sfn.CreateStateMachineAsync(new CreateStateMachineRequest { Name = "Parent", Definition = NestedDefinitions.Parent(resource, child), RoleArn = "arn:aws:iam::111111111111:role/r" })).StateMachineArn;
        var arn = (await sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = parent, Name = "p-1", Input = """{"v":7}""" })).ExecutionArn;
        while (!await DriveToEndAsync(sfn, time, arn, child, () => store is CrashAtStore { Crashed: true }))
        {
            // The process "died": the instance goes, the file is closed and opened again by a new one.
            await sfn.ShutdownAsync();
            await sqlite.DisposeAsync();
            restarts++;
            sqlite = SqliteStepFunctionsStore.Open(path);
            store = sqlite;
            sfn = Create(store);
            await sfn.RecoverAsync();
        }

        var described = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn });
        Assert.True(described.Status == ExecutionStatus.Succeeded, described.Error + " " + described.Cause);
        var history = new List<HistoryEvent>();
        string? next = null;
        do
        {
            var page = await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn, NextToken = next, MaxResults = 1000 });
            history.AddRange(page.Events);
            next = page.NextToken;
        }
        while (next is not null);
        var children = (await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = child })).Executions.ToList();
        await sfn.ShutdownAsync();
        await sqlite.DisposeAsync();
        var name = children.Count == 1 ? children[0].Name : "\u0000";
        return new RunResult(
            described.Output!.Replace(name, "<child>", StringComparison.Ordinal),
            history,
            children,
            calls.Keys.Select(k => k.Replace(name, "<child>", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList(),
            restarts);
    }

    /// <summary>The handlers of one instance; once its store crashed they stand for a dead process (no effect, no return).</summary>
    private static TaskHandlerRegistry Handlers(IStepFunctionsStore store, ConcurrentDictionary<string, int> calls, Func<LocalStepFunctions> current)
    {
        var handlers = new TaskHandlerRegistry();
        handlers.Register(NestedDefinitions.Fn + "work", async invocation =>
        {
            if (store is CrashAtStore { Crashed: true })
            {
                await Task.Delay(Timeout.Infinite, invocation.CancellationToken);
            }

            calls.AddOrUpdate(invocation.IdempotencyKey, 1, (_, n) => n + 1);
            return JsonValue.CreateObject(
                new KeyValuePair<string, JsonValue>("did", invocation.Input["step"]),
                new KeyValuePair<string, JsonValue>("value", invocation.Input["value"]));
        });
        handlers.Register(NestedDefinitions.Fn + "notify", async invocation =>
        {
            if (store is CrashAtStore { Crashed: true })
            {
                await Task.Delay(Timeout.Infinite, invocation.CancellationToken);
            }

            calls.AddOrUpdate(invocation.IdempotencyKey, 1, (_, n) => n + 1);
            await current().SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = invocation.Input["token"].GetString(), Output = """{"answer":42}""" });
            return JsonValue.EmptyObject;
        });
        return handlers;
    }

    /// <summary>
    /// Drives the parent to its end, then every child still running (a request/response parent does not wait for its
    /// child), in this instance; false once its store has crashed, also after the parent ended (the child cannot end in
    /// a dead instance: the next one takes it over).
    /// </summary>
    private static async Task<bool> DriveToEndAsync(LocalStepFunctions sfn, VirtualTimeProvider time, string arn, string childMachine, Func<bool> crashed)
    {
        if (!await DriveAsync(sfn, time, arn, crashed))
        {
            return false;
        }

        foreach (var started in (await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = childMachine })).Executions)
        {
            if (started.Status == ExecutionStatus.Running && !await DriveAsync(sfn, time, started.ExecutionArn, crashed))
            {
                return false;
            }
        }

        return !crashed();
    }

    /// <summary>Moves the clock to the next timer until the execution ends; false when the store crashed before it ended or as it is seen to have ended.</summary>
    private static async Task<bool> DriveAsync(LocalStepFunctions sfn, VirtualTimeProvider time, string arn, Func<bool> crashed)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (crashed())
            {
                return false;
            }

            if ((await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn })).Status != ExecutionStatus.Running)
            {
                // Durable only if the store did not crash before the end's commit.
                return !crashed();
            }

            await Task.Delay(2);
            if (crashed())
            {
                return false;
            }

            time.AdvanceToNextTimer();
        }

        throw new TimeoutException("The execution did not finish.");
    }

    private static List<HistoryEventType> Chain(List<HistoryEvent> events)
    {
        var chain = new List<HistoryEventType>();
        var at = events.Count;
        while (at > 0)
        {
            chain.Add(events[at - 1].Type);
            at = (int)(events[at - 1].PreviousEventId ?? 0);
        }

        chain.Reverse();
        return chain;
    }

    private static void AssertLikeReference(RunResult reference, RunResult crashed)
    {
        Assert.Equal(1, crashed.Restarts);
        Assert.Equal(reference.Output, crashed.Output);
        Assert.Equal(Enumerable.Range(1, crashed.History.Count).Select(i => (long)i), crashed.History.Select(e => e.Id));
        Assert.Equal(reference.History.Select(e => e.Type.ToString()).Order(), crashed.History.Select(e => e.Type.ToString()).Order());
        Assert.Equal(Chain(reference.History), Chain(crashed.History));
        Assert.Equal(ExecutionStatus.Succeeded, Assert.Single(crashed.Children).Status);
        Assert.Equal(reference.Keys, crashed.Keys);
    }

    private static bool IsChild(string arn) => arn.Contains(":execution:Child:", StringComparison.Ordinal);

    private static bool IsParent(string arn) => arn.Contains(":execution:Parent:", StringComparison.Ordinal);

    [Theory]
    [InlineData("arn:aws:states:::states:startExecution.sync")]
    [InlineData("arn:aws:states:::states:startExecution.sync:2")]
    public async Task A_parent_that_died_while_its_child_ran_waits_for_that_child_after_reopening(string resource)
    {
        var reference = await RunAsync(resource, NestedDefinitions.Child, crashAt: null);
        var crashed = await RunAsync(resource, NestedDefinitions.Child, (arn, staged) => IsChild(arn) && staged.Any(r => r.Key.EndsWith(":wait", StringComparison.Ordinal)));
        AssertLikeReference(reference, crashed);
    }

    [Theory]
    [InlineData("arn:aws:states:::states:startExecution.sync")]
    [InlineData("arn:aws:states:::states:startExecution.sync:2")]
    [InlineData("arn:aws:states:::states:startExecution")]
    public async Task A_parent_that_died_before_committing_its_nested_task_re_attaches_after_reopening(string resource)
    {
        var reference = await RunAsync(resource, NestedDefinitions.Child, crashAt: null);
        var crashed = await RunAsync(resource, NestedDefinitions.Child, (arn, staged) => IsParent(arn) && staged.Any(r => r.Kind == "task" && r.Key.Contains(".Nested@", StringComparison.Ordinal)));
        AssertLikeReference(reference, crashed);
    }

    [Fact]
    public async Task A_nested_callback_completes_after_reopening()
    {
        const string resource = "arn:aws:states:::states:startExecution.waitForTaskToken";
        var reference = await RunAsync(resource, NestedDefinitions.CallbackChild, crashAt: null);
        Assert.Contains("\"nested\":{\"answer\":42}", reference.Output, StringComparison.Ordinal);
        var crashed = await RunAsync(resource, NestedDefinitions.CallbackChild, (arn, staged) => IsChild(arn) && staged.Any(r => r.Key.EndsWith(":wait", StringComparison.Ordinal)));
        AssertLikeReference(reference, crashed);
    }
}
