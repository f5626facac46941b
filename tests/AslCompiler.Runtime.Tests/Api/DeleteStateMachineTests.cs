using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;
using ExecutionOptions = AslCompiler.Runtime.Execution.ExecutionOptions;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>
/// DeleteStateMachine against the engine's count of running executions per state machine: the state machine stays
/// DELETING while any of its executions runs — started, redriven, recovered from a store, Express (asynchronous or
/// synchronous) — and goes as the last one ends, also when many end at once while the deletion runs, and when a start
/// that met the deletion is refused.
/// </summary>
public sealed class DeleteStateMachineTests
{
    private const string Flaky = "arn:aws:lambda:us-east-1:111111111111:function:flaky";
    private const string Held = "arn:aws:lambda:us-east-1:111111111111:function:held";
    private static readonly DateTimeOffset Start = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static LocalStepFunctions Create(IStepFunctionsStore? store = null, TaskHandlerRegistry? handlers = null, VirtualTimeProvider? time = null) => new(new StepFunctionsOptions
    {
        AccountId = "111111111111",
        Region = "us-east-1",
        TimeProvider = time ?? new VirtualTimeProvider(Start),
        Store = store,
        Execution = new ExecutionOptions { TaskHandlers = handlers ?? new TaskHandlerRegistry() },
    });

    private static Task<DeleteStateMachineResponse> DeleteAsync(LocalStepFunctions sfn, string machine) =>
        sfn.DeleteStateMachineAsync(new DeleteStateMachineRequest { StateMachineArn = machine });

