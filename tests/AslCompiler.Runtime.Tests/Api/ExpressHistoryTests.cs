using System.Diagnostics;
using AslCompiler.Language.Model;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Timing;
using ExecutionStatus = AslCompiler.Runtime.Execution.ExecutionStatus;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>
/// AWS limits a Standard execution's history to 25,000 events and keeps none of an Express execution, which it limits
/// only by time (five minutes): an Express execution runs past 25,000 events, and on a virtual clock (which does not
/// move while states compute) its real run time stands in for the clock's.
/// </summary>
public sealed class ExpressHistoryTests
{
    private const string InlineMap = """{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"ResultSelector":{"n.$":"States.ArrayLength($)"},"End":true}}}""";

    private static readonly string ManyItems = "{\"items\":[" + string.Join(",", Enumerable.Range(0, 9000)) + "]}";

    [Fact]
    public async Task An_Express_execution_runs_past_25000_events_as_on_AWS()
    {
        var sfn = ApiFixture.Create();
        var express = await sfn.CreateMachineAsync("E", InlineMap, type: StateMachineType.Express);
        var result = await sfn.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = express, Input = ManyItems });
        Assert.Equal(SyncExecutionStatus.Succeeded, result.Status);
        Assert.Equal("""{"n":9000}""", result.Output);
    }

    [Fact]
    public async Task An_Express_execution_keeps_no_history_but_its_cause_names_the_event_id_AWS_gives()
    {
        // StartSyncExecution of an Express state machine records no history (InspectExpressExecutions is off), but
        // the cause counts the events as AWS does: ExecutionStarted, the Map's entry and start, 4 per item, its success and
        // exit, then the Fail state's entry (18).
        var sfn = ApiFixture.Create();
        const string definition = """{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","ResultPath":"$.r","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"Next":"F"},"F":{"Type":"Fail","CausePath":"$.nowhere"}}}""";
        var express = await sfn.CreateMachineAsync("Ids", definition, type: StateMachineType.Express);
        var result = await sfn.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = express, Input = """{"items":[1,2,3]}""" });
        Assert.Equal(SyncExecutionStatus.Failed, result.Status);
        Assert.True(result.Cause!.StartsWith("An error occurred while executing the state 'F' (entered at the event id #18).", StringComparison.Ordinal), result.Cause);
    }

    [Theory]
    [InlineData(ExecutionType.Express, ExecutionStatus.Succeeded)]
    [InlineData(ExecutionType.Standard, ExecutionStatus.Failed)]
    public async Task Only_a_Standard_execution_fails_at_the_history_limit(ExecutionType type, ExecutionStatus status)
    {
        var kernel = new ExecutionKernel(new ExecutionOptions { MaxHistoryEvents = 1000 });
        var result = await kernel.RunAsync(AslInterpreter.Compile(InlineMap), JsonValue.Parse(ManyItems), new ExecutionRequest { Type = type, RecordHistory = true });
        Assert.Equal(status, result.Status);
        var events = result.History!.Events;
        if (type == ExecutionType.Express)
        {
            // The first 1,000 events are kept, and the end.
            Assert.Equal(1001, events.Count);
            Assert.Equal("ExecutionSucceeded", events[^1].Type);
            Assert.Equal(Enumerable.Range(1, 1001).Select(i => (long)i), events.Select(e => e.Id));
        }
        else
        {
            Assert.Equal(StatesErrors.Runtime, result.Error);
            Assert.Equal("ExecutionFailed", events[^1].Type);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_endless_Express_loop_on_a_virtual_clock_times_out_after_its_limit_in_real_time(bool history)
    {
        var clock = new VirtualTimeProvider(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var kernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = clock, MaxExpressDuration = TimeSpan.FromMilliseconds(300) });
        var watch = Stopwatch.StartNew();
        var result = await kernel.RunAsync(
            AslInterpreter.Compile("""{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"A"}}}"""),
            JsonValue.Parse("{}"),
            new ExecutionRequest { Type = ExecutionType.Express, RecordHistory = history }).AsTask().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(250), watch.Elapsed.ToString());
    }

    [Fact]
    public async Task An_endless_Express_child_of_a_distributed_Map_on_a_virtual_clock_times_out()
    {
        var clock = new VirtualTimeProvider(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var children = new Children();
        var kernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = clock, MaxExpressDuration = TimeSpan.FromMilliseconds(300), MaxHistoryEvents = 100, MapRunMonitor = children });
        const string definition = """{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"A","States":{"A":{"Type":"Pass","Next":"A"}}},"End":true}}}""";
        var result = await kernel.RunAsync(AslInterpreter.Compile(definition), JsonValue.Parse("""{"items":[1]}"""), new ExecutionRequest { RecordHistory = true })
            .AsTask().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("States.ExceedToleratedFailureThreshold", result.Error);

        // Past its history limit (100 events) the child ran on, until its real run time reached its limit.
        var child = Assert.Single(children.Executions);
        Assert.Equal(ExecutionStatus.TimedOut, child.Status);
        Assert.Equal(101, child.History!.Count);
    }

    private sealed class Children : IMapRunMonitor
    {
        public List<MapRunExecution> Executions { get; } = [];

        public void Started(MapRunControl run)
        {
        }

        public void ExecutionStarted(MapRunExecution execution)
        {
            lock (Executions)
            {
                Executions.Add(execution);
            }
        }
    }
}
