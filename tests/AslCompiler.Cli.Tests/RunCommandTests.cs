using AslCompiler.Runtime.Json;

namespace AslCompiler.Cli.Tests;

public class RunCommandTests
{
    private const string PassMachine = """
        {"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"sum.$":"States.MathAdd($.a, $.b)"},"End":true}}}
        """;

    private const string WaitThenFail = """
        {"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"Next":"F"},"F":{"Type":"Fail","Error":"Boom","Cause":"it broke"}}}
        """;

    private const string TaskMachine = """
        {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","Retry":[{"ErrorEquals":["Flaky"],"MaxAttempts":1}],"End":true}}}
        """;

    [Fact]
    public void Files_that_are_not_UTF8_are_refused_naming_the_byte_and_a_byte_order_mark_is_read_past()
    {
        // Invalid bytes were decoded to U+FFFD and ran as if they were text; parse and validate refuse them.
        var badDefinition = CliRunner.TempFile([.. System.Text.Encoding.UTF8.GetBytes("""{"StartAt":"P","States":{"P":{"Type":"Pass","Result":" """), 0xFF, .. System.Text.Encoding.UTF8.GetBytes("\",\"End\":true}}}")]);
        var (exit, output, error) = CliRunner.Run("run", badDefinition, "--input", "{}");
        Assert.Equal((1, string.Empty), (exit, output));
        Assert.Contains("is not valid UTF-8 text: byte 0xFF at offset 55", error);

        (exit, _, error) = CliRunner.Run("test-state", badDefinition, "--state-name", "P");
        Assert.Equal(2, exit);
        Assert.Contains("byte 0xFF at offset 55", error);

        var badInput = CliRunner.TempFile([.. "{\"a\":\""u8, 0xC3, .. "\"}"u8]);
        (exit, _, error) = CliRunner.Run("run", CliRunner.TempFile(PassMachine), "--input", "@" + badInput);
        Assert.Equal(1, exit);
        Assert.Contains("is not valid UTF-8 text: byte 0xC3 at offset 6", error);

        var withMark = CliRunner.TempFile([0xEF, 0xBB, 0xBF, .. """{"a":2,"b":3}"""u8]);
        (exit, output, _) = CliRunner.Run("run", CliRunner.TempFile([0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(PassMachine)]), "--input", "@" + withMark);
        Assert.Equal(0, exit);
        Assert.Equal(JsonValue.Parse("""{"sum":5}"""), JsonValue.Parse(output)["output"]);
    }

    [Fact]
    public void A_definition_that_cannot_be_read_is_reported_at_its_line_and_column_and_one_AWS_would_refuse_runs_with_warnings()
    {
        var (exit, output, error) = CliRunner.Run("run", CliRunner.TempFile("{\"StartAt\":\"P\",\n  \"States\":{"), "--input", "{}");
        Assert.Equal((1, string.Empty), (exit, output));
        Assert.Matches(@"^asl: .*\.json\(2,13\): error INVALID_JSON_DESCRIPTION: Unexpected end of input", error);

        var repeated = """{"StartAt":"P","StartAt":"Q","States":{"P":{"Type":"Pass","End":true},"Q":{"Type":"Succeed"}}}""";
        (exit, output, error) = CliRunner.Run("run", CliRunner.TempFile(repeated), "--input", "{}");
        Assert.Equal(0, exit);
        Assert.Equal("SUCCEEDED", JsonValue.Parse(output)["status"].GetString());
        Assert.Matches(@"^asl: .*\.json\(1,16\): warning ASL0001: AWS would refuse this definition: Duplicate key ""StartAt""", error);

        // Branches given as an object: CreateStateMachine refuses it; the run goes on (no branch) and says why it should not.
        var branches = """{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":{},"End":true}}}""";
        (exit, output, error) = CliRunner.Run("run", CliRunner.TempFile(branches), "--input", "{}");
        Assert.Equal(0, exit);
        Assert.Equal("SUCCEEDED", JsonValue.Parse(output)["status"].GetString());
        Assert.Matches(@"^asl: .*\.json\(1,\d+\): warning ASL0003: AWS would refuse this definition: The field 'Branches' must be an array, not object", error);

        // A valid definition runs without a word on standard error.
        (exit, _, error) = CliRunner.Run("run", CliRunner.TempFile(PassMachine), "--input", """{"a":1,"b":2}""");
        Assert.Equal((0, string.Empty), (exit, error));
    }