    private static async Task<StateMachineStatus?> StatusAsync(LocalStepFunctions sfn, string machine)
    {
        try
        {
            return (await sfn.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = machine })).Status;
        }
        catch (StateMachineDoesNotExistException)
        {
            return null;
        }
    }

    /// <summary>Waits until each execution has entered its Wait (so it holds its state machine through a deletion).</summary>
    private static async Task InTheirWaitAsync(LocalStepFunctions sfn, params string[] executionArns)
    {
        foreach (var arn in executionArns)
        {
            await sfn.WaitForHistoryEventAsync(arn, e => e.Type == HistoryEventType.WaitStateEntered).WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    private static Task<StopExecutionResponse> StopAsync(LocalStepFunctions sfn, string arn) => sfn.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = arn });

    [Fact]
    public async Task Deleted_and_replaced_programs_are_let_go()
    {
        // Found by a soak trial: every deleted state machine, superseded revision and deleted version kept its compiled
        // program for the life of the instance (112 MB after 50,000 create-run-delete rounds).
        var sfn = Create();
        var engine = sfn.KernelEngine!;
        for (var i = 0; i < 20; i++)
        {
            var machine = (await sfn.CreateStateMachineAsync(new CreateStateMachineRequest { Name = "M" + i, Definition = """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""", RoleArn = "arn:aws:iam::111111111111:role/R", Publish = true })).StateMachineArn;
            await sfn.WaitAsync(await sfn.StartAsync(machine));
            await sfn.WaitAsync(await sfn.StartAsync(machine + ":1"));
            await sfn.UpdateStateMachineAsync(new UpdateStateMachineRequest { StateMachineArn = machine, Definition = """{"StartAt":"Q","States":{"Q":{"Type":"Pass","End":true}}}""" });
            await sfn.WaitAsync(await sfn.StartAsync(machine));
            Assert.Equal(2, engine.KeptPrograms); // the new revision's and the version's; the first revision's is gone
            await DeleteAsync(sfn, machine);
            Assert.Equal(0, engine.KeptPrograms);
        }

        var kept = (await sfn.CreateStateMachineAsync(new CreateStateMachineRequest { Name = "V", Definition = """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""", RoleArn = "arn:aws:iam::111111111111:role/R", Publish = true })).StateMachineArn;
        await sfn.WaitAsync(await sfn.StartAsync(kept + ":1"));
        await sfn.DeleteStateMachineVersionAsync(new DeleteStateMachineVersionRequest { StateMachineVersionArn = kept + ":1" });
        Assert.Equal(0, engine.KeptPrograms);
    }

    [Fact]
    public async Task A_state_machine_stays_deleting_until_the_last_of_its_executions_ends()
    {
        var sfn = Create();
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.WaitDefinition);
        var other = await sfn.CreateMachineAsync("Other", ExecutionFixture.WaitDefinition);
        var runs = new[] { await sfn.StartAsync(machine), await sfn.StartAsync(machine), await sfn.StartAsync(machine) };
        var unrelated = await sfn.StartAsync(other);
        Assert.Equal(3, sfn.KernelEngine!.RunningCount(machine));
        await InTheirWaitAsync(sfn, runs); // a run that would enter its first state after the deletion fails there

        await DeleteAsync(sfn, machine);
        Assert.Equal(StateMachineStatus.Deleting, await StatusAsync(sfn, machine));
        await StopAsync(sfn, runs[0]);
        await StopAsync(sfn, runs[0]); // a closed execution: nothing changes, nothing is uncounted twice
        await StopAsync(sfn, runs[1]);
        Assert.Equal(1, sfn.KernelEngine.RunningCount(machine));
        Assert.Equal(StateMachineStatus.Deleting, await StatusAsync(sfn, machine));
        await StopAsync(sfn, runs[2]);
        Assert.Null(await StatusAsync(sfn, machine));
        Assert.Equal(0, sfn.KernelEngine.RunningCount(machine));

        // Another state machine's execution never held this one, and its own count is untouched.
        Assert.Equal(1, sfn.KernelEngine.RunningCount(other));
        await DeleteAsync(sfn, other);
        Assert.Equal(StateMachineStatus.Deleting, await StatusAsync(sfn, other));
        await StopAsync(sfn, unrelated);
        Assert.Null(await StatusAsync(sfn, other));
    }

    private const string WaitPassWait = """
        {"StartAt":"W1","States":{"W1":{"Type":"Wait","Seconds":2,"Next":"P"},"P":{"Type":"Pass","Next":"W2"},"W2":{"Type":"Wait","Seconds":2,"End":true}}}
        """;

    [Fact]
    public async Task A_deleted_state_machines_Standard_executions_fail_at_their_next_state_transition()
    {
        // The reference: "On the next state transition, the state machine's executions are terminated"; AWS fails them
        // with States.Runtime, "State machine NAME has been deleted." (a trial's teardown saw them run to their end).
        var time = new VirtualTimeProvider(Start);
        var sfn = Create(time: time);
        var machine = await sfn.CreateMachineAsync("Del", WaitPassWait, publish: true);
        var direct = await sfn.StartAsync(machine);
        var viaVersion = await sfn.StartAsync(machine + ":1");
        await sfn.WaitForHistoryEventAsync(direct, e => e.Type == HistoryEventType.WaitStateEntered);
        await sfn.WaitForHistoryEventAsync(viaVersion, e => e.Type == HistoryEventType.WaitStateEntered);

        await DeleteAsync(sfn, machine);
        Assert.Equal(StateMachineStatus.Deleting, await StatusAsync(sfn, machine)); // both still wait in W1
        await VirtualClock.AdvanceAsync(time, TimeSpan.FromSeconds(2));

        foreach (var arn in new[] { direct, viaVersion })
        {
            var done = await sfn.WaitForExecutionAsync(arn).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(ExecutionStatus.Failed, done.Status);
            Assert.Equal("States.Runtime", done.Error);
            Assert.Equal("State machine Del has been deleted.", done.Cause);
            var history = (await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn })).Events;
            Assert.Equal(["ExecutionStarted", "WaitStateEntered", "WaitStateExited", "ExecutionFailed"], history.Select(e => e.Type.ToString()));
        }

        Assert.Null(await StatusAsync(sfn, machine));
    }

    [Fact]
    public async Task A_deleted_state_machines_Express_executions_run_on()
    {
        // AWS: for EXPRESS state machines "running executions may emit logs after DeleteStateMachine".
        var time = new VirtualTimeProvider(Start);
        var sfn = Create(time: time);
        var machine = await sfn.CreateMachineAsync("Fast", WaitPassWait, StateMachineType.Express);
        var run = sfn.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = machine });
        await time.WaitForTimerAsync();

        await DeleteAsync(sfn, machine);
        var done = await VirtualClock.RunAsync(time, run);

        Assert.Equal(SyncExecutionStatus.Succeeded, done.Status);
        Assert.Null(await StatusAsync(sfn, machine));
    }

    [Fact]
    public async Task Executions_through_a_version_or_an_alias_hold_their_state_machine()
    {
        var sfn = Create();
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.WaitDefinition, publish: true);
        var alias = (await sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasRequest
        {
            Name = "PROD",
            RoutingConfiguration = [new RoutingConfigurationListItem { StateMachineVersionArn = machine + ":1", Weight = 100 }],
        })).StateMachineAliasArn;
        var viaVersion = await sfn.StartAsync(machine + ":1");
        var viaAlias = await sfn.StartAsync(alias);
        await InTheirWaitAsync(sfn, viaVersion, viaAlias);

        await DeleteAsync(sfn, machine);
        await StopAsync(sfn, viaVersion);
        Assert.Equal(StateMachineStatus.Deleting, await StatusAsync(sfn, machine));
        await StopAsync(sfn, viaAlias);
        Assert.Null(await StatusAsync(sfn, machine));
    }

    [Fact]
    public async Task A_redriven_execution_runs_again_and_holds_its_state_machine()
    {
        // Fails at its first task, is redriven (RUNNING again, waiting), then the state machine is deleted.
        var calls = 0;
        var handlers = new TaskHandlerRegistry().Register(
            Flaky,
            invocation => Interlocked.Increment(ref calls) == 1
                ? throw new Runtime.Execution.TaskFailedException("Boom", "first call")
                : ValueTask.FromResult(invocation.Input));
        var sfn = Create(handlers: handlers);
        var machine = await sfn.CreateMachineAsync("R", """
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:flaky","Next":"W"},
             "W":{"Type":"Wait","Seconds":3600,"End":true}}}
            """);
        var arn = await sfn.StartAsync(machine);
        Assert.Equal(ExecutionStatus.Failed, (await sfn.WaitAsync(arn)).Status);
        await sfn.RunsEndedAsync(arn);
        Assert.Equal(0, sfn.KernelEngine!.RunningCount(machine));

        await sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = arn });
        Assert.Equal(1, sfn.KernelEngine.RunningCount(machine));
        await InTheirWaitAsync(sfn, arn);
        await DeleteAsync(sfn, machine);
        Assert.Equal(StateMachineStatus.Deleting, await StatusAsync(sfn, machine));
        await StopAsync(sfn, arn);
        Assert.Null(await StatusAsync(sfn, machine));
        Assert.Equal(0, sfn.KernelEngine.RunningCount(machine));
    }

    [Fact]
    public async Task A_redrive_that_meets_a_deletion_under_way_is_refused_and_the_deletion_ends()
    {
        // The deletion lands after the redrive counted its execution running and before it looked at the state machine:
        // the deletion sees it and leaves the state machine DELETING, the redrive sees DELETING and is refused, and giving
        // its count back ends the deletion. (A redrive used to look first and count after: a deletion between the two
        // removed the state machine under the redriven execution.)
        var handlers = new TaskHandlerRegistry().Register(Flaky, _ => throw new Runtime.Execution.TaskFailedException("Boom", "always"));
        var sfn = Create(handlers: handlers);
        var machine = await sfn.CreateMachineAsync("R", """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:flaky","End":true}}}""");
        var arn = await sfn.StartAsync(machine);
        Assert.Equal(ExecutionStatus.Failed, (await sfn.WaitAsync(arn)).Status);
        await sfn.RunsEndedAsync(arn);

        var engine = sfn.KernelEngine!;
        engine.AfterRedriveCounted = () =>
        {
            engine.AfterRedriveCounted = null;
            DeleteAsync(sfn, machine).GetAwaiter().GetResult();
        };
        var refused = await Assert.ThrowsAsync<ExecutionNotRedrivableException>(() => sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = arn }));
        Assert.Equal("State machine is in DELETING status.", refused.Message);
        Assert.Null(await StatusAsync(sfn, machine));
        Assert.Equal(0, engine.RunningCount(machine));
        Assert.Equal(ExecutionStatus.Failed, (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn })).Status);
    }

    [Fact]
    public async Task An_execution_of_a_deleted_state_machine_is_not_redrivable()
    {
        // Found by a user trial: once the deletion had ended, a redrive ran the execution again, under no state machine
        // (and under a new one made with the same name, which then listed it and could not finish its own deletion).
        var handlers = new TaskHandlerRegistry().Register(Flaky, _ => throw new Runtime.Execution.TaskFailedException("Boom", "always"));
        var time = new VirtualTimeProvider(Start);
        var sfn = Create(handlers: handlers, time: time);
        const string definition = """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:flaky","End":true}}}""";
        var machine = await sfn.CreateMachineAsync("Gone", definition);
        var arn = await sfn.StartAsync(machine);
        Assert.Equal(ExecutionStatus.Failed, (await sfn.WaitAsync(arn)).Status);
        await sfn.RunsEndedAsync(arn);
        await DeleteAsync(sfn, machine);
        Assert.Null(await StatusAsync(sfn, machine));

        async Task RefusedAsync()
        {
            var refused = await Assert.ThrowsAsync<ExecutionNotRedrivableException>(() => sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = arn }));
            Assert.Equal(Runtime.Api.Engine.KernelExecutionEngine.DeletedMachineReason, refused.Message);
            var described = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn });
            Assert.Equal((ExecutionRedriveStatus.NotRedrivable, Runtime.Api.Engine.KernelExecutionEngine.DeletedMachineReason), (described.RedriveStatus, described.RedriveStatusReason));
        }

        await RefusedAsync();
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(machine, await sfn.CreateMachineAsync("Gone", definition));
        await RefusedAsync();
        Assert.Equal(0, sfn.KernelEngine!.RunningCount(machine));
    }

    [Fact]
    public async Task Express_executions_asynchronous_and_synchronous_hold_their_state_machine()
    {
        // Each execution's task waits for its own release once it has entered.
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handlers = new TaskHandlerRegistry().Register(Held, async invocation =>
        {
            var gate = Volatile.Read(ref release);
            Volatile.Read(ref entered).TrySetResult();
            await gate.Task;
            return invocation.Input;
        });
        var sfn = Create(handlers: handlers);
        const string Definition = """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:held","End":true}}}""";

        var asynchronous = await sfn.CreateMachineAsync("E", Definition, StateMachineType.Express);
        var express = await sfn.StartAsync(asynchronous);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await DeleteAsync(sfn, asynchronous);
        Assert.Equal(StateMachineStatus.Deleting, await StatusAsync(sfn, asynchronous));
        var run = sfn.RunsEndedAsync(express);
        release.SetResult();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(await StatusAsync(sfn, asynchronous));

        Volatile.Write(ref entered, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Volatile.Write(ref release, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        var synchronous = await sfn.CreateMachineAsync("S", Definition, StateMachineType.Express);
        var sync = sfn.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = synchronous });
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await DeleteAsync(sfn, synchronous);
        Assert.Equal(StateMachineStatus.Deleting, await StatusAsync(sfn, synchronous));
        release.SetResult();
        Assert.Equal(SyncExecutionStatus.Succeeded, (await sync).Status);
        Assert.Null(await StatusAsync(sfn, synchronous));
    }

    [Fact]
    public async Task Executions_recovered_running_from_a_store_hold_their_state_machine_whether_resumed_or_not()
    {
        var time = new VirtualTimeProvider(Start);
        var store = new InMemoryStepFunctionsStore(time);
        var first = Create(store, time: time);
        await first.RecoverAsync();
        var machine = await first.CreateMachineAsync("M", ExecutionFixture.WaitDefinition);
        var resumed = await first.StartAsync(machine, "resumed");
        var left = await first.StartAsync(machine, "left");
        await first.ShutdownAsync();

        var second = Create(store, time: time);
        await second.RecoverAsync(arn => arn == resumed);
        Assert.Equal(2, second.KernelEngine!.RunningCount(machine));
        await DeleteAsync(second, machine);
        Assert.Equal(StateMachineStatus.Deleting, await StatusAsync(second, machine));
        await StopAsync(second, resumed);
        Assert.Equal(StateMachineStatus.Deleting, await StatusAsync(second, machine));
        await StopAsync(second, left); // not resumed here: no run to wait for, ended at once
        Assert.Null(await StatusAsync(second, machine));
        await second.ShutdownAsync();
    }

    [Fact]
    public async Task A_start_refused_by_a_deletion_that_counted_it_does_not_leave_the_state_machine_deleting()
    {
        // The start has counted its execution when the deletion looks (so the deletion leaves the state machine DELETING
        // for it), then sees DELETING and gives the execution up: nothing would ever end it, so the deletion ends there.
        var sfn = Create();
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.WaitDefinition);
        var engine = sfn.KernelEngine!;
        engine.AfterStartRegistered = () =>
        {
            engine.AfterStartRegistered = null;
            DeleteAsync(sfn, machine).GetAwaiter().GetResult();
        };

        await Assert.ThrowsAsync<StateMachineDeletingException>(() => sfn.StartAsync(machine, "late"));
        Assert.Equal(0, engine.RunningCount(machine));
        Assert.Null(await StatusAsync(sfn, machine));
    }

    [Fact]
    public async Task Many_executions_ending_at_once_while_a_deletion_runs_remove_it_exactly_when_the_last_ends()
    {
        // Each round: 64 executions of the state machine run; 63 are stopped by 8 callers while another deletes it.
        // Whatever the interleaving, the one left running keeps it DELETING (no end lost the count of another), and the
        // state machine goes when that last one ends (no end's check missed the deletion).
        const int Executions = 64;
        for (var round = 0; round < 20; round++)
        {
            var sfn = Create();
            var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.WaitDefinition);
            var arns = new List<string>();
            for (var i = 0; i < Executions; i++)
            {
                arns.Add(await sfn.StartAsync(machine, "e" + i));
            }

            await InTheirWaitAsync(sfn, arns[^1]);
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var stoppers = Enumerable.Range(0, 8).Select(caller => Task.Run(async () =>
            {
                await go.Task;
                for (var i = caller; i < Executions - 1; i += 8)
                {
                    await StopAsync(sfn, arns[i]);
                }
            })).ToList();
            var deletion = Task.Run(async () =>
            {
                await go.Task;
                await DeleteAsync(sfn, machine);
            });
            go.SetResult();
            await Task.WhenAll(stoppers.Append(deletion));

            Assert.Equal(1, sfn.KernelEngine!.RunningCount(machine));
            Assert.Equal(StateMachineStatus.Deleting, await StatusAsync(sfn, machine));
            await StopAsync(sfn, arns[^1]);
            Assert.Null(await StatusAsync(sfn, machine));
            Assert.Equal(0, sfn.KernelEngine.RunningCount(machine));
        }
    }

    [Fact]
    public async Task Executions_ending_concurrently_with_the_deletion_leave_nothing_behind()
    {
        // Every execution ends while the deletion runs: the state machine is gone once all of them have ended, whichever
        // saw the other (the deletion or the last end).
        for (var round = 0; round < 20; round++)
        {
            var sfn = Create();
            var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.WaitDefinition);
            var arns = new List<string>();
            for (var i = 0; i < 16; i++)
            {
                arns.Add(await sfn.StartAsync(machine, "e" + i));
            }

            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var all = arns.Select(arn => Task.Run(async () =>
            {
                await go.Task;
                await StopAsync(sfn, arn);
            })).Append(Task.Run(async () =>
            {
                await go.Task;
                await DeleteAsync(sfn, machine);
            })).ToList();
            go.SetResult();
            await Task.WhenAll(all);
            Assert.Null(await StatusAsync(sfn, machine));
            Assert.Equal(0, sfn.KernelEngine!.RunningCount(machine));
        }
    }
}
