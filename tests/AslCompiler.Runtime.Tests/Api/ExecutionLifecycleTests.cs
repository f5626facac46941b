using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Api.Engine;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Runtime.Tests.Api;

public sealed class StartExecutionTests
{
    [Fact]
    public async Task Start_returns_the_execution_arn_and_runs_to_the_end()
    {
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.ResultDefinition);
        var started = await sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machine, Name = "run-1", Input = """{"a":2}""" });
        Assert.Equal("arn:aws:states:us-east-1:111111111111:execution:M:run-1", started.ExecutionArn);
        var described = await sfn.WaitAsync(started.ExecutionArn);
        Assert.Equal(ExecutionStatus.Succeeded, described.Status);
        Assert.Equal("""{"a":2,"r":{"x":1}}""", described.Output);
        Assert.Equal(started.StartDate, described.StartDate);
    }

    [Fact]
    public async Task Without_a_name_each_start_is_a_new_execution_named_by_a_uuid()
    {
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("M");
        var a = await sfn.StartAsync(machine);
        var b = await sfn.StartAsync(machine);
        Assert.NotEqual(a, b);
        Assert.True(Guid.TryParse(StepFunctionsArn.Parse(a).ExecutionName, out _));
    }

    [Fact]
    public async Task Same_name_and_input_while_running_returns_the_same_execution()
    {
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.WaitDefinition);
        var first = await sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machine, Name = "n", Input = "{}" });
        var again = await sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machine, Name = "n", Input = "{}" });
        Assert.Equal(first, again);
    }

    [Fact]
    public async Task Same_name_with_another_input_is_ExecutionAlreadyExists()
    {
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.WaitDefinition);
        var arn = await sfn.StartAsync(machine, "n", "{}");
        var error = await Assert.ThrowsAsync<ExecutionAlreadyExistsException>(() => sfn.StartAsync(machine, "n", """{"x":1}"""));
        Assert.Equal("Execution Already Exists: '" + arn + "'", error.Message);
    }

    [Fact]
    public async Task Same_name_after_the_execution_closed_is_ExecutionAlreadyExists()
    {
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("M");
        var arn = await sfn.StartAsync(machine, "n", "{}");
        await sfn.WaitAsync(arn);
        await Assert.ThrowsAsync<ExecutionAlreadyExistsException>(() => sfn.StartAsync(machine, "n", "{}"));
    }

    [Fact]
    public async Task Versions_and_aliases_run_their_own_definition_and_are_reported()
    {
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.ResultDefinition, publish: true);
        await sfn.UpdateStateMachineAsync(new UpdateStateMachineRequest { StateMachineArn = machine, Definition = ExecutionFixture.FailDefinition });
        var alias = (await sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasRequest
        {
            Name = "PROD",
            RoutingConfiguration = [new RoutingConfigurationListItem { StateMachineVersionArn = machine + ":1", Weight = 100 }],
        })).StateMachineAliasArn;

        var viaAlias = await sfn.WaitAsync(await sfn.StartAsync(alias));
        Assert.Equal(ExecutionStatus.Succeeded, viaAlias.Status);
        Assert.Equal(machine, viaAlias.StateMachineArn);
        Assert.Equal(machine + ":1", viaAlias.StateMachineVersionArn);
        Assert.Equal(alias, viaAlias.StateMachineAliasArn);

        var latest = await sfn.WaitAsync(await sfn.StartAsync(machine));
        Assert.Equal(ExecutionStatus.Failed, latest.Status);
        Assert.Null(latest.StateMachineVersionArn);
    }

    [Fact]
    public async Task Express_executions_get_express_arns()
    {
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("E", type: StateMachineType.Express);
        var arn = await sfn.StartAsync(machine, "x");
        var parsed = StepFunctionsArn.Parse(arn);
        Assert.Equal(StepFunctionsResourceType.ExpressExecution, parsed.ResourceType);
        Assert.StartsWith("arn:aws:states:us-east-1:111111111111:express:E:x:", arn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Documented_errors()
    {
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("M");
        await Assert.ThrowsAsync<InvalidNameException>(() => sfn.StartAsync(machine, "bad name"));
        await Assert.ThrowsAsync<InvalidExecutionInputException>(() => sfn.StartAsync(machine, input: "{"));
        await Assert.ThrowsAsync<StateMachineDoesNotExistException>(() => sfn.StartAsync(sfn.Arns.StateMachine("Nope")));
        await Assert.ThrowsAsync<InvalidArnException>(() => sfn.StartAsync("arn:aws:states:us-east-1:111111111111:activity:A"));
        await sfn.DeleteStateMachineAsync(new DeleteStateMachineRequest { StateMachineArn = machine });
        await Assert.ThrowsAsync<StateMachineDoesNotExistException>(() => sfn.StartAsync(machine));
    }

    [Fact]
    public async Task A_state_machine_being_deleted_refuses_starts_and_goes_when_its_executions_end()
    {
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.WaitDefinition);
        var arn = await sfn.StartAsync(machine);
        await sfn.WaitForHistoryEventAsync(arn, e => e.Type == HistoryEventType.WaitStateEntered); // it holds the machine DELETING
        await sfn.DeleteStateMachineAsync(new DeleteStateMachineRequest { StateMachineArn = machine });
        await Assert.ThrowsAsync<StateMachineDeletingException>(() => sfn.StartAsync(machine));
        await sfn.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = arn });
        await Assert.ThrowsAsync<StateMachineDoesNotExistException>(() => sfn.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = machine }));
    }

    [Fact]
    public async Task Every_action_refused_by_a_deleting_state_machine_says_so_in_the_same_words()
    {
        // One sentence, built in one place, whichever action meets the deletion.
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.WaitDefinition, publish: true);
        var alias = (await sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasRequest
        {
            Name = "PROD",
            RoutingConfiguration = [new RoutingConfigurationListItem { StateMachineVersionArn = machine + ":1", Weight = 100 }],
        })).StateMachineAliasArn;
        var running = await sfn.StartAsync(machine);
        await sfn.WaitForHistoryEventAsync(running, e => e.Type == HistoryEventType.WaitStateEntered); // it holds the machine DELETING
        await sfn.DeleteStateMachineAsync(new DeleteStateMachineRequest { StateMachineArn = machine });

        var expected = "State machine is being deleted: '" + machine + "'";
        Func<Task>[] refused =
        [
            () => sfn.CreateStateMachineAsync(new CreateStateMachineRequest { Name = "M", Definition = ExecutionFixture.WaitDefinition, RoleArn = ApiFixture.RoleArn }),
            () => sfn.UpdateStateMachineAsync(new UpdateStateMachineRequest { StateMachineArn = machine, Definition = ExecutionFixture.ResultDefinition }),
            () => sfn.PublishStateMachineVersionAsync(new PublishStateMachineVersionRequest { StateMachineArn = machine }),
            () => sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasRequest
            {
                Name = "BETA",
                RoutingConfiguration = [new RoutingConfigurationListItem { StateMachineVersionArn = machine + ":1", Weight = 100 }],
            }),
            () => sfn.UpdateStateMachineAliasAsync(new UpdateStateMachineAliasRequest { StateMachineAliasArn = alias, Description = "d" }),
            () => sfn.ListStateMachineAliasesAsync(new ListStateMachineAliasesRequest { StateMachineArn = machine }),
            () => sfn.StartAsync(machine),
            () => sfn.StartAsync(alias),
        ];
        foreach (var action in refused)
        {
            var e = await Assert.ThrowsAsync<StateMachineDeletingException>(action);
            Assert.Equal(expected, e.Message);
        }

        await sfn.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = running });
    }

    [Fact]
    public async Task A_state_machine_deleted_as_its_last_execution_ends_is_not_left_deleting()
    {
        var store = new HookedResourceStore();
        var sfn = new LocalStepFunctions(
            new StepFunctionsOptions { AccountId = "111111111111", Region = "us-east-1", TimeProvider = new VirtualTimeProvider() },
            store,
            null,
            AslDefinitionValidator.Instance);
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.WaitDefinition);
        var arn = await sfn.StartAsync(machine);

        // DeleteStateMachine sees the execution running; it ends before the deletion is written.
        store.BeforeNextWrite = () => sfn.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = arn }).GetAwaiter().GetResult();
        await sfn.DeleteStateMachineAsync(new DeleteStateMachineRequest { StateMachineArn = machine });
        Assert.Equal(ExecutionStatus.Aborted, (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn })).Status);
        await Assert.ThrowsAsync<StateMachineDoesNotExistException>(() => sfn.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = machine }));
    }

    [Fact]
    public async Task An_execution_started_as_its_state_machine_is_deleted_keeps_it_until_it_ends()
    {
        // The start lands between DeleteStateMachine's look at the running executions and its write: the state machine
        // was removed under the running execution (and one made later with the same name took it over).
        var (sfn, store) = Hooked();
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.WaitDefinition);
        string? arn = null;
        store.BeforeNextWrite = () => arn = sfn.StartAsync(machine).GetAwaiter().GetResult();
        await sfn.DeleteStateMachineAsync(new DeleteStateMachineRequest { StateMachineArn = machine });

        // The run launches on its own: before DELETING is written it runs into its Wait and holds the machine there;
        // after, it fails as its first state enters. Either way the machine goes only once the execution has ended.
        var settled = await sfn.WaitForHistoryEventAsync(arn!, e => e.Type is HistoryEventType.WaitStateEntered or HistoryEventType.ExecutionFailed);
        if (settled.Type == HistoryEventType.WaitStateEntered)
        {
            Assert.Equal(StateMachineStatus.Deleting, (await sfn.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = machine })).Status);
            await sfn.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = arn! });
        }
        else
        {
            Assert.EndsWith("State machine M has been deleted.", settled.ExecutionFailedEventDetails!.Cause, StringComparison.Ordinal);
        }

        Assert.NotEqual(ExecutionStatus.Running, (await sfn.WaitAsync(arn!)).Status);
        await Assert.ThrowsAsync<StateMachineDoesNotExistException>(() => sfn.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = machine }));
    }

    [Fact]
    public async Task A_start_that_meets_a_deletion_under_way_is_refused_and_leaves_nothing_running()
    {
        // The start lands after DELETING was written and before the deletion looked for running executions.
        var (sfn, store) = Hooked();
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.WaitDefinition);
        Exception? refused = null;
        store.AfterNextWrite = () => refused = Record.Exception(() => sfn.StartAsync(machine, "late").GetAwaiter().GetResult());
        await sfn.DeleteStateMachineAsync(new DeleteStateMachineRequest { StateMachineArn = machine });

        Assert.IsType<StateMachineDeletingException>(refused);
        await Assert.ThrowsAsync<StateMachineDoesNotExistException>(() => sfn.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = machine }));
        await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = machine.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":late" }));
    }

    private static (LocalStepFunctions Api, HookedResourceStore Store) Hooked()
    {
        var store = new HookedResourceStore();
        var sfn = new LocalStepFunctions(
            new StepFunctionsOptions { AccountId = "111111111111", Region = "us-east-1", TimeProvider = new VirtualTimeProvider() },
            store,
            null,
            AslDefinitionValidator.Instance);
        return (sfn, store);
    }

    /// <summary>The in-memory resource store, running a hook before or after the next write.</summary>
    private sealed class HookedResourceStore : IResourceStore
    {
        private readonly InMemoryResourceStore _inner = new();
        private Action? _beforeNextWrite;
        private Action? _afterNextWrite;

        public Action? BeforeNextWrite
        {
            set => Volatile.Write(ref _beforeNextWrite, value);
        }

        public Action? AfterNextWrite
        {
            set => Volatile.Write(ref _afterNextWrite, value);
        }

        public ResourceState Current => _inner.Current;

        public TResult Write<TResult>(Func<ResourceState, (ResourceState State, TResult Result)> write)
        {
            Interlocked.Exchange(ref _beforeNextWrite, null)?.Invoke();
            var result = _inner.Write(write);
            Interlocked.Exchange(ref _afterNextWrite, null)?.Invoke();
            return result;
        }
    }
}

