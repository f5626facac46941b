using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Runtime.Tests.Execution;

/// <summary>JSONata states on the interpreter: each field of the pipeline with small definitions.</summary>
public class JsonataStatesTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static async Task<(ExecutionResult Result, VirtualTimeProvider Clock)> Run(string states, string input = "{}", TaskHandlerRegistry? handlers = null, string startAt = "S")
    {
        var clock = new VirtualTimeProvider(Start);
        var kernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = clock, TaskHandlers = handlers ?? new() });
        var definition = "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"" + startAt + "\",\"States\":" + states + "}";
        var result = await VirtualClock.RunAsync(clock, kernel.RunAsync(AslInterpreter.Compile(definition), JsonValue.Parse(input)).AsTask(), TimeSpan.FromSeconds(2));
        return (result, clock);
    }

    private static void AssertOutput(string expected, ExecutionResult result)
    {
        Assert.True(result.Status == ExecutionStatus.Succeeded, result.Error + ": " + result.Cause);
        Assert.Equal(JsonValue.Parse(expected), result.Output);
    }

    [Theory]
    [InlineData("""{"S":{"Type":"Pass","End":true}}""", """{"a":1}""")]
    [InlineData("""{"S":{"Type":"Pass","Output":"{% $states.input.a + 1 %}","End":true}}""", "2")]
    [InlineData("""{"S":{"Type":"Pass","Output":{"x":"{% $states.input.a %}","lit":"$.a"},"End":true}}""", """{"x":1,"lit":"$.a"}""")]
    [InlineData("""{"S":{"Type":"Pass","Output":[1,"{% $states.input.a * 10 %}"],"End":true}}""", "[1,10]")]
    [InlineData("""{"S":{"Type":"Succeed","Output":"{% $states.input.a = 1 %}"}}""", "true")]
    public async Task Output_replaces_the_state_output_and_defaults_to_the_input(string states, string expected)
    {
        var (result, _) = await Run(states, """{"a":1}""");
        AssertOutput(expected, result);
    }

    [Fact]
    public async Task Assign_sees_variables_as_before_the_state_and_they_are_visible_after_it()
    {
        var (result, _) = await Run("""
            {"S":{"Type":"Pass","Assign":{"x":1},"Next":"T"},
             "T":{"Type":"Pass","Assign":{"x":"{% $x + 10 %}","y":"{% $x %}"},"Output":{"outX":"{% $x %}"},"Next":"U"},
             "U":{"Type":"Pass","Output":{"x":"{% $x %}","y":"{% $y %}","prev":"{% $states.input %}"},"End":true}}
            """);
        AssertOutput("""{"x":11,"y":1,"prev":{"outX":1}}""", result);
    }

    [Fact]
    public async Task Task_Arguments_go_to_the_handler_and_Output_sees_result_and_input()
    {
        JsonValue seen = default;
        var handlers = new TaskHandlerRegistry().RegisterFunction("arn:aws:lambda:us-east-1:1:function:f", input =>
        {
            seen = input;
            return JsonValue.Parse("""{"sum":3}""");
        });
        var (result, _) = await Run("""
            {"S":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f",
                  "Arguments":{"n":"{% $count($states.input.items) %}","fixed":"v"},
                  "Assign":{"total":"{% $states.result.sum %}"},
                  "Output":{"r":"{% $states.result.sum %}","i":"{% $states.input.items[0] %}"},"Next":"T"},
             "T":{"Type":"Pass","Output":"{% $total %}","End":true}}
            """, """{"items":[5,6]}""", handlers);
        Assert.Equal(JsonValue.Parse("""{"n":2,"fixed":"v"}"""), seen);
        AssertOutput("3", result);
    }

    [Fact]
    public async Task Task_without_Output_outputs_the_result()
    {
        var handlers = new TaskHandlerRegistry().RegisterFunction("*", _ => JsonValue.Parse("[1,2]"));
        var (result, _) = await Run("""{"S":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","End":true}}""", "{}", handlers);
        AssertOutput("[1,2]", result);
    }

    [Theory]
    [InlineData(5, "\"big\"")]
    [InlineData(1, "\"small\"")]
    public async Task Choice_Condition_picks_the_rule_with_its_Output_and_Assign(int n, string expected)
    {
        var (result, _) = await Run("""
            {"S":{"Type":"Choice","Choices":[
                {"Condition":"{% $states.input.n > 3 %}","Assign":{"kind":"big"},"Next":"T"}],
              "Default":"T","Assign":{"kind":"small"}},
             "T":{"Type":"Pass","Output":"{% $kind %}","End":true}}
            """, """{"n":""" + n + "}");
        AssertOutput(expected, result);
    }

    [Fact]
    public async Task Choice_rule_Output_becomes_the_state_output()
    {
        var (result, _) = await Run("""
            {"S":{"Type":"Choice","Choices":[{"Condition":true,"Output":{"matched":"{% $states.input.n %}"},"Next":"T"}]},
             "T":{"Type":"Succeed"}}
            """, """{"n":7}""");
        AssertOutput("""{"matched":7}""", result);
    }

    [Fact]
    public async Task Choice_Condition_that_is_not_a_boolean_is_a_QueryEvaluationError()
    {
        var (result, _) = await Run("""
            {"S":{"Type":"Choice","Choices":[{"Condition":"{% $states.input.n %}","Next":"T"}]},"T":{"Type":"Succeed"}}
            """, """{"n":7}""");
        Assert.Equal("States.QueryEvaluationError", result.Error);
        Assert.Contains("Expected 'boolean', but was 'number'", result.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Undefined_expression_fails_with_AWS_cause_and_an_EvaluationFailed_event()
    {
        var (result, _) = await Run("""{"S":{"Type":"Pass","Output":{"r":"{% $nope %}"},"End":true}}""");
        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("States.QueryEvaluationError", result.Error);
        Assert.Equal("An error occurred while executing the state 'S' (entered at the event id #2). The JSONata expression '$nope' specified for the field 'Output/r' returned nothing (undefined).", result.Cause);
        Assert.Equal(["ExecutionStarted", "PassStateEntered", "EvaluationFailed", "ExecutionFailed"], result.History!.Events.Select(e => e.Type));
        var details = result.History.Events[2].Details;
        Assert.Equal("Output/r", details["location"].GetString());
        Assert.Equal("S", details["state"].GetString());
        Assert.Equal(result.Cause, details["cause"].GetString());
    }

    [Fact]
    public async Task QueryEvaluationError_in_Arguments_is_caught_with_errorOutput_in_the_catcher()
    {
        var handlers = new TaskHandlerRegistry().RegisterFunction("*", _ => JsonValue.EmptyObject);
        var (result, _) = await Run("""
            {"S":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","Arguments":{"x":"{% $missing %}"},
                  "Catch":[{"ErrorEquals":["States.QueryEvaluationError"],"Assign":{"err":"{% $states.errorOutput.Error %}"},
                            "Output":{"in":"{% $states.input %}","error":"{% $states.errorOutput.Error %}"},"Next":"T"}],"End":true},
             "T":{"Type":"Pass","Output":{"v":"{% $err %}","prev":"{% $states.input %}"},"End":true}}
            """, """{"a":1}""", handlers);
        AssertOutput("""{"v":"States.QueryEvaluationError","prev":{"in":{"a":1},"error":"States.QueryEvaluationError"}}""", result);
    }

    [Theory]
    [InlineData("""{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","TimeoutSeconds":"{% $v %}","End":true}""", "-5", "The TimeoutSeconds value -5 is not a positive integer.")]
    [InlineData("""{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","TimeoutSeconds":"{% $v %}","End":true}""", "1.5", "The TimeoutSeconds value 1.5 is not a positive integer.")]
    [InlineData("""{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","HeartbeatSeconds":"{% $v %}","End":true}""", "0", "The HeartbeatSeconds value 0 is not a positive integer.")]
    [InlineData("""{"Type":"Wait","Seconds":"{% $v %}","End":true}""", "100000000", "The Wait seconds must be an integer from 0 to 99999999, got 100000000.")]
    [InlineData("""{"Type":"Wait","Seconds":"{% $v %}","End":true}""", "-1", "The Wait seconds must be an integer from 0 to 99999999, got -1.")]
    [InlineData("""{"Type":"Map","Items":[1],"MaxConcurrency":"{% $v %}","ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}""", "-1", "MaxConcurrency cannot be negative.")]
    [InlineData("""{"Type":"Map","Items":[1],"ToleratedFailurePercentage":"{% $v %}","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}""", "150", "ToleratedFailurePercentage must be between 0 and 100.")]
    [InlineData("""{"Type":"Map","Items":[1],"ToleratedFailureCount":"{% $v %}","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}""", "2.5", "ToleratedFailureCount must be a non-negative integer, got 2.5.")]
    public async Task A_number_field_out_of_range_is_a_QueryEvaluationError_a_catcher_takes(string state, string value, string problem)
    {
        // AWS: "an expression such as {% $evaluatesToNegativeNumber %} will fail in the TimeoutSeconds field ... the
        // interpreter will throw the error: States.QueryEvaluationError", which Catch and Retry handle (States.Runtime,
        // what the JSONPath ...Path forms fail with, is neither retried nor caught).
        var (failed, _) = await Run("""{"A":{"Type":"Pass","Assign":{"v":""" + value + """},"Next":"S"},"S":""" + state + "}", startAt: "A");
        Assert.Equal(ExecutionStatus.Failed, failed.Status);
        Assert.Equal("States.QueryEvaluationError", failed.Error);
        Assert.Equal("An error occurred while executing the state 'S' (entered at the event id #4). " + problem, failed.Cause);

        // Caught by the state's own Catch, or (a Wait has none) by a Parallel's around it.
        const string Catch = "\"Catch\":[{\"ErrorEquals\":[\"States.QueryEvaluationError\"],\"Output\":\"{% $states.errorOutput.Error %}\",\"Next\":\"C\"}],\"End\":true}";
        var handling = state.Contains("\"Wait\"", StringComparison.Ordinal)
            ? """{"A":{"Type":"Pass","Assign":{"v":""" + value + """},"Next":"P"},"P":{"Type":"Parallel","Branches":[{"StartAt":"S","States":{"S":""" + state + """}}],""" + Catch + ""","C":{"Type":"Pass","End":true}}"""
            : """{"A":{"Type":"Pass","Assign":{"v":""" + value + """},"Next":"S"},"S":""" + state.Replace("\"End\":true}", Catch, StringComparison.Ordinal) + ""","C":{"Type":"Pass","End":true}}""";
        var (handled, _) = await Run(handling, startAt: "A");

        AssertOutput("\"States.QueryEvaluationError\"", handled);
    }

    [Fact]
    public async Task A_distributed_Maps_states_read_no_outer_variable_but_its_ItemSelector_does()
    {
        // AWS: "Distributed Map states cannot currently reference variables in outer scopes" (they ran with them here).
        const string Processor = ""","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"I","States":{"I":{"Type":"Pass","Output":"READ","End":true}}},"End":true}""";
        var (selected, _) = await Run("""{"A":{"Type":"Pass","Assign":{"f":10},"Next":"S"},"S":{"Type":"Map","Items":[1,2],"ItemSelector":{"v":"{% $states.context.Map.Item.Value * $f %}"}""" + Processor.Replace("READ", "{% $states.input.v %}", StringComparison.Ordinal) + "}", startAt: "A");
        AssertOutput("[10,20]", selected);

        var (inner, _) = await Run("""{"A":{"Type":"Pass","Assign":{"f":10},"Next":"S"},"S":{"Type":"Map","Items":[1,2]""" + Processor.Replace("READ", "{% $f %}", StringComparison.Ordinal) + "}", startAt: "A");
        Assert.Equal(ExecutionStatus.Failed, inner.Status);
        Assert.Equal("States.ExceedToleratedFailureThreshold", inner.Error);
    }

    [Fact]
    public async Task Catcher_without_Output_outputs_the_error_output()
    {
        var handlers = new TaskHandlerRegistry().RegisterFunction("*", _ => throw new TaskFailedException("Boom", "bad"));
        var (result, _) = await Run("""
            {"S":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","Catch":[{"ErrorEquals":["States.ALL"],"Next":"T"}],"End":true},
             "T":{"Type":"Succeed"}}
            """, "{}", handlers);
        AssertOutput("""{"Error":"Boom","Cause":"bad"}""", result);
    }

    [Fact]
    public async Task Map_Items_and_ItemSelector_see_the_context_Map_item()
    {
        var (result, _) = await Run("""
            {"S":{"Type":"Map","Items":"{% $states.input.xs %}",
                  "ItemSelector":{"v":"{% $states.context.Map.Item.Value * 2 %}","i":"{% $states.context.Map.Item.Index %}"},
                  "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},
                  "Output":"{% $states.result.v %}","End":true}}
            """, """{"xs":[1,2,3]}""");
        AssertOutput("[2,4,6]", result);
    }

    [Theory]
    [InlineData("\"{% $states.input.xs %}\"", """{"xs":"no"}""", "The JSONata expression '$states.input.xs' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'string' for value: \"no\"")]
    [InlineData("null", "{\"a\":1}", "Map state input must be an array but was: {\"a\":1}")]
    public async Task Map_items_must_be_an_array(string items, string input, string detail)
    {
        var itemsField = items == "null" ? string.Empty : "\"Items\":" + items + ",";
        const string Processor = """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""";
        var (result, _) = await Run("{\"S\":{\"Type\":\"Map\"," + itemsField + "\"ItemProcessor\":" + Processor + ",\"End\":true}}", input);
        Assert.Equal("States.QueryEvaluationError", result.Error);
        Assert.Equal("An error occurred while executing the state 'S' (entered at the event id #2). " + detail, result.Cause);
        Assert.Equal(["ExecutionStarted", "MapStateEntered", "EvaluationFailed", "MapStateFailed", "ExecutionFailed"], result.History!.Events.Select(e => e.Type));
    }

    [Fact]
    public async Task Parallel_Arguments_feed_every_branch_and_Output_sees_the_results()
    {
        var (result, _) = await Run("""
            {"S":{"Type":"Parallel","Arguments":{"v":"{% $states.input.a %}"},
                  "Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","Output":"{% $states.input.v + 1 %}","End":true}}},
                              {"StartAt":"B","States":{"B":{"Type":"Pass","Output":"{% $states.input.v + 2 %}","End":true}}}],
                  "Output":{"sum":"{% $sum($states.result) %}"},"End":true}}
            """, """{"a":10}""");
        AssertOutput("""{"sum":23}""", result);
    }

    [Fact]
    public async Task Wait_Seconds_expression_waits_on_the_clock()
    {
        var (result, clock) = await Run("""{"S":{"Type":"Wait","Seconds":"{% $states.input.s * 2 %}","End":true}}""", """{"s":30}""");
        AssertOutput("""{"s":30}""", result);
        Assert.Equal(Start.AddSeconds(60), clock.GetUtcNow());
    }

    [Theory]
    [InlineData("2024-01-01T00:10:00Z", 600)]
    [InlineData("2024-01-01T00:00:05.123456789Z", 5)] // truncated to the second, as AWS reads a Wait's timestamp
    public async Task Wait_Timestamp_expression_waits_until_the_time(string timestamp, double seconds)
    {
        var (result, clock) = await Run("""{"S":{"Type":"Wait","Timestamp":"{% $states.input.t %}","End":true}}""", "{\"t\":\"" + timestamp + "\"}");
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);

        // Timers count whole milliseconds: the wait ends at the due time or less than a millisecond after it.
        var due = Start.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        Assert.InRange(clock.GetUtcNow(), due, due.AddMilliseconds(1));
    }

    [Fact]
    public async Task Wait_Timestamp_that_is_not_ISO_8601_is_a_QueryEvaluationError()
    {
        var (result, _) = await Run("""{"S":{"Type":"Wait","Timestamp":"{% $states.input.t %}","End":true}}""", """{"t":"2016-12-05 21:29:29Z"}""");
        Assert.Equal("States.QueryEvaluationError", result.Error);
        Assert.EndsWith("The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: 2016-12-05 21:29:29Z", result.Cause, StringComparison.Ordinal);
        Assert.Equal("Timestamp", result.History!.Events[2].Details["location"].GetString());
    }

    [Fact]
    public async Task Fail_Error_and_Cause_are_evaluated()
    {
        var (result, _) = await Run("""{"S":{"Type":"Fail","Error":"{% 'E.' & $states.input.code %}","Cause":"{% $string($states.input) %}"}}""", """{"code":"X"}""");
        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("E.X", result.Error);
        Assert.Equal("""{"code":"X"}""", result.Cause);
    }

    [Fact]
    public async Task Task_TimeoutSeconds_expression_times_the_task_out()
    {
        var handlers = new TaskHandlerRegistry().Register("*", async invocation =>
        {
            invocation.ReleaseClock();
            await Task.Delay(Timeout.InfiniteTimeSpan, invocation.CancellationToken);
            return JsonValue.EmptyObject;
        });
        var (result, clock) = await Run("""{"S":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","TimeoutSeconds":"{% $states.input.t %}","End":true}}""", """{"t":7}""", handlers);
        Assert.Equal("States.Timeout", result.Error);
        Assert.Equal(Start.AddSeconds(7), clock.GetUtcNow());
    }

    [Fact]
    public async Task Context_is_available_as_states_context()
    {
        var (result, _) = await Run("""{"S":{"Type":"Pass","Output":{"name":"{% $states.context.State.Name %}","input":"{% $states.context.Execution.Input.a %}"},"End":true}}""", """{"a":4}""");
        AssertOutput("""{"name":"S","input":4}""", result);
    }

    [Fact]
    public async Task Mixed_machine_passes_variables_between_JSONPath_and_JSONata_states()
    {
        var (result, _) = await Run("""
            {"S":{"Type":"Pass","QueryLanguage":"JSONPath","Parameters":{"b.$":"$.a"},"Assign":{"x.$":"$.b"},"Next":"T"},
             "T":{"Type":"Pass","Output":{"x":"{% $x %}","b":"{% $states.input.b %}"},"Next":"U"},
             "U":{"Type":"Pass","QueryLanguage":"JSONPath","Parameters":{"y.$":"$x","z.$":"$.b"},"End":true}}
            """, """{"a":9}""");
        AssertOutput("""{"y":9,"z":9}""", result);
    }

    [Fact]
    public async Task Now_reads_the_kernel_clock()
    {
        var (result, _) = await Run("""{"S":{"Type":"Pass","Output":"{% $now() %}","End":true}}""");
        AssertOutput("\"2024-01-01T00:00:00.000Z\"", result);
    }
}