    [Theory]
    [InlineData("""{"StartAt":"A","States":"x"}""", "(1,25): error ASL0003: The field 'States' must be an object, not string")]
    [InlineData("""{"StartAt":"A","States":{"A":null}}""", "(1,30): error ASL0003: State 'A' must be an object, not null")]
    [InlineData("""{"StartAt":5,"States":{"A":{"Type":"Pass","End":true}}}""", "(1,12): error ASL0003: The field 'StartAt' must be a string, not number")]
    [InlineData("{\"StartAt\":\"A\",\n \"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"B\"}}}", "(2,2): error ASL0005: Workflow has no terminal state|(2,38): error ASL0010: Missing 'Next' target: B")]
    public void A_definition_the_interpreter_cannot_build_is_reported_by_the_validator_at_its_line_and_column(string definition, string expected)
    {
        // Before: "asl: f.json: The state 'A' does not exist." (or "The state graph has no StartAt."), no position and
        // often not the reason.
        var path = CliRunner.TempFile(definition);

        var (exit, output, error) = CliRunner.Run("run", path, "--input", "{}");

        Assert.Equal((1, string.Empty), (exit, output));
        Assert.Equal(string.Concat(expected.Split('|').Select(line => "asl: " + path + line + Environment.NewLine)), error);
    }