public sealed class DescribeExecutionTests
{
    [Fact]
    public async Task A_running_execution_is_not_redrivable()
    {
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.WaitDefinition);
        var arn = await sfn.StartAsync(machine, "r", """{"k":"v"}""");
        var described = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn });
        Assert.Equal(ExecutionStatus.Running, described.Status);
        Assert.Equal("r", described.Name);
        Assert.Equal("""{"k":"v"}""", described.Input);
        Assert.True(described.InputDetails!.Included);
        Assert.Null(described.Output);
        Assert.Null(described.StopDate);
        Assert.Equal(0, described.RedriveCount);
        Assert.Equal(ExecutionRedriveStatus.NotRedrivable, described.RedriveStatus);
        Assert.Equal("Execution is RUNNING and cannot be redriven", described.RedriveStatusReason);
    }

    [Fact]
    public async Task A_succeeded_execution_has_output_and_a_stop_date()
    {
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("M");
        var described = await sfn.WaitAsync(await sfn.StartAsync(machine, input: """{"a":1}"""));
        Assert.Equal(ExecutionStatus.Succeeded, described.Status);
        Assert.Equal("""{"a":1}""", described.Output);
        Assert.True(described.OutputDetails!.Included);
        Assert.NotNull(described.StopDate);
        Assert.Equal("Execution is SUCCEEDED and cannot be redriven", described.RedriveStatusReason);
    }

    [Fact]
    public async Task A_failed_execution_has_error_and_cause_and_is_redrivable()
    {
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.FailDefinition);
        var described = await sfn.WaitAsync(await sfn.StartAsync(machine));
        Assert.Equal(ExecutionStatus.Failed, described.Status);
        Assert.Equal("Boom", described.Error);
        Assert.Equal("bad thing", described.Cause);
        Assert.Null(described.Output);
        Assert.Equal(ExecutionRedriveStatus.Redrivable, described.RedriveStatus);
    }

    [Fact]
    public async Task Metadata_only_leaves_out_input_and_output()
    {
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("M");
        var arn = await sfn.StartAsync(machine);
        await sfn.WaitAsync(arn);
        var described = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn, IncludedData = IncludedData.MetadataOnly });
        Assert.Null(described.Input);
        Assert.Null(described.Output);
        Assert.False(described.InputDetails!.Included);
    }

    [Fact]
    public async Task Documented_errors()
    {
        var sfn = ExecutionFixture.Create();
        var missing = sfn.Arns.Execution("M", "none");
        var error = await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = missing }));
        Assert.Equal("Execution Does Not Exist: '" + missing + "'", error.Message);
        await Assert.ThrowsAsync<InvalidArnException>(() => sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = "not-an-arn" }));
    }

    [Fact]
    public async Task Express_executions_are_refused_unless_kept_inspectable()
    {
        var sfn = ExecutionFixture.Create();
        var express = await sfn.CreateMachineAsync("E", type: StateMachineType.Express);
        var arn = await sfn.StartAsync(express);
        var error = await Assert.ThrowsAsync<InvalidArnException>(() => sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn }));
        Assert.Equal("Invalid Arn: 'Resource type not valid in this context: express'", error.Message);
        await Assert.ThrowsAsync<InvalidArnException>(() => sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = sfn.Arns.Execution("E", "x") }));

        var local = ExecutionFixture.Create(inspectExpress: true);
        var machine = await local.CreateMachineAsync("E", type: StateMachineType.Express);
        var started = await local.StartAsync(machine);
        Assert.Equal(ExecutionStatus.Succeeded, (await local.WaitAsync(started)).Status);
        Assert.Null((await local.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = started })).RedriveStatus);
    }
}

