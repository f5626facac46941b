using AslCompiler.Language.Model;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Runtime.Tests.Execution;

/// <summary>
/// The events of Parallel and Map states as AWS records them (ids and previous ids from recorded histories): the
/// *StateSucceeded event, aborted branch states, and no *StateFailed for an attempt that a retrier runs again.
/// </summary>
public sealed class AggregateStateEventsTests
{
    private static async Task<ExecutionResult> Run(string definition, Func<JsonValue, JsonValue>? handler = null, ExecutionRequest? request = null, bool advanceTime = true)
    {
        var clock = new VirtualTimeProvider(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var handlers = new TaskHandlerRegistry();
        handlers.RegisterFunction("*", handler ?? (_ => throw new TaskFailedException("Boom", "it failed")));
        var kernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = clock, TaskHandlers = handlers, Random = new Random(3) });
        var run = kernel.RunAsync(AslInterpreter.Compile(definition), JsonValue.Parse("{}"), request).AsTask();

        // Without advancing, virtual time stands still: a Wait can only end by being aborted, however slow the machine.
        return advanceTime
            ? await VirtualClock.RunAsync(clock, run, TimeSpan.FromSeconds(2))
            : await run.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static string Events(ExecutionResult result) =>
        string.Join(" ", result.History!.Events.Select(e => e.Type + "#" + e.Id + "<" + e.PreviousEventId));

    [Fact]
    public async Task A_parallel_records_ParallelStateSucceeded_and_exits_after_the_last_branch_event()
    {
        var result = await Run("""
            {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}]}}}
            """);
        Assert.Equal(
            "ExecutionStarted#1<0 ParallelStateEntered#2<0 ParallelStateStarted#3<2 PassStateEntered#4<3 PassStateExited#5<4 "
            + "ParallelStateSucceeded#6<5 ParallelStateExited#7<5 ExecutionSucceeded#8<7",
            Events(result));
    }

    [Fact]
    public async Task A_task_failing_in_a_branch_is_aborted_and_the_parallel_fails_after_the_task_failure()
    {
        // Recorded on AWS: TaskFailed 8, TaskStateAborted 9 (after 8), ParallelStateFailed 10 (after 8), ParallelStateExited 11 (after 10).
        var result = await Run("""
            {"StartAt":"P","States":{
              "P":{"Type":"Parallel","Branches":[{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}}],
                   "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}],"End":true},
              "Caught":{"Type":"Pass","End":true}}}
            """);
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(
            "ExecutionStarted#1<0 ParallelStateEntered#2<0 ParallelStateStarted#3<2 TaskStateEntered#4<3 TaskScheduled#5<4 TaskStarted#6<5 TaskFailed#7<6 "
            + "TaskStateAborted#8<7 ParallelStateFailed#9<7 ParallelStateExited#10<9 PassStateEntered#11<10 PassStateExited#12<11 ExecutionSucceeded#13<12",
            Events(result));
    }

    [Fact]
    public async Task A_fail_state_in_a_branch_is_not_aborted()
    {
        var result = await Run("""
            {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E","Cause":"C"}}}]}}}
            """);
        Assert.Equal("ExecutionStarted ParallelStateEntered ParallelStateStarted FailStateEntered ParallelStateFailed ExecutionFailed", string.Join(" ", result.History!.Events.Select(e => e.Type)));
    }

    [Fact]
    public async Task A_branch_stopped_by_another_branch_failure_aborts_its_waiting_state()
    {
        var result = await Run("""
            {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}},
              {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}}]}}}
            """, advanceTime: false);
        Assert.Equal(ExecutionStatus.Failed, result.Status);
        var types = result.History!.Events.Select(e => e.Type).ToList();
        Assert.Contains("WaitStateAborted", types);
        Assert.Contains("TaskStateAborted", types);
        Assert.Equal("ParallelStateFailed", types[^2]);
    }