    [Fact]
    public void A_definition_the_interpreter_cannot_build_is_refused_by_CreateStateMachine_with_a_store()
    {
        var folder = Directory.CreateDirectory(CliRunner.TempPath(string.Empty)).FullName;
        var definition = Path.Combine(folder, "Broken.asl.json");
        File.WriteAllText(definition, """{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"}}}""");

        var (exit, output, error) = CliRunner.Run("run", definition, "--store", Path.Combine(folder, "s.db"));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        Assert.Equal((1, string.Empty), (exit, output));
        Assert.EndsWith("asl: InvalidDefinition: Invalid State Machine Definition: 'MISSING_END_STATE: Workflow has no terminal state at null, MISSING_TRANSITION_TARGET: Missing 'Next' target: B at /States/A/Next'" + Environment.NewLine, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Succeeded_execution_prints_status_and_output_as_json_and_exits_0()
    {
        var (exit, output, _) = CliRunner.Run("run", CliRunner.TempFile(PassMachine), "--input", """{"a":2,"b":3}""");
        Assert.Equal(0, exit);
        var result = JsonValue.Parse(output);
        Assert.Equal("SUCCEEDED", result["status"].GetString());
        Assert.Equal(JsonValue.Parse("""{"sum":5}"""), result["output"]);
        Assert.True(result["error"].IsNull);
    }

    [Fact]
    public void Failed_execution_prints_error_and_cause_and_exits_1_without_real_waiting()
    {
        var started = DateTime.UtcNow;
        var (exit, output, _) = CliRunner.Run("run", CliRunner.TempFile(WaitThenFail), "--input", "{}");
        Assert.Equal(1, exit);
        var result = JsonValue.Parse(output);
        Assert.Equal("FAILED", result["status"].GetString());
        Assert.Equal("Boom", result["error"].GetString());
        Assert.Equal("it broke", result["cause"].GetString());
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void History_adds_events_in_GetExecutionHistory_shape()
    {
        var (_, output, _) = CliRunner.Run("run", CliRunner.TempFile(PassMachine), "--input", """{"a":1,"b":1}""", "--history");
        var events = JsonValue.Parse(output)["events"].GetArray();
        Assert.Equal(["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"], events.Select(e => e["type"].GetString()));
        Assert.Equal(1, events[0]["id"].GetDouble());
        Assert.True(events[1]["stateEnteredEventDetails"]["name"].GetString() == "P");
    }

    [Fact]
    public void Input_can_come_from_a_file()
    {
        var input = CliRunner.TempFile("""{"a":10,"b":-4}""");
        var (exit, output, _) = CliRunner.Run("run", CliRunner.TempFile(PassMachine), "--input", "@" + input);
        Assert.Equal(0, exit);
        Assert.Equal(6, JsonValue.Parse(output)["output"]["sum"].GetDouble());
    }

    [Fact]
    public void Mocked_responses_drive_tasks_per_invocation()
    {
        var mocks = CliRunner.TempFile("""
            {"StateMachines":{"M":{"TestCases":{"RetryPath":{"T":"FlakyThenOk"}}}},
             "MockedResponses":{"FlakyThenOk":{"0":{"Throw":{"Error":"Flaky","Cause":"first"}},"1":{"Return":{"ok":true}}}}}
            """);
        var (exit, output, _) = CliRunner.Run("run", CliRunner.TempFile(TaskMachine), "--input", "{}", "--mock", mocks, "--test-case", "RetryPath", "--history");
        Assert.Equal(0, exit);
        var result = JsonValue.Parse(output);
        Assert.Equal(JsonValue.Parse("""{"ok":true}"""), result["output"]);
        Assert.Contains(result["events"].GetArray(), e => e["type"].GetString() == "LambdaFunctionFailed");
    }

    [Fact]
    public void A_mocked_state_the_definition_does_not_have_is_a_warning_and_the_run_is_unchanged()
    {
        // A misspelt state name left its task unmocked without a word. A state inside a Parallel branch is found.
        var definition = CliRunner.TempFile("""
            {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"Inner","States":{"Inner":{"Type":"Pass","End":true}}}]}}}
            """);
        var mocks = CliRunner.TempFile("""
            {"StateMachines":{"M":{"TestCases":{"tc":{"Inner":"R","Nope":"R"}}}},"MockedResponses":{"R":{"0":{"Return":{"ok":true}}}}}
            """);
        var (plainExit, plainOutput, _) = CliRunner.Run("run", definition);

        var (exit, output, error) = CliRunner.Run("run", definition, "--mock", mocks, "--test-case", "tc");

        Assert.Equal((plainExit, plainOutput), (exit, output));
        Assert.Equal("asl: warning: the test case 'tc' of " + mocks + " mocks the state 'Nope', which " + definition + " does not have; it mocks nothing." + Environment.NewLine, error);
    }

    [Fact]
    public void A_task_no_mock_answers_is_a_warning_when_a_catcher_handles_its_failure()
    {
        // A docs-examples trial: a catch-all took the unmocked task's States.TaskFailed and the run SUCCEEDED without a word.
        var definition = CliRunner.TempFile("""
            {"StartAt":"Each","States":{"Each":{"Type":"Map","ItemsPath":"$.items","End":true,"ItemProcessor":{"StartAt":"T","States":{
              "T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","End":true,
                   "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Fallback"}]},
              "Fallback":{"Type":"Pass","Result":"fallback","End":true}}}}}}
            """);
        var mocks = CliRunner.TempFile("""
            {"StateMachines":{"M":{"TestCases":{"tc":{"Other":"R"}}}},"MockedResponses":{"R":{"0":{"Return":{"ok":true}}}}}
            """);

        var (exit, output, error) = CliRunner.Run("run", definition, "--input", """{"items":[1,2]}""", "--mock", mocks, "--test-case", "tc");

        Assert.Equal(0, exit);
        Assert.Equal(JsonValue.Parse("""["fallback","fallback"]"""), JsonValue.Parse(output)["output"]);
        var warnings = error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Where(l => !l.Contains("mocks the state 'Other'", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            ["asl: warning: No task handler or mock is registered for the resource 'arn:aws:lambda:us-east-1:123456789012:function:f'. The mock test case 'tc' has no response for the state 'T'. Its States.TaskFailed was handled and the execution went on."],
            warnings); // once, though both iterations failed

        // A durable run says the same, from the stored history.
        var (durableExit, durableOutput, durableError) = CliRunner.Run("run", definition, "--input", """{"items":[1,2]}""", "--mock", mocks, "--test-case", "tc", "--store", CliRunner.TempPath(".db"));
        Assert.Equal((exit, JsonValue.Parse(output)["output"]), (durableExit, JsonValue.Parse(durableOutput)["output"]));
        Assert.Contains(warnings[0] + Environment.NewLine, durableError, StringComparison.Ordinal);

        // Uncaught, the failure is the execution's own cause: no warning repeats it.
        var uncaught = CliRunner.TempFile("""{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","End":true}}}""");
        var (failedExit, _, failedError) = CliRunner.Run("run", uncaught);
        Assert.Equal(1, failedExit);
        Assert.DoesNotContain("warning", failedError, StringComparison.Ordinal);
    }

    [Fact]
    public void An_HTTP_Task_without_http_connections_points_to_the_option()
    {
        // An HTTP trial: the cause named ExecutionOptions.HttpConnections, a library setting a CLI user cannot reach.
        var definition = CliRunner.TempFile("""
            {"StartAt":"H","States":{"H":{"Type":"Task","Resource":"arn:aws:states:::http:invoke","Parameters":{"ApiEndpoint":"http://127.0.0.1:9/x","Method":"GET","Authentication":{"ConnectionArn":"arn:aws:events:us-east-1:123456789012:connection/c/1"}},"End":true}}}
            """);

        var (exit, output, error) = CliRunner.Run("run", definition);

        Assert.Equal(1, exit);
        Assert.Equal("Events.ConnectionResource.ResourceNotFound", JsonValue.Parse(output)["error"].GetString());
        Assert.Equal("asl: note: an HTTP Task's connection comes from --http-connections: pass it the connections the definition names." + Environment.NewLine, error);
    }

    [Fact]
    public void The_test_case_comes_from_the_machine_named_after_the_file_and_an_empty_response_is_refused()
    {
        var directory = Directory.CreateDirectory(CliRunner.TempPath(string.Empty));
        var definition = Path.Combine(directory.FullName, "Orders.asl.json");
        File.WriteAllText(definition, """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","End":true}}}""");

        // Two machines share the test case name; the first is not this one (it used to be taken).
        var mocks = CliRunner.TempFile("""
            {"StateMachines":{"Other":{"TestCases":{"tc":{"T":"Wrong"}}},"Orders":{"TestCases":{"tc":{"T":"Right"}}}},
             "MockedResponses":{"Wrong":{"0":{"Return":{"v":"other"}}},"Right":{"0":{"Return":{"v":"orders"}}}}}
            """);
        var (exit, output, _) = CliRunner.Run("run", definition, "--input", "{}", "--mock", mocks, "--test-case", "tc");
        Assert.Equal(0, exit);
        Assert.Equal(JsonValue.Parse("""{"v":"orders"}"""), JsonValue.Parse(output)["output"]);

        // The machine exists but lacks the test case: an error, not another machine's.
        (exit, _, var error) = CliRunner.Run("run", definition, "--input", "{}", "--mock", mocks, "--test-case", "none");
        Assert.Equal(1, exit);
        Assert.Contains("The test case 'none' was not found for the state machine 'Orders' (its test cases: 'tc').", error);

        // A response with no invocation gave the task an empty output, which is not JSON.
        var empty = CliRunner.TempFile("""{"StateMachines":{"Orders":{"TestCases":{"tc":{"T":"R"}}}},"MockedResponses":{"R":{}}}""");
        (exit, output, error) = CliRunner.Run("run", definition, "--input", "{}", "--mock", empty, "--test-case", "tc");
        Assert.Equal((1, string.Empty), (exit, output));
        Assert.Contains("MockedResponses/R has no invocation", error);
    }

    [Fact]
    public void Mock_files_with_gaps_overlaps_or_bad_json_are_refused_naming_the_file_and_the_place()
    {
        var definition = CliRunner.TempFile(TaskMachine);
        string Refusal(string mockJson)
        {
            var mocks = CliRunner.TempFile(mockJson);
            var (exit, output, error) = CliRunner.Run("run", definition, "--input", "{}", "--mock", mocks, "--test-case", "tc");
            Assert.Equal((1, string.Empty), (exit, output));
            return error.Replace(mocks, "MOCKS", StringComparison.Ordinal).TrimEnd();
        }

        // A gap took the last entry's response (here the Return, for the retry meant to throw), an overlap the first's.
        Assert.Equal(
            "asl: MOCKS: MockedResponses/R has no response for the invocation 1: every invocation from 0 to the last needs one (\"0\", \"1-2\", \"3\" ...).",
            Refusal("""{"StateMachines":{"M":{"TestCases":{"tc":{"T":"R"}}}},"MockedResponses":{"R":{"0":{"Throw":{"Error":"Flaky","Cause":"c"}},"2":{"Return":{}}}}}"""));
        Assert.Equal(
            "asl: MOCKS: MockedResponses/R: the invocations '0-1' and '1' overlap; each invocation takes one response.",
            Refusal("""{"StateMachines":{"M":{"TestCases":{"tc":{"T":"R"}}}},"MockedResponses":{"R":{"0-1":{"Throw":{"Error":"Flaky","Cause":"c"}},"1":{"Return":{}}}}}"""));
        Assert.Equal(
            "asl: MOCKS: MockedResponses/R/0/Throw has the member 'error'; a Throw takes only Error and Cause.",
            Refusal("""{"StateMachines":{"M":{"TestCases":{"tc":{"T":"R"}}}},"MockedResponses":{"R":{"0":{"Throw":{"error":"Flaky"}}}}}"""));

        // JSON that does not parse names the file it was read from, not only the option.
        Assert.StartsWith("asl: --mock 'MOCKS' is not valid JSON: ", Refusal("""{"StateMachines":{"""));
    }

    [Fact]
    public void A_throw_without_error_runs_with_a_warning_and_an_unmocked_task_names_its_state()
    {
        var definition = CliRunner.TempFile("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","Next":"U"},
             "U":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:putItem","End":true}}}
            """);
        var throwing = CliRunner.TempFile("""{"StateMachines":{"M":{"TestCases":{"tc":{"T":"R"}}}},"MockedResponses":{"R":{"0":{"Throw":{"Cause":"no name"}}}}}""");
        var (exit, output, error) = CliRunner.Run("run", definition, "--mock", throwing, "--test-case", "tc");
        Assert.Equal(1, exit);
        Assert.Equal("FAILED", JsonValue.Parse(output)["status"].GetString());
        Assert.Equal(
            "asl: warning: " + throwing + ": MockedResponses/R/0/Throw has no Error (Step Functions Local's format requires one): the task fails with States.TaskFailed, or with no error name when it waits for a callback (.waitForTaskToken)." + Environment.NewLine,
            error);

        // A state the test case leaves out: the cause said only that the resource had no handler.
        var partial = CliRunner.TempFile("""{"StateMachines":{"M":{"TestCases":{"tc":{"T":"R"}}}},"MockedResponses":{"R":{"0":{"Return":{}}}}}""");
        (exit, output, _) = CliRunner.Run("run", definition, "--mock", partial, "--test-case", "tc");
        Assert.Equal(1, exit);
        Assert.Equal(
            "No task handler or mock is registered for the resource 'arn:aws:states:::dynamodb:putItem'. The mock test case 'tc' has no response for the state 'U'.",
            JsonValue.Parse(output)["cause"].GetString());
    }

    [Fact]
    public void Express_type_is_accepted_and_bad_type_is_an_error()
    {
        Assert.Equal(0, CliRunner.Run("run", CliRunner.TempFile(PassMachine), "--input", """{"a":0,"b":0}""", "--type", "EXPRESS").ExitCode);
        var (exit, _, error) = CliRunner.Run("run", CliRunner.TempFile(PassMachine), "--type", "FAST");
        Assert.Equal(1, exit);
        Assert.Contains("STANDARD or EXPRESS", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_input_json_is_reported()
    {
        var (exit, _, error) = CliRunner.Run("run", CliRunner.TempFile(PassMachine), "--input", "{nope");
        Assert.Equal(1, exit);
        Assert.Contains("--input", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HappyPath", 0, "SUCCEEDED")]
    [InlineData("CardDeclined", 1, "FAILED")]
    public void The_README_sample_runs_with_its_mocks(string testCase, int expectedExit, string status)
    {
        var (exitCode, output, error) = CliRunner.Run(
            "run", CliRunner.RepositoryFile("samples/order-processing.asl.json"),
            "--input", "@" + CliRunner.RepositoryFile("samples/order-processing.input.json"),
            "--mock", CliRunner.RepositoryFile("samples/order-processing.mocks.json"),
            "--test-case", testCase);

        Assert.True(expectedExit == exitCode, output + error);
        var result = System.Text.Json.Nodes.JsonNode.Parse(output)!;
        Assert.Equal(status, (string?)result["status"]);
        if (status == "SUCCEEDED")
        {
            Assert.Equal("ch-42", (string?)result["output"]!["charge"]!["chargeId"]);
            Assert.Equal("2 x book", (string?)result["output"]!["lines"]![0]!["label"]);
        }
        else
        {
            Assert.Equal("PaymentFailed", (string?)result["error"]);
        }
    }
}