public sealed class StopExecutionTests
{
    [Fact]
    public async Task Stop_aborts_a_running_execution_with_error_and_cause()
    {
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.WaitDefinition);
        var arn = await sfn.StartAsync(machine);
        var stopped = await sfn.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = arn, Error = "Halt", Cause = "by test" });
        var described = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn });
        Assert.Equal(ExecutionStatus.Aborted, described.Status);
        Assert.Equal("Halt", described.Error);
        Assert.Equal("by test", described.Cause);
        Assert.Equal(stopped.StopDate, described.StopDate);
        Assert.Equal(ExecutionRedriveStatus.Redrivable, described.RedriveStatus);

        var history = await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn });
        var last = history.Events[^1];
        Assert.Equal(HistoryEventType.ExecutionAborted, last.Type);
        Assert.Equal("Halt", last.ExecutionAbortedEventDetails!.Error);
        Assert.Equal("by test", last.ExecutionAbortedEventDetails.Cause);
    }

    [Fact]
    public async Task Stopping_a_closed_execution_changes_nothing()
    {
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("M");
        var arn = await sfn.StartAsync(machine);
        var done = await sfn.WaitAsync(arn);
        var stopped = await sfn.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = arn, Error = "late" });
        Assert.Equal(done.StopDate, stopped.StopDate);
        var after = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn });
        Assert.Equal(ExecutionStatus.Succeeded, after.Status);
        Assert.Null(after.Error);
    }

    [Fact]
    public async Task A_stop_leaves_alone_a_redrive_that_began_once_the_stopped_run_ended()
    {
        // The observer redrives the execution as its stopped run ends: before StopExecution has seen the run end.
        var observer = new RedriveOnFirstEnd();
        var sfn = new LocalStepFunctions(new StepFunctionsOptions
        {
            AccountId = "111111111111",
            Region = "us-east-1",
            TimeProvider = new VirtualTimeProvider(),
            Observers = [observer],
        });
        observer.Sfn = sfn;
        var machine = await sfn.CreateMachineAsync("M", ExecutionFixture.WaitDefinition);
        var arn = await sfn.StartAsync(machine);
        var stopped = await sfn.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = arn, Error = "Halt" });

        Assert.Equal(observer.StopDate, stopped.StopDate);
        var described = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn });
        Assert.Equal(ExecutionStatus.Running, described.Status);
        Assert.Equal(1, described.RedriveCount);
        await sfn.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = arn });
        Assert.Equal(ExecutionStatus.Aborted, (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn })).Status);
        Assert.Equal(HistoryEventType.ExecutionAborted, (await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn, ReverseOrder = true })).Events[0].Type);
    }

    private sealed class RedriveOnFirstEnd : IExecutionObserver
    {
        private int _ended;

        public LocalStepFunctions? Sfn { get; set; }

        public DateTimeOffset? StopDate { get; private set; }

        public void ExecutionStarted(ExecutionObservation execution)
        {
        }

        public void HistoryEventRecorded(ExecutionObservation execution, HistoryEvent historyEvent)
        {
        }

        public void ExecutionCompleted(ExecutionObservation execution, ExecutionStatus status, DateTimeOffset stopDate)
        {
            if (Interlocked.Increment(ref _ended) == 1)
            {
                // Without a store the redrive completes synchronously.
                StopDate = stopDate;
                Sfn!.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = execution.ExecutionArn }).GetAwaiter().GetResult();
            }
        }
    }

    [Fact]
    public async Task Documented_errors()
    {
        var sfn = ExecutionFixture.Create();
        await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => sfn.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = sfn.Arns.Execution("M", "x") }));
        await Assert.ThrowsAsync<InvalidArnException>(() => sfn.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = "arn:aws:states:us-east-1:111111111111:express:E:x:1" }));
        await Assert.ThrowsAsync<ValidationException>(() => sfn.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = sfn.Arns.Execution("M", "x"), Error = new string('e', 257) }));
    }
}

