using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Tests.Execution;

/// <summary>A state's entered and exited events keep the state's name and data, and make their details object when read.</summary>
public class HistoryDetailsTests
{
    private const string Definition = JournalRecordTests.Definition;

    [Fact]
    public async Task Recording_a_state_event_writes_no_text_so_a_loop_over_a_large_value_keeps_one_copy_of_it()
    {
        // Found by a user trial: each state event kept its input or output text, so a loop of 2,000 Pass states over a
        // 250 KB string (under both the payload and the history limits) held gigabytes of history. The events now hold
        // the values, which share the string, and write their text when read.
        const string definition = """{"StartAt":"Inc","States":{"Inc":{"Type":"Pass","Parameters":{"big.$":"$.big","n.$":"States.MathAdd($.n, 1)"},"Next":"Check"},"Check":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericLessThan":2000,"Next":"Inc"}],"Default":"Done"},"Done":{"Type":"Succeed"}}}""";
        var input = JsonValue.CreateObject(new("n", 0), new("big", new string('x', 250_000)));
        var program = AslInterpreter.Compile(definition);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var run = new ExecutionKernel().RunAsync(program, input, new ExecutionRequest { Name = "loop", RecordHistory = true }).AsTask();
        Assert.True(run.IsCompleted); // Pass and Choice states complete on this thread
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var result = await run;
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.True(result.History!.Count > 8_000, result.History.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // Writing each event's text would allocate 2 bytes a character, 500 KB an event: 4 GB. Without it, a few MB.
        Assert.True(allocated < 100_000_000, allocated.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // The text is there when read.
        var entered = result.History.Events.Last(e => e.Type == "PassStateEntered");
        Assert.Equal(250_000, JsonValue.Parse(entered.Details["input"].GetString())["big"].GetString().Length);
    }

    [Fact]
    public async Task State_events_hold_no_details_object_and_read_as_AWS_shapes_them()
    {
        var result = await new ExecutionKernel().RunAsync(AslInterpreter.Compile(Definition), JsonValue.Parse("""{"x":1}"""),
            new ExecutionRequest { Name = "run", RecordHistory = true });
        var events = result.History!.Events;
        var states = events.Where(e => e.Type.StartsWith("Pass", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, states.Count);
        Assert.All(states, e => Assert.False(e.HoldsDetailsObject, e.ToString()));
        Assert.All(events.Except(states), e => Assert.True(e.HoldsDetailsObject, e.ToString()));

        // Member names and order as GetExecutionHistory gives them; the text is the state's input or output.
        Assert.Equal("""{"name":"A","input":"{\"x\":1}","inputDetails":{"truncated":false}}""", states[0].Details.ToJsonString());
        var output = JsonValue.Parse(states[1].Details["output"].GetString());
        Assert.Equal(JsonValue.Parse("""{"x":1,"s":"é\"q"}"""), output);
        Assert.Equal(
            """{"name":"A","output":""" + JsonValue.FromString(output.ToJsonString()).ToJsonString() + ""","outputDetails":{"truncated":false}}""",
            states[1].Details.ToJsonString());
        Assert.Equal(states[1].Details["output"], states[2].Details["input"]);
        Assert.Equal(
            """{"name":"B","output":""" + JsonValue.FromString(result.Output.ToJsonString()).ToJsonString() + ""","outputDetails":{"truncated":false}}""",
            states[3].Details.ToJsonString());
        Assert.Equal(states[2].Details, states[2].Details); // made again, the same value
        Assert.Equal("""{"timestamp":""", states[0].ToJson().ToJsonString()[..13]);
        Assert.Equal(states[0].Details, states[0].ToJson()["stateEnteredEventDetails"]);

        // The journal's text of such an event reads back as the same event.
        var parsed = JournalReplay.ParseEvent(JournalReplay.FormatEvent(states[1]));
        Assert.Equal(states[1].ToJson().ToJsonString(), parsed.ToJson().ToJsonString());
    }

    [Fact]
    public async Task An_exit_that_assigned_variables_holds_no_details_object_and_reads_with_them()
    {
        const string Assigning = """{"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"n":1,"s.$":"$.s"},"End":true}}}""";
        var result = await new ExecutionKernel().RunAsync(AslInterpreter.Compile(Assigning), JsonValue.Parse("""{"s":"q"}"""),
            new ExecutionRequest { Name = "run", RecordHistory = true });
        var exit = result.History!.Events.Single(e => e.Type == "PassStateExited");

        Assert.False(exit.HoldsDetailsObject);
        Assert.Equal(
            """{"name":"A","output":"{\"s\":\"q\"}","outputDetails":{"truncated":false},"assignedVariables":{"n":"1","s":"\"q\""},"assignedVariablesDetails":{"truncated":false}}""",
            exit.Details.ToJsonString());
        var parsed = JournalReplay.ParseEvent(JournalReplay.FormatEvent(exit));
        Assert.Equal(exit.ToJson().ToJsonString(), parsed.ToJson().ToJsonString());
    }

    [Fact]
    public async Task Map_iteration_events_hold_no_details_object_and_read_as_AWS_shapes_them()
    {
        const string Map = """
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","ItemProcessor":{"StartAt":"P","States":{
              "P":{"Type":"Pass","End":true}}},"End":true}}}
            """;
        var result = await new ExecutionKernel().RunAsync(AslInterpreter.Compile(Map), JsonValue.Parse("""{"items":["a","b"]}"""),
            new ExecutionRequest { Name = "run", RecordHistory = true });
        var iterations = result.History!.Events.Where(e => e.Type.StartsWith("MapIteration", StringComparison.Ordinal)).ToList();
        Assert.Equal(["MapIterationStarted", "MapIterationSucceeded", "MapIterationStarted", "MapIterationSucceeded"], iterations.Select(e => e.Type));
        Assert.All(iterations, e => Assert.False(e.HoldsDetailsObject, e.ToString()));
        Assert.Equal("""{"name":"M","index":0}""", iterations[0].Details.ToJsonString());
        Assert.Equal("""{"name":"M","index":1}""", iterations[3].Details.ToJsonString());
        Assert.Equal("mapIterationSucceededEventDetails", iterations[3].DetailsName);
        Assert.True(result.History.Events.Single(e => e.Type == "MapStateStarted").HoldsDetailsObject);
    }
}
