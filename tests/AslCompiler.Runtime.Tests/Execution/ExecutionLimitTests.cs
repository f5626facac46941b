using System.Diagnostics;
using AslCompiler.Language.Model;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Runtime.Tests.Execution;

/// <summary>
/// A Standard execution fails when its history reaches the limit, whichever event reaches it (a state's own events, a
/// Map's iterations, the last state's exit); on the virtual clock a definition's TimeoutSeconds also counts real time,
/// and a run that keeps entering states is not taken for one waiting on something outside.
/// </summary>
public class ExecutionLimitTests
{
    private const string HistoryCause = "The execution history exceeded the limit of 100 events.";

    private static ExecutionKernel Kernel(VirtualTimeProvider clock, int maxEvents = 100) =>
        new(new ExecutionOptions { TimeProvider = clock, MaxHistoryEvents = maxEvents, Random = new Random(1) });

    private static Task<ExecutionResult> RunAsync(ExecutionKernel kernel, VirtualTimeProvider clock, string definition, string input = "{}", bool history = true, ExecutionType type = ExecutionType.Standard, TimeSpan? idleLimit = null) =>
        VirtualClock.RunAsync(clock, Task.Run(() => kernel.RunAsync(AslInterpreter.Compile(definition), JsonValue.Parse(input), new ExecutionRequest { Name = "limits", Type = type, RecordHistory = history }).AsTask()), idleLimit ?? TimeSpan.FromSeconds(5));

    [Fact]
    public async Task A_Map_whose_waiting_iterations_fill_the_history_as_they_end_fails()
    {
        // 40 iterations start and wait (83 events); as their waits end, each adds two events: the history fills midway.
        const string definition = """
            {"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":0,"ItemsPath":"$.items",
              "ItemProcessor":{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":10,"End":true}}},
              "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}],"End":true},
             "Caught":{"Type":"Pass","End":true}}}
            """;
        var clock = new VirtualTimeProvider();
        var result = await RunAsync(Kernel(clock), clock, definition, "{\"items\":[" + string.Join(",", Enumerable.Range(0, 40)) + "]}");

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal(("States.Runtime", HistoryCause), (result.Error, result.Cause));
        Assert.Equal(101, result.History!.Count);
        Assert.Equal("ExecutionFailed", result.History!.Events[^1].Type);
        Assert.DoesNotContain(result.History!.Events, e => e.Type is "MapStateExited" or "PassStateEntered");
    }

    [Theory]
    [InlineData(5, ExecutionStatus.Succeeded)] // Started, A entered/exited, B entered/exited: 5, then the end
    [InlineData(4, ExecutionStatus.Failed)] // B's exited event is the fifth: refused
    public async Task The_last_states_exit_counts_against_the_limit(int maxEvents, ExecutionStatus expected)
    {
        const string definition = """{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","End":true}}}""";
        var clock = new VirtualTimeProvider();
        var result = await RunAsync(Kernel(clock, maxEvents), clock, definition);

        Assert.Equal(expected, result.Status);
        Assert.Equal(maxEvents + 1, result.History!.Count);
        if (expected == ExecutionStatus.Failed)
        {
            Assert.Equal("The execution history exceeded the limit of 4 events.", result.Cause);
            Assert.Equal("PassStateEntered", result.History!.Events[^2].Type);
        }
    }

    [Fact]
    public async Task Retries_that_fill_the_history_fail_with_the_limit_not_the_states_error()
    {
        const string definition = """
            {"StartAt":"P","States":{"P":{"Type":"Parallel",
              "Branches":[{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E","Cause":"c"}}}],
              "Retry":[{"ErrorEquals":["E"],"MaxAttempts":99999999,"IntervalSeconds":1,"BackoffRate":1}],
              "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}],"End":true},
             "Caught":{"Type":"Pass","End":true}}}
            """;
        var clock = new VirtualTimeProvider();
        var result = await RunAsync(Kernel(clock), clock, definition);

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal(("States.Runtime", HistoryCause), (result.Error, result.Cause));
        Assert.DoesNotContain(result.History!.Events, e => e.Type == "PassStateEntered");
    }

    [Theory]
    [InlineData(ExecutionType.Standard)]
    [InlineData(ExecutionType.Express)]
    public async Task On_the_virtual_clock_a_loop_that_only_computes_times_out_at_its_TimeoutSeconds_of_real_time(ExecutionType type)
    {
        // Time on the virtual clock stands still while the loop computes (no history, so no history limit either): the
        // real run time ends it, as AWS's clock would. The run computes on a pool thread while the clock's driver watches,
        // with an idle limit shorter than the run: entering states is progress, not waiting. (The limit leaves room for a
        // run thread that a loaded machine's other tests keep off the CPU for a moment: 300 ms once failed under CI.)
        const string definition = """
            {"TimeoutSeconds":2,"StartAt":"C","States":{
              "C":{"Type":"Choice","Choices":[{"Variable":"$.x","NumericEquals":1,"Next":"C"}],"Default":"E"},
              "E":{"Type":"Succeed"}}}
            """;
        var clock = new VirtualTimeProvider();
        var watch = Stopwatch.StartNew();
        var result = await RunAsync(Kernel(clock), clock, definition, "{\"x\":1}", history: false, type: type, idleLimit: TimeSpan.FromMilliseconds(800));

        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.InRange(watch.Elapsed.TotalSeconds, 1.9, 30);
        Assert.Equal(clock.GetUtcNow(), new VirtualTimeProvider().GetUtcNow()); // the virtual clock never moved
    }
}