    [Theory]
    [InlineData("Parallel", "\"Branches\":[{\"StartAt\":\"F\",\"States\":{\"F\":{\"Type\":\"Fail\",\"Error\":\"E\",\"Cause\":\"C\"}}}]")]
    [InlineData("Map", "\"ItemsPath\":\"$.items\",\"ItemProcessor\":{\"StartAt\":\"F\",\"States\":{\"F\":{\"Type\":\"Fail\",\"Error\":\"E\",\"Cause\":\"C\"}}}")]
    public async Task A_retried_attempt_ends_without_its_StateFailed_event(string type, string body)
    {
        var result = await Run(
            """{"StartAt":"Init","States":{"Init":{"Type":"Pass","Result":{"items":[1]},"Next":"S"},"S":{"Type":""" + "\"" + type + "\"," + body
            + ""","Retry":[{"ErrorEquals":["E"],"IntervalSeconds":1,"MaxAttempts":2}],"End":true}}}""");
        Assert.Equal(ExecutionStatus.Failed, result.Status);
        var types = result.History!.Events.Select(e => e.Type).ToList();
        Assert.Equal(3, types.Count(t => t == type + "StateStarted"));
        Assert.Equal(1, types.Count(t => t == type + "StateFailed"));
        Assert.Equal(type + "StateFailed", types[^2]);

        if (type == "Parallel")
        {
            // Recorded on AWS: the next attempt's ParallelStateStarted follows the failing branch's failure event.
            var events = result.History!.Events;
            Assert.Equal(events.First(e => e.Type == "FailStateEntered").Id, events.Where(e => e.Type == "ParallelStateStarted").ElementAt(1).PreviousEventId);
        }
    }

    [Fact]
    public async Task A_map_exits_after_the_last_iteration_event()
    {
        var result = await Run("""
            {"StartAt":"Init","States":{"Init":{"Type":"Pass","Result":[1],"Next":"M"},
              "M":{"Type":"Map","End":true,"ItemProcessor":{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}}}}
            """);
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        var events = result.History!.Events;
        var succeeded = events.Single(e => e.Type == "MapStateSucceeded");
        var exited = events.Single(e => e.Type == "MapStateExited");
        Assert.Equal(succeeded.PreviousEventId, exited.PreviousEventId);
    }

    [Theory]
    [InlineData("""{"Type":"Pass","Parameters":{"s.$":"$$.State"},"End":true}""", """["EnteredTime","Name"]""")]
    [InlineData("""{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"s.$":"$$.State"},"End":true}""", """["EnteredTime","Name","RetryCount"]""")]
    public async Task Only_states_that_can_retry_have_a_RetryCount(string state, string fields)
    {
        var result = await Run("""{"StartAt":"S","States":{"S":""" + state + "}}", input => input);
        var names = result.Output["s"].GetObject().Names.Order(StringComparer.Ordinal).Select(n => (JsonValue)n).ToArray();
        Assert.Equal(JsonValue.Parse(fields), JsonValue.CreateArray(names));
    }

    [Fact]
    public async Task An_express_execution_arn_ends_in_an_id_and_a_synchronous_one_has_no_RedriveCount()
    {
        const string Definition = """{"StartAt":"S","States":{"S":{"Type":"Pass","Parameters":{"e.$":"$$.Execution"},"End":true}}}""";
        var asynchronous = await Run(Definition, request: new ExecutionRequest { Name = "run", Type = ExecutionType.Express });
        Assert.Matches("^arn:aws:states:us-east-1:[0-9]{12}:express:StateMachine:run:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", asynchronous.Output["e"]["Id"].GetString());
        Assert.Equal(0, asynchronous.Output["e"]["RedriveCount"].GetDouble());
        var synchronous = await Run(Definition, request: new ExecutionRequest { Name = "run", Type = ExecutionType.Express, Synchronous = true });
        Assert.True(synchronous.Output["e"]["RedriveCount"].IsUndefined);
        var standard = await Run(Definition, request: new ExecutionRequest { Name = "run" });
        Assert.EndsWith(":execution:StateMachine:run", standard.Output["e"]["Id"].GetString(), StringComparison.Ordinal);
    }
}
