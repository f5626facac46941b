using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Runtime.Tests.Execution;

/// <summary>The runtime errors of path-valued fields, Wait targets, payload limits and timeouts, with AWS's cause texts.</summary>
public class RuntimeCauseTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static async Task<(ExecutionResult Result, VirtualTimeProvider Clock)> Run(string states, string input = "{}", TaskHandlerRegistry? handlers = null, string extra = "")
    {
        var clock = new VirtualTimeProvider(Start);
        var kernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = clock, TaskHandlers = handlers ?? new TaskHandlerRegistry() });
        var definition = """{"StartAt":"S",""" + extra + "\"States\":" + states + "}";
        var work = kernel.RunAsync(AslInterpreter.Compile(definition), JsonValue.Parse(input)).AsTask();
        return (await VirtualClock.RunAsync(clock, work, TimeSpan.FromSeconds(2)), clock);
    }

    private static string[] Events(ExecutionResult result) => result.History!.Events.Select(e => e.Type).ToArray();

    private static void AssertRuntime(ExecutionResult result, string stateName, long enteredId, string cause)
    {
        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("States.Runtime", result.Error);
        Assert.Equal("An error occurred while executing the state '" + stateName + "' (entered at the event id #" + enteredId + "). " + cause, result.Cause);
    }

    // ---- path fields that name nothing ----

    [Theory]
    [InlineData("ErrorPath", "$.ErrorX", "CausePath", "$.Cause")]
    [InlineData("CausePath", "$.NoSuchCause", "ErrorPath", "$.Error")]
    public async Task Fail_path_that_names_nothing_quotes_the_field_and_the_input(string field, string path, string otherField, string otherPath)
    {
        var state = "{\"S\":{\"Type\":\"Fail\",\"" + otherField + "\":\"" + otherPath + "\",\"" + field + "\":\"" + path + "\"}}";
        var (result, _) = await Run(state, """{"Error":"E","Cause":"C"}""");
        AssertRuntime(result, "S", 2, "The JSONPath '" + path + "' specified for the field '" + field + "' could not be found in the input '{\"Error\":\"E\",\"Cause\":\"C\"}'");
    }

    [Theory]
    [InlineData("ErrorPath", "$.n", "number")]
    [InlineData("CausePath", "$.list", "array")]
    [InlineData("ErrorPath", "States.ArrayGetItem($.list, 0)", "number")]
    [InlineData("CausePath", "$.nothing", "null")]
    public async Task Fail_path_that_selects_no_string_is_States_Runtime(string field, string path, string kind)
    {
        // "When resolved, the reference path must select a field that contains a string value" (the Fail state's page).
        // A user trial found the value turned into its JSON text instead.
        var (result, _) = await Run("{\"S\":{\"Type\":\"Fail\",\"" + field + "\":\"" + path + "\"}}", """{"n":5,"list":[1,2],"nothing":null}""");
        AssertRuntime(result, "S", 2, "The value of the field '" + field + "' ('" + path + "') must be a string, but was " + kind + ".");
    }

    [Fact]
    public async Task Fail_context_path_that_names_nothing_quotes_the_context_object()
    {
        var (result, _) = await Run("""{"S":{"Type":"Fail","CausePath":"$$.Execution.Nothing"}}""", """{"a":1}""");
        Assert.Equal("States.Runtime", result.Error);
        Assert.Contains("The JSONPath '$$.Execution.Nothing' specified for the field 'CausePath' could not be found in the input '{\"Execution\":{", result.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Template_path_that_names_nothing_quotes_the_effective_input()
    {
        var (result, _) = await Run("""{"S":{"Type":"Pass","Parameters":{"value.$":"$.no_such"},"End":true}}""", """{"int-literal":0}""");
        AssertRuntime(result, "S", 2, "The JSONPath '$.no_such' specified for the field 'value.$' could not be found in the input '{\"int-literal\":0}'");
        Assert.Equal(["ExecutionStarted", "PassStateEntered", "ExecutionFailed"], Events(result));
    }

    [Fact]
    public async Task Template_context_path_that_names_nothing_quotes_the_context_object()
    {
        var (result, _) = await Run("""{"S":{"Type":"Pass","Parameters":{"value.$":"$$.Execution.Input.no_such"},"End":true}}""", """{"int-literal":0}""");
        Assert.Equal("States.Runtime", result.Error);
        Assert.Contains("specified for the field 'value.$' could not be found in the input '{\"Execution\":{\"Id\":", result.Cause, StringComparison.Ordinal);
        Assert.Contains("\"Input\":{\"int-literal\":0}", result.Cause, StringComparison.Ordinal);
    }

    // ---- Wait SecondsPath ----

    [Fact]
    public async Task SecondsPath_that_names_nothing_says_so()
    {
        var (result, _) = await Run("""{"S":{"Type":"Wait","SecondsPath":"$.input.waitSeconds","End":true}}""");
        AssertRuntime(result, "S", 2, "The SecondsPath parameter does not reference an input value: $.input.waitSeconds");
        Assert.Equal(["ExecutionStarted", "WaitStateEntered", "ExecutionFailed"], Events(result));
    }

    [Theory]
    [InlineData("1.5", "1.5")]
    [InlineData("-1.5", "-1.5")]
    [InlineData("1.0", "1.0")]
    [InlineData("\"5\"", "5")]
    [InlineData("true", "true")]
    public async Task SecondsPath_value_that_is_not_a_long_fails(string value, string shown)
    {
        var (result, _) = await Run("""{"S":{"Type":"Wait","SecondsPath":"$.w","End":true}}""", """{"w":""" + value + "}");
        AssertRuntime(result, "S", 2, "The SecondsPath parameter cannot be parsed as a long value: $.w == " + shown);
    }

    [Fact]
    public async Task SecondsPath_negative_value_fails()
    {
        var (result, _) = await Run("""{"S":{"Type":"Wait","SecondsPath":"$.w","End":true}}""", """{"w":-1}""");
        AssertRuntime(result, "S", 2, "The SecondsPath parameter references a negative value: $.w == -1");
    }

    [Fact]
    public async Task SecondsPath_whole_value_waits_that_long()
    {
        var (result, clock) = await Run("""{"S":{"Type":"Wait","SecondsPath":"$.w","End":true}}""", """{"w":42}""");
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(Start.AddSeconds(42), clock.GetUtcNow());
    }

    // ---- Wait Timestamp / TimestampPath ----

    [Theory]
    [InlineData("2024-03-05T21:29:29.243167252Z", "2024-03-05T21:29:29Z")] // AWS truncates a Wait's timestamp to the second
    [InlineData("2024-03-05T21:29:29.999Z", "2024-03-05T21:29:29Z")]
    [InlineData("2024-03-05T21:29:29.00Z", "2024-03-05T21:29:29Z")]
    [InlineData("2024-03-05T21:29:29Z", "2024-03-05T21:29:29Z")]
    [InlineData("2024-03-05t21:29:29z", "2024-03-05T21:29:29Z")]
    [InlineData("2024-03-05T22:29:29+01:00", "2024-03-05T21:29:29Z")]
    [InlineData("2024-03-05T21:29Z", "2024-03-05T21:29:00Z")]
    public async Task TimestampPath_waits_until_an_ISO_8601_offset_date_time(string timestamp, string expected)
    {
        var (result, clock) = await Run("""{"S":{"Type":"Wait","TimestampPath":"$.t","End":true}}""", """{"t":"TS"}""".Replace("TS", timestamp, StringComparison.Ordinal));
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        // Timers count whole milliseconds: the wait ends at the due time, rounded up to the next millisecond.
        var due = DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(clock.GetUtcNow(), due, due.AddMilliseconds(1));
    }

    [Theory]
    [InlineData("""{"S":{"Type":"Wait","Timestamp":"2024-03-05T21:29:29.243167252Z","End":true}}""")]
    [InlineData("""{"S":{"Type":"Wait","QueryLanguage":"JSONata","Timestamp":"{% '2024-03-05T21:29:29.9Z' %}","End":true}}""")]
    public async Task A_Timestamp_with_a_fraction_waits_to_its_whole_second(string states)
    {
        // "Step Functions considers the time value up to seconds and truncates milliseconds" (the Wait state's page).
        var (result, clock) = await Run(states);
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        var due = new DateTimeOffset(2024, 3, 5, 21, 29, 29, TimeSpan.Zero);
        Assert.InRange(clock.GetUtcNow(), due, due.AddMilliseconds(1));
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("100000000")]
    [InlineData("-1")]
    public async Task A_JSONata_Seconds_that_is_not_an_integer_from_0_to_99999999_fails(string seconds)
    {
        // A JSONata field out of its range is a QueryEvaluationError, as AWS documents (JsonataStatesTests catches one).
        var (result, _) = await Run("""{"S":{"Type":"Wait","QueryLanguage":"JSONata","Seconds":"{% $states.input.s %}","End":true}}""", """{"s":""" + seconds + "}");
        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("States.QueryEvaluationError", result.Error);
        Assert.Equal("An error occurred while executing the state 'S' (entered at the event id #2). The Wait seconds must be an integer from 0 to 99999999, got " + seconds + ".", result.Cause);
        Assert.Equal(["ExecutionStarted", "WaitStateEntered", "EvaluationFailed", "ExecutionFailed"], Events(result));
    }

    [Fact]
    public async Task A_JSONata_Seconds_computed_as_a_whole_double_waits_that_long()
    {
        var (result, clock) = await Run("""{"S":{"Type":"Wait","QueryLanguage":"JSONata","Seconds":"{% $states.input.s / 2 %}","End":true}}""", """{"s":84}""");
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(Start.AddSeconds(42), clock.GetUtcNow());
    }

    [Theory]
    [InlineData("\"2016-13-05T21:29:29Z\"", "2016-13-05T21:29:29Z")]
    [InlineData("\"05-12-2016T21:29:29Z\"", "05-12-2016T21:29:29Z")]
    [InlineData("\"2016-12-05T25:29:29Z\"", "2016-12-05T25:29:29Z")]
    [InlineData("\"2016-12-05 21:29:29Z\"", "2016-12-05 21:29:29Z")]
    [InlineData("\"2016-12-05T21:29:29\"", "2016-12-05T21:29:29")]
    [InlineData("\"2026-11-25T11:37:49.000000\"", "2026-11-25T11:37:49.000000")]
    [InlineData("\"2015-02-29T00:00:00Z\"", "2015-02-29T00:00:00Z")]
    [InlineData("\"2016-12-05T21:29:29.1234567891Z\"", "2016-12-05T21:29:29.1234567891Z")]
    [InlineData("\"2016-12-05T21:29:29+0100\"", "2016-12-05T21:29:29+0100")]
    [InlineData("12", "12")]
    public async Task TimestampPath_value_that_is_not_an_offset_date_time_fails(string value, string shown)
    {
        var (result, _) = await Run("""{"S":{"Type":"Wait","TimestampPath":"$.TimestampValue","End":true}}""", """{"TimestampValue":""" + value + "}");
        AssertRuntime(result, "S", 2, "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.TimestampValue == " + shown);
    }

    [Fact]
    public async Task TimestampPath_that_names_nothing_says_so()
    {
        var (result, _) = await Run("""{"S":{"Type":"Wait","TimestampPath":"$.missing","End":true}}""");
        AssertRuntime(result, "S", 2, "The TimestampPath parameter does not reference an input value: $.missing");
    }

    [Fact]
    public async Task A_wait_decades_ahead_keeps_running_until_the_maximum_duration_times_it_out()
    {
        var clock = new VirtualTimeProvider(Start);
        var kernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = clock });
        var program = AslInterpreter.Compile("""{"StartAt":"S","States":{"S":{"Type":"Wait","TimestampPath":"$.t","End":true}}}""");
        var run = kernel.RunAsync(program, JsonValue.Parse("""{"t":"2092-01-01T00:00:00Z"}""")).AsTask();

        // Past the ~24.8 days a .NET timer can hold: the wait re-arms in steps, nothing overflows.
        for (var day = 0; day < 200; day += 10)
        {
            clock.Advance(TimeSpan.FromDays(10));
            await Task.Yield();
            Assert.False(run.IsCompleted);
        }

        var result = await VirtualClock.RunAsync(clock, run, TimeSpan.FromSeconds(2));
        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.Equal(Start.AddDays(365), clock.GetUtcNow());
    }

    // ---- execution timeout ----

    [Fact]
    public async Task Execution_TimeoutSeconds_times_out_with_no_error_or_cause()
    {
        var (result, clock) = await Run("""{"S":{"Type":"Wait","Seconds":60,"End":true}}""", extra: "\"TimeoutSeconds\":5,");
        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.Null(result.Error);
        Assert.Null(result.Cause);
        Assert.Equal(Start.AddSeconds(5), clock.GetUtcNow());
        Assert.Equal(["ExecutionStarted", "WaitStateEntered", "ExecutionTimedOut"], Events(result));
    }

    [Theory]
    [InlineData("""{"S":{"Type":"Parallel","Branches":[{"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":"$.nope","End":true}}}],"End":true}}""", 4)]
    [InlineData("""{"S":{"Type":"Map","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":"$.nope","End":true}}},"End":true}}""", 5)]
    public async Task A_branchs_or_iterations_Runtime_error_keeps_the_one_cause_naming_its_state(string states, long enteredId)
    {
        // An error-names trial: the Parallel or Map named itself before the cause that already named the failed state.
        var (result, _) = await Run(states, """[{"a":1}]""");
        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("States.Runtime", result.Error);
        Assert.Equal("An error occurred while executing the state 'P' (entered at the event id #" + enteredId + "). Invalid path '$.nope' : No results for path: $['nope']", result.Cause);
    }

    // ---- Map path-valued limits ----

    private const string DistributedMap = """
        {"S":{"Type":"Map","ItemsPath":"$.Items","FIELD":"$.v",
              "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"H","States":{"H":{"Type":"Pass","End":true}}},
              "End":true}}
        """;

    [Theory]
    [InlineData("ToleratedFailureCountPath", "-1", "ToleratedFailureCount cannot be negative.")]
    [InlineData("ToleratedFailureCountPath", "{}", "The ToleratedFailureCountPath field refers to value \"{}\" which is not a valid integer: $.v")]
    [InlineData("ToleratedFailureCountPath", "\"x\"", "The ToleratedFailureCountPath field refers to value \"x\" which is not a valid integer: $.v")]
    [InlineData("ToleratedFailurePercentagePath", "-1.1", "ToleratedFailurePercentage must be between 0 and 100.")]
    [InlineData("ToleratedFailurePercentagePath", "100.1", "ToleratedFailurePercentage must be between 0 and 100.")]
    [InlineData("ToleratedFailurePercentagePath", "\"NoNumber\"", "The ToleratedFailurePercentagePath field refers to value \"NoNumber\" which is not a valid float: $.v")]
    public async Task Tolerated_failure_path_values_fail_after_the_Map_starts(string field, string value, string cause)
    {
        var (result, _) = await Run(DistributedMap.Replace("FIELD", field, StringComparison.Ordinal), """{"Items":[0],"v":""" + value + "}");
        AssertRuntime(result, "S", 2, cause);
        Assert.Equal(["ExecutionStarted", "MapStateEntered", "MapStateStarted", "ExecutionFailed"], Events(result));
    }

    [Theory]
    [InlineData("99999999999")]
    [InlineData("1.5")]
    public async Task A_JSONata_MaxConcurrency_out_of_the_fields_range_says_the_range(string value)
    {
        // A hostile-input trial found 99999999999 refused as "must be a non-negative integer".
        var (result, _) = await Run("{\"S\":{\"Type\":\"Map\",\"QueryLanguage\":\"JSONata\",\"Items\":[1],\"MaxConcurrency\":\"{% " + value + " %}\",\"ItemProcessor\":{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}}", "{}");
        Assert.Equal("States.QueryEvaluationError", result.Error);
        Assert.EndsWith("MaxConcurrency must be an integer from 0 to 2147483647, got " + value + ".", result.Cause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"NoNumber\"", "The MaxConcurrencyPath field refers to value \"NoNumber\" which is not a valid integer: $.m")]
    [InlineData("1.5", "The MaxConcurrencyPath field refers to value \"1.5\" which is not a valid integer: $.m")]
    [InlineData("-1", "MaxConcurrency cannot be negative.")]
    public async Task MaxConcurrencyPath_values_that_are_not_counts_fail(string value, string cause)
    {
        var (result, _) = await Run("""
            {"S":{"Type":"Map","ItemsPath":"$.Values","MaxConcurrencyPath":"$.m",
                  "ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"H","States":{"H":{"Type":"Pass","End":true}}},"End":true}}
            """, """{"Values":["a"],"m":""" + value + "}");
        AssertRuntime(result, "S", 2, cause);
        Assert.Equal(["ExecutionStarted", "MapStateEntered", "ExecutionFailed"], Events(result));
    }

    [Fact]
    public async Task A_retried_Map_records_MapStateFailed_only_when_it_finally_fails()
    {
        var (result, _) = await Run("""
            {"S":{"Type":"Map","MaxConcurrency":1,
                  "ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E","Cause":"C"}}},
                  "Retry":[{"ErrorEquals":["E"],"MaxAttempts":1}],"Catch":[{"ErrorEquals":["E"],"Next":"P"}],"End":true},
             "P":{"Type":"Pass","End":true}}
            """, "[1]");
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(
            [
                "ExecutionStarted", "MapStateEntered",
                "MapStateStarted", "MapIterationStarted", "FailStateEntered", "MapIterationFailed",
                "MapStateStarted", "MapIterationStarted", "FailStateEntered", "MapIterationFailed", "MapStateFailed",
                "MapStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded",
            ],
            Events(result));
    }

    [Fact]
    public async Task A_Map_failing_inside_a_Parallel_branch_records_MapStateFailed_once()
    {
        var (result, _) = await Run("""
            {"S":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"M","States":{
              "M":{"Type":"Map","ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E"}}},"End":true}}}]}}
            """, "[1]");
        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Single(Events(result), e => e == "MapStateFailed");
    }

    // ---- payload limit ----

    private static JsonValue LargeUtf8Result() =>
        JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("text", JsonValue.FromString(new string('é', 140_000)))); // 140,000 characters, 280,000 UTF-8 bytes

    [Theory]
    [InlineData("arn:aws:lambda:us-east-1:111111111111:function:f", "arn:aws:lambda:us-east-1:111111111111:function:f", "LambdaFunctionFailed")]
    [InlineData("arn:aws:states:::lambda:invoke", "lambda", "TaskFailed")]
    public async Task A_task_result_past_the_limit_in_UTF8_bytes_fails_the_task_and_States_ALL_catches_it(string resource, string named, string failedEvent)
    {
        var handlers = new TaskHandlerRegistry().RegisterFunction("*", _ => LargeUtf8Result());
        var (result, _) = await Run("""
            {"S":{"Type":"Task","Resource":"RESOURCE","Parameters":{"FunctionName":"f","Payload":{}},
                  "Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}],"Next":"P"},
             "P":{"Type":"Pass","End":true},
             "H":{"Type":"Pass","End":true}}
            """.Replace("RESOURCE", resource, StringComparison.Ordinal), handlers: handlers);
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        var expected = "The state/task '" + named + "' returned a result with a size exceeding the maximum number of bytes service limit.";
        Assert.Equal(JsonValue.Parse("{\"Error\":\"States.DataLimitExceeded\",\"Cause\":\"" + expected + "\"}"), result.Output);
        Assert.Contains(failedEvent, Events(result));
        Assert.DoesNotContain(Events(result), e => e.EndsWith("Succeeded", StringComparison.Ordinal) && e != "ExecutionSucceeded");
    }

    [Fact]
    public async Task A_task_result_past_the_limit_is_retried_by_States_ALL()
    {
        var calls = 0;
        var handlers = new TaskHandlerRegistry().RegisterFunction("*", _ => ++calls == 1 ? LargeUtf8Result() : JsonValue.Parse("{\"ok\":true}"));
        var (result, _) = await Run("""
            {"S":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","Retry":[{"ErrorEquals":["States.ALL"]}],"End":true}}
            """, handlers: handlers);
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_state_output_past_the_limit_fails_naming_the_state_before_it_exits()
    {
        var big = new string('a', 270_000);
        var (result, _) = await Run("""{"S":{"Type":"Pass","Result":{"Arg1":"BIG"},"End":true}}""".Replace("BIG", big, StringComparison.Ordinal));
        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("States.DataLimitExceeded", result.Error);
        Assert.Equal("The state/task 'S' returned a result with a size exceeding the maximum number of bytes service limit.", result.Cause);
        Assert.Equal(["ExecutionStarted", "PassStateEntered", "ExecutionFailed"], Events(result));
    }

    [Fact]
    public async Task A_state_output_under_the_limit_in_bytes_passes()
    {
        // 100,000 characters of two UTF-8 bytes each: 200,000 bytes, under 256 KiB.
        var text = new string('é', 100_000);
        var (result, _) = await Run("""{"S":{"Type":"Pass","Result":{"Arg1":"BIG"},"End":true}}""".Replace("BIG", text, StringComparison.Ordinal));
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
    }

    [Theory]
    [InlineData("null", 4)]
    [InlineData("true", 4)]
    [InlineData("false", 5)]
    [InlineData("-9223372036854775808", 20)]
    [InlineData("1234", 4)]
    [InlineData("\"a\\\"b\"", 6)]
    [InlineData("\"\\u0001\"", 8)]
    [InlineData("\"é€😀\"", 11)]
    [InlineData("{\"a\":[1,2,{}],\"b\":\"x\"}", 22)]
    public void Payload_size_is_the_UTF8_length_of_the_JSON_text(string json, int bytes)
    {
        var value = JsonValue.Parse(json);
        Assert.Equal(bytes, PayloadSize.Measure(value, int.MaxValue));
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(value.ToJsonString()), bytes);
        Assert.True(PayloadSize.Bound(value, int.MaxValue) >= bytes);
        Assert.False(PayloadSize.Exceeds(value, bytes));
        Assert.True(PayloadSize.Exceeds(value, bytes - 1));
    }

    [Fact]
    public void A_reused_part_is_bounded_once_and_still_measured_exactly()
    {
        var shared = JsonValue.Parse("""{"items":["é","b"]}""");
        Assert.False(PayloadSize.Exceeds(shared, 1000));
        var bigger = JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("s", shared), new KeyValuePair<string, JsonValue>("t", shared));
        var exact = System.Text.Encoding.UTF8.GetByteCount(bigger.ToJsonString());
        Assert.False(PayloadSize.Exceeds(bigger, exact));
        Assert.True(PayloadSize.Exceeds(bigger, exact - 1));
    }

    // ---- the timestamp reader ----

    [Theory]
    [InlineData("2016-03-05T21:29:29.243167252Z", true)]
    [InlineData("2016-03-05T21:29:29.2Z", true)]
    [InlineData("2016-03-05T21:29:29-05:30", true)]
    [InlineData("2016-03-05T21:29:29+05:30:15", true)]
    [InlineData("2016-02-29T21:29:29Z", true)]
    [InlineData("2016-03-05T21:29:29.Z", false)]
    [InlineData("2016-03-05T21:29:29+19:00", false)]
    [InlineData("2016-03-05T21:29:60Z", false)]
    [InlineData("2016-03-05T21:29:29ZZ", false)]
    [InlineData("2016-3-05T21:29:29Z", false)]
    [InlineData("", false)]
    [InlineData("0001-01-01T00:00:00Z", true)]
    [InlineData("9999-12-31T23:59:59Z", true)]
    [InlineData("0001-01-01T00:00:00+14:00", true)]
    [InlineData("9999-12-31T23:59:59-01:00", true)]
    [InlineData("0000-01-01T00:00:00Z", true)]
    [InlineData("0000-02-29T00:00:00Z", true)]
    [InlineData("0000-02-30T00:00:00Z", false)]
    [InlineData("0000-13-01T00:00:00Z", false)]
    [InlineData("2023-02-29T00:00:00Z", false)]
    [InlineData("2024-04-31T00:00:00Z", false)]
    public void IsoOffsetDateTime_accepts_what_AWS_accepts(string text, bool valid) =>
        Assert.Equal(valid, IsoOffsetDateTime.TryParse(text, out _));

    [Theory]
    [InlineData("0001-01-01T00:00:00+14:00", "0001-01-02T00:00:00Z")]
    [InlineData("0001-01-01T23:59:59Z", "0001-01-02T00:00:00Z")]
    [InlineData("0000-06-15T12:00:00Z", "0001-01-02T00:00:00Z")]
    [InlineData("0001-01-02T00:00:01Z", "0001-01-02T00:00:01Z")]
    [InlineData("9999-12-31T23:59:59-01:00", "9999-12-30T23:59:59.9999999Z")]
    [InlineData("2016-03-05T21:29:29.5-05:30", "2016-03-06T02:59:29.5Z")]
    public void A_timestamp_beyond_the_clock_range_is_read_as_the_nearest_day_inside(string text, string expected)
    {
        // An instant outside .NET's years 1 to 9999 in UTC (Java reads it) is taken as the edge day, so a Wait until it is
        // long past or later than any deadline, as it would be, instead of failing the run.
        Assert.True(IsoOffsetDateTime.TryParse(text, out var value));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
        Assert.Equal(TimeSpan.Zero, value.Offset);
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00+14:00", ExecutionStatus.Succeeded)]
    [InlineData("9999-12-31T23:59:59-01:00", ExecutionStatus.TimedOut)]
    public async Task A_wait_until_an_edge_timestamp_ends_or_times_out(string timestamp, ExecutionStatus status)
    {
        var program = AslCompiler.Runtime.Interpreter.AslInterpreter.Compile("""
            {"TimeoutSeconds": 60, "StartAt": "W", "States": {"W": {"Type": "Wait", "TimestampPath": "$.t", "End": true}}}
            """);
        var clock = new AslCompiler.Runtime.Timing.VirtualTimeProvider();
        var kernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = clock });
        var work = kernel.RunAsync(program, JsonValue.Parse("{\"t\": \"" + timestamp + "\"}")).AsTask();
        var result = await AslCompiler.Runtime.Timing.VirtualClock.RunAsync(clock, work, TimeSpan.FromSeconds(10));
        Assert.Equal(status, result.Status);
    }
}