public sealed class ListExecutionsTests
{
    [Fact]
    public async Task Lists_newest_first_with_status_filter_and_pages()
    {
        var sfn = ExecutionFixture.Create();
        var quick = await sfn.CreateMachineAsync("Q");
        var slow = await sfn.CreateMachineAsync("S", ExecutionFixture.WaitDefinition);
        var done = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            done.Add(await sfn.StartAsync(quick, "q" + i));
            await sfn.WaitAsync(done[^1]);
        }

        await sfn.StartAsync(slow, "s0");
        var all = await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = quick });
        Assert.Equal(done.AsEnumerable().Reverse(), all.Executions.Select(e => e.ExecutionArn));
        Assert.Null(all.NextToken);
        Assert.All(all.Executions, e => Assert.Equal(quick, e.StateMachineArn));

        var pages = new List<string>();
        string? token = null;
        do
        {
            var page = await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = quick, MaxResults = 2, NextToken = token });
            Assert.True(page.Executions.Count <= 2);
            pages.AddRange(page.Executions.Select(e => e.ExecutionArn));
            token = page.NextToken;
        }
        while (token is not null);
        Assert.Equal(all.Executions.Select(e => e.ExecutionArn), pages);

        Assert.Single((await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = slow, StatusFilter = ExecutionStatus.Running })).Executions);
        Assert.Empty((await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = slow, StatusFilter = ExecutionStatus.Succeeded })).Executions);
        Assert.Empty((await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = quick, RedriveFilter = ExecutionRedriveFilter.Redriven })).Executions);
        Assert.Equal(5, (await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = quick, RedriveFilter = ExecutionRedriveFilter.NotRedriven })).Executions.Count);
    }

    [Fact]
    public async Task Version_and_alias_arns_list_their_own_executions()
    {
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("M", publish: true);
        var alias = (await sfn.CreateStateMachineAliasAsync(new CreateStateMachineAliasRequest
        {
            Name = "A",
            RoutingConfiguration = [new RoutingConfigurationListItem { StateMachineVersionArn = machine + ":1", Weight = 100 }],
        })).StateMachineAliasArn;
        await sfn.StartAsync(machine);
        var viaAlias = await sfn.StartAsync(alias);
        Assert.Equal(viaAlias, Assert.Single((await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = alias })).Executions).ExecutionArn);
        Assert.Single((await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = machine + ":1" })).Executions);
        Assert.Equal(2, (await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = machine })).Executions.Count);
    }

    [Fact]
    public async Task Documented_errors()
    {
        var sfn = ExecutionFixture.Create();
        var machine = await sfn.CreateMachineAsync("M");
        await Assert.ThrowsAsync<StateMachineDoesNotExistException>(() => sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = sfn.Arns.StateMachine("none") }));
        await Assert.ThrowsAsync<InvalidTokenException>(() => sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = machine, NextToken = "garbage" }));
        await Assert.ThrowsAsync<ValidationException>(() => sfn.ListExecutionsAsync(new ListExecutionsRequest()));
        var express = await sfn.CreateMachineAsync("E", type: StateMachineType.Express);
        await Assert.ThrowsAsync<StateMachineTypeNotSupportedException>(() => sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = express }));
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => sfn.ListExecutionsAsync(new ListExecutionsRequest { MapRunArn = sfn.Arns.MapRun("M", "L", "1") }));
    }
}
